"""Feeds, read as their readers read them: RSS and Atom with feedparser (no
``bozo``), JSON Feed against its JSON Schema."""

import json
from datetime import timedelta
from pathlib import Path

import feedparser
import jsonschema
import pytest
from django.utils import timezone

from tests.articles.factories import AuthorFactory, SectionPageFactory, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

SCHEMA = json.loads(
    (
        Path(__file__).parents[1]
        / "fixtures"
        / "schemas"
        / "jsonfeed"
        / "schema-v1.1.json"
    ).read_text()
)


@pytest.fixture
def news(homes):
    korea = SectionPageFactory(
        parent=homes["en"], title="Korea", slug="korea", country_codes=["KR"]
    )
    author = AuthorFactory(name="Min-jun Park", slug="min-jun-park")
    now = timezone.now()
    return {
        "korea": korea,
        "author": author,
        "talks": make_article(
            home=homes["en"],
            title="Rail talks resume",
            section=korea,
            countries=["KR"],
            authors=[author],
            published_at=now - timedelta(hours=2),
            paragraphs=["Negotiators met at the border.", "Talks go on."],
        ),
        "ferry": make_article(
            home=homes["en"],
            title="Ferries return",
            countries=["JP"],
            published_at=now - timedelta(hours=5),
        ),
        "later": make_article(
            home=homes["en"],
            title="Embargoed until tomorrow",
            published_at=now + timedelta(days=1),
        ),
        "italian": make_article(home=homes["it"], title="Il porto riapre"),
    }


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return response, feed


SCOPES = {
    "edition": ("", ["Rail talks resume", "Ferries return"]),
    "section": ("sections/korea/", ["Rail talks resume"]),
    "country": ("countries/jp/", ["Ferries return"]),
    "author": ("authors/min-jun-park/", ["Rail talks resume"]),
}


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("format", ["rss", "atom"])
def test_rss_and_atom_feeds_parse_cleanly(client, news, format, scope):
    path, titles = SCOPES[scope]
    url = f"/en/feeds/{format}/{path}"
    response, feed = parsed(client, url)
    assert [entry.title for entry in feed.entries] == titles
    assert feed.feed.language.startswith("en")
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"http://testserver{url}"]
    talks = news["talks"]
    for entry in feed.entries:
        assert entry.link.startswith("http://testserver/en/")
    if "Rail talks resume" in titles:
        entry = feed.entries[0]
        assert entry.link == f"http://testserver{talks.url}"
        assert entry.author == "Min-jun Park"
        assert {tag.term for tag in entry.tags} == {"Korea", "South Korea"}
        assert entry.summary == talks.lede
        # The publication time, to the second, with its time zone.
        published = entry.published_parsed
        assert published[:6] == talks.published_at.utctimetuple()[:6]


@pytest.mark.parametrize("scope", SCOPES)
def test_json_feeds_follow_the_json_feed_schema(client, news, scope):
    path, titles = SCOPES[scope]
    url = f"/en/feeds/json/{path}"
    response = client.get(url)
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    jsonschema.validate(data, SCHEMA)
    assert data["feed_url"] == f"http://testserver{url}"
    assert [item["title"] for item in data["items"]] == titles
    first = data["items"][0]
    published = timezone.datetime.fromisoformat(first["date_published"])
    assert published.utcoffset() is not None
    if scope != "country":
        assert first["authors"] == [{"name": "Min-jun Park"}]
        # The lede, as plain text: JSON Feed's summary, and its content here.
        assert first["summary"] == first["content_text"] == news["talks"].lede
        assert "content_html" not in first


def test_full_text_when_the_setting_says_so(client, news, settings):
    settings.DATELINE_FEEDS = settings.DATELINE_FEEDS | {"CONTENT": "full"}
    _response, rss = parsed(client, "/en/feeds/rss/sections/korea/")
    _response, atom = parsed(client, "/en/feeds/atom/sections/korea/")
    data = json.loads(client.get("/en/feeds/json/sections/korea/").content)
    jsonschema.validate(data, SCHEMA)
    for text in (
        rss.entries[0].content[0].value,
        atom.entries[0].content[0].value,
        data["items"][0]["content_html"],
    ):
        assert "Negotiators met at the border." in text and "Talks go on." in text
    assert atom.entries[0].summary == news["talks"].lede


def test_each_edition_has_its_own_feeds(client, news):
    _response, feed = parsed(client, "/it/feeds/atom/")
    assert [entry.title for entry in feed.entries] == ["Il porto riapre"]
    assert feed.feed.language.startswith("it")


def test_unknown_listings_are_not_found(client, news):
    for url in (
        "/en/feeds/rss/sections/nowhere/",
        "/en/feeds/rss/countries/xx/",
        "/en/feeds/rss/countries/KR/",
        "/en/feeds/json/authors/nobody/",
        "/en/feeds/xml/",
        "/it/feeds/rss/sections/korea/",  # Korea has no Italian section here
    ):
        assert client.get(url).status_code == 404, url


def test_pages_advertise_their_feeds(client, news):
    home = client.get("/en/").content.decode()
    for type_, href in (
        ("application/rss+xml", "/en/feeds/rss/"),
        ("application/atom+xml", "/en/feeds/atom/"),
        ("application/feed+json", "/en/feeds/json/"),
    ):
        assert f'type="{type_}" title="Dateline" href="{href}"' in home
    section = client.get(news["korea"].url).content.decode()
    assert 'title="Dateline: Korea" href="/en/feeds/atom/sections/korea/"' in section
    country = client.get("/en/countries/jp/").content.decode()
    assert 'href="/en/feeds/rss/countries/jp/"' in country
    author = client.get("/en/authors/min-jun-park/").content.decode()
    assert 'href="/en/feeds/json/authors/min-jun-park/"' in author
