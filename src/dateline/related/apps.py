from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "dateline.related"
    label = "related"
    verbose_name = _("See also")

    def ready(self):
        from django.db.models.signals import pre_delete
        from wagtail.signals import page_published, page_slug_changed, page_unpublished

        from dateline.articles.models import ArticlePage
        from dateline.worker import schedule

        from . import signals
        from .tasks import embargoes_lifted

        schedule.register(embargoes_lifted)
        page_published.connect(signals.neighbours_changed, sender=ArticlePage)
        page_unpublished.connect(signals.neighbours_changed, sender=ArticlePage)
        pre_delete.connect(signals.neighbours_changed, sender=ArticlePage)
        page_slug_changed.connect(signals.neighbours_changed, sender=ArticlePage)
        page_published.connect(signals.refresh, sender=ArticlePage)
        page_unpublished.connect(signals.refresh, sender=ArticlePage)
