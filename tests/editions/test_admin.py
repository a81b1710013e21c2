"""Editors: translating an article (wagtail-localize) and the translations report."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail_localize.models import TranslationSource

from dateline.articles.models import ArticlePage, MonthArchivePage, SectionPage
from tests.articles.factories import SectionPageFactory, make_article

WHEN = datetime(2024, 8, 19, 8, 0, tzinfo=UTC)


@pytest.fixture
def english(homes):
    section = SectionPageFactory(parent=homes["en"], title="Economy", slug="economy")
    italian_section = section.copy_for_translation(homes["it"].locale)
    italian_section.title = "Economia"
    italian_section.save_revision().publish()
    return make_article(
        home=homes["en"],
        title="Civil servants begin moving",
        published_at=WHEN,
        countries=["ID"],
        section=section,
    )


def test_an_editor_translates_an_article_in_a_couple_of_clicks(
    admin_client, english, homes
):
    url = reverse("wagtail_localize:submit_page_translation", args=[english.pk])
    form = admin_client.get(url)
    assert form.status_code == 200

    response = admin_client.post(url, {"locales": [homes["it"].locale_id]})
    assert response.status_code == 302

    italian = ArticlePage.objects.get(
        translation_key=english.translation_key, locale=homes["it"].locale
    )
    # A draft to translate, never published with English text in it.
    assert not italian.live
    assert italian.published_at is None
    # Filed in the Italian edition's own August 2024 folder.
    month = italian.get_parent().specific
    assert isinstance(month, MonthArchivePage)
    assert month.get_parent().get_parent().pk == homes["it"].pk
    assert month.translation_key == english.get_parent().translation_key
    assert [c.code for c in italian.countries.all()] == ["ID"]
    assert (
        italian.section.pk
        == SectionPage.objects.get(locale=homes["it"].locale, slug="economy").pk
    )

    # Once published, it takes its own publication time in its edition.
    italian.save_revision().publish()
    italian.refresh_from_db()
    assert italian.live
    assert italian.published_at > english.published_at


def test_the_report_finds_articles_an_edition_lacks(admin_client, english, homes):
    translated = make_article(
        home=homes["en"], title="Already in Italian", published_at=WHEN
    )
    make_article(
        home=homes["it"],
        title="Già in italiano",
        published_at=WHEN,
        translation_of=translated,
    )
    url = reverse("dateline_translations_report")
    page = BeautifulSoup(
        admin_client.get(url, {"missing_in": "it"}).content, "html.parser"
    )
    rows = {
        row.find(class_="title").get_text(strip=True): row
        for row in page.select("tbody tr")
    }
    assert "Civil servants begin moving" in rows
    assert "Already in Italian" not in rows
    assert "Già in italiano" not in rows  # it is in Italian, by definition
    row = rows["Civil servants begin moving"]
    assert row.find(attrs={"data-editions": True}).get_text() == "en"
    translate = row.find("a", href=True, string="Translate")
    assert translate["href"] == reverse(
        "wagtail_localize:submit_page_translation", args=[english.pk]
    )

    everything = BeautifulSoup(admin_client.get(url).content, "html.parser")
    editions = {
        row.find(class_="title").get_text(strip=True): row.find(
            attrs={"data-editions": True}
        ).get_text()
        for row in everything.select("tbody tr")
    }
    assert editions["Already in Italian"] == "en, it"
    assert editions["Già in italiano"] == "en, it"


def test_a_correction_to_the_source_reaches_the_translator(
    admin_client, english, homes
):
    submit = reverse("wagtail_localize:submit_page_translation", args=[english.pk])
    admin_client.post(submit, {"locales": [homes["it"].locale_id]})
    italian = ArticlePage.objects.get(
        translation_key=english.translation_key, locale=homes["it"].locale
    )
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[italian.pk]))
    assert editor.status_code == 200
    assert "The lede of Civil servants begin moving." in editor.content.decode()

    # The desk corrects the English lede and syncs the translations.
    english.lede = "Corrected: the first ministries move their staff."
    english.save_revision().publish()
    source = TranslationSource.objects.get(object_id=english.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert admin_client.post(sync, {}).status_code == 302

    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[italian.pk]))
    content = editor.content.decode()
    assert "Corrected: the first ministries move their staff." in content
