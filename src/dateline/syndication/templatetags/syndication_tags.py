from django import template
from django.urls import reverse

from dateline.articles.models import SectionPage
from dateline.core.agency import agency_name

from ..feeds import titled

register = template.Library()

TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


def _scope(context) -> tuple[str, str, str] | None:
    """The section, country or author a page lists: its feed's kind, key, name."""
    page = context.get("page")
    if context.get("author") is not None:
        author = context["author"]
        return "authors", author.slug, context.get("author_name") or author.name
    if context.get("country_code"):
        code = context["country_code"]
        return "countries", code.lower(), context.get("country_name") or code
    if isinstance(page, SectionPage):
        return "sections", page.slug, page.title
    return None


@register.inclusion_tag("syndication/feed_links.html", takes_context=True)
def feed_links(context):
    """<link rel="alternate"> to the edition's feeds and, on a section, country or
    author page, to that listing's feeds."""
    links = [
        (TYPES[kind], agency_name(), reverse("feeds:edition", args=[kind]))
        for kind in TYPES
    ]
    scope = _scope(context)
    if scope is not None:
        kind, key, name = scope
        links += [
            (
                TYPES[format],
                titled(name),
                reverse("feeds:scoped", args=[format, kind, key]),
            )
            for format in TYPES
        ]
    return {"links": links}


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """Canonical link; on an article, JSON-LD, OpenGraph and Twitter card tags."""
    from wagtail.models import Page

    from ..structured import page_metadata as metadata

    request, page = context.get("request"), context.get("page")
    if request is None or not isinstance(page, Page):
        return ""
    return metadata(request, page, context.get("bylines"))
