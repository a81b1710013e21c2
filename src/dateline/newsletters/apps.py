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
        from dateline.mail import kinds
        from dateline.worker import schedule

        from . import delivering, signals
        from .tasks import breaking_due, digests_due

        schedule.register(digests_due)
        schedule.register(breaking_due)
        kinds.register(
            "digest",
            compose=delivering.compose_digest,
            refused=delivering.refused,
            batch=True,
        )
        for kind in ("confirm", "manage"):
            kinds.register(
                kind,
                compose=delivering.compose_subscriber_mail,
                refused=delivering.refused,
            )
        page_published.connect(signals.breaking, sender=ArticlePage)
        tracking.connect(signals.tracking)
