from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from dateline.articles.models import ArticlePage

        from . import signals

        page_published.connect(signals.index, sender=ArticlePage)
        page_unpublished.connect(signals.index, sender=ArticlePage)
