"""Writes of Send to a friend (docs/sharing.md): accept a share within the limits,
send its messages, retry them, and forget addresses after the retention period."""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dateline.articles.models import ArticlePage
from dateline.core.agency import absolute
from dateline.mail.smtp import UNCONFIRMED, handing_over

from .models import Share, ShareMessage

logger = logging.getLogger(__name__)
Status = ShareMessage.Status


class Refused(Exception):
    """A share that is not sent; ``reason`` is shown to the reader as it is."""

    def __init__(self, reason: str, status: int = 429):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def config() -> dict:
    return settings.DATELINE_SHARING


def key_of(value: str) -> str:
    """What the limits count by: a keyed hash of an address, never the address."""
    return salted_hmac(
        "dateline.sharing", value.strip().lower(), algorithm="sha256"
    ).hexdigest()


def _serialise() -> None:
    """One share is checked against the limits at a time, so that two at once cannot
    both pass. SQLite's immediate transactions already do this; PostgreSQL takes a
    transaction-level advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x5AA7E])


def _check_limits(*, client_key: str, sender_key: str, count: int) -> None:
    conf = config()
    now = timezone.now()
    hour, day = now - timedelta(hours=1), now - timedelta(days=1)
    messages = ShareMessage.objects
    for by in ({"share__client_key": client_key}, {"share__sender_key": sender_key}):
        if (
            messages.filter(created_at__gte=hour, **by).count() + count
            > conf["PER_HOUR"]
            or messages.filter(created_at__gte=day, **by).count() + count
            > conf["PER_DAY"]
        ):
            raise Refused(
                ngettext(
                    "You can send %(count)d article an hour and %(day)d a day. "
                    "Please try again later.",
                    "You can send %(count)d articles an hour and %(day)d a day. "
                    "Please try again later.",
                    conf["PER_HOUR"],
                )
                % {"count": conf["PER_HOUR"], "day": conf["PER_DAY"]}
            )
    if messages.filter(created_at__gte=hour).count() + count > conf["SITE_PER_HOUR"]:
        raise Refused(
            _(
                "Too many articles are being sent from this site right now. "
                "Please try again in an hour."
            )
        )


@transaction.atomic
def article_share_by_email(
    *,
    article: ArticlePage,
    sender_name: str,
    sender_email: str,
    recipients: list[str],
    note: str,
    client: str,
) -> tuple[Share, list[str]]:
    """Queue one message per new recipient, within the limits (or raise Refused).

    Returns the share and the recipients left out because this article was sent to
    them in the last day.
    """
    _serialise()
    keys: dict[str, str] = {}  # the first spelling of each address
    for recipient in recipients:
        keys.setdefault(key_of(recipient), recipient.strip())
    already = set(
        ShareMessage.objects.filter(
            share__article=article,
            recipient_key__in=list(keys),
            created_at__gte=timezone.now() - timedelta(days=1),
        )
        .exclude(status=Status.FAILED)
        .values_list("recipient_key", flat=True)
    )
    left_out = [keys[k] for k in keys if k in already]
    to_send = [(k, r) for k, r in keys.items() if k not in already]
    if not to_send:
        raise Refused(
            _(
                "This article has already been sent to these addresses today. "
                "It is not sent to the same address twice in a day."
            )
        )
    client_key, sender_key = key_of(client), key_of(sender_email)
    _check_limits(client_key=client_key, sender_key=sender_key, count=len(to_send))
    share = Share.objects.create(
        article=article,
        sender_name=sender_name.strip(),
        sender_email=sender_email.strip(),
        sender_key=sender_key,
        client_key=client_key,
        note=note.strip(),
    )
    messages = ShareMessage.objects.bulk_create(
        ShareMessage(share=share, recipient=recipient, recipient_key=key)
        for key, recipient in to_send
    )
    from .tasks import share_message_send

    for message in messages:
        transaction.on_commit(
            lambda pk=message.pk: share_message_send.enqueue(pk), robust=True
        )
    return share, left_out


def share_email(message: ShareMessage) -> EmailMultiAlternatives:
    """The message, in the article's edition: a fixed template, no tracking."""
    share = message.share
    article = share.article.specific
    with translation.override(article.locale.language_code):
        context = {
            "share": share,
            "article": article,
            "url": absolute(article.url),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = _("%(site)s: %(headline)s") % {
            "site": settings.WAGTAIL_SITE_NAME,
            "headline": article.title,
        }
        text = render_to_string("sharing/email/share.txt", context)
        html = render_to_string("sharing/email/share.html", context)
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        reply_to=[share.sender_email],
    )
    email.attach_alternative(html, "text/html")
    return email


