"""The editions' languages as readers and standards name them."""

from django.utils.text import capfirst
from django.utils.translation import get_language_info


def bcp47(language: str) -> str:
    """Django's language code as BCP 47 writes it (``zh-hans`` → ``zh-Hans``)."""
    first, *rest = language.split("-")
    parts = [first.lower()]
    for part in rest:
        parts.append(part.title() if len(part) == 4 else part.upper())
    return "-".join(parts)


def edition_name(language: str) -> str:
    return capfirst(get_language_info(language)["name_local"])
