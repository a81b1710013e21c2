from django import template
from django.conf import settings
from wagtail.models import Page

from dateline.core.agency import absolute
from dateline.core.languages import bcp47, edition_name

from ..links import default_link, edition_links, view_links

register = template.Library()


@register.simple_tag(takes_context=True)
def editions(context):
    """The editions of the page being read: ``{"links": [...], "default": url,
    "alternates": bool}``; ``alternates``, whether its hreflang links are written:
    not on the later pages of a listing, which hold other articles in each edition
    (their canonical link is their own page)."""
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    request = context.get("request")
    if page is None and getattr(request, "resolver_match", None) is not None:
        links = view_links(request)
        default = next(
            (link.url for link in links if link.language == settings.LANGUAGE_CODE),
            "/",
        )
    else:
        links = edition_links(page, request)
        default = default_link(page, links, request)
    number = request.GET.get("page", "") if request is not None else ""
    return {
        "links": links,
        "default": default,
        "alternates": number in ("", "1"),
    }


register.filter("bcp47", bcp47)
register.filter("edition_name", edition_name)
register.filter("absolute", absolute)
