"""What a reader chooses: at sign-up, and in the preference centre."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dateline.articles.models import SectionPage
from dateline.text.countries import country_name

from .models import Frequency


def edition_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


def topic_choices(language: str) -> tuple[list, list]:
    """The countries the agency covers (those of its region sections) and the
    sections of the reader's edition, stored by translation key so that a topic is
    the same topic in every edition; read in one query."""
    codes, sections = set(), []
    for code, key, title, countries in (
        SectionPage.objects.live()
        .order_by("path")
        .values_list(
            "locale__language_code", "translation_key", "title", "country_codes"
        )
    ):
        codes.update(countries or [])
        if code == language:
            sections.append((str(key), title))
    countries = sorted(((c, country_name(c)) for c in codes), key=lambda c: c[1])
    return countries, sections


class PreferencesForm(forms.Form):
    editions = forms.MultipleChoiceField(
        label=_("Editions"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one edition.")},
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sections = forms.MultipleChoiceField(
        label=_("Topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose no country and no topic to receive everything in your editions."
        ),
    )

    def __init__(self, *args, language: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        language = language or get_language()
        self.fields["editions"].choices = edition_choices()
        self.fields["editions"].initial = [language]
        countries, sections = topic_choices(language)
        self.fields["countries"].choices = countries
        self.fields["sections"].choices = sections


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    consent = forms.BooleanField(
        label=_(
            "I agree to receive these e-mails. I can change my choices or "
            "unsubscribe at any time, from a link in every e-mail."
        ),
        error_messages={"required": _("Please agree, or we cannot send anything.")},
    )
    # A field people do not see; a form-filling robot does, and fills it in.
    leave_empty = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["email", "frequency", "editions", "countries", "sections"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_leave_empty(self) -> str:
        if self.cleaned_data["leave_empty"]:
            raise ValidationError(_("This field must be left empty."))
        return ""


class ManageForm(PreferencesForm):
    paused = forms.BooleanField(
        label=_("Pause: send me nothing until I come back and untick this"),
        required=False,
    )


class LinkForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)

    def __init__(self, *args, **kwargs):
        # Its field has an id of its own beside the subscribe form's (same page).
        kwargs.setdefault("auto_id", "link-%s")
        super().__init__(*args, **kwargs)
