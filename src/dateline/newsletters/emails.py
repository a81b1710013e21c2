"""The e-mails newsletters send, rendered in the subscriber's language: HTML with its
CSS inlined by css-inline (mail clients drop <style>), and a plain-text part."""

from email.utils import parseaddr

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import links
from .models import Subscriber

_inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def html_inlined(template: str, context: dict) -> str:
    return _inliner.inline(render_to_string(template, context))


def mail_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def subscriber_email(subscriber: Subscriber, kind: str) -> EmailMultiAlternatives:
    """A confirmation ("confirm") or a link to the preference centre ("manage")."""
    purpose = "confirm" if kind == "confirm" else "manage"
    with override(subscriber.language):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "url": links.url_for(subscriber, purpose),
            "days": (links.MAX_AGE_DAYS[purpose](settings.DATELINE_NEWSLETTERS)),
        }
        if kind == "confirm":
            subject = _("%(site)s: please confirm your subscription")
        else:
            subject = _("%(site)s: manage your subscription")
        subject = subject % {"site": settings.WAGTAIL_SITE_NAME}
        text = render_to_string(f"newsletters/email/{kind}.txt", context)
        html = html_inlined(f"newsletters/email/{kind}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-replied"},
    )
    message.attach_alternative(html, "text/html")
    return message
