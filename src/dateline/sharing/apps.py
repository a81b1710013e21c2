from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "dateline.sharing"
    label = "sharing"
    verbose_name = _("Sharing")

    def ready(self):
        from dateline.mail import kinds
        from dateline.worker import schedule

        from .services import KIND, share_email
        from .tasks import shares_forget

        schedule.register(shares_forget)
        kinds.register(KIND, compose=share_email)
