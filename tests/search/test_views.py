"""The search page of each edition, as a reader uses it."""

from datetime import datetime

import pytest
from lxml import html as lxml_html

from tests.articles.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_results_show_marked_headlines_snippets_and_dates(client, home):
    article = make_article(
        home=home,
        title="Rail link opens",
        paragraphs=["The new rail link runs from the port to the capital."],
    )
    response = client.get("/en/search/", {"q": "rail"})
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    (hit,) = page.xpath("//section[@class='search-results']//article")
    assert hit.xpath(".//h3/a")[0].get("href") == article.url
    assert [m.text for m in hit.xpath(".//h3//mark")] == ["Rail"]
    assert "rail" in [m.text for m in hit.xpath(".//p[@class='item__lede']//mark")]
    shown = datetime.fromisoformat(hit.xpath(".//time")[0].get("datetime"))
    assert shown == article.published_at.replace(microsecond=0)
    assert "noindex" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "it", "zh-hans", "es"])
def test_every_edition_has_its_search_page_in_its_language(client, homes, language):
    response = client.get(f"/{language}/search/")
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    assert page.get("lang").lower().startswith(language.split("-")[0])
    assert page.xpath("//form[@role='search']//input[@name='q']")


def test_an_empty_search_asks_for_words(client, home):
    response = client.get("/en/search/", {"q": "   "})
    assert response.status_code == 200
    assert b"Type a word or two" in response.content


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "x" * 201}, "q"),
        ({"q": "rail", "since": "2024-02-30"}, "since"),
        ({"q": "rail", "since": "2025-05-02", "until": "2025-05-01"}, "until"),
        ({"q": "rail", "country": "ZZ"}, "country"),
        ({"q": "rail", "section": "abc"}, "section"),
        ({"q": "rail", "author": "nobody"}, "author"),
        ({"q": "rail", "order": "random"}, "order"),
    ],
)
def test_bad_input_gets_a_clear_message_on_its_field(client, home, params, field):
    response = client.get("/en/search/", params)
    assert response.status_code == 400
    page = lxml_html.fromstring(response.content)
    assert page.xpath(f"//*[@id='id_{field}_error']")
    # The message is tied to its field for screen readers.
    (described,) = page.xpath(f"//*[@id='id_{field}']/@aria-describedby")
    assert f"id_{field}_error" in described.split()
    assert page.xpath("//*[@role='alert']")


def test_what_a_reader_types_is_never_markup(client, home):
    make_article(home=home, title="<script>alert(1)</script> rail")
    response = client.get("/en/search/", {"q": '"><script>alert(1)</script>'})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in body
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in body
    # The headline is shown escaped, with only the marks added.
    body = client.get("/en/search/", {"q": "rail"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>rail</mark>" in body


def test_pages_keep_the_query_and_filters(client, home, monkeypatch):
    from dateline.search import results

    monkeypatch.setattr(results, "PER_PAGE", 1)
    make_article(home=home, title="Quake one")
    make_article(home=home, title="Quake two")
    response = client.get("/en/search/", {"q": "quake", "order": "newest"})
    page = lxml_html.fromstring(response.content)
    (next_link,) = page.xpath("//a[@rel='next']")
    assert "q=quake" in next_link.get("href") and "page=2" in next_link.get("href")
    assert "order=newest" in next_link.get("href")


def test_dates_at_the_ends_of_the_calendar_are_answered(client, home):
    make_article(home=home, title="Rail link opens")
    response = client.get(
        "/en/search/", {"q": "rail", "since": "0001-01-01", "until": "9999-12-31"}
    )
    assert response.status_code == 200
    assert b"Rail</mark> link opens" in response.content
