"""Newsletters' messages through the outbox (dateline.mail): a digest's batch sent
over one connection, and what the outbox asks of this app: each kind's message
made when it is sent, and a refused recipient suppressed."""

import contextlib
import logging
import smtplib
from collections.abc import Callable

from django.core.mail import mailers

from dateline.core.agency import site_root
from dateline.mail import outbox
from dateline.mail.models import Message

from .emails import subscriber_email
from .models import Delivery, Subscriber
from .rendering import digest_email
from .services import subscriber_suppress

logger = logging.getLogger(__name__)
Status = Message.Status
# Messages claimed in one statement.
CLAIM = 50


def deliveries_send(
    *, digest_id: int, first: int, last: int, progress: Callable | None = None
) -> dict[str, int]:
    """Send the queued messages of one batch of a digest (subscribers ``first`` to
    ``last``) over one connection. Returns the count of each outcome; "retry" when
    the server went away (what is left stays queued)."""
    counts = dict.fromkeys(
        ("sent", "failed", "refused", "suppressed", "retry", "skipped"), 0
    )
    pending = {
        delivery.message_id: delivery
        for delivery in Delivery.objects.filter(
            digest_id=digest_id,
            subscriber__id__range=(first, last),
            message__status=Status.QUEUED,
        )
        .select_related("subscriber", "version", "digest")
        .order_by("subscriber_id")
    }
    if not pending:
        return counts
    root = site_root()
    connection = mailers[outbox.TRANSPORT]
    ids, claimed, tried = list(pending), [], set()
    try:
        connection.open()
        for start in range(0, len(ids), CLAIM):
            chunk = outbox.claim(ids[start : start + CLAIM])
            counts["skipped"] += min(CLAIM, len(ids) - start) - len(chunk)
            claimed += [message.pk for message in chunk]
            for message in chunk:
                tried.add(message.pk)
                email = _digest_email(pending[message.pk], root)
                counts[outbox.deliver(message, email, connection)] += 1
                if progress:
                    progress(1)
    except (outbox.ConnectionLost, smtplib.SMTPException, OSError) as error:
        cause = error.__cause__ or error
        # The class only: a server's text may quote an address.
        logger.warning("Digest %s: SMTP lost (%s)", digest_id, type(cause).__name__)
        counts["retry"] += 1
    finally:
        outbox.release(pk for pk in claimed if pk not in tried)
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return counts


def _digest_email(delivery: Delivery, root: str):
    if delivery.subscriber.status != Subscriber.Status.ACTIVE:
        return None  # unsubscribed or suppressed since the digest was built
    return digest_email(delivery, root=root)


def compose_digest(message: Message):
    """The outbox's "digest" kind, for a message sent on its own."""
    delivery = Delivery.objects.select_related("subscriber", "version", "digest").get(
        message=message
    )
    return _digest_email(delivery, site_root())


def compose_subscriber_mail(message: Message):
    """The outbox's "confirm" and "manage" kinds: a confirmation, or a link to the
    preference centre."""
    subscriber = Subscriber.objects.filter(pk=message.data.get("subscriber")).first()
    if subscriber is None or subscriber.status == Subscriber.Status.SUPPRESSED:
        return None
    return subscriber_email(subscriber, message.kind)


def refused(message: Message, code: int, bounce: bool) -> None:
    """A recipient the server refused for good is a hard bounce: no more mail."""
    if bounce:
        subscriber_suppress(email=message.recipient, reason=f"bounce: SMTP {code}")
