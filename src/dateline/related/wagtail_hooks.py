from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail import hooks

from dateline.articles.models import ArticlePage
from dateline.text import places
from dateline.text.countries import country_name

from .selectors import see_also
from .services import text_of


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def propose_countries(request, page):
    """An article saved without countries: name the ones its text is about, so the
    editor can add them (See also relates articles by country across editions)."""
    if not isinstance(page, ArticlePage) or page.countries.all():
        return
    found = places.find(text=text_of(page), place=page.dateline_place)
    if found.countries:
        names = ", ".join(capfirst(country_name(code)) for code in found.countries)
        messages.info(
            request,
            _(
                "This article names %(countries)s. Add them under Countries so that "
                "See also can relate it to articles in every edition."
            )
            % {"countries": names},
        )


@hooks.register("article_page_context")
def add_see_also(page, request, context):
    context["see_also"] = see_also(page, request)
