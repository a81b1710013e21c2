"""Purging pages from every cache: Wagtail's frontend-cache backends (Django's page
cache, and a proxy when ``DATELINE_PURGE_URL`` is set). Which pages an article's
change touches is the articles app's to know (dateline.articles.purging)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .backends import purge_now
from .tasks import pages_purge

# A proxy may be storing a page made from the data before a purge (its request
# began before the publication): a second purge, this much later, drops it.
PURGE_AGAIN_SECONDS = 3


def purge(urls=(), *, everything: bool = False) -> None:
    """Purge these URLs (or paths), or every page, from every cache, once the
    current transaction has committed (before, a reader could cache the old page
    again), and once more a moment later when a proxy is in front."""
    urls = sorted(set(urls))

    def run():
        purge_now(urls, everything=everything)
        if settings.DATELINE_PURGE_URL and pages_purge.get_backend().supports_defer:
            later = timezone.now() + timedelta(seconds=PURGE_AGAIN_SECONDS)
            pages_purge.using(run_after=later).enqueue(urls, everything)

    transaction.on_commit(run)
