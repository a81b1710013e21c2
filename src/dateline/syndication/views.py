"""Sitemaps and robots.txt: thin wrappers around django.contrib.sitemaps."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse

from .sitemaps import sitemaps


def sitemap_index(request):
    return sitemap_views.index(request, sitemaps(), sitemap_url_name="sitemap")


def sitemap(request, section):
    template = "syndication/news_sitemap.xml" if section == "news" else "sitemap.xml"
    return sitemap_views.sitemap(
        request, sitemaps(), section=section, template_name=template
    )


def robots(request):
    """Crawlers may read everything but the admin; the sitemap index says where."""
    index = request.build_absolute_uri(reverse("sitemap_index"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {index}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
