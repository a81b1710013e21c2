"""``dateline backup`` and ``dateline restore`` (docs/backup.md).

A backup is one tar file: ``manifest.json``, then each model's rows as JSON Lines
(Django's own serializer, content types and permissions by their natural keys), then
the media files (pictures and documents). Rows are read in one transaction (repeatable
read on PostgreSQL), so the archive is one moment of the site. What can be rebuilt is
left out and rebuilt after a restore: the search indexes, Wagtail's reference index,
sessions, the task queue, cache generations and sign-in failures.

A restore goes into an empty database of any engine (SQLite to PostgreSQL included):
its tables are made by migration, emptied, filled from the archive with constraint
checks deferred to the end, in one transaction, so that a restore that fails leaves
nothing behind.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
# Rows that are rebuilt, or not worth keeping, rather than restored: indexes, the
# task queue, sessions, sign-in failures, editing locks.
LEFT_OUT_APPS = {"sessions", "django_tasks_database", "wagtailsearch", "axes"}
LEFT_OUT = {
    "contenttypes.contenttype",  # made by migrate; rows name them by natural key
    "auth.permission",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
    "search.searchdocument",
    "pagecache.pagegeneration",
}
CHUNK = 2000  # rows read at a time
ROW_FORMAT = "dateline-jsonl"  # dateline.backup.serializer
serializers.register_serializer(ROW_FORMAT, "dateline.backup.serializer")


class BackupError(Exception):
    """A backup or a restore that cannot be done, with the reason for the user."""


def models_kept() -> list:
    """The models whose rows a backup holds, in an order that loads (models before
    those that point to them, where the links allow)."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in LEFT_OUT
        and model._meta.app_label not in LEFT_OUT_APPS
    ]
    by_app: dict = {}
    for model in chosen:
        by_app.setdefault(model._meta.app_config, []).append(model)
    return serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    """A file of ``data`` in the archive."""
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path, *, progress: Callable[[int], Callable[[int], None]]) -> dict:
    """Write the archive to ``path`` (through ``path.partial``, renamed at the end:
    an interrupted backup leaves no archive that looks whole). ``progress(total)``
    gives the function that counts rows and files done. Returns the manifest."""
    partial = path.with_name(path.name + ".partial")
    models = models_kept()
    media = _media_files()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        # Every read sees the same moment. Inside a transaction already begun (a
        # caller's), that transaction's own isolation holds.
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = {m._meta.label_lower: m._base_manager.count() for m in models}
        advance = progress(sum(counts.values()) + len(media))
        with _private(partial) as out, tarfile.open(fileobj=out, mode="w") as archive:
            for model in models:
                rows = model._base_manager.order_by("pk").iterator(CHUNK)
                with tempfile.TemporaryFile("w+b") as data:
                    text = io.TextIOWrapper(data, encoding="utf-8")
                    serializers.serialize(
                        ROW_FORMAT,
                        _counted(rows, advance),
                        stream=text,
                        use_natural_foreign_keys=True,
                    )
                    text.flush()
                    info = tarfile.TarInfo(f"data/{model._meta.label_lower}.jsonl")
                    info.size = data.tell()
                    info.mtime = int(timezone.now().timestamp())
                    data.seek(0)
                    archive.addfile(info, data)
                    text.detach()
            for file in media:
                name = file.relative_to(settings.MEDIA_ROOT).as_posix()
                archive.add(file, arcname=f"media/{name}")
                advance(1)
            manifest = {
                "format": FORMAT,
                "made_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "models": [m._meta.label_lower for m in models],
                "rows": counts,
                "media": len(media),
                "migrations": _migrations(),
            }
            _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    partial.replace(path)
    return manifest


def _private(path: Path):
    """A new file that only its owner may read: a backup, whole or partial, holds
    password hashes, subscribers' addresses, API key hashes and two-step devices."""
    path.unlink(missing_ok=True)
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _counted(rows, advance):
    for row in rows:
        yield row
        advance(1)


def _migrations() -> dict[str, str]:
    """Each app's latest migration applied: a restore needs the same code."""
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return latest


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, json.JSONDecodeError, TypeError) as exc:
        raise BackupError(_("This is not a Dateline backup (no manifest).")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _(
                "This backup's format (%(found)s) is not the one this version "
                "reads (%(format)s)."
            )
            % {"found": manifest.get("format"), "format": FORMAT}
        )
    return manifest


def _lines(archive: tarfile.TarFile, label: str) -> Iterator[str]:
    member = archive.extractfile(f"data/{label}.jsonl")
    for line in io.TextIOWrapper(member, encoding="utf-8"):
        if line.strip():
            yield line


def restore(path: Path, *, progress: Callable[[int], Callable[[int], None]]) -> dict:
    """Rebuild the site from the archive at ``path`` into this database, which must
    hold no articles. Returns the manifest."""
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115  (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("%(file)s cannot be read as a backup: %(error)s")
            % {"file": path, "error": exc}
        ) from exc
    with archive:
        manifest = read_manifest(archive)
        call_command("migrate", interactive=False, verbosity=0)
        newer = {
            app: name
            for app, name in manifest["migrations"].items()
            if name > _migrations().get(app, "")
        }
        if newer:
            raise BackupError(
                _(
                    "This backup was made by a newer Dateline (migrations "
                    "%(migrations)s): upgrade first."
                )
                % {
                    "migrations": ", ".join(
                        f"{a}.{n}" for a, n in sorted(newer.items())
                    )
                }
            )
        from dateline.articles.models import ArticlePage

        if ArticlePage.objects.exists():
            raise BackupError(
                _("This database holds articles: restore into an empty database.")
            )
        models = [apps.get_model(label) for label in manifest["models"]]
        advance = progress(sum(manifest["rows"].values()) + manifest["media"])
        with transaction.atomic():
            _empty()
            for model in models:
                for line in _lines(archive, model._meta.label_lower):
                    for found in serializers.deserialize("jsonl", line):
                        found.save()
                    advance(1)
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            # Still in the transaction: an interrupted copy leaves an empty
            # database, and the same command can be run again.
            _restore_media(archive, advance)
    return manifest


def _empty() -> None:
    """What migrations made (Wagtail's root page, its first site and collection,
    groups, locales) goes: the archive holds the site's own. Foreign keys are
    checked when the transaction ends, so the order does not matter."""
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.managed
            and not model._meta.proxy
            and label
            not in {
                "contenttypes.contenttype",
                "auth.permission",
            }
        ):
            model._base_manager.all()._raw_delete(using=connection.alias)


def _restore_media(archive: tarfile.TarFile, advance) -> None:
    root = Path(settings.MEDIA_ROOT).resolve()
    for member in archive.getmembers():
        if not (member.isfile() and member.name.startswith("media/")):
            continue
        target = (root / member.name.removeprefix("media/")).resolve()
        if not target.is_relative_to(root):  # a crafted archive: ../../etc
            raise BackupError(
                _("A file in this backup leaves the media folder: %(name)s")
                % {"name": member.name}
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
        advance(1)
