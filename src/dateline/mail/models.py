from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One outgoing e-mail: a digest to a subscriber, a confirmation, a link, a
    story sent to a friend. Every one goes through the same states (the outbox,
    ``dateline.mail.outbox``); what it says is made by its kind when it is sent."""

    wagtail_reference_index_ignore = True  # rows, not content to track

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CLAIMED = "claimed", _("Sending")
        HANDED = "handed", _("Handed over")
        SENT = "sent", _("Sent")
        REFUSED = "refused", _("Refused by the server")
        SUPPRESSED = "suppressed", _("Not sent (suppressed)")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20)
    recipient = models.EmailField(_("recipient"))
    # What the kind needs to write it that no other row holds (a subscriber's id).
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # When a sender claimed it (its lease runs from then), and when it reached the
    # point of no return (the final dot of the SMTP data) on its last try.
    claimed_at = models.DateTimeField(null=True, blank=True)
    handed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self):
        return f"{self.kind} {self.pk}: {self.status}"
