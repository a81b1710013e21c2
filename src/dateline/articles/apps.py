from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "dateline.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from dateline.worker import schedule

        from . import purging, signals
        from .services import scheduled_publish

        schedule.register(scheduled_publish)
        schedule.register(purging.embargoes_lifted)
        purging.connect()
        signals.connect()
