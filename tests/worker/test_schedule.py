"""The worker's clock: periodic work as tasks that queue themselves again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dateline.worker import schedule

pytestmark = pytest.mark.clock

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@pytest.fixture
def job():
    calls = []

    def record(now):
        calls.append(now)

    schedule.register(record)
    yield calls
    schedule._jobs.remove(record)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DB_TASKS)
def test_the_worker_starts_the_clock_which_comes_back_a_minute_later(job):
    task_backends._settings = None
    call_command("worker", batch=True, reload=False, startup_delay=False)
    assert len(job) == 1  # the first tick ran every job
    waiting = DBTaskResult.objects.filter(
        task_path=schedule.scheduler_tick.module_path, status="READY"
    )
    [tick] = waiting
    assert (
        timedelta(seconds=50) < tick.run_after - timezone.now() <= timedelta(seconds=60)
    )
    # A second worker does not start a second clock.
    call_command("worker", batch=True, reload=False, startup_delay=False)
    assert waiting.count() == 1 and len(job) == 1
    task_backends._settings = None


@pytest.mark.django_db
def test_a_failing_job_does_not_stop_the_others(job):
    def broken(now):
        raise RuntimeError("broken job")

    schedule.register(broken)
    try:
        assert schedule.run_due() == len(schedule._jobs) - 1
    finally:
        schedule._jobs.remove(broken)
    assert len(job) == 1


@pytest.mark.django_db
def test_two_ticks_at_once_run_the_jobs_once(job):
    schedule.scheduler_tick.call()
    schedule.scheduler_tick.call()
    assert len(job) == 1
