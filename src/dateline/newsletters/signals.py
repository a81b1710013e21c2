"""Decoupled reactions: a published breaking story is mailed; an e-mail service's
bounce or complaint suppresses the address."""

from anymail.signals import tracking
from django.db import transaction
from wagtail.signals import page_published

from dateline.articles.models import ArticlePage

from .tasks import breaking_send


def _breaking(sender, instance, **kwargs):
    # Under embargo, the worker's clock sends it when its time comes (breaking_due).
    if instance.breaking and not instance.embargoed:
        transaction.on_commit(lambda: breaking_send.enqueue(instance.pk))


page_published.connect(
    _breaking, sender=ArticlePage, dispatch_uid="newsletters-breaking"
)


def _tracking(sender, event, esp_name, **kwargs):
    from .services import suppression_from_event

    suppression_from_event(event=event, service=esp_name)


tracking.connect(_tracking, dispatch_uid="newsletters-anymail-tracking")
