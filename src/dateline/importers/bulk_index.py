"""What the editor's path indexes after a publication, done for the articles the bulk
path wrote (importers.bulk), by a task per batch."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend

from ..articles.models import ArticlePage
from ..search.services import documents_index, for_indexing


def index(article_ids: list[int]) -> None:
    """What the editor's path indexes after a publication, for articles the bulk path
    wrote: Wagtail's reference index and admin search, and the readers' search."""
    articles = list(
        for_indexing(ArticlePage.objects.filter(pk__in=article_ids)).prefetch_related(
            "related_links", "tagged_items", "see_also_exclusions", "corrections"
        )
    )
    with transaction.atomic():
        _references(articles)
        get_search_backend().add_bulk(ArticlePage, articles)
        documents_index(articles=articles)


def _references(articles: list[ArticlePage]) -> None:
    article_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    rows = []
    for article in articles:
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(article)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=article_type,
                    base_content_type=page_type,
                    object_id=article.pk,
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(
                        content_path
                    ),
                )
            )
    # A task run twice finds its rows there.
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)
