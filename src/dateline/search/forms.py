"""The search form: what the reader typed and the filters they chose, checked."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from dateline.articles.models import Author, SectionPage
from dateline.text.countries import country_choices

from .query import MAX_QUERY

ORDER_CHOICES = [
    ("relevance", _("Most relevant first")),
    ("newest", _("Newest first")),
]


class DayInput(forms.DateInput):
    """``<input type="date">``: its value is an ISO date, or none. A day that does
    not exist (2024-02-30), sent back with its error, is not written into it (HTML
    does not allow it there; the browser would drop it anyway)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        try:
            return date.fromisoformat(value).isoformat() if value else None
        except (TypeError, ValueError):
            return None


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY,
        strip=True,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    section = forms.TypedChoiceField(
        label=_("Section"), required=False, coerce=int, empty_value=None
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
    )
    since = forms.DateField(label=_("From"), required=False, widget=DayInput())
    until = forms.DateField(label=_("To"), required=False, widget=DayInput())
    order = forms.ChoiceField(
        label=_("Order"), choices=ORDER_CHOICES, required=False, initial="relevance"
    )

    def __init__(self, *args, locale, **kwargs):
        super().__init__(*args, **kwargs)
        language = locale.language_code
        self.fields["country"].choices = [
            ("", _("All countries")),
            *country_choices(language),
        ]
        self.fields["section"].choices = [("", _("All sections"))] + [
            (s.pk, s.title)
            for s in SectionPage.objects.live().filter(locale=locale).order_by("title")
        ]
        self.fields["author"].label_from_instance = lambda a: a.name_in(language)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    @property
    def filtered(self) -> bool:
        data = self.cleaned_data
        return any(
            data.get(f) for f in ("country", "section", "author", "since", "until")
        )
