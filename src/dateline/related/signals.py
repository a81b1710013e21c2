"""Recompute See also in the background when an article is published or unpublished."""

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from dateline.articles.models import ArticlePage

from .tasks import see_also_refresh


def _refresh(sender, instance, **kwargs):
    transaction.on_commit(lambda: see_also_refresh.enqueue(instance.pk))


for signal in (page_published, page_unpublished):
    signal.connect(_refresh, sender=ArticlePage, dispatch_uid=f"see-also-{signal}")
