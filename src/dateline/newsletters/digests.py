"""Digests (docs/newsletters.md): build each subscriber's from their preferences, and
deliver it exactly once.

Building visits the receiving subscribers in id order, a batch at a time. Subscribers
with the same preferences and the same last digest get the same digest, so it is
rendered once per ``DigestVersion``; each subscriber gets a ``Delivery`` row (unique
per digest and subscriber) and each batch a sending task. A delivery is claimed
(queued → sending) before it is sent, marked handed over just before the SMTP
server can take it (the final dot of its data), and marked sent after, so a run
stopped at any point (the worker killed, the SMTP server gone) is resumed by running
it again, and each message arrives once (docs/decisions/0016-exactly-once-delivery.md).
"""

import contextlib
import hashlib
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from dateline.articles.models import ArticlePage
from dateline.core.agency import absolute, site_root
from dateline.mail.smtp import UNCONFIRMED, handing_over
from dateline.text.countries import country_name

from . import links
from .emails import DigestMessage, html_inlined, mail_domain
from .models import Delivery, Digest, DigestVersion, Frequency, Subscriber
from .services import config, subscriber_suppress, subscribers_purge

logger = logging.getLogger(__name__)
Status = Delivery.Status
Progress = Callable[[int], None] | None

# Each subscriber's own links are put in when the message is sent.
MANAGE_URL = "https://newsletter.invalid/manage"
UNSUBSCRIBE_URL = "https://newsletter.invalid/unsubscribe"

# A first digest looks back one period; a later one to the last digest sent, but
# never further back than this.
PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
FURTHEST = {Frequency.DAILY: timedelta(days=7), Frequency.WEEKLY: timedelta(days=28)}


@dataclass(frozen=True)
class Story:
    """What a digest shows of an article, read once per run."""

    key: str  # translation key: the same story in every edition
    language: str
    title: str
    lede: str
    url: str
    published_at: datetime
    countries: frozenset
    section_key: str
    section_title: str
    lead: bool


def issue_key(frequency: str, now: datetime) -> str:
    """Today's date, or this ISO week: one digest of each per period."""
    day = timezone.localdate(now)
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def stories(*, since: datetime, until: datetime, translation_key=None) -> list[Story]:
    """The published articles of the period (or one story's versions), newest first."""
    articles = ArticlePage.objects.published().filter(published_at__lte=until)
    if translation_key is not None:
        articles = articles.filter(translation_key=translation_key)
    else:
        articles = articles.filter(published_at__gt=since)
    articles = (
        articles.select_related("locale", "section")
        .prefetch_related("countries")
        .order_by("-published_at", "-pk")
    )
    return [
        Story(
            key=str(article.translation_key),
            language=article.locale.language_code,
            title=article.title,
            lede=article.lede,
            url=absolute(article.url or ""),
            published_at=article.published_at,
            countries=frozenset(c.code for c in article.countries.all()),
            section_key=str(article.section.translation_key) if article.section else "",
            section_title=article.section.title if article.section else "",
            lead=article.digest_lead,
        )
        for article in articles
    ]


def select(
    pool: list[Story], subscriber: Subscriber, since: datetime, *, lead: bool = True
) -> tuple[Story | None, list[tuple[str, list[Story]]]]:
    """The lead story and the groups of stories one subscriber gets: one version of
    each story (their language first), in their editions, about their countries or
    topics (all, if they chose none), published after ``since``."""
    language, editions, countries, sections = subscriber.preferences
    # Their editions only, the one of their language first.
    rank = {
        code: i for i, code in enumerate(sorted(editions, key=lambda c: c != language))
    }
    best: dict[str, Story] = {}
    for story in pool:
        if story.language not in rank or story.published_at <= since:
            continue
        kept = best.get(story.key)
        if kept is None or rank[story.language] < rank[kept.language]:
            best[story.key] = story
    chosen = sorted(best.values(), key=lambda s: s.published_at, reverse=True)
    lead = next((story for story in chosen if story.lead), None) if lead else None
    everything = not countries and not sections
    matching = [
        story
        for story in chosen
        if story is not lead
        and (
            everything
            or story.countries & set(countries)
            or story.section_key in sections
        )
    ]
    groups: dict[str, list[Story]] = {}
    for story in matching:
        if story.section_title:
            title = story.section_title
        elif story.countries:
            title = country_name(sorted(story.countries)[0], language)
        else:
            title = ""
        groups.setdefault(title, []).append(story)
    return lead, list(groups.items())


