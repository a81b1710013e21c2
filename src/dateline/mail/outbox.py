"""The outbox: every outgoing e-mail is a row that goes through one state machine
(docs/mail.md; decisions 0016 and 0020), so that none is lost or sent twice.

    queued ──claim──▶ claimed ──dot──▶ handed ──250──▶ sent
      ▲                 │                │
      │                 ├─ 5xx ─▶ refused (final; the kind is told: a bounce)
      └─ 4xx, lost ─────┘                └─ the reply timed out ─▶ sent (unconfirmed)
    queued ─▶ suppressed (the kind says the recipient may not be mailed)
    queued ─▶ failed (ATTEMPTS 4xx replies, or queued EXPIRE_HOURS)

A claim is a lease: a sender that dies leaves its message claimed or handed, and
``settle`` decides after LEASE_MINUTES. Handed over, the server had the message
whole, so it counts as sent; only claimed, the server never had it, so it is
queued again. Every read and write on the SMTP connection waits TIMEOUT_SECONDS at
most (a system check keeps it well inside the lease), so a live sender never holds
a message past its lease: a hung server cannot cause a second copy.
"""

import contextlib
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db.models import F, Q
from django.utils import timezone

from .kinds import kind_of
from .models import Message
from .smtp import UNCONFIRMED, handing_over

logger = logging.getLogger(__name__)
Status = Message.Status
RETRY_CAP = timedelta(hours=1)
# The mailer that reaches the mail server (MAILERS["default"] queues into the outbox).
TRANSPORT = "transport"


class ConnectionLost(Exception):
    """The SMTP server went away: stop this batch; what is left stays queued."""


def config() -> dict:
    return settings.DATELINE_MAIL


def new(*, kind: str, recipient: str, data: dict | None = None) -> Message:
    """A message not saved yet (``Message.objects.bulk_create`` a batch of them)."""
    return Message(kind=kind, recipient=recipient, data=data or {})


def claim(ids) -> list[Message]:
    """Claim these messages (queued → claimed) in one statement, for this sender
    alone; those another sender claimed first are left out."""
    now = timezone.now()
    Message.objects.filter(pk__in=list(ids), status=Status.QUEUED).update(
        status=Status.CLAIMED, attempts=F("attempts") + 1, claimed_at=now
    )
    return list(
        Message.objects.filter(pk__in=list(ids), status=Status.CLAIMED, claimed_at=now)
    )


def deliver(message: Message, email, connection) -> str:
    """Send one claimed message (its e-mail, or None when its recipient may not be
    mailed) over an open connection. Returns the outcome: "sent", "suppressed",
    "refused", "retry" or "failed"; raises ConnectionLost when the server went away
    (the message is queued again)."""
    kind = kind_of(message)
    if email is None:
        _mark(message, Status.SUPPRESSED, "")
        return "suppressed"
    handed = []

    def mark() -> None:  # committed before the server can take the message
        handed.append(timezone.now())
        Message.objects.filter(pk=message.pk).update(
            status=Status.HANDED, handed_at=handed[0]
        )

    try:
        with handing_over(connection, mark):
            connection.send_messages([email])
    except smtplib.SMTPRecipientsRefused as error:
        code = min(code for code, _text in error.recipients.values())
        return _answered(message, kind, code, bounce=True)
    except smtplib.SMTPResponseException as error:
        return _answered(message, kind, error.smtp_code, bounce=False)
    except (smtplib.SMTPException, OSError) as error:
        if handed and _timed_out(error):
            # The server has the message whole and is slow to say so: sent, as
            # when its sender dies there (sending it again could make two).
            _mark(message, Status.SENT, UNCONFIRMED, sent_at=handed[0])
        else:
            # No reply, even after the data: the server has not taken the message
            # (RFC 5321, 6.1), so it is tried again, with the same Message-ID.
            _again(message, type(error).__name__)
        raise ConnectionLost from error
    _mark(message, Status.SENT, "", sent_at=timezone.now())
    return "sent"


def _timed_out(error: BaseException) -> bool:
    # smtplib reports a read that timed out as a server that disconnected.
    return isinstance(error, TimeoutError) or isinstance(
        error.__context__, TimeoutError
    )


