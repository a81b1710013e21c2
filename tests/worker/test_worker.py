import pytest
from django.core.management import call_command
from django.tasks import task, task_backends
from django.test import override_settings

pytestmark = pytest.mark.clock

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@task
def add(a, b):
    return a + b


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # worker closes conns
@override_settings(TASKS=DB_TASKS)
def test_worker_runs_tasks_queued_in_the_database():
    task_backends._settings = None
    result = add.enqueue(2, 3)
    assert result.status == "READY"

    call_command("worker", batch=True, reload=False, startup_delay=False)

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 5


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_mail_a_reader_waits_for_goes_before_a_backlog_of_indexing():
    from django_tasks_db.models import DBTaskResult

    from dateline.mail.tasks import message_send
    from dateline.related.tasks import see_also_refresh

    task_backends._settings = None
    for n in range(5):
        see_also_refresh.enqueue(n)
    message_send.enqueue(1)  # a confirmation, a link, a story sent to a friend
    see_also_refresh.enqueue(99)

    # The order the worker takes them in.
    order = [row.task_path.rsplit(".", 1)[-1] for row in DBTaskResult.objects.ready()]
    assert order[:1] == ["message_send"]
    assert set(order[1:]) == {"see_also_refresh"}


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_a_digest_goes_before_a_backlog_of_indexing_and_after_waiting_readers():
    # `make digest` right after `make demo`: the demo's See also queue must not
    # hold the digest back for minutes.
    from django_tasks_db.models import DBTaskResult

    from dateline.mail.tasks import message_send
    from dateline.newsletters.tasks import breaking_send, deliveries_send, digest_send
    from dateline.related.tasks import see_also_refresh

    task_backends._settings = None
    for n in range(5):
        see_also_refresh.enqueue(n)
    digest_send.enqueue("daily")  # builds it, then queues its batches
    breaking_send.enqueue(1)
    deliveries_send.enqueue(1, 1, 10)
    message_send.enqueue(1)

    order = [row.task_path.rsplit(".", 1)[-1] for row in DBTaskResult.objects.ready()]
    assert order[0] == "message_send"
    assert set(order[1:4]) == {"digest_send", "breaking_send", "deliveries_send"}
    assert set(order[4:]) == {"see_also_refresh"}


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_the_clock_goes_before_a_backlog_of_indexing():
    """An embargo lifted at 09:00 is lifted then: the tick that lifts it is not
    queued behind the indexing a busy newsroom (or the demo) leaves."""
    from django_tasks_db.models import DBTaskResult

    from dateline.related.tasks import see_also_refresh
    from dateline.worker import schedule

    task_backends._settings = None
    for n in range(5):
        see_also_refresh.enqueue(n)
    schedule.start()  # the tick a worker queues when it starts

    order = [row.task_path.rsplit(".", 1)[-1] for row in DBTaskResult.objects.ready()]
    assert order[:1] == ["scheduler_tick"]
    assert set(order[1:]) == {"see_also_refresh"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a real worker
@override_settings(TASKS=DB_TASKS)
def test_busy_workers_are_told_from_absent_ones():
    from django_tasks_db.models import DBTaskResult

    from dateline.worker.health import tasks_finished_since

    task_backends._settings = None
    assert tasks_finished_since(minutes=1) == 0  # no worker, or an idle one
    add.enqueue(1, 2)
    call_command("worker", batch=True, reload=False, startup_delay=False)
    finished = DBTaskResult.objects.successful().count()  # ours, and the clock's
    assert finished >= 1
    assert tasks_finished_since(minutes=1) == finished


def test_the_worker_logs_each_line_once(tmp_path):
    # Under DEBUG (make demo), Django's own console handler wrote every task line a
    # second time beside the root's.
    import os
    import subprocess
    import sys

    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.tasks').info('a task line')"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DATELINE_DATA_DIR": str(tmp_path),
        },
        check=True,
    )
    assert result.stderr.count("a task line") == 1
