"""Listings page by page, without counting them (docs/performance.md).

A front page of an archive of a million articles must not count hundreds of thousands
of rows on every request: a listing reads one row more than a page holds to know
whether there is an older page, and shows "Page N" with Newer and Older links. The
deep archive is reached by month (the archive pages), so a listing goes back
MAX_PAGES pages at most: further, a database walks every row it skips.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

MAX_PAGES = 500


class ListingPage:
    """One page of a listing: what a template needs of Django's ``Page``."""

    def __init__(self, items: list, number: int, more: bool):
        self.object_list = items
        self.number = number
        self._more = more

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate(request, queryset, per_page: int | None = None) -> ListingPage:
    """The page of ``queryset`` named by ``?page=``; 404 for a page that isn't there.

    A missing ``page`` is the first page. Anything else that is not a page number
    (``?page=abc``, ``?page=0``, ``?page=99999``) is a clear 404, never a 500.
    """
    per_page = per_page or settings.DATELINE_PAGE_SIZE
    asked = request.GET.get("page") or "1"
    if not asked.isdigit() or not 1 <= int(asked) <= MAX_PAGES:
        raise Http404(_("There is no such page in this listing."))
    number = int(asked)
    start = (number - 1) * per_page
    items = list(queryset[start : start + per_page + 1])
    if not items and number > 1:
        raise Http404(_("There is no such page in this listing."))
    return ListingPage(items[:per_page], number, more=len(items) > per_page)
