"""The admin's Articles listing: its filters, its search, and who sees what."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.articles.factories import AuthorFactory, SectionPageFactory, make_article


@pytest.fixture
def desk(homes):
    economy = SectionPageFactory(parent=homes["en"], title="Economy", slug="economy")
    park = AuthorFactory(name="Min-jun Park")
    lee = AuthorFactory(name="Ji-woo Lee")
    return {
        "economy": economy,
        "park": park,
        "harbour": make_article(
            home=homes["en"],
            title="Harbour cranes arrive",
            section=economy,
            countries=["KR"],
            authors=[park],
            published_at=datetime(2015, 6, 1, 8, tzinfo=UTC),
        ),
        "steppe": make_article(
            home=homes["en"],
            title="Steppe school heats with the sun",
            countries=["MN"],
            authors=[lee],
            published_at=datetime(2021, 2, 3, 8, tzinfo=UTC),
        ),
        "draft": make_article(
            home=homes["en"], title="Harbour strike draft", publish=False
        ),
        "held": make_article(
            home=homes["en"],
            title="Embargoed harbour figures",
            published_at=timezone.now() + timedelta(days=1),
        ),
        "italian": make_article(home=homes["it"], title="Gru nel porto"),
    }


def headlines(client, **params) -> list[str]:
    response = client.get(reverse("articles:index"), params)
    assert response.status_code == 200, response.content[:500]
    page = BeautifulSoup(response.content, "html.parser")
    return sorted(
        title.get_text(strip=True)
        for title in page.select('tbody td.title span[id^="page_"][id$="_title"]')
    )


def test_each_filter_narrows_the_listing(admin_client, desk):
    everything = headlines(admin_client)
    assert len(everything) == 5
    assert headlines(admin_client, locale="it") == ["Gru nel porto"]
    assert headlines(admin_client, section=desk["economy"].pk) == [
        "Harbour cranes arrive"
    ]
    assert headlines(admin_client, country="MN") == ["Steppe school heats with the sun"]
    assert headlines(admin_client, author=desk["park"].pk) == ["Harbour cranes arrive"]
    assert headlines(admin_client, status="draft") == ["Harbour strike draft"]
    assert headlines(admin_client, status="embargoed") == ["Embargoed harbour figures"]
    assert headlines(
        admin_client, published_at_from="2015-01-01", published_at_to="2015-12-31"
    ) == ["Harbour cranes arrive"]


def test_search_works_with_every_filter(admin_client, desk):
    assert headlines(admin_client, q="harbour") == [
        "Embargoed harbour figures",
        "Harbour cranes arrive",
        "Harbour strike draft",
    ]
    assert headlines(
        admin_client,
        q="harbour",
        locale="en",
        section=desk["economy"].pk,
        country="KR",
        author=desk["park"].pk,
        status="live",
        published_at_from="2010-01-01",
        published_at_to="2020-12-31",
    ) == ["Harbour cranes arrive"]


def test_bad_filter_values_are_refused_not_a_500(admin_client, desk):
    for params in (
        {"country": "XX"},
        {"section": "abc"},
        {"author": "999999"},
        {"status": "lost"},
        {"published_at_from": "2015-02-31"},
    ):
        response = admin_client.get(reverse("articles:index"), params)
        assert response.status_code == 200, params
        text = response.content.decode()
        assert "Select a valid choice" in text or "Enter a valid date" in text, params


def test_a_desk_sees_its_own_edition(member, desk):
    italian_editor = member("editor", "it")
    assert headlines(italian_editor) == ["Gru nel porto"]
    contributor = member("contributor", "en")
    assert "Harbour cranes arrive" in headlines(contributor)


def test_the_chooser_and_explorer_searches_list_the_latest_edits_first(
    admin_client, desk, homes
):
    desk["harbour"].save_revision()  # edited last: first in the list
    chooser = admin_client.get(
        reverse("wagtailadmin_choose_page_search"),
        {"q": "harbour", "page_type": "articles.articlepage"},
    )
    explorer = admin_client.get(
        reverse("wagtailadmin_explore", args=[homes["en"].pk]), {"q": "harbour"}
    )
    for response in (chooser, explorer):
        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        found = [
            title.get_text(strip=True)
            for title in page.select('span[id^="page_"][id$="_title"]')
        ] or [a.get_text(strip=True) for a in page.select("td.title a")]
        assert found[0] == "Harbour cranes arrive", found
        assert "Harbour strike draft" in found


def test_the_admin_search_box_lists_the_latest_edits_first(admin_client, desk):
    desk["harbour"].save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "harbour"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    found = [
        title.get_text(strip=True)
        for title in page.select('span[id^="page_"][id$="_title"]')
    ]
    assert found[0] == "Harbour cranes arrive", found
    # A column the editor sorts by still wins.
    response = admin_client.get(
        reverse("wagtailadmin_pages:search"), {"q": "harbour", "ordering": "title"}
    )
    page = BeautifulSoup(response.content, "html.parser")
    found = [t.get_text(strip=True) for t in page.select('span[id$="_title"]')]
    assert found == sorted(found)
