"""Readers' search: a query and filters in, a page of ranked results out."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.paginator import Page, Paginator
from django.utils import timezone

from dateline.articles.models import ArticlePage

from . import highlight
from .engines import engine
from .models import ID_SPAN, key_for
from .query import Query
from .services import facet

# Queries matching more are ranked within their newest WINDOW matches: the cost of a
# query stays bounded however common its words (docs/decisions/0009-search.md).
WINDOW = 1000
PER_PAGE = 20
ORDERS = ("relevance", "newest")


@dataclass
class Hit:
    article: ArticlePage
    headline: str  # safe HTML, the reader's words marked
    snippet: str  # safe HTML


@dataclass
class Results:
    page: Page  # of Hit
    count: int
    capped: bool  # there may be more than WINDOW matches


def search(
    *,
    query: Query,
    language: str,
    country: str = "",
    section_id: int | None = None,
    author_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    order: str = "relevance",
    page: int | str = 1,
) -> Results:
    """The results of ``query`` in ``language``'s edition, with the filters given:
    relevance first (or newest first), ``PER_PAGE`` to a page."""
    facets = [facet("l", language)]
    facets += [facet("c", country)] if country else []
    facets += [facet("s", section_id)] if section_id else []
    facets += [facet("a", author_id)] if author_id else []
    now = timezone.now()  # nothing under embargo: publication times to come are out
    high = key_for(now, ID_SPAN - 1)
    if until:
        end = timezone.make_aware(datetime.combine(until, time.max))
        high = min(high, key_for(end, ID_SPAN - 1))
    low = (
        key_for(timezone.make_aware(datetime.combine(since, time.min)), 0)
        if since
        else -(2**63)
    )
    found = engine().window(
        query=query.for_engine(),
        facets=facets,
        low=low,
        high=high,
        limit=WINDOW,
        language=language,
        rank=order == "relevance" and bool(query),
    )
    if order == "relevance" and query:
        found.sort(key=lambda hit: -hit[1])  # stable: newest first among equals
    paginator = Paginator([article for article, _score in found], PER_PAGE)
    current = paginator.get_page(page)
    current.object_list = hits(list(current.object_list), query)
    return Results(page=current, count=paginator.count, capped=len(found) >= WINDOW)


def hits(ids: list[int], query: Query) -> list[Hit]:
    """The page's articles, in order, with their headline and snippet marked. An
    article unpublished since it was indexed is left out."""
    if not ids:
        return []
    articles = ArticlePage.objects.filter(pk__in=ids).published()
    by_id = {a.pk: a for a in articles.select_related("section", "locale")}
    words = query.highlight_words()
    found = []
    for pk in ids:
        if (article := by_id.get(pk)) is None:
            continue
        text = f"{article.lede} {article.body_text()}"
        found.append(
            Hit(
                article=article,
                headline=highlight.marked(article.title, words),
                snippet=highlight.snippet(text, words),
            )
        )
    return found
