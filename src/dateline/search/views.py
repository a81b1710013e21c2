"""The search page of each edition (``/<edition>/search/``): thin, a GET form."""

from django.shortcuts import render
from wagtail.models import Locale

from . import results
from .forms import SearchForm
from .query import parse


def search(request):
    locale = Locale.get_active()
    form = SearchForm(request.GET or None, locale=locale)
    context = {"form": form, "found": None, "query": None}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        query = parse(data["q"], locale.language_code)
        if query or form.filtered:
            context["query"] = query
            context["found"] = results.search(
                query=query,
                language=locale.language_code,
                country=data["country"],
                section_id=data["section"],
                author_id=data["author"].pk if data["author"] else None,
                since=data["since"],
                until=data["until"],
                order=data["order"] or "relevance",
                page=request.GET.get("page", 1),
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "search/search.html", context, status=status)
