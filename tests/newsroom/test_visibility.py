"""What the admin shows a member of colleagues' unpublished work: contributors see
their own pages and those out for readers; translators, in other editions, also
what is published under embargo; every listing, search, chooser, the admin API,
the site history and the bulk actions alike (docs/newsroom.md)."""

import pytest
from django.urls import reverse

from tests.articles.factories import make_article
from tests.newsroom.states import BODY_SECRET, SECRET, STATES, make_states

OWN = "Tamarind"  # the viewer's own draft


@pytest.fixture
def newsroom(homes, member):
    writer = member(
        "contributor", "en", name="colleague"
    )  # the colleague whose work it is
    states = make_states(homes["en"], owner=writer.user)
    return states


def _channels(states, home):
    """Every admin address that lists pages by headline, or finds them by a word."""
    parents = {article.get_parent().pk for article in states.values()}
    ids = "&".join(f"id={article.pk}" for article in states.values())
    urls = []
    for parent in parents:
        urls += [
            reverse("wagtailadmin_explore", args=[parent]),
            reverse("wagtailadmin_choose_page_child", args=[parent]),
            f"/admin/api/main/pages/?child_of={parent}&for_explorer=1",
        ]
    for word in (SECRET, BODY_SECRET):
        urls += [
            reverse("wagtailadmin_explore", args=[home.pk]) + f"?q={word}",
            reverse("wagtailadmin_pages:search") + f"?q={word}",
            reverse("wagtailadmin_choose_page_search") + f"?q={word}",
            reverse("articles:index") + f"?q={word}",
        ]
    urls += [
        reverse("articles:index"),
        reverse("articles:index") + "?status=draft",
        reverse("articles:index") + "?status=scheduled",
        reverse("articles:index") + "?status=in_review",
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:site_history_results"),
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?{ids}",
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?{ids}",
    ]
    urls += [f"/admin/api/main/pages/{article.pk}/" for article in states.values()]
    return urls


def _seen(client, urls) -> dict[str, list[str]]:
    """For each state's headline, the addresses whose answer names it."""
    seen = {}
    for url in urls:
        response = client.get(url)
        # 302: to a listing of their own, away from one they may not explore; 400:
        # the admin API's "no such parent".
        assert response.status_code in (200, 302, 400, 404), (url, response.status_code)
        text = response.content.decode()
        for state in STATES:
            if f"{SECRET} {state}" in text:
                seen.setdefault(state, []).append(url)
        if response.status_code == 200 and BODY_SECRET in url and SECRET in text:
            seen.setdefault("found by its body", []).append(url)
    return seen


@pytest.mark.parametrize(
    ("role", "language", "may_see"),
    [
        ("contributor", "en", set()),
        ("contributor", "it", set()),
        ("translator", "it", {"embargoed"}),
        ("editor", "it", {"embargoed"}),
    ],
)
def test_a_member_sees_only_the_unpublished_work_they_may_read(
    newsroom, homes, member, role, language, may_see
):
    viewer = member(role, language)
    make_article(
        home=homes[language], title=f"{OWN} notes", publish=False, owner=viewer.user
    )
    seen = _seen(viewer, _channels(newsroom, homes["en"]))
    assert set(seen) - {"found by its body"} <= may_see, seen
    if not may_see:
        assert "found by its body" not in seen
    # What they may see, they do: their own draft, a colleague's published article.
    explore = viewer.get(reverse("wagtailadmin_pages:search") + f"?q={OWN}")
    assert f"{OWN} notes" in explore.content.decode()
    chooser = viewer.get(reverse("wagtailadmin_choose_page_search") + "?q=Harbour")
    assert "Harbour reopens" in chooser.content.decode()


@pytest.mark.parametrize(("role", "language"), [("editor", "en"), ("chief", None)])
def test_the_desk_sees_every_state_of_its_edition(
    newsroom, homes, member, role, language
):
    viewer = member(role, language)
    seen = _seen(viewer, _channels(newsroom, homes["en"]))
    # The newer draft is listed by its published headline (the edit form has the
    # draft's); every other state by its own, and found by a word of its body.
    assert set(seen) >= set(STATES) - {"newer_draft"} | {"found by its body"}
