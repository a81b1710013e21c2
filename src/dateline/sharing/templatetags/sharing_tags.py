from django import template
from django.template.loader import render_to_string

from ..printing import absolute_links

register = template.Library()


@register.simple_tag(takes_context=True)
def printed_body(context, page, base: str):
    """The article's body as on its page, every link made absolute."""
    html = render_to_string(
        "articles/includes/article_body.html", {"page": page}, context.get("request")
    )
    return absolute_links(html, base)
