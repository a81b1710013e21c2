"""Where each edition has the page a reader is on: the switcher and hreflang links.

A page's translations share its ``translation_key`` (Wagtail's i18n). For a routable
page (an author's or a country's page under an edition's home), the same sub-route is
kept on each edition's home. An edition without a translation links to its home page,
marked ``translated=False`` so the switcher can say so.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from dateline.articles.models import HomePage, SectionPage, edition_homes
from dateline.articles.routing import kept, language_of
from dateline.core.languages import bcp47, edition_name

# Front pages and sections: their translations are kept in memory with the site's
# structure (articles.routing), which their publication changes. Not the archive's
# year and month folders: they are made, live, on an article's publication, without
# a signal that would change it.
STRUCTURE = (HomePage, SectionPage)


@dataclass(frozen=True)
class EditionLink:
    language: str  # Django's code: "zh-hans"
    hreflang: str  # BCP 47: "zh-Hans"
    name: str  # the edition's name in its own language: "简体中文"
    url: str
    translated: bool  # False: the page is not in this edition; url is its home
    current: bool


def _route_suffix(page, request) -> str:
    match = getattr(request, "routable_resolver_match", None)
    if match is None or not hasattr(page, "reverse_subpage"):
        return ""
    suffix = page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
    return "" if suffix == "/" else suffix.lstrip("/")


def _live_translations(page: Page) -> dict[str, Page]:
    return {
        p.locale.language_code: p
        for p in Page.objects.filter(translation_key=page.translation_key)
        .live()
        .exclude(articlepage__published_at__gt=timezone.now())  # embargoed
        .select_related("locale")
    }


def edition_links(page: Page | None, request=None) -> list[EditionLink]:
    """One link per edition, in the order of ``settings.LANGUAGES``."""
    homes = edition_homes()
    current_language = language_of(page) if page else get_language()
    translations = {}
    found = getattr(page, "translation_list", None)  # read with the page
    if found is not None:
        # Each an address only: that is all a link needs of it.
        translations = {
            language: Page(url_path=url_path)
            for language, url_path in (
                item.split(" ", 1) for item in found.split(",") if item
            )
        }
        translations[current_language] = page
    elif page is not None and page.pk:
        if isinstance(page, STRUCTURE):
            # Published or withdrawn, these change the site's structure.
            key = page.translation_key
            translations = dict(
                kept("translations", lambda: _live_translations(page), key)
            )
        else:
            translations = _live_translations(page)
        translations[current_language] = page
    suffix = _route_suffix(page, request) if page is not None else ""

    links = []
    for language, _name in settings.LANGUAGES:
        target = translations.get(language)
        if target is not None:
            url, translated = target.get_url(request) + suffix, True
        elif language in homes:
            url, translated = homes[language].get_url(request), page is None
        else:
            continue
        links.append(
            EditionLink(
                language=language,
                hreflang=bcp47(language),
                name=edition_name(language),
                url=url,
                translated=translated,
                current=language == current_language,
            )
        )
    return links


def view_links(request) -> list[EditionLink]:
    """A reader page that is not one of Wagtail's (search, newsletters, privacy,
    corrections): the same view in each live edition, found by Django's
    ``translate_url``."""
    homes, current = edition_homes(), get_language()
    path = request.get_full_path()
    return [
        EditionLink(
            language=language,
            hreflang=bcp47(language),
            name=edition_name(language),
            url=translate_url(path, language),
            translated=True,
            current=language == current,
        )
        for language, _name in settings.LANGUAGES
        if language in homes
    ]


def default_link(page: Page | None, links: list[EditionLink], request=None) -> str:
    """The ``x-default`` URL: the root (which picks an edition) for a home page,
    otherwise the default edition's version, otherwise the page itself."""
    on_home = isinstance(page, HomePage) and not _route_suffix(page, request)
    if page is None or on_home:
        return "/"
    translated = [link for link in links if link.translated]
    for link in translated:
        if link.language == settings.LANGUAGE_CODE:
            return link.url
    return next((link.url for link in translated if link.current), "/")
