"""Readers: edition prefixes, the root redirect, the switcher, hreflang, formats."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from dateline.articles.models import AuthorName, SectionPage
from tests.articles.factories import AuthorFactory, SectionPageFactory, make_article
from tests.conftest import local
from tests.helpers import soup

pytestmark = pytest.mark.clock

WHEN = local(2013, 10, 23, 0, 0)  # midnight where the agency is (TIME_ZONE)
DATES = {
    "en": "10/23/2013, 00.00",
    "it": "23/10/2013, 00.00",
    "zh-hans": "2013年10月23日 00:00",
    "es": "23/10/2013, 00:00",
}
HTML_LANG = {"en": "en", "it": "it", "zh-hans": "zh-Hans", "es": "es"}


@pytest.mark.parametrize(
    ("accept", "edition"),
    [
        ("it-IT,it;q=0.9,en;q=0.5", "/it/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("es-MX,es;q=0.8", "/es/"),
        ("fr-FR,fr;q=0.9", "/en/"),
        ("", "/en/"),
    ],
)
def test_the_root_sends_readers_to_their_edition(client, homes, accept, edition):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == edition


def test_an_explicit_choice_of_edition_is_remembered(client, homes):
    response = client.get("/editions/es/", {"next": "/es/"})
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert response.cookies["django_language"].value == "es"

    # Later, "/" follows the choice rather than the browser's languages.
    again = client.get("/", HTTP_ACCEPT_LANGUAGE="it")
    assert again["Location"] == "/es/"


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/", "//elsewhere.example/it/", "/en/"]
)
def test_choosing_an_edition_only_leads_into_that_edition(client, homes, next_url):
    response = client.get("/editions/it/", {"next": next_url})
    assert response["Location"] == "/it/"


def test_an_unknown_edition_cannot_be_chosen(client, homes):
    response = client.get("/editions/fr/", follow=True)
    assert response.status_code == 404
    assert "django_language" not in client.cookies


@pytest.fixture
def story(homes):
    """One story in English, Italian and Chinese (not Spanish), with its section,
    byline and countries shared across editions."""
    author = AuthorFactory(name="Min-jun Park", slug="min-jun-park")
    author.localized_names = [AuthorName(language="zh-hans", name="朴敏俊")]
    author.save()
    english_section = SectionPageFactory(
        parent=homes["en"], title="East Asia", slug="east-asia"
    )
    sections = {"en": english_section}
    for language, title in [("it", "Asia orientale"), ("zh-hans", "东亚")]:
        section = english_section.copy_for_translation(homes[language].locale)
        section.title = title
        section.save_revision().publish()
        sections[language] = SectionPage.objects.get(pk=section.pk)
    SectionPageFactory(parent=homes["es"], title="Asia", slug="east-asia")
    english = make_article(
        home=homes["en"],
        title="Engineers inspect the railway",
        published_at=WHEN,
        authors=[author],
        countries=["KR"],
        section=english_section,
    )
    versions = {"en": english}
    for language, title in [
        ("it", "Ingegneri ispezionano la ferrovia"),
        ("zh-hans", "工程师考察铁路"),
    ]:
        versions[language] = make_article(
            home=homes[language],
            title=title,
            published_at=WHEN,
            authors=[author],
            countries=["KR"],
            # A translation made by copying keeps the English section: the page
            # saves it as its own edition's section.
            section=english_section,
            translation_of=english,
        )
    return {"versions": versions, "sections": sections, "author": author}


@pytest.mark.parametrize("language", ["en", "it", "zh-hans"])
def test_every_page_of_an_edition_speaks_its_language(client, story, homes, language):
    article = story["versions"][language]
    pages = {
        "home": homes[language].url,
        "section": story["sections"][language].url,
        "article": article.url,
        "author": f"{homes[language].url}authors/min-jun-park/",
    }
    with translation.override(language):
        skip_link = translation.gettext("Skip to content")
    for name, url in pages.items():
        assert url.startswith(f"/{language}/"), name
        page = soup(client.get(url))
        assert page.html["lang"] == HTML_LANG[language], name
        assert page.find(class_="skip-link").get_text() == skip_link, name
        assert DATES[language] in [t.get_text() for t in page.find_all("time")], name
        headlines = [
            h.get_text() for h in page.select(".item__headline, .story__headline, h1")
        ]
        assert article.title in headlines, name


def test_a_translation_lists_under_its_own_editions_section(story):
    italian = story["versions"]["it"]
    assert italian.section.pk == story["sections"]["it"].pk
    assert list(story["sections"]["it"].articles()) == [italian]


def test_listings_show_only_their_editions_articles(client, story, homes):
    for language in ["en", "it", "zh-hans"]:
        page = soup(client.get(homes[language].url))
        headlines = [
            h.get_text() for h in page.select(".item__headline, .story__headline")
        ]
        assert headlines == [story["versions"][language].title]
    spanish = soup(client.get(homes["es"].url))
    assert spanish.select(".item__headline, .story__headline") == []


def test_the_author_is_named_as_each_edition_writes_it(client, story):
    chinese = soup(client.get(story["versions"]["zh-hans"].url))
    assert chinese.find(class_="article__byline").a.get_text() == "朴敏俊"
    english = soup(client.get(story["versions"]["en"].url))
    assert english.find(class_="article__byline").a.get_text() == "Min-jun Park"


def test_hreflang_alternates_point_at_the_linked_translations(client, story):
    versions = story["versions"]
    page = soup(client.get(versions["it"].url))
    alternates = {
        link["hreflang"]: link["href"]
        for link in page.find_all("link", rel="alternate", hreflang=True)
    }
    base = "http://testserver"
    assert alternates == {
        "en": base + versions["en"].url,
        "it": base + versions["it"].url,
        "zh-Hans": base + versions["zh-hans"].url,
        "x-default": base + versions["en"].url,
    }


def test_the_switcher_leads_to_the_same_story_or_clearly_to_a_home(
    client, story, homes
):
    versions = story["versions"]
    page = soup(client.get(versions["en"].url))
    switcher = page.find("nav", class_="editions")
    current = switcher.find(attrs={"aria-current": "true"})
    assert current.get_text() == "English"

    targets = {}
    for link in switcher.find_all("a"):
        followed = client.get(link["href"])
        assert followed.status_code == 302
        targets[link["hreflang"]] = (followed["Location"], link.parent["class"])
    assert targets["it"] == (versions["it"].url, ["editions__item"])
    assert targets["zh-Hans"] == (versions["zh-hans"].url, ["editions__item"])
    # No Spanish version: the link goes to the Spanish home, and says so.
    location, classes = targets["es"]
    assert location == homes["es"].url
    assert "editions__item--home" in classes
    spanish_item = switcher.find("a", hreflang="es").parent
    assert spanish_item.find(class_="editions__note").get_text().strip()


def test_author_and_country_pages_switch_to_the_same_page(client, story, homes):
    page = soup(client.get("/it/countries/kr/"))
    hrefs = {
        link["hreflang"]: link["href"]
        for link in page.find_all("link", rel="alternate", hreflang=True)
    }
    assert hrefs["zh-Hans"] == "http://testserver/zh-hans/countries/kr/"
    assert hrefs["x-default"] == "http://testserver/en/countries/kr/"
    assert page.find("h1").get_text() == "Corea del Sud"


def head_links(response) -> tuple[dict[str, str], list[str]]:
    """A page's hreflang alternates, and its canonical links."""
    page = soup(response)
    alternates = {
        link["hreflang"]: link["href"]
        for link in page.find_all("link", rel="alternate", hreflang=True)
    }
    return alternates, [link["href"] for link in page.find_all("link", rel="canonical")]


