"""Sitemaps and robots.txt: thin wrappers around django.contrib.sitemaps."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import HttpResponse
from django.urls import reverse

from dateline.core.agency import absolute

from .crawlers import robots_txt
from .sitemaps import sitemaps


def sitemap_index(request):
    response = sitemap_views.index(request, sitemaps(), sitemap_url_name="sitemap")
    # Django writes the request's host; the index names the site's own (BASE_URL).
    response.context_data["sitemaps"] = [
        SitemapIndexItem(absolute(_path(item.location)), item.last_mod)
        for item in response.context_data["sitemaps"]
    ]
    return response


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap(request, section):
    template = "syndication/news_sitemap.xml" if section == "news" else "sitemap.xml"
    return sitemap_views.sitemap(
        request, sitemaps(), section=section, template_name=template
    )


def robots(request):
    """Crawlers may read everything but the admin, AI crawlers only those the agency
    admits; the sitemap index says where (syndication.crawlers)."""
    text = robots_txt(absolute(reverse("sitemap_index")))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
