"""Digests (docs/newsletters.md): built for each subscriber from their preferences,
and sent in batches through the outbox, exactly once.

Building visits the receiving subscribers in id order, a batch at a time. Subscribers
with the same preferences and the same last digest get the same digest, so it is
rendered once per ``DigestVersion``; each subscriber gets a ``Delivery`` row (unique
per digest and subscriber) with its message in the outbox, and each batch a sending
task (``enqueue``, given by the caller). A run stopped at any point (the worker
killed, the SMTP server gone) is resumed by running it again, and each message
arrives once (docs/decisions/0016-exactly-once-delivery.md).
"""

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dateline.articles.models import ArticlePage
from dateline.core.agency import site_root
from dateline.mail import outbox
from dateline.mail.models import Message

from .models import Delivery, Digest, Frequency, Subscriber
from .rendering import version_render
from .selection import FURTHEST, Story, issue_key, select, since_last, stories
from .services import config

Status = Message.Status
Progress = Callable[[int], None] | None
# Queue the sending of a batch: (digest id, first subscriber id, last, after when).
Enqueue = Callable[..., None]
KIND = "digest"


def digest_build(
    digest: Digest, *, pool: list[Story], enqueue: Enqueue, progress: Progress = None
) -> int:
    """Create the deliveries of every receiving subscriber not visited yet, a batch
    at a time, and queue a sending task for each batch. Returns how many deliveries
    were created."""
    batch = config()["BATCH"]
    root = site_root()  # read once: a run renders thousands of versions
    versions: dict[str, int | None] = dict(
        digest.versions.values_list("signature", "pk")
    )
    created = 0
    while True:
        chunk = list(
            Subscriber.objects.receiving(digest.frequency)
            .filter(pk__gt=digest.built_through)
            .order_by("pk")[:batch]
        )
        if not chunk:
            break
        rows = _deliveries(digest, chunk, pool, versions, root)
        with transaction.atomic():
            messages = Message.objects.bulk_create(
                outbox.new(kind=KIND, recipient=subscriber.email)
                for subscriber, _version in rows
            )
            Delivery.objects.bulk_create(
                Delivery(
                    digest=digest, subscriber=subscriber, version_id=version, message=m
                )
                for (subscriber, version), m in zip(rows, messages, strict=True)
            )
            digest.built_through = chunk[-1].pk
            digest.save(update_fields=["built_through"])
            transaction.on_commit(
                lambda first=chunk[0].pk, last=chunk[-1].pk: enqueue(
                    digest.pk, first, last
                ),
                robust=True,
            )
        created += len(rows)
        if progress:
            progress(len(chunk))
    digest.built_at = timezone.now()
    digest.save(update_fields=["built_at"])
    return created


def _deliveries(digest, chunk, pool, versions, root) -> list[tuple]:
    """(subscriber, version id) for each subscriber of the chunk who gets this
    digest: there is something new for them, and they have not had it."""
    start = since_last(digest, chunk)
    had = set(
        digest.deliveries.filter(subscriber__in=chunk).values_list(
            "subscriber_id", flat=True
        )
    )
    rows = []
    for subscriber in chunk:
        signature = hashlib.sha256(
            repr((subscriber.preferences, start[subscriber.pk])).encode()
        ).hexdigest()
        if signature not in versions:
            lead, groups = select(
                pool,
                subscriber,
                start[subscriber.pk],
                lead=digest.frequency != Frequency.BREAKING,
            )
            versions[signature] = (
                version_render(digest, subscriber, lead, groups, signature, root).pk
                if groups
                else None  # nothing new: no e-mail
            )
        if versions[signature] is not None and subscriber.pk not in had:
            rows.append((subscriber, versions[signature]))
    return rows


def _resume(digest: Digest, enqueue: Enqueue) -> None:
    """Settle what an earlier run left (outbox.settle: a message whose sender died
    is sent again, unless it had been handed over), and queue its batches again."""
    outbox.settle(timezone.now())
    queued = digest.deliveries.filter(message__status=Status.QUEUED).order_by(
        "subscriber_id"
    )
    ids = list(queued.values_list("subscriber_id", flat=True))
    batch = config()["BATCH"]
    for start in range(0, len(ids), batch):
        part = ids[start : start + batch]
        transaction.on_commit(
            lambda first=part[0], last=part[-1]: enqueue(digest.pk, first, last),
            robust=True,
        )


