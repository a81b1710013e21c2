"""Sitemaps (docs/feeds.md): an index; per edition, its front pages and its articles
with ``hreflang`` alternates to their translations; and a Google News sitemap of the
last two days. Built on django.contrib.sitemaps."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from dateline.articles.models import ArticlePage, HomePage, SectionPage
from dateline.core.agency import agency_name, site_root

# Google News names Simplified Chinese as zh-cn.
NEWS_LANGUAGES = {"zh-hans": "zh-cn"}
NEWS_DAYS = 2


class OwnHost:
    """A sitemap's addresses are on the site's own host and scheme (BASE_URL), not
    the request's (Django's default)."""

    def get_protocol(self, protocol=None):
        return urlsplit(site_root()).scheme

    def get_domain(self, site=None):
        return urlsplit(site_root()).netloc


class EditionPagesSitemap(OwnHost, Sitemap):
    """An edition's home page and sections."""

    changefreq = "hourly"

    def __init__(self, language: str):
        self.language = language

    def items(self):
        home = HomePage.objects.filter(locale__language_code=self.language)
        sections = SectionPage.objects.live().filter(
            locale__language_code=self.language
        )
        return [*home, *sections.order_by("path")]

    def location(self, item):
        return item.url


class EditionArticlesSitemap(OwnHost, Sitemap):
    """An edition's published articles, newest first, each with its translations."""

    limit = 10_000  # a page of the sitemap; the index lists them all

    def __init__(self, language: str):
        self.language = language

    def items(self):
        return (
            ArticlePage.objects.published()
            .filter(locale__language_code=self.language)
            .order_by("-published_at", "-pk")
            .defer_streamfields()
            .with_corrected_at()
        )

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.modified_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        translations = ArticlePage.objects.published().versions_of(
            [url["item"] for url in urls]
        )
        for url in urls:
            versions = translations.get(url["item"].translation_key, [])
            if len(versions) > 1:  # the article and at least one translation
                url["alternates"] = [
                    {
                        "lang_code": version.locale.language_code,
                        "location": f"{protocol}://{domain}{version.url}",
                    }
                    for version in sorted(versions, key=lambda v: v.locale_id)
                ]
        return urls


class NewsSitemap(OwnHost, Sitemap):
    """Google News: every edition's articles of the last two days."""

    limit = 1000  # Google's limit for a news sitemap

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_DAYS)
        return (
            ArticlePage.objects.published()
            .filter(published_at__gte=since)
            .select_related("locale")
            .order_by("-published_at", "-pk")
            .defer_streamfields()
        )

    def location(self, item):
        return item.url

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            language = url["item"].locale.language_code
            url["news_language"] = NEWS_LANGUAGES.get(language, language)
            url["publication"] = agency_name(language)
        return urls


def sitemaps() -> dict[str, Sitemap]:
    """The sitemaps that have something in them (an empty one is not valid)."""
    found: dict[str, Sitemap] = {}
    for language, _name in settings.LANGUAGES:
        found[f"{language}-pages"] = EditionPagesSitemap(language)
        found[f"{language}-articles"] = EditionArticlesSitemap(language)
    found["news"] = NewsSitemap()
    return {name: sitemap for name, sitemap in found.items() if _any(sitemap)}


def _any(sitemap: Sitemap) -> bool:
    items = sitemap.items()
    return items.exists() if hasattr(items, "exists") else bool(items)
