"""Queries compiled once (dateline.core.prepared): the same rows as the queryset they
were built from, with each call's own values, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.articles.models import ArticlePage
from dateline.articles.models.article import READING
from dateline.core.prepared import Prepared
from tests.articles.factories import make_article


def test_each_call_gets_its_own_rows_from_sql_compiled_once(homes, monkeypatch):
    first = make_article(home=homes["en"], title="Ferries", countries=["KR", "JP"])
    second = make_article(home=homes["en"], title="Trains", countries=["MN"])
    compiled = []
    query = Prepared(
        ArticlePage,
        lambda slug, url_path, now: ArticlePage.objects.for_reading(now).filter(
            slug=slug, url_path=url_path
        ),
        slug=None,
        url_path=None,
        now="published_at",
    )
    original = query._compile
    monkeypatch.setattr(
        query, "_compile", lambda using: compiled.append(using) or original(using)
    )

    now = timezone.now()
    for article in (first, second, first):
        [found] = query.run(slug=article.slug, url_path=article.url_path, now=now)
        expected = ArticlePage.objects.for_reading(now).get(pk=article.pk)
        assert found.pk == article.pk
        assert found.title == article.title
        assert found.published_at == expected.published_at  # the database's converters
        assert found.country_list == expected.country_list
        assert found.translation_list == expected.translation_list
    assert compiled == ["default"]
    assert list(query.run(slug="nothing", url_path=first.url_path, now=now)) == []


def test_a_time_given_is_the_one_the_query_uses(homes):
    """The translations the article page links to are those out of embargo at the
    time of the call, not of the compilation."""
    original = make_article(home=homes["en"], title="Ferries")
    italian = original.copy_for_translation(homes["it"].locale, copy_parents=True)
    italian.published_at = timezone.now() + timedelta(hours=2)  # embargoed
    italian.save_revision().publish()
    found = READING.run(
        slug=original.slug, url_path=original.url_path, now=timezone.now()
    )
    assert next(iter(found)).translation_list == ""
    found = READING.run(
        slug=original.slug,
        url_path=original.url_path,
        now=timezone.now() + timedelta(hours=3),
    )
    assert next(iter(found)).translation_list.startswith("it /")


def test_a_value_the_query_does_not_use_is_an_error(db):
    query = Prepared(
        ArticlePage,
        lambda slug, url_path: ArticlePage.objects.filter(slug=slug),
        slug=None,
        url_path=None,
    )
    with pytest.raises(ValueError, match="url_path"):
        query.run(slug="a", url_path="/b/")


def test_keys_given_each_call_are_the_ones_left_out(homes):
    """A key field's value (an article's id) has its own marker: each call leaves
    out its own articles."""
    articles = [make_article(home=homes["en"], title=f"Story {n}") for n in range(3)]
    query = Prepared(
        ArticlePage,
        lambda first, second: ArticlePage.objects.exclude(
            pk__in=[first, second]
        ).filter(locale=homes["en"].locale),
        first="page_ptr",
        second="page_ptr",
    )
    a, b, c = (article.pk for article in articles)
    assert {p.pk for p in query.run(first=a, second=b)} == {c}
    assert {p.pk for p in query.run(first=c, second=0)} == {a, b}
