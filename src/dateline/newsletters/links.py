"""Signed, expiring links: confirm, manage preferences, unsubscribe. No passwords.

A link names the subscriber and carries its secret, signed with SECRET_KEY and a salt
per purpose, and stamped with the time it was made; deleting the subscriber voids
every link it was ever sent.
"""

from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import override

from dateline.core.agency import site_root

from .models import Subscriber

LIFETIME = {
    "confirm": "PENDING_DAYS",
    "manage": "MANAGE_DAYS",
    "unsubscribe": "UNSUBSCRIBE_DAYS",
}


def max_age_days(purpose: str) -> int:
    """How many days a link for ``purpose`` works."""
    return settings.DATELINE_NEWSLETTERS[LIFETIME[purpose]]


class Expired(Exception):
    """A genuine link, too old: the page offers to send a new one."""


def token_for(subscriber: Subscriber, purpose: str) -> str:
    return signing.dumps(
        [subscriber.pk, subscriber.secret], salt=f"dateline.newsletters.{purpose}"
    )


def subscriber_for(token: str, purpose: str) -> Subscriber | None:
    """The subscriber a link is for; None for a forged or void link, Expired for an
    old one."""
    days = max_age_days(purpose)
    salt = f"dateline.newsletters.{purpose}"
    try:
        pk, secret = signing.loads(token, salt=salt, max_age=days * 86400)
    except signing.SignatureExpired:
        raise Expired from None
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscriber = (
        Subscriber.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    )
    if subscriber is None or not constant_time_compare(subscriber.secret, str(secret)):
        return None
    return subscriber


def url_for(
    subscriber: Subscriber, purpose: str, *, root: str | None = None, token=None
) -> str:
    """The absolute link, in the subscriber's language."""
    with override(subscriber.language):
        path = reverse(
            f"newsletters:{purpose}", args=[token or token_for(subscriber, purpose)]
        )
    return (root or site_root()) + path


def unsubscribe_mailto(token: str) -> str:
    """The List-Unsubscribe mailto: link, read by ``dateline newsletters bounces``."""
    conf = settings.DATELINE_NEWSLETTERS
    address = conf["UNSUBSCRIBE_EMAIL"] or _address(settings.DEFAULT_FROM_EMAIL)
    return f"mailto:{address}?subject={quote('unsubscribe ' + token)}"


def _address(value: str) -> str:
    return parseaddr(value)[1]
