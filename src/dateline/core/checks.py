"""System checks for Dateline's own settings, run by ``manage.py check``."""

from django.conf import settings
from django.core.checks import Error, register


@register("dateline")
def check_dateline_settings(app_configs, **kwargs):
    errors = []
    if not str(settings.DATELINE_AGENCY_NAME).strip():
        errors.append(
            Error(
                "DATELINE_AGENCY_NAME is empty.",
                hint="Set it to the agency name shown in datelines, e.g. 'Dateline'.",
                id="dateline.E001",
            )
        )
    if settings.DATELINE_PAGE_SIZE < 1:
        errors.append(
            Error(
                "DATELINE_PAGE_SIZE must be at least 1.",
                id="dateline.E002",
            )
        )
    if str(settings.DATELINE_PDF_PAPER).lower() not in ("a4", "letter"):
        errors.append(
            Error(
                f"DATELINE_PDF_PAPER is {settings.DATELINE_PDF_PAPER!r}.",
                hint="Set it to A4 or Letter.",
                id="dateline.E003",
            )
        )
    sharing = settings.DATELINE_SHARING
    for name in ("PER_HOUR", "PER_DAY", "SITE_PER_HOUR", "RETENTION_DAYS"):
        if sharing[name] < 1:
            errors.append(
                Error(
                    f"DATELINE_SHARE_{name} must be at least 1.",
                    hint="Send to a friend needs a positive limit (docs/sharing.md).",
                    id="dateline.E004",
                )
            )
    return errors
