"""Send to a friend (docs/sharing.md): each use of the form is a ``Share``, each message
it sends a ``ShareMessage`` with a status, so a broken SMTP server neither loses nor
repeats one. Addresses are deleted after ``RETENTION_DAYS``; what the limits count is
kept as keyed hashes (``*_key``), never as addresses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Share(models.Model):
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sender_name = models.CharField(_("sender's name (not verified)"), max_length=100)
    sender_email = models.EmailField(_("sender's e-mail"))
    sender_key = models.CharField(max_length=64, editable=False)
    client_key = models.CharField(max_length=64, editable=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("shared article")
        verbose_name_plural = _("shared articles")
        indexes = [
            models.Index(fields=["client_key", "created_at"]),
            models.Index(fields=["sender_key", "created_at"]),
        ]

    def __str__(self):
        return f"{self.article_id} {self.created_at:%Y-%m-%d %H:%M}"


class ShareMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="messages")
    recipient = models.EmailField(_("recipient"))
    recipient_key = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # When a worker last claimed it, and when that worker handed it over to the SMTP
    # server (just before the final dot of its data: decision 0016).
    claimed_at = models.DateTimeField(null=True, blank=True)
    handed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["recipient_key", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self):
        return f"{self.share_id}#{self.pk} {self.status}"

    @property
    def article_title(self) -> str:
        return self.share.article.title

    @property
    def recipient_masked(self) -> str:
        """j…@example.org: enough for an editor to tell messages apart."""
        local, _at, domain = self.recipient.partition("@")
        return f"{local[:1]}…@{domain}" if domain else ""
