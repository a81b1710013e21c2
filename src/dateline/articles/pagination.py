from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def paginate(request, queryset, per_page: int | None = None):
    """The page of ``queryset`` named by ``?page=``; 404 for a page that isn't there.

    A missing ``page`` is the first page. Anything else that is not a page number
    (``?page=abc``, ``?page=0``, ``?page=99999``) is a clear 404, never a 500.
    """
    paginator = Paginator(queryset, per_page or settings.DATELINE_PAGE_SIZE)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404(_("There is no such page in this listing.")) from exc
