"""The outbox's settings, checked by ``manage.py check``."""

from django.conf import settings
from django.core.checks import Error, register


@register("dateline")
def check_lease_outlasts_timeouts(app_configs, **kwargs):
    """A live sender must give up on a hung server long before its lease ends, or
    the message is settled and sent again while it may still go through: connecting,
    the data and the reply may each wait TIMEOUT_SECONDS."""
    conf = settings.DATELINE_MAIL
    if conf["TIMEOUT_SECONDS"] * 3 < conf["LEASE_MINUTES"] * 60:
        return []
    return [
        Error(
            "DATELINE_MAIL_LEASE_MINUTES is too short for "
            "DATELINE_MAIL_TIMEOUT_SECONDS.",
            hint="The lease must be longer than three SMTP timeouts (decision 0016).",
            id="dateline.E008",
        )
    ]
