"""Reader pages found in one query (docs/decisions/0013-page-cache.md).

Wagtail finds a page by walking the tree from the site's root, a query or two per
level: for an article (/en/2026/11/slug/), nine queries before the page is served.
Dateline keeps what changes only with the site's structure in memory, keyed by the
site's generation (dateline.pagecache: a front page, section or archive page
published changes it): the ``Site`` of a host, and each edition's front page. The
front page finds an article by its address in one query (``HomePage.route``).

Wagtail's own ``serve`` view then serves the page, with its hooks, from the route
and site given here: it keeps both on the request (``_wagtail_site``,
``_wagtail_route_for_request``) and looks for them there first.
"""

import copy

from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site

from dateline.pagecache.generations import site_generation

# What changes only with the site's structure (the Site of a host, the editions'
# front pages, the sections menu, the newsletter form), kept in this process by
# (name, site generation, key...): made again once the generation changes.
_kept: dict = {}


def kept(name: str, make, *key, generation: int | None = None):
    """``make()``, kept in this process until the site's structure changes."""
    if generation is None:
        generation = site_generation()
    full = (name, generation, *key)
    if full not in _kept:
        if len(_kept) > 1000:
            _kept.clear()
        _kept[full] = make()
    return _kept[full]


def forget() -> None:
    """Drop what this process keeps (the tests: each starts with a database of
    its own)."""
    _kept.clear()


def language_of(page: Page) -> str:
    """The page's language code, from the editions' locales kept in memory (a new
    locale comes with a new edition's front page, which changes the structure)."""
    locale = kept("locales", Locale.objects.in_bulk).get(page.locale_id)
    return (locale or page.locale).language_code


def site_for(request, generation: int) -> Site | None:
    key = (request.get_host(), request.is_secure())
    return kept(
        "site", lambda: Site.find_for_request(request), *key, generation=generation
    )


def home_for(site: Site, language: str, generation: int) -> Page:
    """The edition's front page (the site's root page in this language)."""

    def make():
        home = site.root_page.localized.specific
        home.url_path  # noqa: B018  (loaded now, once)
        return home

    # A copy per request: nothing a request sets on it reaches another.
    return copy.copy(kept("home", make, site.pk, language, generation=generation))


def restrictions_exist(generation: int) -> bool:
    """Whether any page has a view restriction (privacy settings) at all."""
    return kept(
        "restrictions", PageViewRestriction.objects.exists, generation=generation
    )


class QuickRestrictionsMixin:
    """Reader pages: Wagtail looks for view restrictions on the page and each of its
    ancestors before serving it (two queries); with none on the site, there is
    nothing to look for."""

    def get_view_restrictions(self):
        if not restrictions_exist(site_generation()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def serve(request, path):
    from wagtail.views import serve as wagtail_serve

    generation = site_generation()
    site = site_for(request, generation)
    if site is not None:
        request._wagtail_site = site
        components = [component for component in path.split("/") if component]
        try:
            home = home_for(site, get_language(), generation)
            request._wagtail_route_for_request = home.route(request, components)
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_serve(request, path)
