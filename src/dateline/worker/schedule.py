"""The worker's clock (docs/decisions/0008-newsletters.md): periodic work with no cron.

``scheduler_tick`` is a task that runs every job registered here, then queues itself
again a minute later (a deferred task; ``DATELINE_CLOCK_SECONDS``); ``dateline
worker`` queues the first one when it starts. Jobs must be idempotent: each decides
for itself whether anything is due.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from .priorities import CLOCK

logger = logging.getLogger(__name__)
_jobs: list[Callable[[datetime], object]] = []


def register(job: Callable[[datetime], object]) -> Callable[[datetime], object]:
    """Run ``job(now)`` at every tick (an app registers in its ``ready()``)."""
    if job not in _jobs:
        _jobs.append(job)
    return job


def run_due(now: datetime | None = None) -> int:
    """One step of the clock: run every job. A failing job does not stop the
    others. Returns how many ran without error."""
    now = now or timezone.now()
    done = 0
    for job in list(_jobs):
        try:
            job(now)
        except Exception:  # noqa: BLE001  (one job's failure is logged, not fatal)
            logger.exception("Scheduled job %s failed", job.__qualname__)
        else:
            done += 1
    return done


@task(priority=CLOCK)
def scheduler_tick() -> int:
    """Run the due jobs, then come back in a minute (``DATELINE_CLOCK_SECONDS``)."""
    # Two chains of ticks (two workers started at once) become one: the second
    # finds the first's mark and ends without queuing another.
    interval = settings.DATELINE_CLOCK_SECONDS
    if not cache.add("dateline:scheduler:tick", 1, timeout=max(1, interval - 5)):
        return 0
    done = run_due()
    if scheduler_tick.get_backend().supports_defer:
        after = timezone.now() + timedelta(seconds=interval)
        scheduler_tick.using(run_after=after).enqueue()
    return done


def start() -> None:
    """Queue the first tick unless one is already waiting (``dateline worker``)."""
    backend = scheduler_tick.get_backend()
    if not backend.supports_defer:
        return
    if _tick_waiting():
        return
    scheduler_tick.enqueue()


def _tick_waiting() -> bool:
    """Whether the database queue holds a tick not yet run (with another task
    backend, the tick's cache mark keeps a second chain from lasting)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=scheduler_tick.module_path, status=TaskResultStatus.READY
    ).exists()
