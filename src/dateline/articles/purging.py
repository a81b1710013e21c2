"""Which reader pages show an article, so that they leave the caches the moment it
changes (docs/caching.md).

An article is on its own page and on each of its versions' pages (their edition
links), on its edition's front page, corrections page and feeds, on its section's
page and those of sections that gather its countries, on its countries' and authors'
pages and their feeds, on its month's and year's archive pages, and (dateline.related
purges them) in the See also lists of other articles.
"""

from datetime import datetime, timedelta

from django.db.models import F
from django.urls import reverse
from django.utils.translation import override

from dateline.pagecache.purges import purge

from .models import (
    ArticlePage,
    HomePage,
    SectionPage,
)

FEED_FORMATS = ("rss", "atom", "json")


def _feeds(language: str, kind: str | None = None, key: str | None = None) -> list:
    with override(language):
        if kind is None:
            return [reverse("feeds:edition", args=[f]) for f in FEED_FORMATS]
        return [reverse("feeds:scoped", args=[f, kind, key]) for f in FEED_FORMATS]


def article_urls(article: ArticlePage) -> set[str]:
    """Every reader page that shows this article (its versions' pages included)."""
    article = ArticlePage.objects.select_related("locale").get(pk=article.pk)
    language = article.locale.language_code
    urls = {
        version.url
        for version in ArticlePage.objects.filter(
            translation_key=article.translation_key
        )
    }
    with override(language):
        urls.add(reverse("corrections"))
    urls.update(_feeds(language))

    home = HomePage.objects.filter(locale_id=article.locale_id).first()
    codes = [c.code for c in article.countries.all()]
    if home is not None:
        home_url = home.url
        urls.add(home_url)
        for code in codes:
            urls.add(home_url + home.reverse_subpage("country", args=[code.lower()]))
            urls.update(_feeds(language, "countries", code.lower()))
        for byline in article.bylines.select_related("author"):
            slug = byline.author.slug
            urls.add(home_url + home.reverse_subpage("author", args=[slug]))
            urls.update(_feeds(language, "authors", slug))

    section_key = article.section.translation_key if article.section_id else None
    for section in SectionPage.objects.filter(locale_id=article.locale_id):
        if section.translation_key == section_key or set(codes) & set(
            section.country_codes or []
        ):
            urls.add(section.url)
            urls.update(_feeds(language, "sections", section.slug))

    if home is not None:  # the month's and the year's archive pages
        for archive in article.get_ancestors().filter(depth__gt=home.depth):
            urls.add(archive.url)

    return {url for url in urls if url}


def articles_urls(article_ids) -> set[str]:
    """The pages of these articles (their See also lists changed)."""
    return {
        url
        for page in ArticlePage.objects.filter(pk__in=list(article_ids))
        if (url := page.url)
    }


def embargoes_lifted(now: datetime) -> int:
    """The worker's clock (dateline.worker.schedule): articles whose publication time
    came in the last two minutes join the cached listings. Returns how many."""
    due = ArticlePage.objects.published().filter(
        published_at__gt=now - timedelta(minutes=2),
        first_published_at__lt=F("published_at"),
    )
    count = 0
    for article in due:
        purge(article_urls(article))
        count += 1
    return count


# Receivers (connected in ArticlesConfig.ready()): what changes on publication,
# unpublication, deletion and a new slug, and when the site's structure changes.


def article_changed(sender, instance, **kwargs):
    purge(article_urls(instance))


def article_moved(sender, instance, instance_before, **kwargs):
    purge([instance_before.url or "", *article_urls(instance)])


def navigation_changed(sender, instance, **kwargs):
    # A front page, section or archive page: every page's navigation may show it.
    purge(everything=True)


def structure_changed(sender, **kwargs):
    """A site, or a page's privacy, changed: every page may be routed or shown
    differently."""
    purge(everything=True)
