"""Scheduled publishing without cron: the worker's clock publishes what is due, and
the rest of the site sees it (See also, feeds, newsletters)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Revision

from dateline.articles.models import ArticlePage
from dateline.related.models import SeeAlsoItem
from dateline.worker import schedule
from tests.newsletters.conftest import subscriber
from tests.related.test_see_also import RAIL, RAIL_2

from .factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def scheduled(home, title, *, hours=1, **fields) -> ArticlePage:
    """An article an editor scheduled to go live in ``hours``."""
    article = make_article(home=home, title=title, publish=False, **fields)
    article.go_live_at = timezone.now() + timedelta(hours=hours)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def time_passes(article: ArticlePage) -> None:
    """Move the schedule (the approved revision and the time in it) into the past:
    as if its time had come."""
    past = timezone.now() - timedelta(seconds=30)
    for revision in Revision.page_revisions.filter(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    ):
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])


def test_the_worker_publishes_what_is_due_and_the_site_sees_it(
    client, homes, smtp, settle
):
    with settle():  # indexed for See also, as publishing does
        related = make_article(
            home=homes["en"],
            title="Koreas inspect railway",
            paragraphs=RAIL,
            countries=["KR", "KP"],
            published_at=timezone.now() - timedelta(days=30),
        )
    subscriber("fast@example.org", frequency="breaking")
    article = scheduled(
        homes["en"],
        "Railway plans stall",
        paragraphs=RAIL_2,
        countries=["KR", "KP"],
        breaking=True,
    )
    assert not article.live
    with settle():
        schedule.run_due()
    assert not ArticlePage.objects.get(pk=article.pk).live  # not yet due

    time_passes(article)
    with settle():
        schedule.run_due()
    article.refresh_from_db()
    assert article.live and article.published_at <= timezone.now()
    assert client.get(article.url).status_code == 200
    # Feeds, See also and the breaking-news mail saw the publication.
    assert article.title in client.get("/en/feeds/rss/").content.decode()
    assert SeeAlsoItem.objects.filter(article=related, page=article).exists()
    assert smtp.recipients == ["fast@example.org"]
    assert article.title in smtp.messages[0]["Subject"]


def test_the_worker_unpublishes_what_has_expired(client, homes, settle):
    article = make_article(home=homes["en"], title="Offer ends")
    ArticlePage.objects.filter(pk=article.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    with settle():
        schedule.run_due()
    article.refresh_from_db()
    assert not article.live and article.expired
    assert client.get(article.url).status_code == 404


def test_a_scheduled_article_is_dated_when_it_went_live(member, homes, monkeypatch):
    """Scheduled for a time that the worker reached three minutes late (or days
    after it was written), it is dated when readers first could read it."""
    from django.urls import reverse

    from tests.articles.factories import article_form

    editor = member("editor")
    draft = make_article(home=homes["en"], title="Port strike called", publish=False)
    ArticlePage.objects.filter(pk=draft.pk).update(published_at=None)
    draft.refresh_from_db()
    start = timezone.now().replace(microsecond=0)
    go_live = start + timedelta(days=2, minutes=7)
    form = article_form(draft, published_at="", go_live_at=go_live.isoformat())
    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        {**form, "action-publish": "1"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live and draft.published_at is None
    went_live = go_live + timedelta(minutes=3)
    monkeypatch.setattr(timezone, "now", lambda: went_live)
    schedule.run_due(went_live)
    draft.refresh_from_db()
    assert draft.live
    assert draft.published_at == went_live
