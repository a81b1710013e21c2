"""Whether the workers are alive and busy."""

from datetime import timedelta

from django.utils import timezone


def tasks_finished_since(*, minutes: int) -> int:
    """How many tasks the database queue's workers finished in the last minutes:
    whether they are alive, and busy (0 with another backend)."""
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(minutes=minutes)
    return DBTaskResult.objects.filter(finished_at__gte=since).count()
