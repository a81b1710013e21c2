"""A story's editions move together: a translation follows its original's embargo,
and leaves when the original is withdrawn (docs/newsroom.md)."""

from wagtail.signals import page_published, page_unpublished

from .models import ArticlePage
from .services import story_translations_hold, story_translations_withdraw


def _original_published(sender, instance, **kwargs):
    story_translations_hold(original=instance)


def _original_unpublished(sender, instance, **kwargs):
    story_translations_withdraw(original=instance)


def connect() -> None:
    page_published.connect(
        _original_published, sender=ArticlePage, dispatch_uid="story"
    )
    page_unpublished.connect(
        _original_unpublished, sender=ArticlePage, dispatch_uid="story"
    )
