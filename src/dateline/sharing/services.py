"""Writes of Send to a friend (docs/sharing.md): accept a share within the limits,
send its messages, retry them, and forget addresses after the retention period."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dateline.articles.models import ArticlePage
from dateline.core.agency import absolute
from dateline.mail import outbox
from dateline.mail.models import Message
from dateline.mail.tasks import messages_send_later

from .models import Share, ShareMessage

logger = logging.getLogger(__name__)
Status = Message.Status
KIND = "share"


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
        .exclude(message__status__in=[Status.FAILED, Status.REFUSED])
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
    messages = Message.objects.bulk_create(
        outbox.new(kind=KIND, recipient=recipient) for _key, recipient in to_send
    )
    ShareMessage.objects.bulk_create(
        ShareMessage(share=share, recipient_key=key, message=message)
        for (key, _recipient), message in zip(to_send, messages, strict=True)
    )
    messages_send_later(message.pk for message in messages)
    return share, left_out


def share_email(message: Message) -> EmailMultiAlternatives:
    """The outbox's "share" kind: the message, in the article's edition, from a
    fixed template, with no tracking."""
    share = message.share_message.share
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


def share_purge() -> int:
    """Delete the shares (and their addresses) older than RETENTION_DAYS."""
    cutoff = timezone.now() - timedelta(days=config()["RETENTION_DAYS"])
    old = Share.objects.filter(created_at__lt=cutoff)
    Message.objects.filter(share_message__share__in=old).delete()
    deleted, _by_model = old.delete()
    return deleted


def share_retry() -> int:
    """Send now the messages of Send to a friend that wait for another try (what
    ``dateline sharing retry`` runs, for a task backend without a worker's
    clock), after settling those a sender that died left. Returns how many were
    sent."""
    now = timezone.now()
    outbox.settle(now)
    due = Message.objects.filter(
        kind=KIND, status=Status.QUEUED, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    return sum(outbox.send_one(pk) == "sent" for pk in list(due))
