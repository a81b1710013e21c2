"""A digest rendered (once per version: the subscribers who get the same stories
share it), and each subscriber's message made from it, with their own links."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import links
from .emails import DigestMessage, html_inlined, mail_domain
from .models import Delivery, Digest, DigestVersion, Frequency, Subscriber

# Each subscriber's own links are put in when the message is sent.
MANAGE_URL = "https://newsletter.invalid/manage"
UNSUBSCRIBE_URL = "https://newsletter.invalid/unsubscribe"


def version_render(
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
