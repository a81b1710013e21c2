"""The bulk rebuild (resumable) and the evaluation of See also against story labels."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dateline.importers import evaluation
from dateline.related.models import (
    ArticleFeature,
    Rebuild,
    SeeAlsoItem,
    StoryState,
    TermStat,
)
from dateline.related.rebuild import rebuild
from tests.articles.factories import make_article
from tests.conftest import planner_statistics, reltuples

STORIES = {
    "rail": [
        "Engineers walk the railway line between North Korea and South Korea.",
        "The railway line across the border of North Korea needs new bridges.",
        "A railway ticket office on the border of South Korea stays closed.",
    ],
    "coffee": [
        "Coffee farmers in the highlands of Vietnam dig deeper wells.",
        "Coffee growers in Vietnam plant shade trees to keep their wells full.",
    ],
}


def write(tmp_path, records, name="set.jsonl"):
    path = tmp_path / name
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
    )
    return str(path)


def record(n, story, text, language="en"):
    return {
        "id": f"{story}-{n}",
        "language": language,
        "story": story,
        "published": f"2023-0{n + 1}-10T08:00:00Z",
        "headline": text,
        "lede": text,
        "body": text,
    }


def test_an_interrupted_rebuild_resumes_where_it_stopped(homes, monkeypatch):
    for text in [*STORIES["rail"], *STORIES["coffee"], "Tea from Nepal and Korea."]:
        make_article(home=homes["en"], title=text, paragraphs=[text], countries=["KR"])
    monkeypatch.setattr("dateline.related.rebuild.BATCH", 4)  # one story a batch
    calls = []

    def interrupting(stage, total):
        def advance(n):
            calls.append(stage)
            if stage == "lists" and calls.count("lists") == 2:
                raise KeyboardInterrupt  # after the first batch was written

        return advance

    with pytest.raises(KeyboardInterrupt):
        rebuild(progress=interrupting)
    run = Rebuild.objects.get()
    assert run.indexed and run.finished_at is None
    assert StoryState.objects.filter(rebuild=run).count() == 1

    rebuild()  # resumes the same run, without indexing again
    run.refresh_from_db()
    assert Rebuild.objects.count() == 1 and run.finished_at is not None
    assert StoryState.objects.filter(rebuild=run).count() == 6
    assert SeeAlsoItem.objects.exists()


@planner_statistics
def test_the_rebuild_leaves_the_statistics_of_what_it_wrote_current(homes):
    """A refresh reads a hundred articles' features by their article: planned from
    the statistics of the empty tables (autovacuum may be off, or behind), it would
    scan every feature of the archive instead."""
    for text in [*STORIES["rail"], *STORIES["coffee"]]:
        make_article(home=homes["en"], title=text, paragraphs=[text], countries=["KR"])
    tables = [TermStat, ArticleFeature, SeeAlsoItem, StoryState]
    with connection.cursor() as cursor:  # as a new site's tables are: never analysed
        for model in tables:
            cursor.execute(
                "UPDATE pg_class SET reltuples = -1 WHERE oid = %s::regclass",
                [model._meta.db_table],
            )
    assert {reltuples(model) for model in tables} == {-1}

    rebuild()

    for model in tables:
        assert reltuples(model) == model.objects.count() > 0, model


def test_the_rebuild_command_prints_and_restarts(homes):
    make_article(home=homes["en"], title="Railway line")
    out = StringIO()
    call_command("related", "rebuild", no_progress=True, stdout=out)
    call_command("related", "rebuild", "--restart", no_progress=True, stdout=out)
    assert out.getvalue().count("See also rebuilt") == 2
    assert Rebuild.objects.filter(finished_at__isnull=False).count() == 2


def test_evaluation_measures_the_lists_against_the_story_labels(homes, tmp_path):
    records = [
        record(n, s, t) for s, texts in STORIES.items() for n, t in enumerate(texts)
    ]
    records.append(
        record(0, "rail", "Ferrocarril entre las dos Coreas.", "es")
        | {"id": "rail-es", "translation_of": "rail-0"}
    )
    report, lists = evaluation.evaluate([write(tmp_path, records)], here=True)
    in_language = report.parts["in-language"]
    assert in_language["See also"]["articles"] == 5  # every English one has a mate
    # Hits ÷ 5: the rail articles have two mates, the coffee ones one.
    assert in_language["ceiling"]["precision@5"] == pytest.approx((3 * 2 + 2) / 25)
    # The figure is the engine's own lists, scored: hits ÷ 5, every article.
    english = [r for r in records if r["language"] == "en"]
    hits = [
        sum(story_of[item] == r["story"] for item in lists[r["id"]]["in_language"][:5])
        for r in english
        for story_of in [{x["id"]: x["story"] for x in records}]
    ]
    assert (
        0
        < in_language["See also"]["precision@5"]
        == pytest.approx(sum(hits) / 5 / len(english))
    )
    # The Spanish article translates rail-0: it is rail-0's own story, so neither
    # relevant to it nor listed; rail-1, rail-2 and rail-es itself count.
    cross = report.parts["cross-edition"]
    assert cross["See also"]["articles"] == 3
    assert "rail-es" not in lists["rail-0"]["cross_edition"]
    assert lists["rail-1"]["cross_edition"] == ["rail-es"]
    assert set(report.parts["cross-edition"]) == {"See also", "baseline", "ceiling"}
    rendered = report.render()
    assert "precision@5" in rendered and "nDCG@5" in rendered
    assert "ceiling" in rendered and "baseline" in rendered


def test_evaluate_writes_each_articles_lists_with_the_input_ids(homes, tmp_path):
    records = [record(n, "rail", t) for n, t in enumerate(STORIES["rail"])]
    records.append(record(0, "coffee", STORIES["coffee"][0]))
    out = tmp_path / "lists.jsonl"
    path = write(tmp_path, records)
    call_command(
        "evaluate_see_also",
        path,
        "--here",
        "--lists",
        str(out),
        no_progress=True,
        stdout=StringIO(),
    )
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == [r["id"] for r in records]
    assert set(lines[0]) == {"id", "in_language", "cross_edition"}
    assert set(lines[0]["in_language"]) == {"rail-1", "rail-2"}
    assert lines[0]["cross_edition"] == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "set.jsonl:1: not JSON"),
        ('{"id": "a"}', "set.jsonl:1: missing language, headline"),
        (
            json.dumps(record(0, "x", "Text") | {"language": "fr"}),
            "unknown edition “fr”",
        ),
        (
            json.dumps(record(0, "x", "Text") | {"published": "yesterday"}),
            "is not an ISO 8601 date and time",
        ),
        (
            json.dumps(record(0, "x", "Text") | {"translation_of": "nowhere"}),
            "“translation_of” names “nowhere”, not in the files",
        ),
        (
            json.dumps(record(0, "x", "Text") | {"translation_of": "x-0"}),
            "a translation must be in another edition",
        ),
    ],
)
def test_a_bad_evaluation_file_is_refused_with_its_line(db, tmp_path, line, message):
    path = tmp_path / "set.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_see_also", str(path), "--here", no_progress=True)


def test_evaluate_runs_in_a_throw_away_database(db, tmp_path):
    records = [record(n, "rail", t) for n, t in enumerate(STORIES["rail"])]
    out = StringIO()
    call_command("evaluate_see_also", write(tmp_path, records), stdout=out)
    assert "in-language" in out.getvalue()
    # Nothing was imported here.
    from dateline.articles.models import ArticlePage

    assert not ArticlePage.objects.exists()
