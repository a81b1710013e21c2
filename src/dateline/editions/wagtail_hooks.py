from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import translating
from .admin_views import TranslationsReportView


@hooks.register("register_admin_urls")
def guard_wagtail_localize():
    """Before wagtail-localize's own (this app comes first in INSTALLED_APPS): its
    Translate and Sync, with the newsroom's rights (editions.translating)."""
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            translating.SubmitPageTranslationView.as_view(),
            name="dateline_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            translating.UpdateTranslationsView.as_view(),
            name="dateline_update_translations",
        ),
    ]


@hooks.register("register_admin_urls")
def register_translations_report_urls():
    return [
        path(
            "reports/translations/",
            TranslationsReportView.as_view(),
            name="dateline_translations_report",
        ),
        path(
            "reports/translations/results/",
            TranslationsReportView.as_view(results_only=True),
            name="dateline_translations_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translations_report_menu_item():
    return MenuItem(
        _("Translations by edition"),
        reverse("dateline_translations_report"),
        name="dateline-translations",
        icon_name="globe",
        order=750,
    )
