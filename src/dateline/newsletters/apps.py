from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "dateline.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from anymail.signals import tracking
        from wagtail.signals import page_published

        from dateline.articles.models import ArticlePage
        from dateline.worker import schedule

        from . import signals
        from .digests import breaking_due, digests_due

        schedule.register(digests_due)
        schedule.register(breaking_due)
        page_published.connect(signals.breaking, sender=ArticlePage)
        tracking.connect(signals.tracking)
