"""The editors' “Translations” report: which editions each article exists in, and
the articles an edition still lacks, with a link to translate each."""

import django_filters
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page

from dateline.articles.models import ArticlePage
from dateline.core.languages import edition_name


def _edition_choices():
    return [(code, edition_name(code)) for code, _name in settings.LANGUAGES]


class TranslationsReportFilterSet(WagtailFilterSet):
    missing_in = django_filters.ChoiceFilter(
        label=_("Not yet in the edition"),
        choices=_edition_choices,
        empty_label=_("Any edition"),
        method="filter_missing_in",
    )

    correction_to_translate = django_filters.BooleanFilter(
        label=_("Correction to translate"),
        method="filter_correction_to_translate",
        help_text=_(
            "An earlier version of the story has a correction this translation lacks."
        ),
    )

    class Meta:
        model = ArticlePage
        fields = ["missing_in", "correction_to_translate"]

    def filter_correction_to_translate(self, queryset, name, value):
        if value is None:
            return queryset
        flagged = ArticlePage.objects.with_corrections_to_translate().values("pk")
        if value:
            return queryset.filter(pk__in=flagged)
        return queryset.exclude(pk__in=flagged)

    def filter_missing_in(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(
            Exists(
                Page.objects.filter(
                    translation_key=OuterRef("translation_key"),
                    locale__language_code=value,
                )
            )
        )


class TranslationsReportView(PageReportView):
    page_title = _("Translations")
    header_icon = "globe"
    results_template_name = "editions/admin/translations_report_results.html"
    filterset_class = TranslationsReportFilterSet
    index_url_name = "dateline_translations_report"
    index_results_url_name = "dateline_translations_report_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "locale.language_code", "published_at", "editions"]
    export_headings = {
        "locale.language_code": _("Edition"),
        "published_at": _("Published"),
        "editions": _("Editions"),
    }

    def get_queryset(self):
        self.queryset = (
            ArticlePage.objects.published()
            .select_related("locale")
            .order_by("-published_at", "-pk")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        """Give each article the editions it exists in, in one query."""
        pages = list(object_list)
        found = {}
        for key, language in Page.objects.filter(
            translation_key__in={page.translation_key for page in pages}
        ).values_list("translation_key", "locale__language_code"):
            found.setdefault(key, set()).add(language)
        flagged = set(
            ArticlePage.objects.filter(pk__in=[page.pk for page in pages])
            .with_corrections_to_translate()
            .values_list("pk", flat=True)
        )
        order = [code for code, _name in settings.LANGUAGES]
        for page in pages:
            present = found.get(page.translation_key, set())
            page.editions = ", ".join(code for code in order if code in present)
            page.correction_to_translate = page.pk in flagged
            page.missing_editions = [
                (code, edition_name(code)) for code in order if code not in present
            ]
        return pages
