from django import template
from wagtail.models import Page

from ..links import bcp47, default_link, edition_links, edition_name

register = template.Library()


@register.simple_tag(takes_context=True)
def editions(context):
    """The editions of the page being read: ``{"links": [...], "default": url}``."""
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    request = context.get("request")
    links = edition_links(page, request)
    return {"links": links, "default": default_link(page, links, request)}


register.filter("bcp47", bcp47)
register.filter("edition_name", edition_name)
