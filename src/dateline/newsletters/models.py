"""Newsletters (docs/newsletters.md).

A ``Subscriber`` is one address with its preferences and a status. A ``Digest`` is one
send run (today's daily digest, this week's, one breaking story); it renders each
distinct set of preferences once, as a ``DigestVersion``, and sends it to each
subscriber through a ``Delivery``: a row with a status under a unique constraint, so a
run that is stopped and started again delivers every digest exactly once.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    return secrets.token_urlsafe(12)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    BREAKING = "breaking", _("Breaking news only")


class SubscriberQuerySet(models.QuerySet):
    def receiving(self, frequency: str):
        """Confirmed, not paused, unsubscribed or suppressed, at this frequency."""
        return self.filter(status=Subscriber.Status.ACTIVE, frequency=frequency)


class Subscriber(models.Model):
    wagtail_reference_index_ignore = True  # rows, not content to track

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Subscribed")
        PAUSED = "paused", _("Paused")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        SUPPRESSED = "suppressed", _("Suppressed (bounce or complaint)")

    # Stored in lower case, so one address is one subscriber.
    email = models.EmailField(_("e-mail address"), unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.PENDING
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=10, db_index=True
    )
    editions = models.JSONField(_("editions"), default=list)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    # Sections, by translation key: the same topic in every edition.
    sections = models.JSONField(_("topics"), default=list, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency, default=Frequency.DAILY
    )
    # Part of every signed link: deleting the subscriber voids its links.
    secret = models.CharField(max_length=24, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When a confirmation or a link was last mailed: one an hour at most, so the
    # form cannot be used to flood someone's inbox.
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # And at most MAILS_PER_DAY in the 24 hours from the first of them.
    mail_day_began = models.DateTimeField(null=True, blank=True, editable=False)
    mails_that_day = models.PositiveSmallIntegerField(default=0, editable=False)
    suppressed_reason = models.CharField(
        _("reason for suppression"), max_length=100, blank=True
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [
            models.Index(fields=["status", "frequency", "id"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return self.masked

    @property
    def masked(self) -> str:
        """j…@example.org: what logs and messages may show."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain}" if domain else "…"

    @property
    def preferences(self) -> tuple:
        """What a digest depends on: subscribers alike share one rendering."""
        return (
            self.language,
            tuple(sorted(self.editions)),
            tuple(sorted(self.countries)),
            tuple(sorted(self.sections)),
        )


class Digest(models.Model):
    """One send run: a day's or a week's digest, or one breaking story."""

    wagtail_reference_index_ignore = True  # rows, not content to track

    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency)
    # 2026-11-28, 2026-W48, or the breaking story's translation key.
    key = models.CharField(_("issue"), max_length=64)
    period_end = models.DateTimeField(_("articles up to"))
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("breaking story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Subscribers are visited in id order; a stopped build resumes after this one.
    built_through = models.BigIntegerField(default=0, editable=False)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        verbose_name = _("send run")
        verbose_name_plural = _("send runs")
        constraints = [
            models.UniqueConstraint(
                fields=["frequency", "key"], name="newsletters_digest_once"
            )
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} {self.key}"


class DigestVersion(models.Model):
    """A digest rendered once for every subscriber with the same preferences; the
    links that are each subscriber's own are put in when it is sent."""

    wagtail_reference_index_ignore = True  # rows, not content to track

    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="versions"
    )
    signature = models.CharField(max_length=64)
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=255)
    html = models.TextField()
    text = models.TextField()
    articles = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "signature"], name="newsletters_version_once"
            )
        ]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One digest to one subscriber: which version of it they get. How it goes out
    (queued, sent, refused...) is its message's, in the outbox (dateline.mail)."""

    wagtail_reference_index_ignore = True  # rows, not content to track

    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    version = models.ForeignKey(DigestVersion, on_delete=models.CASCADE)
    message = models.OneToOneField(
        "mail.Message", on_delete=models.CASCADE, related_name="delivery"
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscriber"], name="newsletters_delivery_once"
            )
        ]

    def __str__(self):
        return f"{self.digest_id}/{self.subscriber_id}"
