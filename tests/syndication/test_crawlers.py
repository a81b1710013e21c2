"""Crawlers: robots.txt admits the AI crawlers the agency chooses, read by Python's
own robots.txt parser; pages made for a crawler or an address are limited, cached
pages and editors are not (docs/crawlers.md)."""

from datetime import UTC, datetime
from urllib.robotparser import RobotFileParser

import pytest
import time_machine

from dateline.syndication.crawlers import AI_CRAWLERS, crawler_name
from tests.articles.factories import make_article

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
GPTBOT = (
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
    "+https://openai.com/gptbot)"
)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
# A fixed instant early in a second: every request of a test falls in one window.
INSTANT = datetime(2026, 3, 4, 5, 6, 7, 1000, tzinfo=UTC)


def robots(client) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(client.get("/robots.txt").content.decode().splitlines())
    return parser


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (GOOGLEBOT, "googlebot"),
        (GPTBOT, "gptbot"),
        (
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "bingbot",
        ),
        ("CCBot/2.0 (https://commoncrawl.org/faq/)", "ccbot"),
        (
            "Mozilla/5.0 (compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
            "claudebot",
        ),
        ("python-requests/2.32 some-crawler", "some-crawler"),
        ("cohere-ai/1.0 (+https://cohere.com)", "cohere-ai"),
        (
            "Mozilla/5.0 (compatible; ChatGPT-User/1.0; +https://openai.com)",
            "chatgpt-user",
        ),
        (FIREFOX, None),
        ("", None),
    ],
)
def test_a_crawler_is_known_by_the_name_in_its_user_agent(user_agent, name):
    assert crawler_name(user_agent) == name


def test_robots_txt_refuses_ai_crawlers_unless_admitted(client, settings, db):
    parser = robots(client)
    assert parser.can_fetch("Googlebot", "/en/")
    assert not parser.can_fetch("Googlebot", "/admin/")
    for name in AI_CRAWLERS:
        assert not parser.can_fetch(name, "/en/"), name

    settings.DATELINE_CRAWLERS = {
        **settings.DATELINE_CRAWLERS,
        "AI_ADMITTED": ["GPTBot", "perplexitybot"],
    }
    parser = robots(client)
    assert parser.can_fetch("GPTBot", "/en/some-story/")
    assert parser.can_fetch("PerplexityBot", "/en/")
    assert not parser.can_fetch("GPTBot", "/admin/")
    assert not parser.can_fetch("ClaudeBot", "/en/")
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]


@pytest.fixture
def limited(settings, home):
    settings.DATELINE_CRAWLERS = {
        **settings.DATELINE_CRAWLERS,
        "PER_CRAWLER": 3,
        "PER_ADDRESS": 5,
    }
    with time_machine.travel(INSTANT, tick=False):
        yield make_article(home=home, title="Harbour reopens")


def statuses(client, url, count, **headers) -> list[int]:
    return [client.get(url, **headers).status_code for _ in range(count)]


def test_a_crawler_gets_so_many_pages_a_second_then_a_429(client, limited):
    url = limited.url
    assert statuses(client, url, 4, HTTP_USER_AGENT=GOOGLEBOT) == [200] * 3 + [429]
    refused = client.get(url, HTTP_USER_AGENT=GOOGLEBOT)
    assert refused["Retry-After"] == "1"
    assert "no-store" in refused["Cache-Control"]
    # Another crawler, from another address, has counts of its own; from this
    # address, whose five pages are spent, it is refused too.
    other = {"HTTP_USER_AGENT": GPTBOT, "REMOTE_ADDR": "192.0.2.9"}
    assert statuses(client, url, 4, **other) == [200] * 3 + [429]
    assert statuses(client, url, 1, HTTP_USER_AGENT=GPTBOT) == [429]
    # The next second, the crawler may go on.
    with time_machine.travel(INSTANT.replace(second=8), tick=False):
        assert statuses(client, url, 1, HTTP_USER_AGENT=GOOGLEBOT) == [200]


def test_one_address_gets_so_many_pages_made_a_second(client, limited):
    url = limited.url
    assert statuses(client, url, 6, HTTP_USER_AGENT=FIREFOX) == [200] * 5 + [429]
    other = {"REMOTE_ADDR": "192.0.2.7", "HTTP_USER_AGENT": FIREFOX}
    assert statuses(client, url, 1, **other) == [200]


def test_the_refusal_is_in_the_reader_s_language(client, limited):
    statuses(client, "/it/", 5, HTTP_USER_AGENT=FIREFOX)
    refused = client.get("/it/", HTTP_USER_AGENT=FIREFOX, HTTP_ACCEPT_LANGUAGE="it")
    assert refused.status_code == 429
    assert "Troppe richieste" in refused.content.decode()


def test_cached_pages_and_editors_are_not_counted(
    client, admin_client, limited, settings
):
    url = limited.url
    assert statuses(client, url, 5, HTTP_USER_AGENT=FIREFOX) == [200] * 5
    assert statuses(admin_client, url, 3, HTTP_USER_AGENT=GOOGLEBOT) == [200] * 3
    # Django's page cache answers before the limit: a copy costs nothing to serve.
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "SECONDS": 600}
    assert statuses(client, url, 1, HTTP_USER_AGENT=FIREFOX) == [429]  # made: no
    # ... nothing cached yet for this address's 6th page; another address makes it:
    assert client.get(url, REMOTE_ADDR="192.0.2.8").status_code == 200
    assert statuses(client, url, 10, HTTP_USER_AGENT=FIREFOX) == [200] * 10


def test_behind_a_proxy_that_hides_the_address_only_crawlers_are_counted(
    client, limited, settings
):
    settings.DATELINE_PURGE_URL = "http://127.0.0.1:9"
    settings.DATELINE_CLIENT_IP_HEADER = ""  # every request from the proxy's address
    url = limited.url
    assert statuses(client, url, 8, HTTP_USER_AGENT=FIREFOX) == [200] * 8
    assert statuses(client, url, 4, HTTP_USER_AGENT=GOOGLEBOT) == [200] * 3 + [429]
    settings.DATELINE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    forwarded = {"HTTP_USER_AGENT": FIREFOX, "HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    assert statuses(client, url, 6, **forwarded) == [200] * 5 + [429]
