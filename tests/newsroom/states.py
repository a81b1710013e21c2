"""An English article in each state an unpublished text can be in, for the
newsroom's tests: each one's unpublished version has the headline word SECRET and
the body word BODY_SECRET, which no published text has."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from tests.articles.factories import make_article

SECRET = "Zanzibarite"
BODY_SECRET = "Quillwort"
STATES = ["draft", "in_review", "scheduled", "embargoed", "withdrawn", "newer_draft"]


def make_states(home, *, owner: User, **common) -> dict:
    """The articles, by state, written by ``owner`` (a colleague); ``common`` are
    fields of all of them (``breaking=True``, ``countries=["KR"]``)."""
    now = timezone.now()

    def _secret(home, state, **fields):
        return make_article(
            home=home,
            title=f"{SECRET} {state}",
            paragraphs=(f"A {BODY_SECRET} paragraph.", "Another paragraph."),
            **common,
            **fields,
        )

    states = {"draft": _secret(home, "draft", publish=False, owner=owner)}

    in_review = _secret(home, "in_review", publish=False, owner=owner)
    in_review.get_workflow().start(in_review, owner)
    states["in_review"] = in_review

    scheduled = _secret(home, "scheduled", publish=False, owner=owner)
    scheduled.go_live_at = now + timedelta(hours=3)
    scheduled.save_revision(user=owner, log_action=True).publish()
    states["scheduled"] = scheduled

    states["embargoed"] = _secret(
        home, "embargoed", owner=owner, published_at=now + timedelta(hours=2)
    )

    withdrawn = _secret(home, "withdrawn", owner=owner)
    withdrawn.unpublish()
    states["withdrawn"] = withdrawn

    # Published with a headline and body anyone may read, then a newer draft
    # saved as the editor's form saves it.
    newer = make_article(home=home, title="Harbour reopens", owner=owner, **common)
    draft = newer.get_latest_revision_as_object()
    draft.title = f"{SECRET} newer_draft"
    draft.body = [("paragraph", f"<p>A {BODY_SECRET} paragraph.</p>")]
    draft.save_revision(user=owner, log_action=True)
    states["newer_draft"] = newer
    return states
