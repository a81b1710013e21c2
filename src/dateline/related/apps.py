from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "dateline.related"
    label = "related"
    verbose_name = _("See also")

    def ready(self):
        from dateline.worker import schedule

        from . import signals  # noqa: F401  (recompute See also on publish)
        from .services import embargoes_lifted

        schedule.register(embargoes_lifted)
