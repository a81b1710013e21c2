from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "dateline.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self):
        from dateline.worker import schedule

        from . import checks  # noqa: F401  (registers the system checks)
        from .tasks import messages_due

        schedule.register(messages_due)
