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
        runs, "purge", lambda urls, everything=False: calls.append(everything)
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


def test_a_batch_the_database_refuses_is_retried_article_by_article(
    home, purges, monkeypatch
):
    from django.db import IntegrityError
    from wagtail.models import Page

    from dateline.articles.models import ArticlePage, Author
    from dateline.importers import bulk

    monkeypatch.setattr(runs, "BATCH", 2)
    real, calls = bulk.BulkImport._resolve_links, []

    def refuse_the_first(self, articles):
        calls.append(len(articles))
        if len(calls) == 1:  # after the batch created its authors
            raise IntegrityError("as if another import had taken a slug")
        return real(self, articles)

    monkeypatch.setattr(bulk.BulkImport, "_resolve_links", refuse_the_first)
    done, failures = run(home)

    assert (done.counts["created"], failures) == (5, [])
    assert ArticlePage.objects.count() == 5
    # The authors the refused batch made were rolled back with it, and not kept.
    assert sorted(Author.objects.values_list("name", flat=True)) == [
        "Hana Lee",
        "Tomas Ortega",
    ]
    assert not any(Page.find_problems())
