from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

from dateline.articles.routing import kept

register = template.Library()

CHOICES = ("editions", "countries", "sections", "frequency")


@register.inclusion_tag("newsletters/includes/fields.html")
def fields(form, names: str):
    """Render these fields of a form, in this order, with their labels and errors."""
    return {"fields": [form[name] for name in names.split()], "choices": CHOICES}


@register.simple_tag(takes_context=True)
def newsletter_block(context):
    """The subscribe form under an article, in the article's edition: the same on
    every article (it has no token: dateline.core.origin), so made once until the
    sections change."""
    from ..forms import SubscribeForm

    page = context.get("page")
    language = page.locale.language_code if page is not None else get_language()

    def make() -> str:
        with override(language):
            return render_to_string(
                "newsletters/includes/article_block.html",
                {"form": SubscribeForm(language=language)},
            )

    return mark_safe(kept("newsletter-block", make, language))  # noqa: S308  (our template)
