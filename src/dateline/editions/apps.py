from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "dateline.editions"
    label = "editions"
    verbose_name = _("Editions")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .site import after_migrate

        # After Wagtail's own migrations (this app has no models: no signal of its own).
        wagtail = self.apps.get_app_config("wagtailcore")
        post_migrate.connect(after_migrate, sender=wagtail, dispatch_uid="site_address")
