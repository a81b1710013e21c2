from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dateline.articles.models import HomePage, SectionPage
from dateline.core.agency import agency_name

from ..feeds import titled
from ..structured import canonical
from ..structured import page_metadata as metadata

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

    request, page = context.get("request"), context.get("page")
    if request is None:
        return ""
    if not isinstance(page, Page):  # a view of ours: its own address
        return format_html('<link rel="canonical" href="{}">', canonical(request, None))
    return metadata(request, page, context.get("bylines"))


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's description for search results: its own (Wagtail's promote tab),
    else one said of what it lists."""
    text = _description(context)
    return format_html('<meta name="description" content="{}">', text) if text else ""


def _description(context) -> str:
    # An author's or a country's page is served by the edition's front page: its
    # own description comes before the front page's.
    page, agency = context.get("page"), agency_name()
    if context.get("author") is not None:
        author = context["author"]
        return author.bio or _("Articles by %(name)s for %(agency)s.") % {
            "name": context.get("author_name") or author.name,
            "agency": agency,
        }
    if context.get("country_code"):
        return _("The latest news from %(country)s, by %(agency)s.") % {
            "country": context.get("country_name") or context["country_code"],
            "agency": agency,
        }
    if getattr(page, "search_description", ""):
        return page.search_description
    if isinstance(page, SectionPage):
        return page.introduction or _(
            "The latest news: %(section)s, by %(agency)s."
        ) % {
            "section": page.title,
            "agency": agency,
        }
    if isinstance(page, HomePage):
        return _("%(agency)s: news from Asia, in four languages.") % {"agency": agency}
    return ""
