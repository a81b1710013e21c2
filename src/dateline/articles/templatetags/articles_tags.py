import re

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from ...core.html import clean
from ..blocks import image_alt
from ..models import SectionPage, edition_homes
from ..routing import language_of

register = template.Library()

_FIRST_PARAGRAPH = re.compile(r"^\s*<p(\s[^>]*)?>")


@register.simple_tag
def paragraph_with_dateline(rich_text, dateline: str = ""):
    """A body paragraph, cleaned to the rich-text allow-list (core/html.py); the
    first with the dateline run into it, as agencies print it."""
    html = clean(expand_db_html(rich_text.source))
    if not dateline:
        return mark_safe(html)  # noqa: S308  (cleaned to the allow-list)
    label = format_html('<span class="dateline">{}</span> ', dateline)
    if _FIRST_PARAGRAPH.match(html):
        return mark_safe(_FIRST_PARAGRAPH.sub(lambda m: m.group(0) + label, html, 1))  # noqa: S308
    return mark_safe(format_html("<p>{}</p>", label) + html)  # noqa: S308


register.filter("image_alt", image_alt)


@register.simple_tag(takes_context=True)
def edition_home(context):
    """The home page of the edition being read, for the masthead and navigation."""
    page = context.get("page")
    language = language_of(page) if isinstance(page, Page) else get_language()
    homes = edition_homes()
    return homes.get(language) or homes.get(settings.LANGUAGE_CODE)


@register.inclusion_tag("articles/includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The edition's sections in the menu: regions and countries, then themes."""
    home = edition_home(context)
    sections = SectionPage.menu_of(home) if home else []
    regions = [s for s in sections if s.kind == SectionPage.Kind.REGION]
    themes = [s for s in sections if s.kind != SectionPage.Kind.REGION]
    return {
        "groups": [(k, g) for k, g in (("regions", regions), ("themes", themes)) if g],
        "current": context.get("page"),
        "request": context.get("request"),
    }
