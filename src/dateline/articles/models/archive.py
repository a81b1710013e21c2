from datetime import date

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.models import Page

from ...pagecache.middleware import public_page
from ..pagination import paginate
from ..routing import QuickRestrictionsMixin


def month_heading(year: int, month: int, language: str) -> str:
    """“October 2013”, “Ottobre 2013”, “2013年10月”: a month in an edition's words."""
    with override(language):
        return capfirst(date_format(date(year, month, 1), "YEAR_MONTH_FORMAT"))


class ArchivePage(QuickRestrictionsMixin, Page):
    """A folder of an edition's archive that lists the articles under it.

    Articles live under year and month folders so that no page has more than a month's
    articles as children: see docs/decisions/0001-page-tree.md.
    """

    class Meta:
        abstract = True

    @property
    def heading(self) -> str:
        """The period in the edition's language (a copied folder may keep the title
        of the edition it was copied from)."""
        return self.title

    def permissions_for_user(self, user):
        from dateline.newsroom.permissions import FolderPermissionTester

        return FolderPermissionTester(user, self)

    def articles(self):
        from .article import ArticlePage

        return ArticlePage.objects.published().descendant_of(self).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, self.articles())
        return context

    def serve(self, request, *args, **kwargs):
        return public_page(request, super().serve(request, *args, **kwargs))


class YearArchivePage(ArchivePage):
    """A year of an edition's archive (``/2013/``), holding its months."""

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.MonthArchivePage"]
    template = "articles/archive_page.html"

    class Meta:
        verbose_name = _("archive year")
        verbose_name_plural = _("archive years")


class MonthArchivePage(ArchivePage):
    """A month of an edition's archive (``/2013/10/``), holding its articles."""

    parent_page_types = ["articles.YearArchivePage"]
    subpage_types = ["articles.ArticlePage"]
    template = "articles/archive_page.html"

    @property
    def heading(self) -> str:
        try:
            year, month = int(self.get_parent().slug), int(self.slug)
        except ValueError:
            return self.title
        return month_heading(year, month, self.locale.language_code)

    class Meta:
        verbose_name = _("archive month")
        verbose_name_plural = _("archive months")
