"""Every address that leaves the site is absolute and on its own host (BASE_URL),
whatever Host header the request came with: pages' hreflang and canonical links,
the feeds (their text's pictures included), the sitemaps and robots.txt, the ninjs
API, and the e-mails. A cache keeps what the first request made, for everyone."""

import json
import re

import pytest

from dateline.newsletters import digests
from dateline.newsletters.tasks import batch_enqueue
from dateline.syndication.models import ApiKey
from tests.articles.factories import AuthorFactory, make_article, make_image
from tests.newsletters.conftest import subscriber
from tests.sharing.conftest import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

OWN = "http://testserver/"
# Not addresses of the site's but the names of the standards a document follows.
STANDARDS = {
    "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    "https://jsonfeed.org/version/1.1",
}
OTHER_HOST = {"HTTP_HOST": "localhost:8102"}  # allowed, but not the site's
ATTRIBUTE = re.compile(r'\s(?:href|src|poster)="([^"]*)"')
SRCSET = re.compile(r'\ssrcset="([^"]*)"')
XML_ADDRESS = re.compile(r"<(?:loc|link|id|guid)>([^<]*)</")


def addresses_in(text: str) -> list[str]:
    """The addresses of HTML or XML: attributes, srcset candidates, sitemap and
    feed elements."""
    found = ATTRIBUTE.findall(text) + XML_ADDRESS.findall(text)
    for srcset in SRCSET.findall(text):
        found += [candidate.split()[0] for candidate in srcset.split(",")]
    return [a.replace("&amp;", "&") for a in found]


def addresses_in_json(data) -> list[str]:
    """The URLs of a JSON document, and those of any HTML in it."""
    if isinstance(data, dict):
        return [a for value in data.values() for a in addresses_in_json(value)]
    if isinstance(data, list):
        return [a for value in data for a in addresses_in_json(value)]
    if isinstance(data, str) and data.startswith(("/", "http")):
        return [data]
    if isinstance(data, str) and "<" in data:
        return addresses_in(data)
    return []


@pytest.fixture
def story(homes, sections):
    picture = make_image("Harbour at dawn", format="JPEG")
    article = make_article(
        home=homes["en"],
        title="Ferries return",
        section=sections["korea"],
        countries=["KR"],
        authors=[AuthorFactory(name="Min-jun Park")],
    )
    article.body = [
        ("image", {"image": picture, "caption": "The harbour.", "credit": "Dateline"}),
        ("paragraph", '<p>See <a href="/en/corrections/">our corrections</a>.</p>'),
        ("paragraph", "<p>Talks go on.</p>"),
    ]
    article.save_revision().publish()
    make_article(home=homes["it"], title="Tornano i traghetti", translation_of=article)
    return article


def test_every_address_that_leaves_the_site_is_on_its_own_host(
    client, story, settings, smtp, settle
):
    settings.DATELINE_FEEDS = settings.DATELINE_FEEDS | {"CONTENT": "full"}
    api_key = ApiKey(partner="Partner Press")
    secret = api_key.issue()
    api_key.save()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    texts = {}
    for path in (
        story.url,
        "/en/",
        "/en/newsletters/",
        "/en/feeds/rss/",
        "/en/feeds/atom/sections/korea/",
        "/sitemap.xml",
        "/sitemap-en-articles.xml",
        "/sitemap-en-pages.xml",
        "/sitemap-news.xml",
        "/robots.txt",
    ):
        response = client.get(path, **OTHER_HOST)
        assert response.status_code == 200, path
        texts[path] = response.content.decode()
    jsons = {
        path: json.loads(client.get(path, **OTHER_HOST, **bearer).content)
        for path in (
            "/en/feeds/json/",
            "/en/api/ninjs/?size=1",
            f"/en/api/ninjs/items/{story.pk}/",
        )
    }

    subscriber("daily@example.org", frequency="daily")
    with settle():
        digests.digest_send(frequency="daily", enqueue=batch_enqueue)
    settings.DATELINE_SHARING = settings.DATELINE_SHARING | {"MIN_SECONDS": 0}
    with settle():
        client.post(story.url + "share/", form_data(), **OTHER_HOST)
    for message in smtp.messages:
        for kind in ("html", "plain"):
            texts[f"{message['Subject']} ({kind})"] = message.get_body(
                (kind,)
            ).get_content()

    found = {name: addresses_in(text) for name, text in texts.items()}
    found |= {name: addresses_in_json(data) for name, data in jsons.items()}
    found["/robots.txt"] = re.findall(r"Sitemap: (\S+)", texts["/robots.txt"])
    for name, text in texts.items():
        if "(plain)" in name:
            found[name] = re.findall(r"https?://\S+", text)
    assert all(found.values()), [name for name, urls in found.items() if not urls]
    everywhere = [a for urls in found.values() for a in urls]
    # Reader pages link to their own paths (relative) in their body; what they say
    # of themselves to others (hreflang, canonical, OpenGraph, JSON-LD) is absolute.
    for path in (story.url, "/en/", "/en/newsletters/"):
        head = texts[path].split("</head>")[0]
        found[path] = re.findall(
            r'<link rel="(?:alternate" hreflang="[^"]+|canonical)" href="([^"]*)"', head
        ) + re.findall(r'<meta property="og:(?:url|image)" content="([^"]*)"', head)
        assert found[path], path
    outside = {
        name: [
            a
            for a in urls
            if not a.startswith((OWN, "mailto:")) and a not in {OWN[:-1], *STANDARDS}
        ]
        for name, urls in found.items()
    }
    assert {name: urls for name, urls in outside.items() if urls} == {}
    assert not any("localhost" in text for text in texts.values())
    assert not any("localhost" in json.dumps(data) for data in jsons.values())
    # The pictures went out too, absolute, with a registered media type.
    assert any("/media/images/" in a and a.startswith(OWN) for a in everywhere)
    [picture] = [
        a
        for a in jsons[f"/en/api/ninjs/items/{story.pk}/"]["associations"]
        if a["type"] == "picture"
    ]
    assert picture["renditions"][0]["contenttype"] == "image/jpeg"
