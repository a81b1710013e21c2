from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "dateline.sharing"
    label = "sharing"
    verbose_name = _("Sharing")

    def ready(self):
        from dateline.worker import schedule

        from .services import shares_settle

        schedule.register(shares_settle)
