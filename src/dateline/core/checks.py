"""System checks for Dateline's own settings, run by ``manage.py check``."""

from django.conf import settings
from django.core.checks import Error, register


@register("dateline")
def check_dateline_settings(app_configs, **kwargs):
    """The agency's name, the listings' page size, the PDF's paper."""
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
    return errors


@register("dateline")
def check_limits_and_schedules(app_configs, **kwargs):
    """Send to a friend's limits, the newsletters' hour and day, the feeds' text."""
    errors = []
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
    newsletters = settings.DATELINE_NEWSLETTERS
    hour, _colon, minute = str(newsletters["DAILY_AT"]).partition(":")
    if not (
        hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60
    ):
        errors.append(
            Error(
                f"DATELINE_NEWSLETTER_DAILY_AT is {newsletters['DAILY_AT']!r}.",
                hint="Give a time of day as HH:MM, e.g. 06:00 (docs/newsletters.md).",
                id="dateline.E005",
            )
        )
    if not 1 <= newsletters["WEEKLY_DAY"] <= 7:
        errors.append(
            Error(
                "DATELINE_NEWSLETTER_WEEKLY_DAY must be from 1 (Monday) to 7.",
                id="dateline.E006",
            )
        )
    if settings.DATELINE_FEEDS["CONTENT"] not in ("summary", "full"):
        errors.append(
            Error(
                f"DATELINE_FEED_CONTENT is {settings.DATELINE_FEEDS['CONTENT']!r}.",
                hint="Set it to summary (ledes) or full (the whole text).",
                id="dateline.E007",
            )
        )
    return errors
