"""Scripts planted in every field an editor fills and every input a reader sends come
out inert everywhere Dateline writes them: reader pages, the print page, JSON-LD,
feeds, the ninjs API, and e-mails (docs/security.md)."""

import json
from urllib.parse import quote

import feedparser
import pytest
from lxml import html as lxml_html

from dateline.articles.models import ArticleCorrection, ArticlePage
from dateline.newsletters import digests
from dateline.newsletters.tasks import batch_enqueue
from dateline.syndication.models import ApiKey
from tests.articles.factories import (
    AuthorFactory,
    SectionPageFactory,
    make_article,
    make_image,
)
from tests.newsletters.conftest import subscriber
from tests.sharing.conftest import form_data

SCRIPT = "<script>alert('x')</script>"
ATTRIBUTE = "\"><img src=x onerror=alert('x')>"
BREAKOUT = "</script><script>alert('x')</script>"
EVIL = SCRIPT + ATTRIBUTE + BREAKOUT
# Rich text as it could reach the database (an import, the admin's API, SQL):
# Wagtail's editor would never store it.
BODY = (
    "<p>Talks went on. <script>alert('x')</script>"
    "<a href=\"javascript:alert('x')\" onclick=\"alert('x')\">a link</a>"
    '<img src=x onerror="alert(\'x\')"><iframe src="https://evil.example/"></iframe>'
    '<a href="https://example.org/report" style="color:red">the report</a></p>'
)


def inert(markup: str) -> str:
    """Fail if ``markup`` (an HTML page or fragment) could run a script: a script
    element other than our own files and JSON-LD, an event handler, a javascript:
    address, a frame or an object. Returns its text."""
    document = lxml_html.fromstring(markup)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        assert tag not in {"iframe", "object", "embed", "frame", "base"}, tag
        if tag == "script":
            if element.get("type") == "application/ld+json":
                json.loads(element.text)  # whole: nothing broke out of it
            else:
                assert (element.get("src") or "").startswith("/static/"), (
                    lxml_html.tostring(element)
                )
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (tag, name, value)
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                assert not value.strip().lower().startswith("javascript:"), value
    return document.text_content()


@pytest.fixture
def planted(homes):
    """An article with a script in every field an editor fills."""
    section = SectionPageFactory(parent=homes["en"], title="Korea " + EVIL)
    author = AuthorFactory(name="Ana " + EVIL[:100], slug="ana")
    picture = make_image("A picture")
    article = make_article(
        home=homes["en"],
        title="Talks resume " + EVIL,
        authors=[author],
        place="Seoul" + ATTRIBUTE[:60],
        section=section,
        countries=["KR"],
        paragraphs=(),
    )
    article.lede = "The lede " + EVIL
    article.body = [
        ("paragraph", BODY),
        (
            "image",
            {
                "image": picture,
                "alt_text": "Alt " + EVIL,
                "caption": "Caption " + EVIL,
                "credit": "Credit " + EVIL[:100],
                "decorative": False,
            },
        ),
        ("quote", {"quote": "Quote " + EVIL, "attribution": "Says " + EVIL}),
    ]
    article.corrections.add(ArticleCorrection(text="Fixed " + EVIL))
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def test_reader_pages_show_the_scripts_as_text(client, planted):
    for path in (
        planted.url,
        planted.url + "print/",
        "/en/",
        planted.section.url,
        "/en/authors/ana/",
        "/en/corrections/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        text = inert(response.text)
        # Escaped, not dropped: the reader sees what the editor typed.
        assert "Talks resume " + EVIL in text, path


def test_the_article_body_keeps_only_the_allowed_rich_text(client, planted):
    page = lxml_html.fromstring(client.get(planted.url).text)
    paragraph = page.xpath("//p[contains(., 'Talks went on.')]")[0]
    links = {a.text: a.attrib for a in paragraph.iter("a")}
    assert links == {
        "a link": {"rel": "noopener noreferrer"},  # its javascript: address gone
        "the report": {
            "href": "https://example.org/report",
            "rel": "noopener noreferrer",
        },
    }
    assert [e.tag for e in paragraph.iter()] == ["p", "span", "a", "a"]  # dateline
    text = inert(client.get(planted.url).text)
    for field in ("Caption ", "Credit ", "Quote ", "Says ", "Fixed "):
        assert field + EVIL[:100] in text, field
    [picture] = page.xpath("//img[starts-with(@alt, 'Alt ')]")
    assert picture.get("alt") == "Alt " + EVIL  # an attribute's value, whole


def test_json_ld_holds_the_headline_whole(client, planted):
    page = lxml_html.fromstring(client.get(planted.url).text)
    [data] = [
        json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")
    ]
    graph = data.get("@graph", [data])
    article = next(item for item in graph if item["@type"] == "NewsArticle")
    assert article["headline"] == planted.title


def test_a_search_query_is_shown_as_text(client, planted):
    response = client.get("/en/search/?q=" + quote(EVIL))
    assert response.status_code == 200
    assert EVIL in inert(response.text)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_carry_the_scripts_as_text(client, planted, settings, kind):
    settings.DATELINE_FEEDS = {**settings.DATELINE_FEEDS, "CONTENT": "full"}
    feed = feedparser.parse(client.get(f"/en/feeds/{kind}/").content)
    assert not feed.bozo, feed.bozo_exception  # well-formed
    [entry] = [e for e in feed.entries if e.title.startswith("Talks resume")]
    assert entry.title == planted.title
    for part in (entry.summary, *(c.value for c in entry.get("content", []))):
        inert(f"<div>{part}</div>")


def test_the_json_feed_carries_the_scripts_as_text(client, planted, settings):
    settings.DATELINE_FEEDS = {**settings.DATELINE_FEEDS, "CONTENT": "full"}
    feed = json.loads(client.get("/en/feeds/json/").content)
    [item] = [i for i in feed["items"] if i["title"].startswith("Talks resume")]
    assert item["title"] == planted.title
    assert "Talks went on." in inert(item["content_html"])


def test_the_ninjs_api_carries_clean_html(client, planted):
    api_key = ApiKey(partner="Partner Press")
    secret = api_key.issue()
    api_key.save()
    response = client.get(
        f"/en/api/ninjs/items/{planted.pk}/", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    item = json.loads(response.content)
    assert item["headlines"][0]["value"] == planted.title
    [body] = item["bodies"]
    text = inert(f"<div>{body['value']}</div>")
    assert "Talks went on." in text and "Caption " + EVIL in text


def test_send_to_a_friend_mails_the_scripts_as_text(client, planted, smtp, settle):
    with settle():
        response = client.post(
            planted.url + "share/",
            form_data(sender_name="Ana " + ATTRIBUTE[:40], note="Note " + EVIL),
        )
    assert response.status_code == 200
    inert(response.text)
    [message] = smtp.messages
    html = message.get_body(("html",)).get_content()
    text = inert(html)
    assert "Note " + EVIL in text and planted.title in text


def test_a_digest_mails_the_scripts_as_text(planted, smtp, settle):
    subscriber()
    with settle():
        digests.digest_send(frequency="daily", enqueue=batch_enqueue)
    [message] = smtp.messages
    text = inert(message.get_body(("html",)).get_content())
    assert planted.title in text
