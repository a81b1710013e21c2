import copy

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale, Page

from ...pagecache.middleware import public_page
from ...text.countries import country_name, is_country_code
from ..front import front_page
from ..pagination import paginate
from ..routing import QuickRestrictionsMixin, kept
from .section import SectionPage


def with_structure(article):
    """The article, its edition (``locale``) and section set from what this
    process keeps (they change only with the site's structure), not read with it
    from the database."""
    locales = kept("locales", Locale.objects.in_bulk)
    model = type(article)
    if article.locale_id in locales:
        model.locale.field.set_cached_value(article, locales[article.locale_id])
    if article.section_id is not None:
        section = SectionPage.by_pk().get(article.section_id)
        if section is not None:  # else read when asked for, as usual
            model.section.field.set_cached_value(article, copy.copy(section))
    return article


class HomePage(QuickRestrictionsMixin, RoutablePageMixin, Page):
    """An edition's front page (latest articles), with author and country pages."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.SectionPage", "articles.YearArchivePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def articles(self):
        from .article import ArticlePage

        return (
            ArticlePage.objects.published()
            .filter(locale_id=self.locale_id)
            .for_listing()
        )

    def route(self, request, path_components):
        """An article's address (year/month/slug/, and its sub-pages) is found in
        one query, not one or two per level of the tree."""
        from .article import READING

        if len(path_components) >= 3 and all(c.isdigit() for c in path_components[:2]):
            url_path = f"{self.url_path}{'/'.join(path_components[:3])}/"
            found = READING.run(
                slug=path_components[2], url_path=url_path, now=timezone.now()
            )
            article = next(iter(found), None)
            if article is not None:
                article.has_corrections = bool(article.has_corrections)  # SQLite: 0/1
                return with_structure(article).route(request, path_components[3:])
        if path_components:
            # A section or a year's archive: the front page's children change
            # only with the site's structure (their publication changes it).
            children = kept(
                "children",
                lambda: {child.slug: child for child in self.get_children().specific()},
                self.pk,
            )
            child = children.get(path_components[0])
            if child is not None:  # a copy: nothing a request sets reaches another
                return copy.copy(child).route(request, path_components[1:])
        return super().route(request, path_components)

    @path("")
    def index_route(self, request):
        """The front page: its first page shows the lead story, top stories and
        region blocks above the latest news; the next pages, older news."""
        articles = paginate(request, self.articles())
        context = {"articles": articles}
        if articles.number == 1:
            context |= front_page(self, articles)
        return public_page(request, self.render(request, context_overrides=context))

    @path("authors/<str:slug>/", name="author")
    def author_page(self, request, slug):
        from .author import Author

        author = get_object_or_404(
            Author.objects.prefetch_related("localized_names"), slug=slug
        )
        articles = self.articles().by_author(author)
        return public_page(
            request,
            self.render(
                request,
                context_overrides={
                    "author": author,
                    "author_name": author.name_in(self.locale.language_code),
                    "articles": paginate(request, articles),
                },
                template="articles/author_page.html",
            ),
        )

    @path("countries/<str:code>/", name="country")
    def country_page(self, request, code):
        if not is_country_code(code) or code != code.lower():
            raise Http404(_("There is no such country."))
        articles = self.articles().for_country(code)
        return public_page(
            request,
            self.render(
                request,
                context_overrides={
                    "country_code": code.upper(),
                    "country_name": country_name(code),
                    "articles": paginate(request, articles),
                },
                template="articles/country_page.html",
            ),
        )


def edition_homes() -> dict[str, Page]:
    """Each edition's live home page (a root page translation) by language code,
    kept in memory until the site's structure changes (articles.routing)."""
    return kept(
        "homes",
        lambda: {
            home.locale.language_code: home
            for home in HomePage.objects.live().select_related("locale")
        },
    )