@pytest.mark.parametrize(
    "path",
    ["newsletters/", "privacy/", "corrections/", "newsletters/link/", "search/"],
)
def test_a_view_that_is_not_a_page_has_its_own_alternates(client, homes, path):
    response = client.get(f"/it/{path}")
    assert response.status_code == 200
    alternates, canonical = head_links(response)
    noindex = b'content="noindex"' in response.content
    if noindex:  # kept out of search engines: neither alternates nor canonical
        assert (alternates, canonical) == ({}, [])
        return
    base = "http://testserver"
    assert alternates == {
        "en": f"{base}/en/{path}",
        "it": f"{base}/it/{path}",
        "zh-Hans": f"{base}/zh-hans/{path}",
        "es": f"{base}/es/{path}",
        "x-default": f"{base}/en/{path}",
    }
    assert canonical == [f"{base}/it/{path}"]


def test_a_later_page_of_a_listing_is_its_own_canonical_without_alternates(
    client, homes, settings
):
    settings.DATELINE_PAGE_SIZE = 1
    for number in range(3):
        make_article(home=homes["en"], title=f"Story {number}")
    first_alternates, first = head_links(client.get("/en/"))
    assert first == ["http://testserver/en/"] and "it" in first_alternates
    # Page 2 lists other articles than the Italian edition's page 2 would.
    alternates, canonical = head_links(client.get("/en/?page=2"))
    assert (alternates, canonical) == ({}, ["http://testserver/en/?page=2"])


def test_chinese_is_set_in_a_cjk_font_stack_with_strict_line_breaks(
    client, story, settings
):
    page = soup(client.get(story["versions"]["zh-hans"].url))
    article = page.find("article", class_="article")
    assert article["lang"] == "zh-Hans"
    assert "工程师考察铁路" in article.h1.get_text()
    css = (settings.PACKAGE_DIR / "core/static/dateline/css/dateline.css").read_text()
    rule = css[css.index(":lang(zh) {") : css.index("}", css.index(":lang(zh) {"))]
    assert "Noto Sans CJK SC" in rule and "PingFang SC" in rule
    assert "line-break: strict" in rule


@pytest.mark.parametrize("language", ["it", "zh-hans", "es"])
def test_an_error_page_speaks_the_editions_language(client, homes, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    with translation.override(language):
        heading = translation.gettext("Page not found")
    assert page.h1.get_text() == heading
    assert page.html["lang"] == HTML_LANG[language]
    # Without a page, the switcher offers each edition's home.
    switcher = {a["hreflang"]: a["href"] for a in page.select("nav.editions a")}
    assert len(switcher) == 3


def test_a_month_links_to_its_translation_once_that_month_has_a_story(client, homes):
    """The archive's month folders are made on an article's publication, without
    changing the site's structure: a month page's links read them each time."""
    english = make_article(home=homes["en"], title="Ferries")
    month = english.get_parent().url
    client.get(month)  # what the process keeps, warmed

    italian = make_article(home=homes["it"], title="Traghetti")  # a new month folder
    assert italian.get_parent().slug == english.get_parent().slug  # the same month
    page = soup(client.get(month))
    links = {
        link["hreflang"]: link["href"]
        for link in page.find_all("link", rel="alternate", hreflang=True)
    }
    assert links["it"] == "http://testserver" + italian.get_parent().url