def _render(
    digest: Digest, subscriber: Subscriber, lead, groups, signature: str, root: str
) -> DigestVersion:
    language = subscriber.language
    with override(language):
        site = settings.WAGTAIL_SITE_NAME
        if digest.frequency == Frequency.BREAKING:
            story = groups[0][1][0]
            subject = _("%(site)s breaking news: %(headline)s") % {
                "site": site,
                "headline": story.title,
            }
        else:
            day = formats.date_format(
                timezone.localtime(digest.period_end), "DATE_FORMAT"
            )
            if digest.frequency == Frequency.WEEKLY:
                subject = _("%(site)s: your weekly digest, %(date)s")
            else:
                subject = _("%(site)s: your daily digest, %(date)s")
            subject = subject % {"site": site, "date": day}
        context = {
            "digest": digest,
            "subject": subject,
            "site_name": site,
            "site_url": root,
            "lead": lead,
            "groups": [(title or _("More news"), items) for title, items in groups],
            "manage_url": MANAGE_URL,
            "unsubscribe_url": UNSUBSCRIBE_URL,
            "language": language,
        }
        text = render_to_string("newsletters/email/digest.txt", context)
        html = html_inlined("newsletters/email/digest.html", context)
    version, _created = DigestVersion.objects.get_or_create(
        digest=digest,
        signature=signature,
        defaults={
            "language": language,
            "subject": " ".join(subject.split()),
            "html": html,
            "text": text,
            "articles": sum(len(items) for _title, items in groups) + bool(lead),
        },
    )
    return version


def _since(digest: Digest, chunk: list[Subscriber]) -> dict[int, datetime]:
    """Where each subscriber's digest starts: after the last one they were sent."""
    until = digest.period_end
    if digest.frequency == Frequency.BREAKING:
        return {s.pk: until - timedelta(days=1) for s in chunk}
    last = dict(
        Delivery.objects.filter(
            subscriber__in=chunk,
            status=Status.SENT,
            digest__frequency=digest.frequency,
            digest__period_end__lt=until,
        )
        .values("subscriber")
        .annotate(end=Max("digest__period_end"))
        .values_list("subscriber", "end")
    )
    # A first digest (a new subscriber's) brings the period's news.
    first = until - PERIOD[digest.frequency]
    furthest = until - FURTHEST[digest.frequency]
    return {s.pk: max(last.get(s.pk, first), furthest) for s in chunk}


