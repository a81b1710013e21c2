"""The admin's page searches, newest first instead of by relevance.

Wagtail's database search backend ranks a search by computing each match's score in
a subquery of its own, so a common word costs a full-text lookup per matching page:
a minute for ten thousand matches on SQLite. Ordered by date, a search is one lookup
(docs/decisions/0010-admin-at-scale.md). The explorer's and the page chooser's
searches get this through Wagtail's hooks, the admin's Search box through the page
view set's ``search_view_class``; the Articles listing asks for it itself.
"""

from functools import cache

from wagtail.admin.views.pages.search import SearchView as PageSearchView

RECENT_FIRST = "-latest_revision_created_at"


class RecentFirstMixin:
    def autocomplete(self, query, *args, order_by_relevance=True, **kwargs):
        queryset = self if self.query.order_by else self.order_by(RECENT_FIRST)
        return super(RecentFirstMixin, queryset).autocomplete(
            query, *args, order_by_relevance=False, **kwargs
        )


@cache
def _recent_first_class(queryset_class):
    return type(
        f"RecentFirst{queryset_class.__name__}", (RecentFirstMixin, queryset_class), {}
    )


def recent_first(pages):
    """The same pages, whose later ``autocomplete()`` keeps an order by date (the
    queryset's own, else the latest edit first) instead of ranking every match."""
    pages = pages.all()
    if not isinstance(pages, RecentFirstMixin):
        pages.__class__ = _recent_first_class(type(pages))
    return pages


class RecentFirstPageSearchView(PageSearchView):
    """Wagtail's page search (the admin's Search box), in order of the latest edit
    unless the editor sorts by a column."""

    def get_queryset(self):
        self.ordering = self.ordering or RECENT_FIRST
        return super().get_queryset()
