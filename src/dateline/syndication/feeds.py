"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of an edition, a section, a country or an
author (docs/feeds.md), on Django's syndication framework: one ``Feed`` class, three
generators. ``DATELINE_FEED_CONTENT`` chooses full text or ledes."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dateline.articles.models import (
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
)
from dateline.core.agency import absolute, agency_name, site_root
from dateline.core.html import absolute_urls
from dateline.pagecache.middleware import public_page
from dateline.text.countries import country_name, is_country_code

from .generators import JsonFeed


class RssWithContent(Rss201rev2Feed):
    """RSS with the article's text as ``content:encoded`` beside the lede."""

    def rss_attributes(self):
        return super().rss_attributes() | {
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/"
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class AtomWithContent(Atom1Feed):
    """Atom with the article's text as ``content`` beside the lede as ``summary``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


FORMATS = {"rss": RssWithContent, "atom": AtomWithContent, "json": JsonFeed}


@dataclass
class Scope:
    """What a feed covers: an edition, or one section, country or author in it."""

    title: str
    link: str
    articles: object  # an ArticlePage queryset


def titled(name: str) -> str:
    """A listing's feed title: "Dateline: Korea"."""
    return _("%(agency)s: %(name)s") % {"agency": agency_name(), "name": name}


def scope_for(kind: str | None, key: str | None) -> Scope:
    language = get_language()
    home = get_object_or_404(HomePage, locale__language_code=language)
    if kind is None:
        return Scope(agency_name(language), home.url, home.articles())
    if kind == "sections":
        section = get_object_or_404(
            SectionPage.objects.live(), slug=key, locale=home.locale
        )
        return Scope(titled(section.title), section.url, section.articles())
    if kind == "countries":
        if not is_country_code(key) or key != key.lower():
            raise Http404(_("There is no such country."))
        link = home.url + home.reverse_subpage("country", args=[key])
        title = titled(country_name(key))
        return Scope(title, link, home.articles().for_country(key))
    author = get_object_or_404(Author, slug=key)
    link = home.url + home.reverse_subpage("author", args=[key])
    title = titled(author.name_in(language))
    return Scope(title, link, home.articles().by_author(author))


def feed(request, format, kind=None, key=None):
    """The view: a feed object per request (it holds the request and the format)."""
    return public_page(
        request, ArticleFeed(format, request)(request, kind=kind, key=key)
    )


class ArticleFeed(Feed):
    def __init__(self, format: str, request):
        self.feed_type = FORMATS[format]
        self.request = request

    def get_object(self, request, kind=None, key=None):
        return scope_for(kind, key)

    def title(self, scope):
        return scope.title

    # Every address in a feed is on the site's own host (BASE_URL), whatever host
    # the request came by: a feed is cached, and read far from the site.
    def link(self, scope):
        return absolute(scope.link)

    def feed_url(self, scope):
        return absolute(self.request.get_full_path())

    def description(self, scope):
        return _("The latest articles: %(title)s") % {"title": scope.title}

    def items(self, scope):
        size = settings.DATELINE_FEEDS["SIZE"]
        return scope.articles.select_related("locale").prefetch_related(
            "countries", "bylines__author__localized_names", "corrections"
        )[:size]

    def item_title(self, item: ArticlePage):
        return item.title

    def item_link(self, item: ArticlePage):
        return absolute(item.url)

    def item_guid(self, item: ArticlePage):
        return absolute(item.url)

    def item_description(self, item: ArticlePage):
        # Plain text, the lede: what RSS's description, Atom's summary and JSON
        # Feed's summary promise. The text and corrections are the item's content.
        return item.lede

    def _corrections(self, item: ArticlePage) -> str:
        """The item's corrections as HTML, rendered once (the feed object serves
        every request: kept on the item)."""
        if not hasattr(item, "_corrections_html"):
            corrections = item.corrections_in_order
            item._corrections_html = (
                render_to_string(
                    "articles/includes/corrections.html",
                    {"corrections": corrections},
                    self.request,
                )
                if corrections
                else ""
            )
        return item._corrections_html

    def item_pubdate(self, item: ArticlePage):
        return item.published_at

    def item_updateddate(self, item: ArticlePage):
        return item.modified_at

    def _authors(self, item: ArticlePage) -> list[str]:
        language = item.locale.language_code
        return [byline.author.name_in(language) for byline in item.bylines.all()]

    def item_author_name(self, item: ArticlePage):
        return ", ".join(self._authors(item)) or None

    def item_categories(self, item: ArticlePage):
        language = item.locale.language_code
        names = [item.section.title] if item.section else []
        return names + [country_name(c.code, language) for c in item.countries.all()]

    def item_extra_kwargs(self, item: ArticlePage):
        full = settings.DATELINE_FEEDS["CONTENT"] == "full"
        return {
            "content": self._content(item, full=full),
            "authors": self._authors(item),
            "language": item.locale.language_code,
        }

    def _content(self, item: ArticlePage, *, full: bool) -> str | None:
        """The text and its corrections ("full"), or the lede and its corrections
        (none without corrections), as HTML whose every address is absolute."""
        corrections = self._corrections(item)
        if full:
            body = render_to_string(
                "articles/includes/article_body.html", {"page": item}, self.request
            )
        elif corrections:
            body = format_html("<p>{}</p>", item.lede)
        else:
            return None
        return absolute_urls(body + corrections, site_root() + "/")
