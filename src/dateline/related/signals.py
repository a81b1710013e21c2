"""Receivers (connected in RelatedConfig.ready()): See also follows publication."""

from django.db import transaction
from django.db.models import Q

from dateline.articles.models import ArticlePage
from dateline.pagecache.purges import purge

from .models import ArticleRelated, SeeAlsoItem
from .tasks import see_also_refresh


def refresh(sender, instance, **kwargs):
    """Recompute See also in the background."""
    transaction.on_commit(lambda: see_also_refresh.enqueue(instance.pk))


def neighbours_changed(sender, instance, **kwargs):
    """The articles whose See also lists show this one (computed, or pinned by an
    editor) show its new headline, or must stop showing it: their pages are
    purged from the caches."""
    neighbours = ArticlePage.objects.filter(
        Q(pk__in=SeeAlsoItem.objects.filter(page=instance).values("article_id"))
        | Q(pk__in=ArticleRelated.objects.filter(page=instance).values("article_id"))
    )
    purge(url for page in neighbours if (url := page.url))
