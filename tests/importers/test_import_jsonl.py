"""``dateline import-jsonl``: machine-made archives, one article a line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dateline.articles.models import ArticlePage, SectionPage
from dateline.importers.models import ImportedItem

pytestmark = pytest.mark.clock


def run_import(*paths, **options):
    out, err = StringIO(), StringIO()
    call_command(
        "import_jsonl",
        *map(str, paths),
        no_progress=True,
        stdout=out,
        stderr=err,
        **options,
    )
    return out.getvalue(), err.getvalue()


def record(key, headline, **fields):
    return {
        "key": key,
        "published_at": "2016-12-02T15:14:00+09:00",
        "headline": headline,
        "lede": f"What {headline} is about.",
        "body": ["First paragraph.", "Second paragraph."],
        **fields,
    }


def write(path, *records):
    path.write_text(
        "".join(
            (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
            for r in records
        ),
        encoding="utf-8",
    )
    return path


def test_every_field_lands_and_a_second_run_skips_or_updates(home, tmp_path):
    home.add_child(
        instance=SectionPage(title="East Asia", slug="east-asia", locale=home.locale)
    )
    full = record(
        "wire/1",
        "Rail link opens between the two Koreas",
        authors=["Hana Lee", "Tomas Ortega"],
        place="Seoul",
        agency="Wirepress",
        see_also=[{"headline": "Talks resume", "published_at": "2016-11-30T08:00:00"}],
        section="east-asia",
        countries=["kr", "KP"],
        dateline_country="KR",
        tags=["rail"],
    )
    archive = write(tmp_path / "archive.jsonl", full, record("wire/2", "Talks resume"))

    out, _err = run_import(archive)

    assert "2 created, 0 updated, 0 unchanged, 0 failed." in out
    rail = ArticlePage.objects.get(title="Rail link opens between the two Koreas")
    assert rail.live and rail.published_at.isoformat() == "2016-12-02T06:14:00+00:00"
    assert [b.author.name for b in rail.bylines.all()] == ["Hana Lee", "Tomas Ortega"]
    assert (rail.dateline_place, rail.dateline_agency, rail.dateline_country) == (
        "Seoul",
        "Wirepress",
        "KR",
    )
    assert rail.section.slug == "east-asia"
    assert [c.code for c in rail.countries.all()] == ["KR", "KP"]
    assert list(rail.tags.names()) == ["rail"]
    assert [b.value.source for b in rail.body] == [
        "<p>First paragraph.</p>",
        "<p>Second paragraph.</p>",
    ]
    # Named before it was imported, linked once it was.
    link = rail.related_links.get()
    assert link.page.title == "Talks resume"
    assert rail.get_parent().url_path == "/home/2016/12/"

    out, _err = run_import(archive)
    assert "0 created, 0 updated, 2 unchanged, 0 failed." in out

    write(archive, full | {"lede": "A new lede."}, record("wire/2", "Talks resume"))
    out, _err = run_import(archive)
    assert "0 created, 1 updated, 1 unchanged, 0 failed." in out
    assert ArticlePage.objects.get(pk=rail.pk).lede == "A new lede."
    assert ImportedItem.objects.count() == 2


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "a line must be a JSON object"),
        (json.dumps(record("k", "H") | {"colour": "red"}), "unknown fields: colour"),
        (
            json.dumps({"key": "k", "headline": "H"}),
            "missing fields: published_at, lede, body",
        ),
        (
            json.dumps(record("k", "H", published_at="yesterday")),
            "“published_at” is not an ISO 8601",
        ),
        (json.dumps(record("k", "H", body=[])), "“body” has no paragraph"),
        (json.dumps(record("k", "H", body="text")), "“body” must be a list of texts"),
        (
            json.dumps(record("k", "H", authors=[1])),
            "“authors” must be a list of texts",
        ),
        (json.dumps(record("k", "  ")), "“headline” is empty"),
        (
            json.dumps(record("k", "H" * 256)),
            "“headline” is longer than 255 characters",
        ),
        (
            json.dumps(record("k", "H", lede="x" * 100_001)),
            "“lede” is longer than 100000 characters",
        ),
        (
            json.dumps(record("k", "H", see_also=[{"title": "x"}])),
            "each “see_also” item",
        ),
        (json.dumps(record("k", "H", countries=["XX"])), "Unknown country codes: XX"),
        (json.dumps(record("k", "H\x00")), "“headline” contains a NUL character"),
        (json.dumps(record("k\x00", "H")), "“key” contains a NUL character"),
        (
            json.dumps(record("k", "H", translation_of="it:k")),
            "“it:k” has not been imported",
        ),
    ],
)
def test_a_bad_line_is_reported_with_its_place_and_the_rest_imported(
    home, tmp_path, line, reason
):
    archive = write(tmp_path / "a.jsonl", record("good/1", "Good one"), line, "")

    with pytest.raises(CommandError, match="1 article"):
        run_import(archive)

    assert ArticlePage.objects.get().title == "Good one"
    assert ImportedItem.objects.get().source_key == "good/1"
    # The summary and the reason, with the file and line, went to the user.
    out = StringIO()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_jsonl", str(archive), no_progress=True, stdout=out, stderr=err
        )
    assert f"{archive}:2: " in err.getvalue()
    assert reason in err.getvalue()
    assert "0 created, 0 updated, 1 unchanged, 1 failed." in out.getvalue()


def test_missing_files_and_unknown_editions_stop_before_anything(home, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "nowhere.jsonl")
    archive = write(tmp_path / "a.jsonl", record("k", "H"))
    with pytest.raises(CommandError, match="There is no edition “xx”"):
        run_import(archive, edition="xx")
    assert not ArticlePage.objects.exists()


def test_a_key_twice_in_one_file_creates_then_updates(home, tmp_path):
    first = record("wire/1", "Rail link opens")
    archive = write(tmp_path / "a.jsonl", first, first | {"lede": "Corrected lede."})

    out, _err = run_import(archive)

    assert "1 created, 1 updated, 0 unchanged, 0 failed." in out
    assert ArticlePage.objects.get().lede == "Corrected lede."
