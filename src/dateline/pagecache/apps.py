from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "dateline.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from dateline.worker import schedule

        from .generations import forget_old_generations

        schedule.register(forget_old_generations)
