"""Thin tasks: each loads what it needs and calls a service (docs/newsletters.md)."""

import smtplib
from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone

from dateline.articles.models import ArticlePage
from dateline.worker.priorities import DIGEST, READER_WAITING

from . import digests, emails, services
from .models import Subscriber

MAIL_ATTEMPTS = 3


@task(priority=READER_WAITING)
def subscriber_mail(subscriber_id: int, kind: str, attempt: int = 1) -> str:
    """Send a confirmation ("confirm") or a link to the preference centre
    ("manage"); a broken SMTP server is tried again later, three times in all."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status == Subscriber.Status.SUPPRESSED:
        return "skipped"
    try:
        emails.subscriber_email(subscriber, kind).send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= MAIL_ATTEMPTS or not subscriber_mail.get_backend().supports_defer:
            raise RuntimeError(
                f"{kind} mail not sent: {type(error).__name__}"
            ) from None
        later = timezone.now() + timedelta(minutes=2**attempt)
        subscriber_mail.using(run_after=later).enqueue(subscriber_id, kind, attempt + 1)
        return "retrying"
    return "sent"


@task(priority=DIGEST)
def deliveries_send(digest_id: int, first: int, last: int) -> dict:
    """Send one batch of a digest's deliveries."""
    return digests.deliveries_send(digest_id=digest_id, first=first, last=last)


@task
def digest_send(frequency: str, when: str | None = None) -> int:
    """Build (or resume) the digest of the period ``when`` (ISO; default: now) is in,
    and queue its batches."""
    now = datetime.fromisoformat(when) if when else None
    return digests.digest_send(frequency=frequency, now=now).pk


@task
def breaking_send(article_id: int) -> str:
    """E-mail a story flagged as breaking, once it is published."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    digest = digests.breaking_send(article=article) if article else None
    return str(digest.pk) if digest else "not breaking"


@task
def subscribers_purge() -> int:
    """Forget subscriptions never confirmed."""
    return services.subscribers_purge()
