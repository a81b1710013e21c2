"""Writes of the readers' search index: an article indexed when it is published,
removed when it is not, and the whole index rebuilt in bulk (docs/search.md)."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch

from dateline.articles.models import ArticleByline, ArticlePage
from dateline.text.indexing import index_text

from .engines import Text, engine
from .models import SearchDocument, key_for

BATCH = 500


def facet(kind: str, value) -> str:
    """A filter as an index term: letters and digits only, so that FTS5 keeps it one
    word (the edition zh-hans → xlzhhans; the country KR → xckr; section 12 → xs12)."""
    return f"x{kind}{''.join(c for c in str(value).lower() if c.isalnum())}"


def text_of(article: ArticlePage) -> Text:
    """What readers' search indexes of a published article."""
    language = article.locale.language_code
    bylines = list(article.bylines.all())
    names = [b.author.name_in(language) for b in bylines]
    return Text(
        article_id=article.pk,
        version=article.last_published_at,
        key=key_for(article.published_at, article.pk),
        language=language,
        headline=index_text(article.title),
        lede=index_text(article.lede),
        body=index_text(
            " ".join([article.dateline_place, *names, article.body_text()])
        ),
        facets=[
            facet("l", language),
            *(facet("c", c.code) for c in article.countries.all()),
            *([facet("s", article.section_id)] if article.section_id else []),
            *(facet("a", b.author_id) for b in bylines),
        ],
    )


def for_indexing(queryset):
    """Articles with what ``text_of`` reads, in a fixed number of queries."""
    return queryset.select_related("locale").prefetch_related(
        "countries",
        Prefetch(
            "bylines",
            queryset=ArticleByline.objects.select_related("author").prefetch_related(
                "author__localized_names"
            ),
        ),
    )


@transaction.atomic
def documents_index(*, articles: list[ArticlePage]) -> int:
    """Index these articles as they are now: a live article with a publication time
    is (re)indexed, any other is removed. Returns how many were indexed."""
    live = [a for a in articles if a.live and a.published_at]
    # Old documents go first; on SQLite their text goes with them (a trigger).
    SearchDocument.objects.filter(article_id__in=[a.pk for a in articles]).delete()
    engine().write([text_of(a) for a in live])
    return len(live)


def document_index(*, article_id: int) -> None:
    """Index one article (after it is published, unpublished or corrected)."""
    articles = list(for_indexing(ArticlePage.objects.filter(pk=article_id)))
    if articles:
        documents_index(articles=articles)
    else:
        SearchDocument.objects.filter(article_id=article_id).delete()


def documents_rebuild(*, progress=None, restart: bool = False) -> int:
    """Bring the whole index up to date, in batches; interrupted, it resumes where it
    stopped, as what is current is skipped (``restart`` reindexes everything).

    ``progress(total)`` returns a callable advanced by each batch's size.
    """
    if restart:
        SearchDocument.objects.all().delete()
    # Documents of articles that are no longer published.
    SearchDocument.objects.exclude(
        article__in=ArticlePage.objects.filter(live=True, published_at__isnull=False)
    ).delete()
    current = SearchDocument.objects.filter(
        article_id=OuterRef("pk"), version=OuterRef("last_published_at")
    )
    todo = (
        ArticlePage.objects.filter(live=True, published_at__isnull=False)
        .exclude(Exists(current))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(todo)
    advance = progress(len(ids)) if progress else (lambda n: None)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        documents_index(
            articles=list(for_indexing(ArticlePage.objects.filter(pk__in=batch)))
        )
        advance(len(batch))
    return len(ids)
