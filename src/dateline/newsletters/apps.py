from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "dateline.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from dateline.worker import schedule

        from . import signals  # noqa: F401  (breaking news, bounces and complaints)
        from .digests import breaking_due, digests_due

        schedule.register(digests_due)
        schedule.register(breaking_due)
