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
    """One recipient of a share; its way out (queued, sent...) is its message's, in
    the outbox (dateline.mail)."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="messages")
    recipient_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    message = models.OneToOneField(
        "mail.Message", on_delete=models.CASCADE, related_name="share_message"
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["recipient_key", "created_at"])]

    def __str__(self):
        return f"{self.share_id}#{self.pk}"

    @property
    def article_title(self) -> str:
        return self.share.article.title

    @property
    def recipient_masked(self) -> str:
        """j…@example.org: enough for an editor to tell messages apart."""
        local, _at, domain = self.message.recipient.partition("@")
        return f"{local[:1]}…@{domain}" if domain else ""
