"""What the admin shows of colleagues' pages: Wagtail's views that list pages by
their headline, narrowed to the pages a member may read (permissions.readable).

The explorer, the page search, the admin API and the site history list what the
page permission policy calls explorable, which permissions.PagePermissionPolicy
narrows; the page chooser takes a hook (wagtail_hooks). Two views need more:
- the bulk actions' confirmation names the pages chosen that the user may not act
  on, by any id in the address: it names only those they may read, as listings
  name them;
- the site history labels an edit with the headline being written, a draft's:
  of a page they may read but not edit, it shows only its publications.
"""

from django.db.models import Q
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import Page, PageLogEntry

from .permissions import editable, readable

# Log entries labelled with what readers were given.
PUBLICATIONS = ("wagtail.publish", "wagtail.publish.scheduled")


class ReadableOnlyMixin:
    def get_actionable_objects(self):
        objects, context = super().get_actionable_objects()
        refused = context["items_with_no_access"]
        if refused:
            shown = set(
                Page.objects.filter(pk__in=[page.pk for page in refused])
                .filter(readable(self.request.user))
                .values_list("pk", flat=True)
            )
            # Specific, to be named as ArticlePage names a live article.
            context["items_with_no_access"] = [
                page.specific_deferred for page in refused if page.pk in shown
            ]
        return objects, context


def _readable_only(action_class):
    return type(action_class.__name__, (ReadableOnlyMixin, action_class), {})


BULK_ACTIONS = [
    _readable_only(action)
    for action in (
        DeleteBulkAction,
        MoveBulkAction,
        PublishBulkAction,
        UnpublishBulkAction,
    )
]


class SiteHistoryView(LogEntriesView):
    """Wagtail's site history (Reports › Site history), at its own address."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if not issubclass(queryset.model, PageLogEntry) or user.is_superuser:
            return queryset
        if Page.get_first_root_node().permissions_for_user(user).can_edit():
            return queryset  # chief editors: every page, deleted ones too
        return queryset.filter(editable(user, "page__") | Q(action__in=PUBLICATIONS))
