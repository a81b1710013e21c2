from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "dateline.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_slug_changed, page_unpublished

        from dateline.worker import schedule

        from . import purging, signals
        from .models import (
            ArticlePage,
            HomePage,
            MonthArchivePage,
            SectionPage,
            YearArchivePage,
        )
        from .services import scheduled_publish

        schedule.register(scheduled_publish)
        schedule.register(purging.embargoes_lifted)
        # The caches: an article's pages, every page's navigation, the routing memo.
        page_published.connect(purging.article_changed, sender=ArticlePage)
        page_unpublished.connect(purging.article_changed, sender=ArticlePage)
        pre_delete.connect(purging.article_changed, sender=ArticlePage)
        page_slug_changed.connect(purging.article_moved, sender=ArticlePage)
        for model in (HomePage, SectionPage, YearArchivePage, MonthArchivePage):
            page_published.connect(purging.navigation_changed, sender=model)
            page_unpublished.connect(purging.navigation_changed, sender=model)
        for model in (Site, PageViewRestriction):
            post_save.connect(purging.structure_changed, sender=model)
            post_delete.connect(purging.structure_changed, sender=model)
        # A story's editions move together (embargo, withdrawal).
        page_published.connect(signals.original_published, sender=ArticlePage)
        page_unpublished.connect(signals.original_unpublished, sender=ArticlePage)
