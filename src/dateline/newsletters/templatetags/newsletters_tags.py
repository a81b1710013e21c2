from django import template

register = template.Library()

CHOICES = ("editions", "countries", "sections", "frequency")


@register.inclusion_tag("newsletters/includes/fields.html")
def fields(form, names: str):
    """Render these fields of a form, in this order, with their labels and errors."""
    return {"fields": [form[name] for name in names.split()], "choices": CHOICES}


@register.inclusion_tag("newsletters/includes/article_block.html", takes_context=True)
def newsletter_block(context):
    """The subscribe form under an article, in the article's edition."""
    from ..forms import SubscribeForm

    page = context.get("page")
    language = page.locale.language_code if page is not None else None
    return {
        "form": SubscribeForm(language=language),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
