"""Receivers (connected in NewslettersConfig.ready()): a published breaking story
is mailed; an e-mail service's bounce or complaint suppresses the address."""

from .services import suppression_from_event
from .tasks import breaking_later


def breaking(sender, instance, **kwargs):
    # Under embargo, the worker's clock sends it when its time comes (breaking_due).
    if instance.breaking and not instance.embargoed:
        breaking_later(instance)


def tracking(sender, event, esp_name, **kwargs):
    suppression_from_event(event=event, service=esp_name)