def _answered(message: Message, kind, code: int, *, bounce: bool) -> str:
    """A 5xx is final, and the kind is told (a refused recipient is a hard
    bounce); a 4xx is tried again later, up to ATTEMPTS."""
    error = f"SMTP {code}"
    if code >= 500:
        _mark(message, Status.REFUSED, error)
        if kind.refused:
            kind.refused(message, code, bounce)
        return "refused"
    if message.attempts >= config()["ATTEMPTS"]:
        _mark(message, Status.FAILED, error)
        return "failed"
    _again(message, error)
    return "retry"


def _again(message: Message, error: str) -> None:
    # The kind, the try and the error class only: never an address.
    logger.warning(
        "Message %s (%s): attempt %s failed (%s)",
        message.pk,
        message.kind,
        message.attempts,
        error,
    )
    delay = timedelta(seconds=config()["RETRY_SECONDS"] * 2 ** (message.attempts - 1))
    _mark(
        message,
        Status.QUEUED,
        error,
        next_attempt_at=timezone.now() + min(delay, RETRY_CAP),
    )


def _mark(message: Message, status: str, error: str, **fields) -> None:
    Message.objects.filter(pk=message.pk).update(
        status=status, last_error=error, **fields
    )
    message.status, message.last_error = status, error
    # The kind and the outcome only: a server's text may quote an address.
    logger.debug("Message %s (%s): %s %s", message.pk, message.kind, status, error)


def release(ids) -> None:
    """Claimed but not tried (the server went away first, or Ctrl-C): queued
    again, the attempt not counted."""
    Message.objects.filter(pk__in=list(ids), status=Status.CLAIMED).update(
        status=Status.QUEUED, attempts=F("attempts") - 1
    )


def send_one(message_id: int) -> str:
    """Send one queued message on a connection of its own (what the task runs).
    Returns its outcome, or "skipped" when it was not queued and due."""
    claimed = claim([message_id])
    if not claimed:
        return "skipped"  # sent, failed, or another sender has it
    connection = mailers[TRANSPORT]
    try:
        email = kind_of(claimed[0]).compose(claimed[0])
        connection.open()
        return deliver(claimed[0], email, connection)
    except ConnectionLost:
        return "retry"
    except (smtplib.SMTPException, OSError) as error:  # the connection did not open
        _again(claimed[0], type(error).__name__)
        return "retry"
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()


def settle(now) -> list[int]:
    """Settle the messages whose sender died (claimed longer than LEASE_MINUTES
    ago): handed over counts as sent; only claimed is queued again, due now.
    Returns the messages queued again."""
    lease = now - timedelta(minutes=config()["LEASE_MINUTES"])
    left = Message.objects.filter(claimed_at__lt=lease)
    left.filter(status=Status.HANDED).update(
        status=Status.SENT, sent_at=F("handed_at"), last_error=UNCONFIRMED
    )
    again = list(left.filter(status=Status.CLAIMED).values_list("pk", flat=True))
    Message.objects.filter(pk__in=again, status=Status.CLAIMED).update(
        status=Status.QUEUED, next_attempt_at=now
    )
    return again


def expire(now) -> int:
    """Give up on the messages queued longer than EXPIRE_HOURS (a server down for
    days): they are failed, not sent late. Returns how many."""
    old = now - timedelta(hours=config()["EXPIRE_HOURS"])
    return Message.objects.filter(status=Status.QUEUED, created_at__lt=old).update(
        status=Status.FAILED, last_error="expired"
    )


def forget(now) -> int:
    """Delete the messages done with longer than RETENTION_DAYS ago (their
    addresses with them). Returns how many."""
    old = now - timedelta(days=config()["RETENTION_DAYS"])
    done = [Status.SENT, Status.REFUSED, Status.SUPPRESSED, Status.FAILED]
    deleted, _by_model = Message.objects.filter(
        status__in=done, created_at__lt=old
    ).delete()
    return deleted


def due(now, *, exclude_kinds=()) -> list[int]:
    """The messages waiting for another try whose time has come. Their next try is
    put a lease later: if the sender given them now never runs, they are due
    again then."""
    waiting = Message.objects.filter(
        status=Status.QUEUED, next_attempt_at__lte=now
    ).exclude(kind__in=list(exclude_kinds))
    ids = list(waiting.values_list("pk", flat=True))
    later = now + timedelta(minutes=config()["LEASE_MINUTES"])
    Message.objects.filter(pk__in=ids).update(next_attempt_at=later)
    return ids


def counts(messages) -> dict[str, int]:
    """How many of these messages (a queryset) are in each status."""
    from django.db.models import Count

    return messages.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )
