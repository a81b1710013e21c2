from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from ...pagecache.middleware import public_page
from ...text.countries import is_country_code
from ..pagination import paginate
from ..routing import QuickRestrictionsMixin, kept


class SectionPage(QuickRestrictionsMixin, Page):
    """A section of the site: a region or country (Korea, Central Asia) or a theme.

    Articles belong to one section by a foreign key rather than by living under it in
    the page tree (see docs/decisions/0001-page-tree.md). A region or country section
    also lists every article about one of its countries.
    """

    class Kind(models.TextChoices):
        REGION = "region", _("Region or country")
        THEME = "theme", _("Theme")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.REGION)
    introduction = models.TextField(_("introduction"), blank=True)
    country_codes = models.JSONField(
        _("countries"),
        default=list,
        blank=True,
        help_text=_(
            "ISO 3166 codes of the countries this section covers, e.g. KR, KP. "
            "Articles about them are listed here too."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("introduction"),
        FieldPanel("country_codes"),
    ]
    parent_page_types = ["articles.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    @classmethod
    def in_menu_of(cls, home):
        """The sections an edition's navigation lists, in menu order."""
        return cls.objects.live().in_menu().child_of(home)

    @classmethod
    def menu_of(cls, home) -> list:
        """Those sections, kept in memory until the site's structure changes: the
        navigation of every page and the front page's region blocks read them."""
        return kept("menu", lambda: list(cls.in_menu_of(home)), home.pk)

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        codes = self.country_codes or []
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ValidationError({"country_codes": _("Give a list of country codes.")})
        unknown = [code for code in codes if not is_country_code(code)]
        if unknown:
            raise ValidationError(
                {
                    "country_codes": _("Unknown country codes: %(codes)s")
                    % {"codes": ", ".join(unknown)}
                }
            )
        self.country_codes = [code.upper() for code in codes]

    def matching(self, now=None):
        """This section's published articles (by ``now``) in its edition,
        unordered."""
        from .article import ArticlePage
        from .parts import ArticleCountry

        # Articles name a section of any edition; listings keep to this edition.
        match = Q(section__translation_key=self.translation_key)
        if self.country_codes:
            match |= Exists(
                ArticleCountry.objects.filter(
                    article=OuterRef("pk"), code__in=self.country_codes
                )
            )
        return ArticlePage.objects.published(now).filter(
            match, locale_id=self.locale_id
        )

    @classmethod
    def by_pk(cls) -> dict:
        """Every section by its id (with its edition), kept in memory until the
        site's structure changes: an article's section, and whether a region holds
        it, read without a query."""
        return kept(
            "sections", lambda: {s.pk: s for s in cls.objects.select_related("locale")}
        )

    def holds(self, article) -> bool:
        """Whether ``matching`` holds this published article of the edition (read
        with its ``country_list``)."""
        if article.section_id is not None:
            # (A section newer than what the process keeps is read.)
            section = self.by_pk().get(article.section_id) or article.section
            if section.translation_key == self.translation_key:
                return True
        codes = {code.upper() for code in (article.country_list or "").split(",")}
        return bool(codes & {code.upper() for code in self.country_codes or []})

    def articles(self):
        return self.matching().for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, self.articles())
        return context

    def serve(self, request, *args, **kwargs):
        return public_page(request, super().serve(request, *args, **kwargs))
