"""Thin tasks, and the worker clock's jobs: each loads what it needs and calls a
service; what is sent later is queued here (docs/newsletters.md)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from dateline.articles.models import ArticlePage
from dateline.worker.priorities import DIGEST

from . import delivering, digests, services

# A batch whose SMTP server went away is tried again this much later.
RETRY_BATCH = timedelta(minutes=1)


@task(priority=DIGEST)
def deliveries_send(digest_id: int, first: int, last: int) -> dict:
    """Send one batch of a digest's messages; if the server went away, the rest of
    the batch a minute later."""
    counts = delivering.deliveries_send(digest_id=digest_id, first=first, last=last)
    if counts["retry"]:
        batch_enqueue(digest_id, first, last, after=timezone.now() + RETRY_BATCH)
    return counts


def batch_enqueue(digest_id: int, first: int, last: int, after=None) -> None:
    """Queue the sending of a batch (at once, or ``after`` a moment where the
    task backend can defer: else the next run picks it up)."""
    sender = deliveries_send
    if after is not None:
        if not sender.get_backend().supports_defer:
            return
        sender = sender.using(run_after=after)
    sender.enqueue(digest_id, first, last)


@task(priority=DIGEST)
def digest_send(frequency: str, when: str | None = None) -> int:
    """Build (or resume) the digest of the period ``when`` (ISO; default: now) is in,
    and queue its batches."""
    now = datetime.fromisoformat(when) if when else None
    return digests.digest_send(frequency=frequency, now=now, enqueue=batch_enqueue).pk


@task(priority=DIGEST)
def breaking_send(article_id: int) -> str:
    """E-mail a story flagged as breaking, once it is published."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    digest = (
        digests.breaking_send(article=article, enqueue=batch_enqueue)
        if article
        else None
    )
    return str(digest.pk) if digest else "not breaking"


@task
def subscribers_purge() -> int:
    """Forget subscriptions never confirmed."""
    return services.subscribers_purge()


def digests_due(now: datetime) -> list[str]:
    """The worker's clock (dateline.worker.schedule): start today's digest from
    DAILY_AT, and this week's on WEEKLY_DAY; resume a run that stopped making
    progress; forget unconfirmed addresses. Returns the frequencies started."""
    services.subscribers_purge()
    due = digests.frequencies_due(now)
    for frequency in due:
        digest_send.enqueue(frequency, now.isoformat())
    return due


def breaking_due(now: datetime) -> list[int]:
    """The worker's clock: breaking stories whose embargo has just lifted are
    mailed now. Returns the articles queued."""
    due = digests.breaking_stories_due(now)
    for article in due:
        breaking_send.enqueue(article.pk)
    return [article.pk for article in due]


def breaking_later(article: ArticlePage) -> None:
    """Mail a breaking story once the publication commits."""
    transaction.on_commit(lambda: breaking_send.enqueue(article.pk))
