"""System checks for Dateline's own settings, run by ``manage.py check``."""

from django.conf import settings
from django.core.checks import Error, register


@register()
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
    return errors
