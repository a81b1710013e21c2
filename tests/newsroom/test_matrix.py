"""Every role × every way to act on a page in the admin × every state of an
unpublished story: what each may do, asked of the admin's own views (a refusal is
Wagtail's redirect to the dashboard, a 403 or a 404), the same answer as the page
permission tester's (docs/newsroom.md).

The stories are English originals written by a colleague, a contributor. Sync
(wagtail-localize's update of translations) is in tests/editions/
test_translation_rights.py, which also publishes what translating made."""

import pytest
from django.urls import reverse

from tests.newsroom.states import STATES, make_states

pytestmark = pytest.mark.clock

ROLES = [
    ("contributor", "en"),
    ("contributor", "it"),
    ("translator", "en"),
    ("translator", "it"),
    ("editor", "en"),
    ("editor", "it"),
    ("chief", None),
]
LIVE = {"embargoed", "newer_draft"}  # the others readers do not have at all
DESK = {"edit", "copy", "move", "delete", "revert", "publish", "read", "lock"}


def may(role: str, language: str | None, state: str) -> set[str]:
    """What the newsroom's rules let a member do to a colleague's English original."""
    if role == "chief" or (role, language) == ("editor", "en"):
        acts = set(DESK)
        if role == "chief":
            acts |= {"translate"}  # into every other edition
        if state in LIVE:
            acts |= {"unpublish"}
        if state == "in_review":
            acts |= {"approve"}
        return acts
    if (role, language) == ("translator", "en"):
        # Their edition's desk: they edit its pages; an original's publication,
        # withdrawal, deletion and place are the editors'.
        return {"edit", "copy", "revert", "read"}
    acts = set()
    if (role, language, state) == ("contributor", "en", "newer_draft"):
        acts |= {"read"}  # its published version, as readers have it
    if role in ("translator", "editor") and state in LIVE:
        acts |= {"translate"}  # into their own edition
    # ("read" is the admin API's, which lists only one's own editions' pages.)
    return acts


def refused(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def _bulk(client, action, page) -> bool:
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    response = client.get(f"{url}?id={page.pk}")
    return response.status_code == 200 and page.pk in [
        item["item"].pk for item in response.context["items"]
    ]


def _tries(client, page) -> dict[str, bool]:
    """Each action, asked of the view that does it."""
    pages = "wagtailadmin_pages"
    revision = page.revisions.order_by("pk").first()

    def shown(name, *args):
        return not refused(client.get(reverse(f"{pages}:{name}", args=args)))

    done = {
        "edit": shown("edit", page.pk),
        "copy": shown("copy", page.pk),
        "move": shown("move", page.pk) and _bulk(client, "move", page),
        "delete": shown("delete", page.pk) and _bulk(client, "delete", page),
        "unpublish": shown("unpublish", page.pk) and _bulk(client, "unpublish", page),
        "revert": shown("revisions_revert", page.pk, revision.pk),
        "publish": _bulk(client, "publish", page),
        "read": client.get(f"/admin/api/main/pages/{page.pk}/").status_code == 200,
        "translate": not refused(
            client.get(
                reverse("wagtail_localize:submit_page_translation", args=[page.pk])
            )
        ),
    }
    lock = client.post(reverse(f"{pages}:lock", args=[page.pk]))
    page.refresh_from_db()
    done["lock"] = page.locked
    if page.locked:
        page.locked = False
        page.save(update_fields=["locked"])
    assert lock.status_code in (302, 403)
    state = page.current_workflow_task_state
    done["approve"] = state is not None and not refused(
        client.get(
            reverse(f"{pages}:workflow_action", args=[page.pk, "approve", state.pk])
        )
    )
    return {action for action, yes in done.items() if yes}


def _tester(user, page) -> set[str]:
    tester = page.specific.permissions_for_user(user)
    return {
        action
        for action, yes in {
            "edit": tester.can_edit(),
            "copy": tester.can_copy(),
            "move": tester.can_move(),
            "delete": tester.can_delete(),
            "unpublish": tester.can_unpublish(),
            "publish": tester.can_publish(),
            "lock": tester.can_lock(),
        }.items()
        if yes
    }


@pytest.mark.parametrize(("role", "language"), ROLES)
def test_each_role_does_to_each_state_only_what_it_may(homes, member, role, language):
    colleague = member("contributor", "en", name="colleague")
    states = make_states(homes["en"], owner=colleague.user)
    client = member(role, language)
    for state in STATES:
        page = states[state]
        expected = may(role, language, state)
        assert _tries(client, page) == expected, state
        assert _tester(client.user, page) == expected & set(_TESTED), state


_TESTED = ["edit", "copy", "move", "delete", "unpublish", "publish", "lock"]


def test_an_author_deletes_their_own_draft_not_what_went_out(homes, member):
    from tests.articles.factories import make_article

    author = member("contributor", "en")
    draft = make_article(home=homes["en"], title="Notes", publish=False)
    draft.owner = author.user
    draft.save(update_fields=["owner"])
    published = make_article(home=homes["en"], title="Out", owner=author.user)
    assert draft.permissions_for_user(author.user).can_delete()
    assert not published.permissions_for_user(author.user).can_delete()
    response = author.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not type(draft).objects.filter(pk=draft.pk).exists()
