"""Readers' search through its index, as the search page runs it, on the database in
use (SQLite's FTS5 here, PostgreSQL in CI)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from modelsearch.backends import get_search_backend

from dateline.articles.models import ArticlePage
from dateline.search import results
from dateline.search.models import SearchDocument
from dateline.search.query import parse
from tests.articles.factories import AuthorFactory, SectionPageFactory, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def found(text, language="en", **filters):
    query = parse(text, language)
    return [
        hit.article.title
        for hit in results.search(query=query, language=language, **filters).page
    ]


def test_a_published_article_is_found_and_an_unpublished_one_is_not(home):
    article = make_article(home=home, title="Rail link opens", paragraphs=["Trains."])
    draft = make_article(home=home, title="Rail plans leaked", publish=False)
    assert found("rail") == ["Rail link opens"]
    assert not SearchDocument.objects.filter(article=draft).exists()

    article.unpublish()
    assert found("rail") == []
    assert not SearchDocument.objects.filter(article=article).exists()


def test_each_edition_finds_only_its_own_articles(homes):
    make_article(home=homes["en"], title="Harbour reopens")
    make_article(home=homes["it"], title="Il porto riapre: harbour")
    assert found("harbour", "en") == ["Harbour reopens"]
    assert found("harbour", "it") == ["Il porto riapre: harbour"]


def test_an_embargoed_article_is_found_only_once_its_time_has_come(home, monkeypatch):
    make_article(
        home=home,
        title="Budget unveiled",
        published_at=timezone.now() + timedelta(hours=2),
    )
    assert found("budget") == []
    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert found("budget") == ["Budget unveiled"]


def test_a_two_character_chinese_word_is_found_inside_a_sentence(homes):
    make_article(
        home=homes["zh-hans"],
        title="首尔电视台报道",
        paragraphs=["今天北京大学举行了一场关于气候的会议。"],
        place="首尔",
    )
    assert found("北京", "zh-hans") == ["首尔电视台报道"]
    assert found("气候", "zh-hans") == ["首尔电视台报道"]
    assert found("电视", "zh-hans") == ["首尔电视台报道"]
    assert found("上海", "zh-hans") == []
    # The admin's search (Wagtail's index) cuts Chinese the same way.
    backend = get_search_backend()
    assert [a.title for a in backend.search("电视", ArticlePage)] == ["首尔电视台报道"]


def test_a_place_is_found_by_its_name_in_any_edition(homes):
    make_article(
        home=homes["it"], title="Vertice a Pechino", paragraphs=["A Pechino, oggi."]
    )
    make_article(home=homes["zh-hans"], title="北京峰会", paragraphs=["今天在北京。"])
    make_article(
        home=homes["en"],
        title="Herders count losses",
        paragraphs=["Winter in Mongolia."],
    )
    assert found("Beijing", "it") == ["Vertice a Pechino"]
    assert found("Pekín", "zh-hans") == ["北京峰会"]
    assert found("蒙古", "en") == ["Herders count losses"]


def test_filters_narrow_the_results(homes):
    korea = SectionPageFactory(parent=homes["en"], title="Korea", slug="korea")
    author = AuthorFactory(name="Min-jun Park", slug="min-jun-park")
    now = timezone.now()
    make_article(
        home=homes["en"],
        title="Floods in Seoul",
        section=korea,
        countries=["KR"],
        authors=[author],
        published_at=now - timedelta(days=1),
    )
    make_article(
        home=homes["en"],
        title="Floods in Dhaka",
        countries=["BD"],
        published_at=now - timedelta(days=40),
    )
    assert sorted(found("floods")) == ["Floods in Dhaka", "Floods in Seoul"]
    assert found("floods", country="KR") == ["Floods in Seoul"]
    assert found("floods", section_id=korea.pk) == ["Floods in Seoul"]
    assert found("floods", author_id=author.pk) == ["Floods in Seoul"]
    today = timezone.localdate()
    assert found("floods", since=today - timedelta(days=7)) == ["Floods in Seoul"]
    assert found("floods", until=today - timedelta(days=7)) == ["Floods in Dhaka"]
    # No words, only filters: the newest articles that pass them.
    assert found("", country="BD") == ["Floods in Dhaka"]


def test_relevance_first_or_newest_first(home):
    now = timezone.now()
    make_article(
        home=home,
        title="Monsoon arrives early",
        paragraphs=["The monsoon came early; monsoon rains flooded roads."],
        published_at=now - timedelta(days=3),
    )
    make_article(
        home=home,
        title="Markets steady",
        paragraphs=["Traders shrugged off talk of the monsoon."],
        published_at=now - timedelta(hours=1),
    )
    assert found("monsoon") == ["Monsoon arrives early", "Markets steady"]
    assert found("monsoon", order="newest") == [
        "Markets steady",
        "Monsoon arrives early",
    ]


def test_a_query_matching_more_than_the_window_ranks_its_newest_matches(
    home, monkeypatch
):
    monkeypatch.setattr(results, "WINDOW", 3)
    now = timezone.now()
    for n in range(5):
        make_article(
            home=home, title=f"Typhoon report {n}", published_at=now - timedelta(days=n)
        )
    search = results.search(query=parse("typhoon", "en"), language="en", order="newest")
    assert search.capped
    assert [h.article.title for h in search.page] == [
        "Typhoon report 0",
        "Typhoon report 1",
        "Typhoon report 2",
    ]


def test_pages_of_results(home, monkeypatch):
    monkeypatch.setattr(results, "PER_PAGE", 2)
    now = timezone.now()
    for n in range(5):
        make_article(
            home=home, title=f"Quake {n}", published_at=now - timedelta(days=n)
        )
    second = results.search(
        query=parse("quake", "en"), language="en", order="newest", page=2
    )
    assert [h.article.title for h in second.page] == ["Quake 2", "Quake 3"]
    assert second.count == 5 and not second.capped
    # Anything that is not a page number is the first or the last page, not an error.
    assert (
        results.search(query=parse("quake", "en"), language="en", page="x").page.number
        == 1
    )
    assert (
        results.search(query=parse("quake", "en"), language="en", page=99).page.number
        == 3
    )


def test_stemming_in_each_editions_language_on_postgresql(homes):
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's (SQLite's FTS5 matches whole words)")
    make_article(home=homes["en"], title="Governments agree", paragraphs=["Deal."])
    make_article(home=homes["it"], title="I governi firmano", paragraphs=["Accordo."])
    assert found("government", "en") == ["Governments agree"]
    assert found("governo", "it") == ["I governi firmano"]


def test_rebuild_resumes_after_an_interruption_and_skips_what_is_current(
    home, monkeypatch
):
    for n in range(4):
        make_article(home=home, title=f"Archive story {n}")
    SearchDocument.objects.all().delete()
    assert found("archive") == []

    from dateline.search import services

    monkeypatch.setattr(services, "BATCH", 1)
    calls = []

    def progress(total):
        def advance(n):
            calls.append(n)
            if len(calls) == 2:
                raise KeyboardInterrupt

        return advance

    with pytest.raises(KeyboardInterrupt):
        services.documents_rebuild(progress=progress)
    assert SearchDocument.objects.count() == 2
    assert services.documents_rebuild() == 2  # only the two left
    assert len(found("archive")) == 4
    assert services.documents_rebuild() == 0
    call_command("search", "rebuild", "--restart", "--no-progress")
    assert len(found("archive")) == 4


def test_deleting_an_article_removes_it_from_the_index(home):
    article = make_article(home=home, title="Ferry sinks")
    article.delete()
    assert found("ferry") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_text")
            assert cursor.fetchone()[0] == 0


def test_a_publication_time_far_in_the_future_does_not_break_publishing(home):
    from datetime import datetime

    from dateline.search.models import key_for

    far = timezone.make_aware(datetime(9999, 12, 31))
    article = make_article(home=home, title="Typo in the year", published_at=far)
    assert SearchDocument.objects.get(article=article).key == key_for(far, article.pk)
    assert key_for(far, article.pk) < 2**63
    assert found("typo") == []  # not yet published, as far as readers can tell
