import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from ..models import HomePage, SectionPage

register = template.Library()

_FIRST_PARAGRAPH = re.compile(r"^\s*<p(\s[^>]*)?>")


@register.simple_tag
def paragraph_with_dateline(rich_text, dateline: str):
    """The first body paragraph with the dateline run into it, as agencies print it."""
    html = expand_db_html(rich_text.source)
    if not dateline:
        return mark_safe(html)  # noqa: S308  (Wagtail's own sanitised rich text)
    label = format_html('<span class="dateline">{}</span> ', dateline)
    if _FIRST_PARAGRAPH.match(html):
        return mark_safe(_FIRST_PARAGRAPH.sub(lambda m: m.group(0) + label, html, 1))  # noqa: S308
    return mark_safe(format_html("<p>{}</p>", label) + html)  # noqa: S308


@register.simple_tag(takes_context=True)
def edition_home(context):
    """The home page of the site being read, for the masthead and navigation."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    cache = getattr(request, "_dateline_home", None)
    if cache is None:
        cache = HomePage.objects.filter(pk=site.root_page_id).first()
        request._dateline_home = cache
    return cache


@register.inclusion_tag("articles/includes/section_nav.html", takes_context=True)
def section_nav(context):
    home = edition_home(context)
    sections = SectionPage.objects.live().in_menu().child_of(home) if home else []
    return {
        "sections": sections,
        "current": context.get("page"),
        "request": context.get("request"),
    }
