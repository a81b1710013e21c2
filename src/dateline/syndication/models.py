"""Partners' keys to the syndication API (docs/syndication-api.md). A key is shown
once, when it is made; only its SHA-256 is kept, with its first characters to find
it by."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX = "dl_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    wagtail_reference_index_ignore = True  # rows, not content to track

    partner = models.CharField(_("partner"), max_length=200)
    lookup = models.CharField(max_length=12, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    per_minute = models.PositiveIntegerField(
        _("requests a minute"),
        default=120,
        help_text=_("More requests than this in a minute get “429 Too Many Requests”."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to revoke the key.")
    )
    requests = models.PositiveBigIntegerField(_("requests"), default=0, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.partner} ({PREFIX}{self.lookup}…)"

    def issue(self) -> str:
        """Give this (unsaved) key its secret; returns the key, which is not kept."""
        self.lookup = secrets.token_hex(6)
        key = f"{PREFIX}{self.lookup}_{secrets.token_urlsafe(32)}"
        self.hashed = key_hash(key)
        return key
