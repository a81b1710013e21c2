from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from dateline.articles.models import ArticlePage, SectionPage
from dateline.related.models import ArticleRelated
from dateline.related.selectors import see_also

from .factories import AuthorFactory, SectionPageFactory, make_article


def test_dateline_uses_the_agency_setting(home):
    article = make_article(home=home, place="Seoul")
    assert article.dateline == "Seoul (Dateline) –"
    with override_settings(DATELINE_AGENCY_NAME="Asia Wire"):
        assert article.dateline == "Seoul (Asia Wire) –"


def test_dateline_agency_can_be_set_per_article(home):
    article = make_article(home=home, place="Ulaanbaatar", agency="Partner Agency")
    assert article.dateline == "Ulaanbaatar (Partner Agency) –"


def test_no_place_means_no_dateline(home):
    assert make_article(home=home, place="").dateline == ""


def test_publication_time_defaults_to_first_publication_and_survives_revisions(home):
    article = make_article(home=home, publish=False)
    ArticlePage.objects.filter(pk=article.pk).update(published_at=None)
    article.refresh_from_db()
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.published_at == article.first_published_at

    draft = article.get_latest_revision_as_object()
    draft.published_at = None  # the form field left empty
    draft.save_revision().publish()
    article.refresh_from_db()
    assert article.published_at == article.first_published_at
    assert article.get_latest_revision_as_object().published_at == article.published_at


def test_editor_set_publication_time_is_kept(home):
    when = timezone.now() - timedelta(days=3650)
    article = make_article(home=home, published_at=when)
    assert article.published_at == when
    assert article.get_parent().url_path.endswith(f"/{when:%Y}/{when:%m}/")


def test_see_also_shows_published_links_and_unlinked_references(home):
    linked = make_article(home=home, title="Linked")
    hidden = make_article(home=home, title="Hidden")
    hidden.unpublish()
    when = timezone.now() - timedelta(days=10)
    article = make_article(
        home=home,
        related=[
            linked,
            hidden,
            ArticleRelated(headline="Not imported yet", published_at=when),
        ],
    )
    items = see_also(article)
    assert [(i["headline"], i["url"] is not None) for i in items] == [
        ("Linked", True),
        ("Not imported yet", False),
    ]
    assert items[1]["published_at"] == when


def test_future_articles_are_not_published(home):
    make_article(home=home, title="Now")
    make_article(
        home=home, title="Later", published_at=timezone.now() + timedelta(days=1)
    )
    assert [a.title for a in ArticlePage.objects.published()] == ["Now"]


def test_section_lists_its_articles_and_articles_about_its_countries(home):
    korea = SectionPageFactory(parent=home, country_codes=["KR", "KP"])
    theme = SectionPageFactory(parent=home, kind=SectionPage.Kind.THEME)
    make_article(home=home, title="Filed in Korea", section=korea)
    make_article(home=home, title="About the North", section=theme, countries=["KP"])
    make_article(home=home, title="Elsewhere", section=theme, countries=["JP"])

    assert sorted(a.title for a in korea.articles()) == [
        "About the North",
        "Filed in Korea",
    ]
    assert sorted(a.title for a in theme.articles()) == ["About the North", "Elsewhere"]


def test_section_refuses_unknown_country_codes(home):
    from django.core.exceptions import ValidationError

    section = SectionPage(title="Nowhere", slug="nowhere", country_codes=["XX"])
    with pytest.raises(ValidationError, match="XX"):
        section.clean()


def test_listing_queryset_filters_by_author_and_country(home):
    author = AuthorFactory()
    make_article(home=home, title="By them", authors=[author], countries=["MN"])
    make_article(home=home, title="Not by them", countries=["CN"])
    published = ArticlePage.objects.published()
    assert [a.title for a in published.by_author(author)] == ["By them"]
    assert [a.title for a in published.for_country("mn")] == ["By them"]
