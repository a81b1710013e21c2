"""The e-mails newsletters send, rendered in the subscriber's language: HTML with its
CSS inlined by css-inline (mail clients drop <style>), and a plain-text part."""

import binascii
import email.policy
from datetime import UTC, datetime
from email import charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime, formataddr, parseaddr

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


# Headers in UTF-8, quoted-printable: readable in the raw message.
_UTF8_QP = charset.Charset("utf-8")
_UTF8_QP.header_encoding = charset.QP


class DigestMessage(EmailMultiAlternatives):
    """A newsletter e-mail. Sent by the hundred thousand, so its MIME form is made
    with the standard library's ``email.mime`` classes, three times faster than the
    newer email API Django uses (docs/performance.md); with an address that is not
    ASCII, or an attachment, Django makes it."""

    def message(self, *, policy=email.policy.default):
        if self.attachments or not all(
            a.isascii() for a in [*self.to, self.from_email]
        ):
            return super().message(policy=policy)
        # The line ends the caller asks for (SMTP wants CRLF, a file LF).
        legacy = email.policy.compat32.clone(linesep=policy.linesep)
        message = MIMEMultipart("alternative", policy=legacy)
        message["Subject"] = (
            self.subject if self.subject.isascii() else Header(self.subject, _UTF8_QP)
        )
        name, address = parseaddr(self.from_email)
        message["From"] = formataddr((name, address), charset=_UTF8_QP)
        message["To"] = ", ".join(self.to)
        message["Date"] = format_datetime(datetime.now(UTC))  # "+0000", never "GMT"
        for header, value in self.extra_headers.items():
            message[header] = value
        message.attach(_text_part(self.body, "plain", legacy))
        for content, mimetype in self.alternatives:
            message.attach(_text_part(content, mimetype.partition("/")[2], legacy))
        return message


def _text_part(text: str, subtype: str, policy) -> MIMENonMultipart:
    """A UTF-8 text part, quoted-printable by binascii (C, not the pure-Python
    encoder email.mime would use)."""
    part = MIMENonMultipart("text", subtype, charset="utf-8", policy=policy)
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(binascii.b2a_qp(text.encode(), istext=True).decode("ascii"))
    return part


def mail_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def subscriber_email(subscriber: Subscriber, kind: str) -> EmailMultiAlternatives:
    """A confirmation ("confirm") or a link to the preference centre ("manage")."""
    purpose = "confirm" if kind == "confirm" else "manage"
    with override(subscriber.language):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "url": links.url_for(subscriber, purpose),
            "days": links.max_age_days(purpose),
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
        # Sent because a web form asked: generated, not a reply (RFC 3834).
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
