from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "dateline.editions"
    label = "editions"
    verbose_name = _("Editions")

    def ready(self):
        from . import routing  # noqa: F401  (purges when a site or a restriction changes)