def digest_send(
    *,
    frequency: str,
    enqueue: Enqueue,
    now: datetime | None = None,
    progress: Progress = None,
) -> Digest:
    """Send this period's digest (``dateline newsletters send``, or the worker on its
    schedule): open it, or resume it where an earlier run stopped; a run after it
    was built also sends it to the subscribers who joined since."""
    now = now or timezone.now()
    digest, _created = Digest.objects.get_or_create(
        frequency=frequency,
        key=issue_key(frequency, now),
        defaults={"period_end": now},
    )
    with transaction.atomic():
        _resume(digest, enqueue)
    # Run again the same day, it also reaches those who subscribed since.
    joined = Subscriber.objects.receiving(frequency).filter(pk__gt=digest.built_through)
    if digest.built_at is None or joined.exists():
        until = digest.period_end
        pool = stories(since=until - FURTHEST[frequency], until=until)
        digest_build(digest, pool=pool, enqueue=enqueue, progress=progress)
    return digest


def breaking_send(*, article: ArticlePage, enqueue: Enqueue) -> Digest | None:
    """E-mail a story flagged as breaking to the breaking-news subscribers, once each,
    in the version of their language when it exists. Publishing a translation later
    reaches the subscribers of that edition alone."""
    now = timezone.now()
    if not article.breaking or not article.published_at:
        return None
    if article.published_at > now:
        return None  # under embargo: breaking_due sends it when its time comes
    if article.published_at < now - timedelta(days=1):
        return None  # an old story republished is not news
    digest, created = Digest.objects.get_or_create(
        frequency=Frequency.BREAKING,
        key=str(article.translation_key),
        defaults={"period_end": now, "article": article},
    )
    pool = stories(since=now, until=now, translation_key=article.translation_key)
    if not created:
        # A new edition's version: visit every subscriber again (those already
        # sent keep their delivery, and get no second).
        digest.period_end, digest.built_through, digest.built_at = now, 0, None
        digest.save(update_fields=["period_end", "built_through", "built_at"])
    digest_build(digest, pool=pool, enqueue=enqueue)
    return digest


def breaking_stories_due(now: datetime) -> list[ArticlePage]:
    """Breaking stories whose embargo has just lifted (published earlier with a
    publication time to come), not mailed yet."""
    sent = set(
        Digest.objects.filter(
            frequency=Frequency.BREAKING, created_at__gte=now - timedelta(days=2)
        ).values_list("key", flat=True)
    )
    return [
        article
        for article in ArticlePage.objects.published().filter(
            breaking=True,
            published_at__gt=now - timedelta(days=1),
            published_at__lte=now,
        )
        if str(article.translation_key) not in sent
    ]


def digest_counts(digest: Digest) -> dict[str, int]:
    """How many of a run's messages are in each status."""
    return outbox.counts(Message.objects.filter(delivery__digest=digest))


def frequencies_due(now: datetime) -> list[str]:
    """The digests to start or resume now: today's from DAILY_AT, this week's on
    WEEKLY_DAY, unless being built or sent, or done."""
    conf = config()
    local = timezone.localtime(now)
    hour, minute = (int(part) for part in conf["DAILY_AT"].split(":"))
    if (local.hour, local.minute) < (hour, minute):
        return []
    due = [Frequency.DAILY]
    if local.isoweekday() == conf["WEEKLY_DAY"]:
        due.append(Frequency.WEEKLY)
    return [f for f in due if _wants_a_run(f, now)]


def _wants_a_run(frequency: str, now: datetime) -> bool:
    digest = Digest.objects.filter(
        frequency=frequency, key=issue_key(frequency, now)
    ).first()
    if digest is None:
        return True
    stalled = now - timedelta(minutes=outbox.config()["LEASE_MINUTES"])
    if digest.built_at is None:
        return digest.created_at <= stalled  # else: being built
    unsent = [Status.QUEUED, Status.CLAIMED, Status.HANDED]
    return (
        digest.built_at < stalled
        and digest.deliveries.filter(message__status__in=unsent).exists()
        and not digest.deliveries.filter(message__sent_at__gte=stalled).exists()
    )
