"""Reader pages of an edition that are not pages of the tree."""

from django.shortcuts import render
from wagtail.models import Locale

from ..pagecache.middleware import public_page
from . import services
from .pagination import paginate


def corrections(request):
    """``/<edition>/corrections/``: every correction and clarification of the
    edition's published articles, newest first."""
    locale = Locale.get_active()
    found = paginate(request, services.corrections_in(locale))
    return public_page(
        request,
        render(request, "articles/corrections_page.html", {"corrections": found}),
    )
