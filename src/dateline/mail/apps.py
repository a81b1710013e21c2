from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "dateline.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self):
        from dateline.worker import schedule

        from . import backends, checks  # noqa: F401  (checks: registers them)
        from .kinds import register
        from .tasks import messages_due

        schedule.register(messages_due)
        register(backends.KIND, compose=backends.compose_queued)
