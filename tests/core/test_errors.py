"""Error pages in the site's design and the reader's language: 404, 429, 500."""

from bs4 import BeautifulSoup

from dateline.core.views import server_error


def test_a_missing_page_is_a_designed_404_in_the_editions_language(client, homes):
    response = client.get("/it/non-esiste/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "it"
    assert page.select_one(".message__code").get_text() == "404"
    assert page.select_one("h1").get_text() == "Pagina non trovata"
    assert page.select_one(".masthead") and page.select_one(".site-footer")
    assert page.select_one("main a[href='/it/']")


def test_a_rate_limited_reader_gets_a_429_page_saying_when_to_come_back(
    client, home, settings
):
    settings.DATELINE_NEWSLETTERS = {**settings.DATELINE_NEWSLETTERS, "PER_HOUR": 0}
    response = client.post("/en/newsletters/", {"email": "reader@example.org"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text() == "Too many requests"
    assert page.select_one("[role=status]")


def test_the_500_page_needs_neither_the_database_nor_a_request(settings):
    # No database fixture: pytest-django fails any query this makes.
    settings.DATELINE_AGENCY_NAME = "AsiaWire"
    response = server_error(None)
    assert response.status_code == 500
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text() == "Something went wrong"
    assert page.select_one(".masthead__name").get_text() == "AsiaWire"
    assert page.select_one("link[rel=stylesheet]")["href"].endswith("dateline.css")