def digest_build(
    digest: Digest, *, pool: list[Story], progress: Progress = None
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
        since = _since(digest, chunk)
        rows = []
        for subscriber in chunk:
            signature = hashlib.sha256(
                repr((subscriber.preferences, since[subscriber.pk])).encode()
            ).hexdigest()
            if signature not in versions:
                lead, groups = select(
                    pool,
                    subscriber,
                    since[subscriber.pk],
                    lead=digest.frequency != Frequency.BREAKING,
                )
                versions[signature] = (
                    _render(digest, subscriber, lead, groups, signature, root).pk
                    if groups
                    else None  # nothing new: no e-mail
                )
            if versions[signature] is not None:
                rows.append(
                    Delivery(
                        digest=digest,
                        subscriber=subscriber,
                        version_id=versions[signature],
                    )
                )
        with transaction.atomic():
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            digest.built_through = chunk[-1].pk
            digest.save(update_fields=["built_through"])
            _enqueue(digest, chunk[0].pk, chunk[-1].pk)
        created += len(rows)
        if progress:
            progress(len(chunk))
    digest.built_at = timezone.now()
    digest.save(update_fields=["built_at"])
    return created


def _enqueue(digest: Digest, first: int, last: int, *, after: datetime | None = None):
    from .tasks import deliveries_send

    task = deliveries_send
    if after is not None:
        if not task.get_backend().supports_defer:
            return  # the next ``newsletters send`` picks them up
        task = task.using(run_after=after)
    transaction.on_commit(lambda: task.enqueue(digest.pk, first, last), robust=True)


def _resume(digest: Digest) -> None:
    """Settle what an earlier run left, and queue its batches again. A delivery
    claimed by a worker that died (past the lease) is sent again, unless the worker
    had handed it over: the server then has it, and it counts as sent."""
    lease = timezone.now() - timedelta(minutes=config()["LEASE_MINUTES"])
    left = digest.deliveries.filter(status=Status.SENDING, claimed_at__lt=lease)
    left.filter(handed_at__isnull=False).update(
        status=Status.SENT, sent_at=F("handed_at"), last_error=UNCONFIRMED
    )
    left.update(status=Status.QUEUED)
    queued = digest.deliveries.filter(status=Status.QUEUED).order_by("subscriber_id")
    ids = list(queued.values_list("subscriber_id", flat=True))
    batch = config()["BATCH"]
    for start in range(0, len(ids), batch):
        part = ids[start : start + batch]
        _enqueue(digest, part[0], part[-1])


def digest_send(
    *, frequency: str, now: datetime | None = None, progress: Progress = None
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
        _resume(digest)
    # Run again the same day, it also reaches those who subscribed since.
    joined = Subscriber.objects.receiving(frequency).filter(pk__gt=digest.built_through)
    if digest.built_at is None or joined.exists():
        until = digest.period_end
        pool = stories(since=until - FURTHEST[frequency], until=until)
        digest_build(digest, pool=pool, progress=progress)
    return digest


def breaking_send(*, article: ArticlePage) -> Digest | None:
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
        # sent keep their delivery; the unique constraint keeps them from a second).
        digest.period_end, digest.built_through, digest.built_at = now, 0, None
        digest.save(update_fields=["period_end", "built_through", "built_at"])
    digest_build(digest, pool=pool)
    return digest


def breaking_due(now: datetime) -> list[int]:
    """The worker's clock: breaking stories whose embargo has just lifted (published
    earlier with a publication time to come) are mailed now. Returns the articles
    queued."""
    from .tasks import breaking_send as breaking_send_task

    sent = set(
        Digest.objects.filter(
            frequency=Frequency.BREAKING, created_at__gte=now - timedelta(days=2)
        ).values_list("key", flat=True)
    )
    due = [
        article
        for article in ArticlePage.objects.published().filter(
            breaking=True,
            published_at__gt=now - timedelta(days=1),
            published_at__lte=now,
        )
        if str(article.translation_key) not in sent
    ]
    for article in due:
        breaking_send_task.enqueue(article.pk)
    return [article.pk for article in due]


def digest_email(delivery: Delivery, *, root: str) -> DigestMessage:
    """One subscriber's message: the rendered version with their own links, and
    the headers of a list (RFC 2369, RFC 8058 one-click unsubscribe)."""
    subscriber, version = delivery.subscriber, delivery.version
    token = links.token_for(subscriber, "unsubscribe")
    unsubscribe = links.url_for(subscriber, "unsubscribe", root=root, token=token)
    manage = links.url_for(subscriber, "manage", root=root)
    domain = mail_domain()
    message = DigestMessage(
        subject=version.subject,
        body=version.text.replace(MANAGE_URL, manage).replace(
            UNSUBSCRIBE_URL, unsubscribe
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>, <{links.unsubscribe_mailto(token)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{delivery.digest.frequency}.newsletter.{domain}>",
            # The same for a second try, so a receiver can tell a repeat.
            "Message-ID": f"<digest.{delivery.digest_id}.{subscriber.pk}@{domain}>",
        },
    )
    message.attach_alternative(
        version.html.replace(MANAGE_URL, manage).replace(UNSUBSCRIBE_URL, unsubscribe),
        "text/html",
    )
    return message


# Deliveries claimed in one statement.
CLAIM = 50


class ConnectionLost(Exception):
    """The SMTP server went away: stop this batch; what is left stays queued."""


def deliveries_send(
    *, digest_id: int, first: int, last: int, progress: Progress = None
) -> dict[str, int]:
    """Send the queued deliveries of one batch (subscribers ``first``..``last``) over
    one connection. Returns the count of each outcome."""
    counts = {"sent": 0, "failed": 0, "suppressed": 0, "retry": 0, "skipped": 0}
    pending = list(
        Delivery.objects.filter(
            digest_id=digest_id,
            subscriber__id__range=(first, last),
            status=Status.QUEUED,
        )
        .select_related("subscriber", "version", "digest")
        .order_by("subscriber_id")
    )
    if not pending:
        return counts
    root = site_root()
    connection = mailers.default
    claimed: list[int] = []
    tried: set[int] = set()
    try:
        connection.open()
        for start in range(0, len(pending), CLAIM):
            chunk = _claim(pending[start : start + CLAIM], counts)
            claimed += [delivery.pk for delivery in chunk]
            for delivery in chunk:
                tried.add(delivery.pk)
                counts[_deliver(delivery, connection, root)] += 1
                if progress:
                    progress(1)
    except (ConnectionLost, smtplib.SMTPException, OSError) as error:
        cause = error.__cause__ or error
        # The class only: a server's text may quote an address.
        logger.warning("Digest %s: SMTP lost (%s)", digest_id, type(cause).__name__)
        counts["retry"] += 1
    finally:
        # Claimed but not tried (the server went away, or Ctrl-C): queued again.
        # The one being sent when Ctrl-C came is settled when its lease ends: sent
        # again, or counted sent if it had been handed over.
        untried = [pk for pk in claimed if pk not in tried]
        Delivery.objects.filter(pk__in=untried, status=Status.SENDING).update(
            status=Status.QUEUED, attempts=F("attempts") - 1
        )
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    if counts["retry"]:
        wait = timedelta(minutes=1)
        with transaction.atomic():
            _enqueue(pending[0].digest, first, last, after=timezone.now() + wait)
    return counts


def _claim(chunk: list[Delivery], counts: dict) -> list[Delivery]:
    """Claim a chunk of deliveries (queued → sending) in one statement; those another
    worker claimed first are skipped."""
    stamp = timezone.now()
    Delivery.objects.filter(pk__in=[d.pk for d in chunk], status=Status.QUEUED).update(
        status=Status.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=stamp,
        handed_at=None,
    )
    mine = set(
        Delivery.objects.filter(
            pk__in=[d.pk for d in chunk], status=Status.SENDING, claimed_at=stamp
        ).values_list("pk", flat=True)
    )
    counts["skipped"] += len(chunk) - len(mine)
    return [d for d in chunk if d.pk in mine]


def _deliver(delivery: Delivery, connection, root: str) -> str:
    delivery.attempts += 1
    if delivery.subscriber.status != Subscriber.Status.ACTIVE:
        _mark(delivery, Status.SUPPRESSED, "")
        return "suppressed"
    message = digest_email(delivery, root=root)

    def handed() -> None:  # committed before the server can take the message
        Delivery.objects.filter(pk=delivery.pk).update(handed_at=timezone.now())

    try:
        with handing_over(connection, handed):
            connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        code = min(code for code, _text in error.recipients.values())
        return _refused(delivery, code, bounce=True)
    except smtplib.SMTPResponseException as error:
        return _refused(delivery, error.smtp_code, bounce=False)
    except (smtplib.SMTPException, OSError) as error:
        # No reply, even after the data: the server has not taken the message
        # (RFC 5321, 6.1), so it is tried again, with the same Message-ID.
        _mark(delivery, Status.QUEUED, type(error).__name__)
        raise ConnectionLost from error
    _mark(delivery, Status.SENT, "", sent_at=timezone.now())
    return "sent"


def _refused(delivery: Delivery, code: int, *, bounce: bool) -> str:
    """A 5xx is final (and a refused recipient a hard bounce: suppressed); a 4xx is
    tried again, up to ATTEMPTS."""
    error = f"SMTP {code}"
    if code >= 500:
        _mark(delivery, Status.FAILED, error)
        if bounce:
            subscriber_suppress(
                email=delivery.subscriber.email, reason=f"bounce: {error}"
            )
        return "failed"
    if delivery.attempts >= config()["ATTEMPTS"]:
        _mark(delivery, Status.FAILED, error)
        return "failed"
    _mark(delivery, Status.QUEUED, error)
    return "retry"


def _mark(delivery: Delivery, status: str, error: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, last_error=error, **fields
    )
    logger.debug("Delivery %s: %s %s", delivery.pk, status, error)


def digest_counts(digest: Digest) -> dict[str, int]:
    """How many deliveries of a run are in each status."""
    return digest.deliveries.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )


def digests_due(now: datetime) -> list[str]:
    """The worker's clock (dateline.worker.schedule): start today's digest from
    DAILY_AT, and this week's on WEEKLY_DAY; resume a run that stopped making
    progress; forget unconfirmed addresses. Returns the frequencies started."""
    from .tasks import digest_send as digest_send_task

    conf = config()
    subscribers_purge()
    local = timezone.localtime(now)
    hour, minute = (int(part) for part in conf["DAILY_AT"].split(":"))
    if (local.hour, local.minute) < (hour, minute):
        return []
    due = [Frequency.DAILY]
    if local.isoweekday() == conf["WEEKLY_DAY"]:
        due.append(Frequency.WEEKLY)
    started = []
    stalled = now - timedelta(minutes=conf["LEASE_MINUTES"])
    for frequency in due:
        digest = Digest.objects.filter(
            frequency=frequency, key=issue_key(frequency, now)
        ).first()
        if digest is None:
            pass
        elif digest.built_at is None:
            if digest.created_at > stalled:
                continue  # being built
        elif not (
            digest.built_at < stalled
            and digest.deliveries.filter(
                status__in=[Status.QUEUED, Status.SENDING]
            ).exists()
            and not digest.deliveries.filter(sent_at__gte=stalled).exists()
        ):
            continue  # done, or sending
        digest_send_task.enqueue(frequency, now.isoformat())
        started.append(frequency)
    return started
