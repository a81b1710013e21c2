"""Keep the readers' search index in step with what is published."""

from wagtail.signals import page_published, page_unpublished

from dateline.articles.models import ArticlePage

from .services import document_index


def _index(sender, instance, **kwargs):
    document_index(article_id=instance.pk)


for signal in (page_published, page_unpublished):
    signal.connect(_index, sender=ArticlePage, dispatch_uid=f"search-{signal}")
