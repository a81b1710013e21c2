"""Receivers (connected in SearchConfig.ready()): the readers' search index follows
what is published."""

from .services import document_index


def index(sender, instance, **kwargs):
    document_index(article_id=instance.pk)
