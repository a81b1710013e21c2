"""Sitemaps, validated with lxml against the sitemaps.org and Google News schemas,
and robots.txt."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from tests.articles.factories import SectionPageFactory, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

SCHEMAS = Path(__file__).parents[1] / "fixtures" / "schemas" / "sitemaps"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(client, url: str, xsd: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, url
    document = etree.fromstring(response.content)
    validator = schema(xsd)
    assert validator.validate(document), (url, validator.error_log)
    return document


@pytest.fixture
def news(homes):
    SectionPageFactory(parent=homes["en"], title="Korea", slug="korea")
    now = timezone.now()
    talks = make_article(home=homes["en"], title="Rail talks resume")
    return {
        "talks": talks,
        "colloqui": make_article(
            home=homes["it"], title="Riprendono i colloqui", translation_of=talks
        ),
        "zh": make_article(home=homes["zh-hans"], title="铁路会谈恢复"),
        "old": make_article(
            home=homes["en"],
            title="Three days ago",
            published_at=now - timedelta(days=3),
        ),
        "future": make_article(
            home=homes["en"], title="Not yet", published_at=now + timedelta(hours=3)
        ),
    }


def test_the_index_lists_every_sitemap(client, news):
    index = valid(client, "/sitemap.xml", "siteindex.xsd")
    locations = index.xpath("//s:loc/text()", namespaces=NS)
    for name in ("en-pages", "en-articles", "it-articles", "zh-hans-articles", "news"):
        assert f"http://testserver/sitemap-{name}.xml" in locations
    for location in locations:
        valid(client, location.removeprefix("http://testserver"), "all-local.xsd")


def test_an_editions_articles_link_their_translations(client, news):
    document = valid(client, "/sitemap-en-articles.xml", "all-local.xsd")
    locations = document.xpath("//s:url/s:loc/text()", namespaces=NS)
    talks, colloqui = news["talks"], news["colloqui"]
    assert f"http://testserver{talks.url}" in locations
    assert f"http://testserver{news['future'].url}" not in locations
    [entry] = document.xpath(
        "//s:url[s:loc=$loc]", namespaces=NS, loc=f"http://testserver{talks.url}"
    )
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in entry.xpath("x:link[@rel='alternate']", namespaces=NS)
    }
    assert alternates == {
        "en": f"http://testserver{talks.url}",
        "it": f"http://testserver{colloqui.url}",
    }
    assert entry.xpath("s:lastmod/text()", namespaces=NS)
    # An article with no translation lists no alternates.
    [old] = document.xpath(
        "//s:url[s:loc=$loc]", namespaces=NS, loc=f"http://testserver{news['old'].url}"
    )
    assert not old.xpath("x:link", namespaces=NS)


def test_the_news_sitemap_holds_the_last_two_days_in_every_edition(client, news):
    document = valid(client, "/sitemap-news.xml", "all-local.xsd")
    entries = {
        url.xpath("s:loc/text()", namespaces=NS)[0]: url
        for url in document.xpath("//s:url", namespaces=NS)
    }
    expected = [news[name] for name in ("talks", "colloqui", "zh")]
    assert set(entries) == {f"http://testserver{a.url}" for a in expected}
    zh = entries[f"http://testserver{news['zh'].url}"]
    assert zh.xpath("n:news/n:publication/n:language/text()", namespaces=NS) == [
        "zh-cn"
    ]
    assert zh.xpath("n:news/n:publication/n:name/text()", namespaces=NS) == ["Dateline"]
    assert zh.xpath("n:news/n:title/text()", namespaces=NS) == ["铁路会谈恢复"]
    published = zh.xpath("n:news/n:publication_date/text()", namespaces=NS)[0]
    published_at = news["zh"].published_at.replace(microsecond=0)
    assert timezone.datetime.fromisoformat(published) == published_at


def test_the_two_day_window_moves_with_time(client, homes, news):
    edge = make_article(
        home=homes["en"],
        title="Almost two days old",
        published_at=timezone.now() - timedelta(days=2) + timedelta(minutes=5),
    )
    document = valid(client, "/sitemap-news.xml", "all-local.xsd")
    assert f"http://testserver{edge.url}" in document.xpath(
        "//s:loc/text()", namespaces=NS
    )
    type(edge).objects.filter(pk=edge.pk).update(
        published_at=timezone.now() - timedelta(days=2, minutes=5)
    )
    document = valid(client, "/sitemap-news.xml", "all-local.xsd")
    assert f"http://testserver{edge.url}" not in document.xpath(
        "//s:loc/text()", namespaces=NS
    )


def test_robots_txt_points_at_the_sitemap_index(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_an_empty_edition_has_no_article_sitemap(client, news):
    index = valid(client, "/sitemap.xml", "siteindex.xsd")
    assert "http://testserver/sitemap-es-articles.xml" not in index.xpath(
        "//s:loc/text()", namespaces=NS
    )
    assert client.get("/sitemap-es-articles.xml").status_code == 404
