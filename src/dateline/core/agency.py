from django.conf import settings
from django.utils.translation import get_language


def agency_name(language: str | None = None) -> str:
    """The agency's name in an edition: DATELINE_AGENCY_NAMES, else the default."""
    names = settings.DATELINE_AGENCY_NAMES
    return names.get(language or get_language() or "", settings.DATELINE_AGENCY_NAME)