def share_message_send(*, message_id: int) -> ShareMessage | None:
    """Send one queued message. A failure queues it again, later, until ATTEMPTS;
    a message is never sent twice: it is claimed before sending, and marked handed
    over just before the SMTP server can take it (decision 0016)."""
    with transaction.atomic():
        message = (
            ShareMessage.objects.select_for_update()
            .select_related("share")
            .filter(pk=message_id, status=Status.QUEUED)
            .first()
        )
        if message is None:
            return None  # sent, failed or claimed by another worker
        message.status = Status.SENDING
        message.attempts += 1
        message.claimed_at, message.handed_at = timezone.now(), None
        message.save(update_fields=["status", "attempts", "claimed_at", "handed_at"])
    email = share_email(message)

    def handed() -> None:  # committed before the server can take the message
        ShareMessage.objects.filter(pk=message.pk).update(handed_at=timezone.now())

    try:
        with mailers.default as mailer, handing_over(mailer, handed):
            mailer.send_messages([email])
    except (OSError, smtplib.SMTPException) as error:
        _failed(message, error)
    else:
        message.status = Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "last_error"])
    return message


def _failed(message: ShareMessage, error: Exception) -> None:
    conf = config()
    # The class and SMTP code only: the server's text may quote the address.
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    message.last_error = f"{type(error).__name__}{f' {code}' if code else ''}"
    if message.attempts >= conf["ATTEMPTS"]:
        message.status = Status.FAILED
        message.next_attempt_at = None
    else:
        message.status = Status.QUEUED
        delay = conf["RETRY_SECONDS"] * 2 ** (message.attempts - 1)
        message.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    message.save(update_fields=["status", "next_attempt_at", "last_error"])
    logger.warning(
        "Share message %s: attempt %s failed (%s)%s",
        message.pk,
        message.attempts,
        message.last_error,
        "; giving up" if message.status == Status.FAILED else "",
    )
    if message.status == Status.QUEUED:
        from .tasks import share_message_send

        if share_message_send.get_backend().supports_defer:
            share_message_send.using(run_after=message.next_attempt_at).enqueue(
                message.pk
            )


def shares_settle(now: datetime) -> list[int]:
    """The worker's clock: settle the messages a worker that died left "sending"
    (claimed longer than LEASE_MINUTES ago). One it had handed over counts as sent;
    any other is queued and sent again. Returns the messages queued again."""
    lease = now - timedelta(minutes=config()["LEASE_MINUTES"])
    left = ShareMessage.objects.filter(status=Status.SENDING).filter(
        Q(claimed_at__lt=lease) | Q(claimed_at__isnull=True, created_at__lt=lease)
    )
    left.filter(handed_at__isnull=False).update(
        status=Status.SENT, sent_at=F("handed_at"), last_error=UNCONFIRMED
    )
    again = list(left.values_list("pk", flat=True))
    left.update(status=Status.QUEUED, next_attempt_at=now)
    from .tasks import share_message_send

    for pk in again:
        transaction.on_commit(lambda pk=pk: share_message_send.enqueue(pk), robust=True)
    return again


def share_retry() -> int:
    """Send the queued messages that are due (what ``dateline sharing retry`` runs,
    for a backend that cannot defer tasks), after settling those a worker that died
    left "sending". Returns how many were sent."""
    now = timezone.now()
    shares_settle(now)
    due = ShareMessage.objects.filter(status=Status.QUEUED).exclude(
        next_attempt_at__gt=now
    )
    sent = 0
    for pk in due.values_list("pk", flat=True):
        message = share_message_send(message_id=pk)
        sent += bool(message and message.status == Status.SENT)
    return sent


def share_purge() -> int:
    """Delete the shares (and their addresses) older than RETENTION_DAYS."""
    cutoff = timezone.now() - timedelta(days=config()["RETENTION_DAYS"])
    deleted, _by_model = Share.objects.filter(created_at__lt=cutoff).delete()
    return deleted
