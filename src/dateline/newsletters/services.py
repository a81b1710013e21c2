"""Writes of the subscriber's side (docs/newsletters.md): subscribe with double opt-in,
confirm, change preferences, pause, unsubscribe, suppress, purge.

No answer depends on whether an address is known: the views give the same response,
and what differs (a confirmation, a "manage" mail, nothing) happens in a task.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dateline.mail.models import Message
from dateline.mail.tasks import message_queue

from .models import Subscriber

logger = logging.getLogger(__name__)
Status = Subscriber.Status


# The outbox's kinds of message this app writes one at a time.
MAIL_KINDS = ["confirm", "manage"]


def config() -> dict:
    return settings.DATELINE_NEWSLETTERS


def normalise(email: str) -> str:
    return email.strip().lower()


def _mail_later(subscriber: Subscriber, kind: str) -> None:
    """Queue a confirmation or "manage" mail, at most one per MAIL_INTERVAL and
    MAILS_PER_DAY in a day (from the first), whoever asks from wherever: the form
    cannot be used to flood an inbox. The caller holds the row's lock."""
    now = timezone.now()
    interval = timedelta(minutes=config()["MAIL_INTERVAL_MINUTES"])
    if subscriber.mailed_at and subscriber.mailed_at > now - interval:
        return
    began, count = subscriber.mail_day_began, subscriber.mails_that_day
    if began is None or began <= now - timedelta(days=1):
        began, count = now, 0
    if count >= config()["MAILS_PER_DAY"]:
        return
    Subscriber.objects.filter(pk=subscriber.pk).update(
        mailed_at=now, mail_day_began=began, mails_that_day=count + 1
    )
    message_queue(
        kind=kind, recipient=subscriber.email, data={"subscriber": subscriber.pk}
    )


@transaction.atomic
def subscription_request(
    *,
    email: str,
    language: str,
    editions: list[str],
    countries: list[str],
    sections: list[str],
    frequency: str,
) -> None:
    """Ask to subscribe: a new or unconfirmed address gets a confirmation link; a
    subscribed one a link to its preferences (its choices are not changed by a
    stranger); a suppressed one nothing. The caller cannot tell which."""
    preferences = {
        "language": language,
        "editions": editions,
        "countries": countries,
        "sections": sections,
        "frequency": frequency,
    }
    subscriber, created = Subscriber.objects.select_for_update().get_or_create(
        email=normalise(email), defaults=preferences
    )
    if subscriber.status in (Status.ACTIVE, Status.PAUSED):
        _mail_later(subscriber, "manage")
    elif subscriber.status in (Status.PENDING, Status.UNSUBSCRIBED):
        if not created:
            for field, value in preferences.items():
                setattr(subscriber, field, value)
            subscriber.status = Status.PENDING
            subscriber.save()
        _mail_later(subscriber, "confirm")


@transaction.atomic
def subscription_confirm(*, subscriber: Subscriber) -> Subscriber:
    """Confirm a pending subscription (idempotent: a second click changes nothing)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Status.PENDING:
        subscriber.status = Status.ACTIVE
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at", "updated_at"])
    return subscriber


@transaction.atomic
def subscription_update(
    *,
    subscriber: Subscriber,
    editions: list[str],
    countries: list[str],
    sections: list[str],
    frequency: str,
    paused: bool,
) -> Subscriber:
    """Save the preference centre. Pausing or resuming applies to a confirmed
    subscription; a suppressed address stays suppressed."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    subscriber.editions = editions
    subscriber.countries = countries
    subscriber.sections = sections
    subscriber.frequency = frequency
    if subscriber.status in (Status.ACTIVE, Status.PAUSED):
        subscriber.status = Status.PAUSED if paused else Status.ACTIVE
    elif subscriber.status == Status.UNSUBSCRIBED and not paused:
        # Saving preferences from a genuine link is a confirmed wish to come back.
        subscriber.status = Status.ACTIVE
    subscriber.save()
    return subscriber


def subscription_cancel(*, subscriber: Subscriber) -> None:
    """Unsubscribe (one click, idempotent). The row stays, without mail, so that the
    preference centre can offer to come back; ``delete`` removes it on request."""
    Subscriber.objects.filter(
        pk=subscriber.pk, status__in=[Status.PENDING, Status.ACTIVE, Status.PAUSED]
    ).update(status=Status.UNSUBSCRIBED, updated_at=timezone.now())


def manage_link_request(*, email: str) -> None:
    """ "Send me a link to manage my subscription": sent only to a known, mailable
    address; the caller cannot tell whether it was."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(
                email=normalise(email),
                status__in=[Status.ACTIVE, Status.PAUSED, Status.UNSUBSCRIBED],
            )
            .first()
        )
        if subscriber is not None:
            _mail_later(subscriber, "manage")


def subscriber_suppress(*, email: str, reason: str) -> bool:
    """Never mail this address again (a hard bounce, a complaint). Returns whether a
    subscriber was suppressed now."""
    updated = (
        Subscriber.objects.filter(email=normalise(email))
        .exclude(status=Status.SUPPRESSED)
        .update(status=Status.SUPPRESSED, suppressed_reason=reason[:100])
    )
    if updated:
        logger.info("Newsletters: an address was suppressed (%s)", reason[:100])
    return bool(updated)


def suppression_from_event(*, event, service: str) -> bool:
    """An e-mail service's tracking event (django-anymail): a hard bounce, a
    complaint or a rejection suppresses the address; a soft bounce (4xx, a
    time-out) does not. Returns whether a subscriber was suppressed."""
    kind = event.event_type
    if kind not in ("bounced", "complained", "rejected") or not event.recipient:
        return False
    soft = str(event.mta_response or "").startswith("4") or (
        event.reject_reason == "timed_out"
    )
    if kind == "bounced" and soft:
        return False
    return subscriber_suppress(email=event.recipient, reason=f"{service} {kind}")


def notice_apply(*, kind: str, value: str) -> bool:
    """Act on a bounce, complaint or unsubscribe request read from the bounce
    mailbox or a CSV (dateline.newsletters.bounces). Returns whether a subscriber
    changed; applying a notice twice changes nothing the second time."""
    if kind in ("bounce", "complaint"):
        return subscriber_suppress(email=value, reason=kind)
    if kind == "unsubscribe":
        from . import links

        try:
            subscriber = links.subscriber_for(value, "unsubscribe")
        except links.Expired:
            subscriber = None
        if subscriber is not None and subscriber.status != Status.UNSUBSCRIBED:
            subscription_cancel(subscriber=subscriber)
            return True
    return False


def subscribers_purge() -> int:
    """Delete the subscriptions never confirmed within PENDING_DAYS."""
    cutoff = timezone.now() - timedelta(days=config()["PENDING_DAYS"])
    pending = Subscriber.objects.filter(status=Status.PENDING, created_at__lt=cutoff)
    # Their confirmations in the outbox hold the address too.
    ids = list(pending.values_list("pk", flat=True))
    Message.objects.filter(kind__in=MAIL_KINDS, data__subscriber__in=ids).delete()
    deleted, _by_model = pending.delete()
    return deleted
