"""The worker through its database's bad moments, as real ``dateline worker``
processes on sites of their own: a write lock held past SQLite's busy timeout and
PostgreSQL connections cut pause it, and it goes on; any other error in its loop
ends the process, for its supervisor to restart it (docs/deployment.md)."""

import sqlite3
import subprocess
import time

import pytest

from deploy.localsite import LocalSite
from tests.conftest import new_postgres_database

TICK = "dateline.worker.schedule.scheduler_tick"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = LocalSite(tmp_path_factory.mktemp("worker-site"))
    site.prepare(demo=False)
    yield site
    site.stop()


def enqueue(site) -> str:
    """A task queued on the site from another process (a tick of the clock)."""
    code = "from dateline.worker.schedule import scheduler_tick; "
    code += "print(scheduler_tick.enqueue().id)"
    return site.run("shell", "-c", code).strip().splitlines()[-1]


def status(site, task_id: str) -> str:
    code = "from django_tasks_db.models import DBTaskResult; "
    code += f"print(DBTaskResult.objects.get(id='{task_id}').status)"
    return site.run("shell", "-c", code).strip().splitlines()[-1]


def run_within(site, task_id: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if status(site, task_id) == "SUCCESSFUL":
            return True
        time.sleep(0.5)
    return False


def _task_table(database) -> str:
    with sqlite3.connect(database) as db:
        (name,) = db.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE '%dbtaskresult'"
        ).fetchone()
    return name


def test_a_write_lock_longer_than_the_busy_timeout_pauses_the_worker(site):
    worker = site.start_worker()
    try:
        assert run_within(site, enqueue(site), 30)
        lock = sqlite3.connect(site.folder / "site.sqlite3", isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
        time.sleep(12)  # SQLite's busy timeout is 5 s (settings)
        lock.execute("ROLLBACK")
        lock.close()
        assert worker.poll() is None, site.log.read_text()[-3000:]
        assert run_within(site, enqueue(site), 60), site.log.read_text()[-3000:]
        assert "The database is not available" in site.log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=20)


@pytest.mark.parametrize("reload", [False, True])
def test_a_worker_whose_loop_fails_otherwise_ends(site, reload):
    """The queue's table gone (an error no pause mends): the process ends with a
    failure status, also under --reload, where the loop is a thread."""
    database = site.folder / "site.sqlite3"
    table = _task_table(database)
    command = site._worker_command() + (["--reload"] if reload else [])
    worker = site._spawn(command)
    time.sleep(3)
    with sqlite3.connect(database) as db:
        db.execute(f"ALTER TABLE {table} RENAME TO gone")
    try:
        assert worker.wait(timeout=30) != 0
    except subprocess.TimeoutExpired:
        worker.kill()
        pytest.fail("the worker's loop died and the process went on")
    finally:
        with sqlite3.connect(database) as db:
            db.execute(f"ALTER TABLE gone RENAME TO {table}")


def test_a_worker_outlives_its_postgresql_connections_being_cut(tmp_path):
    import psycopg

    with new_postgres_database("dateline_worker_faults") as database:
        site = LocalSite(tmp_path, DATABASE_URL=database)
        server, _, name = database.rpartition("/")
        try:
            site.prepare(demo=False)
            worker = site.start_worker()
            assert run_within(site, enqueue(site), 30)
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                cut = admin.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                ).fetchone()[0]
            assert cut >= 1  # the worker's connection
            time.sleep(2)
            assert worker.poll() is None, site.log.read_text()[-3000:]
            assert run_within(site, enqueue(site), 60), site.log.read_text()[-3000:]
        finally:
            site.stop()
