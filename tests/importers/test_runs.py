"""What a run does once at its end: See also queued, every page purged."""

import pytest

from dateline.importers import runs
from dateline.importers.runs import ImportRun, Source
from dateline.related.models import Rebuild, SeeAlsoItem

from .test_bulk import items


def sources():
    return [
        Source(
            item.source_key,
            item.source_key,
            item.content_hash,
            lambda i=item: (i.parsed, i.extras),
        )
        for item in items()
    ]


@pytest.fixture
def purges(monkeypatch):
    calls = []
    monkeypatch.setattr(
        runs.pagecache, "purge", lambda urls, everything=False: calls.append(everything)
    )
    return calls


def run(home):
    failures = []
    run = ImportRun(home, report=lambda label, message: failures.append(label))
    for source in sources():
        run.add(source)
    run.finish()
    return run, failures


def test_a_small_import_refreshes_each_article_s_see_also(home, settle, purges):
    with settle():
        done, failures = run(home)

    assert (done.counts["created"], failures) == (5, [])
    # Each article's own refresh ran (the stories of the two ferry articles match).
    assert SeeAlsoItem.objects.exists()
    assert not Rebuild.objects.exists()
    assert purges == [True]


def test_a_large_import_rebuilds_see_also_once(home, settle, purges, monkeypatch):
    monkeypatch.setattr(runs, "REFRESH_EACH_UP_TO", 2)
    with settle():
        run(home)

    assert Rebuild.objects.get().finished_at is not None
    assert SeeAlsoItem.objects.exists()


def test_a_second_run_with_nothing_new_queues_and_purges_nothing(home, settle, purges):
    with settle():
        run(home)
    purges.clear()
    with settle():
        again, _failures = run(home)
    assert again.counts["unchanged"] == 5
    assert purges == []
