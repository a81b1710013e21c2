"""``dateline backup`` and ``dateline restore``: a round trip into an empty database
of each engine gives back the same site (docs/backup.md)."""

import io
import json
import os
import subprocess
import sys
import tarfile
from contextlib import nullcontext
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from dateline.articles.models import ArticleCorrection
from dateline.newsletters.models import Subscriber
from dateline.newsroom import twofactor
from dateline.syndication.models import ApiKey
from tests.articles.factories import AuthorFactory, make_article, make_image
from tests.conftest import new_postgres_database


def dateline(folder: Path, database: str, *arguments: str) -> str:
    """Run a ``dateline`` command on the site in ``folder`` (a new process)."""
    done = subprocess.run(  # noqa: S603  (our own command)
        [sys.executable, "-m", "dateline", *arguments],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DATELINE_DATA_DIR": str(folder),
            "DATABASE_URL": database,
            "EMAIL_URL": "dummymail://",
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def rows(path: Path) -> dict[str, list]:
    """An archive's rows, by model, as data: JSON objects compare whatever the order
    of their keys (PostgreSQL's jsonb keeps its own), and StreamField blocks
    without an id get one when saved again."""

    def plain(row):
        fields = row["fields"]
        for name, value in fields.items():
            if isinstance(value, str) and value.startswith('[{"'):
                try:
                    blocks = json.loads(value)
                except json.JSONDecodeError:
                    continue
                fields[name] = [
                    {k: v for k, v in b.items() if k != "id"} for b in blocks
                ]
        return row

    found = {}
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            if member.name.startswith("data/"):
                lines = archive.extractfile(member).read().decode().splitlines()
                found[member.name] = [plain(json.loads(line)) for line in lines]
    return found


@pytest.fixture
def site(homes, tmp_path):
    """A site with something in every kind of table a backup holds."""
    author = AuthorFactory(name="Min-jun Park")
    picture = make_image("Harbour at dawn")
    article = make_article(
        home=homes["en"],
        title="Ferries return to Incheon",
        authors=[author],
        countries=["KR"],
    )
    article.body = [
        *[(b.block_type, b.value) for b in article.body],
        ("image", {"image": picture, "alt_text": "Boats", "caption": "Dawn"}),
    ]
    # A time to the microsecond, under a millisecond's worth of them: JSON encoders
    # that cut times to milliseconds lose it.
    made_at = timezone.now().replace(microsecond=123)
    article.corrections.add(
        ArticleCorrection(text="The date was wrong.", made_at=made_at)
    )
    article.save_revision().publish()
    make_article(home=homes["it"], title="Tornano i traghetti", translation_of=article)
    editor = get_user_model().objects.create_user("desk", "desk@agency.example", "x")
    device = twofactor.pending_device(editor)
    device.confirmed = True
    device.save()
    Subscriber.objects.create(
        email="reader@example.org", status=Subscriber.Status.ACTIVE, editions=["en"]
    )
    key = ApiKey(partner="Partner Press")
    key.issue()
    key.save()
    return article, picture


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_round_trip_gives_back_the_same_site(site, tmp_path, engine):
    article, picture = site
    archive = tmp_path / "site.tar"
    call_command("backup", str(archive), no_progress=True, stdout=io.StringIO())

    restored = tmp_path / "restored"
    restored.mkdir()
    with (
        nullcontext(f"sqlite:///{restored / 'site.sqlite3'}")
        if engine == "sqlite"
        else new_postgres_database("dateline_restore")
    ) as database:
        out = dateline(restored, database, "restore", str(archive), "--no-progress")
        assert "Restored" in out
        # The same rows: a backup of the restored site holds what the first did.
        again = tmp_path / "again.tar"
        dateline(restored, database, "backup", str(again), "--no-progress")
        first, second = rows(archive), rows(again)
        [correction] = first["data/articles.articlecorrection.jsonl"]
        assert correction["fields"]["made_at"].endswith(".000123Z")
        assert first.keys() == second.keys()
        for name in first:
            assert first[name] == second[name], name
        # The same media, byte for byte.
        copy = restored / "media" / picture.file.name
        assert copy.read_bytes() == Path(picture.file.path).read_bytes()
        # A working site: the article is served, and found by the readers' search.
        page = dateline(
            restored,
            database,
            "shell",
            "--no-imports",
            "-c",
            "from django.test import Client; from django.conf import settings;"
            "settings.ALLOWED_HOSTS = ['*'];"
            f"r = Client().get('{article.url}'); print(r.status_code);"
            "print('Ferries return to Incheon' in r.text);"
            "s = Client().get('/en/search/?q=Incheon');"
            f"print('{article.url}' in s.text)",
        )
        assert page.split() == ["200", "True", "True"]


def test_a_file_that_is_not_a_backup_is_refused_clearly(tmp_path, db):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file at all")
    with pytest.raises(CommandError, match="cannot be read as a backup"):
        call_command("restore", str(junk), no_progress=True)
    empty = tmp_path / "empty.tar"
    tarfile.open(empty, "w").close()
    with pytest.raises(CommandError, match="not a Dateline backup"):
        call_command("restore", str(empty), no_progress=True)


def test_a_database_with_articles_is_not_overwritten(site, tmp_path):
    archive = tmp_path / "site.tar"
    call_command("backup", str(archive), no_progress=True, stdout=io.StringIO())
    with pytest.raises(CommandError, match="holds articles"):
        call_command("restore", str(archive), no_progress=True)


def test_an_archive_that_writes_outside_the_media_folder_is_refused(site, tmp_path):
    archive = tmp_path / "site.tar"
    call_command("backup", str(archive), no_progress=True, stdout=io.StringIO())
    with tarfile.open(archive, "a") as tar:
        info = tarfile.TarInfo("media/../../escaped.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    from dateline.backup.services import BackupError, _restore_media

    with tarfile.open(archive) as tar, pytest.raises(BackupError, match="leaves"):
        _restore_media(tar, lambda n: None)
    assert not (tmp_path / "escaped.txt").exists()


def test_a_site_with_a_history_of_deleted_pages_backs_up(site, tmp_path, homes):
    """Wagtail keeps the log entries of a deleted page (pointing to no page): the
    backup keeps them too, and a restore reads them back."""
    gone = make_article(home=homes["en"], title="Published by mistake")
    gone.unpublish()
    gone.delete()
    archive = tmp_path / "site.tar"
    call_command("backup", str(archive), no_progress=True, stdout=io.StringIO())
    logs = rows(archive)["data/wagtailcore.pagelogentry.jsonl"]
    assert any(row["fields"]["label"] == "Published by mistake" for row in logs)
    # And it reads back, into an empty database.
    target = tmp_path / "restored"
    dateline(target, f"sqlite:///{target / 'db.sqlite3'}", "restore", str(archive))


def test_backup_files_are_readable_by_their_owner_only(site, tmp_path, monkeypatch):
    """Whole or partial, a backup holds password hashes and subscribers' addresses."""
    from dateline.backup import services as backups

    archive = tmp_path / "site.tar"
    seen = {}
    write = backups._counted

    def watch(rows, advance):  # the partial file, while it is being written
        partial = archive.with_name(archive.name + ".partial")
        if partial.exists():
            seen.setdefault("partial", partial.stat().st_mode & 0o777)
        return write(rows, advance)

    monkeypatch.setattr(backups, "_counted", watch)
    old = os.umask(0o022)
    try:
        call_command("backup", str(archive), no_progress=True, stdout=io.StringIO())
    finally:
        os.umask(old)
    assert seen["partial"] == 0o600
    assert archive.stat().st_mode & 0o777 == 0o600
