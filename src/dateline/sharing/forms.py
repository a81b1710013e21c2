"""The Send to a friend form: what a reader types, checked before anything is sent."""

import re
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

SALT = "dateline.sharing.form"
# A scheme (http://, ftp://...), "www.", or a word.word/ (example.com/page) or a
# word.tld at a word boundary that is not followed by more letters (example.com).
LINK = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\.|[\w-]\.[a-z]{2,24}(?:/|\b)(?![\w.])", re.IGNORECASE
)
SEPARATORS = re.compile(r"[\s,;]+")
# Dots written so that a filter misses them: "evil[.]com", "evil(dot)com", "evil .com".
HIDDEN_DOT = re.compile(
    r"\s*[\[({]\s*(?:\.|dot)\s*[\])}]\s*|(?<=\w)\s+\.(?=[^\W\d_]{2,24}\b)",
    re.IGNORECASE,
)
# A host name in any script (пример.рф), and a bare IP address (1.2.3.4/x).
HOST = re.compile(r"[\w-]\.[^\W\d_]{2,24}(?:/|\b)(?![\w.])")
ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")


def contains_link(text: str) -> bool:
    """Whether a reader's text holds a link or a web address, however it is
    disguised: compatibility forms (ｅｘａｍｐｌｅ．ｃｏｍ), invisible characters
    (a zero-width space), bracketed or spaced dots, other scripts, bare IP
    addresses."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = HIDDEN_DOT.sub(".", text)
    return bool(LINK.search(text) or HOST.search(text) or ADDRESS.search(text))


def form_started() -> str:
    """A signed stamp of when the form was shown (for the minimum fill time)."""
    return signing.dumps(time.time(), salt=SALT)


class ShareForm(forms.Form):
    sender_name = forms.CharField(label=_("Your name"), max_length=100)
    sender_email = forms.EmailField(label=_("Your e-mail address"))
    recipients = forms.CharField(
        label=_("Send to"),
        help_text=_("Up to 3 e-mail addresses, separated by commas."),
        max_length=800,
    )
    note = forms.CharField(
        label=_("A short note (optional)"),
        help_text=_("Plain text, up to 300 characters, without links."),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A field people do not see; a form-filling robot does, and fills it in.
    leave_empty = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = form_started()
        self.fields["sender_email"].widget.attrs["autocomplete"] = "email"
        self.fields["sender_name"].widget.attrs["autocomplete"] = "name"

    def clean_recipients(self) -> list[str]:
        limit = settings.DATELINE_SHARING["RECIPIENTS"]
        addresses = [a for a in SEPARATORS.split(self.cleaned_data["recipients"]) if a]
        if not addresses:
            raise ValidationError(_("Enter at least one e-mail address."))
        if len(addresses) > limit:
            raise ValidationError(
                ngettext(
                    "You can send to at most %(limit)d address at a time.",
                    "You can send to at most %(limit)d addresses at a time.",
                    limit,
                )
                % {"limit": limit}
            )
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(
                _("This is not a valid e-mail address: %(addresses)s")
                % {"addresses": ", ".join(bad)}
            )
        return addresses

    def clean_note(self) -> str:
        note = self.cleaned_data["note"]
        if contains_link(note):
            raise ValidationError(
                _("The note cannot contain links or web addresses. Please remove them.")
            )
        return note

    def clean_sender_name(self) -> str:
        # The name is in the mail's text too: no links there either.
        name = self.cleaned_data["sender_name"]
        if contains_link(name):
            raise ValidationError(_("Your name cannot contain links or web addresses."))
        return name

    def clean_leave_empty(self) -> str:
        if self.cleaned_data["leave_empty"]:
            raise ValidationError(
                _("This field must be left empty: the message was not sent.")
            )
        return ""

    def clean_started(self) -> float:
        conf = settings.DATELINE_SHARING
        try:
            started = float(signing.loads(self.cleaned_data["started"], salt=SALT))
        except (signing.BadSignature, TypeError, ValueError):
            raise ValidationError(
                _("This form could not be read. Please send it again.")
            ) from None
        elapsed = time.time() - started
        if elapsed > conf["FORM_HOURS"] * 3600:
            raise ValidationError(
                _("This form was open too long. Please check it and send it again.")
            )
        if elapsed < conf["MIN_SECONDS"]:
            raise ValidationError(
                _("That was very quick. Please check the form and send it again.")
            )
        return started

    def refresh(self) -> None:
        """Show the form again with a new stamp, so that a reader who corrects it
        is not refused for a stamp that was used or expired."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["started"] = form_started()
