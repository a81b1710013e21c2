"""A story's editions move together: a translation follows its original's embargo,
and leaves when the original is withdrawn (docs/newsroom.md)."""

from .services import story_translations_hold, story_translations_withdraw


def original_published(sender, instance, **kwargs):
    story_translations_hold(original=instance)


def original_unpublished(sender, instance, **kwargs):
    story_translations_withdraw(original=instance)
