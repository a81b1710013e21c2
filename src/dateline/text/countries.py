"""ISO 3166-1 alpha-2 country codes with their names in the reader's language.

Names come from the Unicode CLDR through Babel, so every edition gets them translated
without a hand-kept list.
"""

from functools import cache

from babel import Locale
from django.utils.translation import get_language, to_locale

# CLDR territories that are not countries (regions, groupings, placeholders).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@cache
def _names(locale_name: str) -> dict[str, str]:
    try:
        locale = Locale.parse(locale_name)
    except (ValueError, LookupError):
        locale = Locale.parse("en")
    return {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (default: the active language)."""
    names = _names(to_locale(language or get_language() or "en"))
    return names.get(code.upper(), code.upper())


def is_country_code(code: str) -> bool:
    return code.upper() in _names("en")


def country_choices(language: str = "en") -> list[tuple[str, str]]:
    """Choices for forms, named and sorted in ``language`` (codes are what is
    stored; the admin's use English)."""
    names = _names(to_locale(language))
    return sorted(names.items(), key=lambda item: item[1])
