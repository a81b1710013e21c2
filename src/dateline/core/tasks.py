from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from . import pagecache


@task
def pages_purge(urls: list[str], everything: bool = False) -> None:
    """Purge pages again, a moment after a publication (dateline.core.pagecache)."""
    pagecache.purge_now(urls, everything=everything)


def tasks_finished_since(*, minutes: int) -> int:
    """How many tasks the database queue's workers finished in the last minutes:
    whether they are alive, and busy (0 with another backend)."""
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(minutes=minutes)
    return DBTaskResult.objects.filter(finished_at__gte=since).count()
