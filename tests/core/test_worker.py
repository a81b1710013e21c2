import pytest
from django.core.management import call_command
from django.tasks import task, task_backends
from django.test import override_settings

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
