"""Structured data, read back as search engines read it (extruct): schema.org
NewsArticle JSON-LD, OpenGraph, Twitter cards, canonical addresses."""

import extruct
import pytest
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.articles.factories import AuthorFactory, SectionPageFactory, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def article(homes):
    korea = SectionPageFactory(parent=homes["en"], title="Korea", slug="korea")
    author = AuthorFactory(name="Min-jun Park", slug="min-jun-park")
    return make_article(
        home=homes["en"],
        title="Rail talks </script> resume",
        section=korea,
        authors=[author],
        place="Seoul",
        countries=["KR"],
    )


# Addresses are on the site's own host (BASE_URL), not the request's.
def metadata(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return extruct.extract(
        response.content.decode(),
        base_url=f"http://testserver{url}",
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )


def test_an_article_describes_itself_as_a_news_article(client, article):
    data = metadata(client, article.url)
    [news] = data["json-ld"]
    url = f"http://testserver{article.url}"
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "Rail talks </script> resume"
    assert news["description"] == article.lede
    published = timezone.datetime.fromisoformat(news["datePublished"])
    assert published == article.published_at
    assert timezone.datetime.fromisoformat(news["dateModified"]) >= published
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Min-jun Park",
            "url": "http://testserver/en/authors/min-jun-park/",
        }
    ]
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "Dateline"
    assert publisher["logo"]["url"].endswith("/static/dateline/img/logo.png")
    assert "image" not in news  # none of its own: not the logo in its place
    assert news["inLanguage"] == "en"
    assert news["articleSection"] == "Korea"
    assert news["dateline"] == "Seoul (Dateline)"
    assert news["isAccessibleForFree"] is True
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}


def test_opengraph_twitter_and_canonical(client, article):
    url = f"http://testserver{article.url}"
    [og] = metadata(client, article.url)["opengraph"]
    assert og["@type"] == "article"
    assert og["og:title"] == article.title
    assert og["og:url"] == url
    assert og["og:locale"] == "en_US"
    assert og["article:section"] == "Korea"
    assert og["article:author"] == "http://testserver/en/authors/min-jun-park/"
    page = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert "og:image" not in page and "twitter:image" not in page
    # Its printable version names the article as the canonical page.
    printed = client.get(article.url + "print/").content.decode()
    assert f'<link rel="canonical" href="{url}">' in printed


def test_an_article_image_is_shown_large(client, homes):
    image = Image.objects.create(title="Harbour", file=get_test_image_file())
    article = make_article(home=homes["it"], title="Il porto riapre")
    article.body = [
        ("image", {"image": image, "caption": "", "credit": ""}),
        ("paragraph", "<p>Testo.</p>"),
    ]
    article.save_revision().publish()
    [news] = metadata(client, article.url)["json-ld"]
    assert news["inLanguage"] == "it"
    assert news["image"][0].startswith("http://testserver/")
    assert "width-1200" in news["image"][0] or "original" in news["image"][0]
    page = client.get(article.url).content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert '<meta property="og:locale" content="it_IT">' in page


def test_listings_name_their_own_canonical_address(client, article):
    page = client.get("/en/authors/min-jun-park/?page=1").content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/en/authors/min-jun-park/">'
    ) in page
    assert "application/ld+json" not in page


def description(client, url) -> str | None:
    from bs4 import BeautifulSoup

    response = client.get(url)
    assert response.status_code == 200, url
    tag = BeautifulSoup(response.content, "html.parser").find(
        "meta", attrs={"name": "description"}
    )
    return tag["content"] if tag else None


def test_every_listing_describes_itself_in_its_edition(client, article, homes, settle):
    korea = article.section
    assert description(client, "/en/") == "Dateline: news from Asia, in four languages."
    assert "Dateline" in description(client, "/it/") and "Asia" in description(
        client, "/it/"
    )
    assert description(client, korea.url) == "The latest news: Korea, by Dateline."
    korea.introduction = "The peninsula, north and south."
    with settle():  # the publication's purge: the routing memo too
        korea.save_revision().publish()
    assert description(client, korea.url) == "The peninsula, north and south."
    assert (
        description(client, "/en/countries/kr/")
        == "The latest news from South Korea, by Dateline."
    )
    assert (
        description(client, "/en/authors/min-jun-park/")
        == "Articles by Min-jun Park for Dateline."
    )
    assert description(client, "/it/countries/kr/") == (
        "Corea del Sud: le ultime notizie di Dateline."
    )
    # An editor's own description (Wagtail's promote tab) comes first.
    home = homes["en"]
    home.search_description = "Asia's news agency."
    with settle():
        home.save_revision().publish()
    assert description(client, "/en/") == "Asia's news agency."
    # Author and country pages are served by the front page: still their own.
    assert description(client, "/en/countries/kr/").startswith("The latest news from")
    assert description(client, "/en/authors/min-jun-park/").startswith("Articles by")
