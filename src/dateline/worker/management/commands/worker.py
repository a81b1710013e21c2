"""``dateline worker``: run queued background tasks.

With the default database task backend this is django-tasks-db's ``db_worker``,
processing every queue unless told otherwise. Start as many as you need. It also
keeps the clock (dateline.worker.schedule): periodic work, such as the daily digest,
runs as tasks that queue themselves again.

The worker outlives its database's bad moments: a write lock held longer than
SQLite's busy timeout, a PostgreSQL connection dropped by a restart or a failover.
It waits, with a growing pause, then goes on (and queues the clock again, if its
tick was lost). Any other error in its loop ends the process with a non-zero
status, so that whatever supervises it (systemd, the container runtime) restarts
it; under ``--reload`` too, where the loop runs in a thread (docs/deployment.md).
"""

import contextlib
import logging
import os
import time

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger("dateline.worker")

# The pauses after a database error: from one second, doubling, up to half a minute.
FIRST_PAUSE, LONGEST_PAUSE = 1.0, 30.0


def database_unavailable(error: Exception) -> bool:
    """A lock, or a connection the server dropped: the database will be back."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    if is_locked_database_exception(error):
        return True
    return any(
        connection.connection is not None and not connection.is_usable()
        for connection in connections.all(initialized_only=True)
    )


class ResilientWorker(Worker):
    def run(self) -> None:
        from dateline.worker import schedule

        pause = FIRST_PAUSE
        while self.running:
            began = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not database_unavailable(error):
                    raise
                if time.monotonic() - began > LONGEST_PAUSE:
                    pause = FIRST_PAUSE  # it had been working: a new bad moment
                logger.warning(
                    "The database is not available (%s); trying again in %.0f s.",
                    error,
                    pause,
                )
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                self.startup_delay = False
                with contextlib.suppress(OperationalError, InterfaceError):
                    schedule.start()  # else the next turn tries again
        return None

    def run_task(self, db_task_result) -> None:
        from dateline.worker import schedule

        super().run_task(db_task_result)
        # A tick that failed (its next one not queued) would stop the clock.
        if db_task_result.task_path == schedule.scheduler_tick.module_path:
            with contextlib.suppress(OperationalError, InterfaceError):
                schedule.start()


def _ends_the_process(loop):
    """Under the autoreloader the loop is a thread: its death must end the process
    (the reloader then exits with the same status), not leave it idle."""

    def run():
        try:
            loop()
        except BaseException:
            logger.exception("The worker's loop stopped on an error; exiting.")
            logging.shutdown()
            os._exit(1)

    return run


class Command(DBWorkerCommand):
    """db_worker's command with db_worker's options, running the worker above (its
    ``handle`` is db_worker's, with that worker and a loop that ends the process)."""

    help = "Run Dateline's background tasks (publishing, e-mail, recomputations)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args, **options):
        from dateline.worker import schedule

        self.configure_logging(options["verbosity"])
        schedule.start()
        reload = options["reload"] and not options["batch"]
        queue_names = options["queue_name"].split(",")
        excluded = (
            options["exclude_queues"].split(",") if options["exclude_queues"] else []
        )
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if not reload:
            worker.configure_signals()
            worker.run()
            return
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.configure_signals()  # in the reloader's child only
        run_with_reloader(_ends_the_process(worker.run))
