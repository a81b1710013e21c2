"""The admin's “Articles” listing: every article, newest first, with the filters a
desk works with (edition, section, country, status, author, publication date).

Wagtail's page listing for one page type, with Dateline's filters and columns, and
with each filter a single indexed condition, so that it stays fast at a million
articles (docs/decisions/0010-admin-at-scale.md, figures in docs/performance.md).
"""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page, Revision, WorkflowState

from ..newsroom.permissions import readable, subtree
from ..text.countries import country_choices
from .models import ArticleByline, ArticleCountry, ArticlePage, Author, SectionPage


class Status(models.TextChoices):
    LIVE = "live", _("Published")
    DRAFT = "draft", _("Draft, never published")
    CHANGED = "changed", _("Published, with changes not yet published")
    SCHEDULED = "scheduled", _("Scheduled")
    EMBARGOED = "embargoed", _("Under embargo")
    IN_REVIEW = "in_review", _("In review")


def _sections(request):
    return SectionPage.objects.select_related("locale").order_by("locale_id", "title")


class ArticleFilterSet(WagtailFilterSet):
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=_sections, empty_label=_("Any section")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        empty_label=_("Any country"),
        method="filter_country",
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Author"),
        queryset=Author.objects.order_by("name"),
        empty_label=_("Any author"),
        method="filter_author",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        empty_label=_("Any status"),
        method="filter_status",
        widget=forms.RadioSelect,
    )
    published_at = django_filters.DateFromToRangeFilter(
        label=_("Publication date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ArticlePage
        fields = []

    # As ``pk__in`` subqueries, which Wagtail's search accepts on a searched
    # queryset (an ``Exists`` it refuses).
    def filter_country(self, queryset, name, value):
        return queryset.filter(
            pk__in=ArticleCountry.objects.filter(code=value).values("article_id")
        )

    def filter_author(self, queryset, name, value):
        return queryset.filter(
            pk__in=ArticleByline.objects.filter(author=value).values("article_id")
        )

    def filter_status(self, queryset, name, value):
        if value == Status.SCHEDULED:
            return queryset.filter(
                pk__in=_page_ids(
                    Revision.objects.filter(approved_go_live_at__isnull=False)
                )
            )
        if value == Status.IN_REVIEW:
            return queryset.filter(pk__in=_page_ids(WorkflowState.objects.active()))
        return queryset.filter(
            {
                Status.LIVE: Q(live=True),
                Status.DRAFT: Q(live=False, first_published_at__isnull=True),
                Status.CHANGED: Q(live=True, has_unpublished_changes=True),
                Status.EMBARGOED: Q(live=True, published_at__gt=timezone.now()),
            }[value]
        )


def _page_ids(rows) -> list[int]:
    """The pages that rows of a generic relation (revisions, workflow states) point
    to: few at any time, so read as a list."""
    page_type = ContentType.objects.get_for_model(Page)
    return [
        int(pk)
        for pk in rows.filter(base_content_type=page_type).values_list(
            "object_id", flat=True
        )
    ]


class ArticleIndexView(IndexView):
    """Newest first, searching too: Wagtail's search ranks every match, which takes
    minutes for a common word in a big archive (core.admin_search); a search here
    finds articles with every word (headline, lede, body, place) and lists them in
    the listing's order."""

    default_ordering = "-published_at"
    # Each row's buttons (Wagtail's, wagtail-localize's) are most of a page's time.
    paginate_by = 25
    # The edition is a column of its own; Wagtail's locale labels come with a
    # per-page "untranslated locales" subquery only simple_translation reads.
    i18n_enabled = False

    def get_ordering(self):
        ordering = self.request.GET.get("ordering", self.default_ordering)
        if ordering not in self.get_valid_orderings():
            ordering = self.default_ordering
        return ordering

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search(
            self.search_query, operator="and", order_by_relevance=False
        )

    def get_base_queryset(self):
        # Wagtail's, with the pages the user may explore said as editions: its own
        # filter lists the id of every page the user may explore, then sorts them
        # all (a third of a second at 100,000 articles).
        pages = self.model.objects.filter(
            self._explorable(),
            readable(self.request.user, published_at="published_at"),
        )
        return self.annotate_queryset(pages).prefetch_related("section", "locale")

    def _explorable(self) -> Q:
        """Pages under the pages the user has a permission on. A permission on an
        edition's home covers that edition's articles, which all live under it."""
        user = self.request.user
        if user.is_superuser:
            return Q()
        locales, paths = set(), set()
        for permission in self.permission_policy.get_cached_permissions_for_user(user):
            page = permission.page
            if page.depth <= 1:
                return Q()
            if page.depth == 2:
                locales.add(page.locale_id)
            else:
                paths.add(page.path)
        where = Q(locale_id__in=locales)
        for path in paths:
            where |= subtree(path)
        return where


class ArticleListingViewSet(PageListingViewSet):
    model = ArticlePage
    icon = "doc-full"
    menu_label = _("Articles")
    menu_order = 55
    add_to_admin_menu = True
    index_view_class = ArticleIndexView
    filterset_class = ArticleFilterSet
    columns = [
        PageTitleColumn(
            "title", label=_("Headline"), sort_key="title", classname="title"
        ),
        Column("edition", label=_("Edition"), accessor="locale", width="10%"),
        Column("section", label=_("Section"), accessor="section", width="14%"),
        DateColumn(
            "published_at",
            label=_("Published"),
            sort_key="published_at",
            width="14%",
        ),
        PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
    ]
