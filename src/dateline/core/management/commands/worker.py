"""``dateline worker``: run queued background tasks.

With the default database task backend this is django-tasks-db's ``db_worker``,
processing every queue unless told otherwise. Start as many as you need. It also
keeps the clock (dateline.core.schedule): periodic work, such as the daily digest,
runs as tasks that queue themselves again.
"""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand


class Command(DBWorkerCommand):
    help = "Run Dateline's background tasks (publishing, e-mail, recomputations)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args, **options):
        from dateline.core import schedule

        schedule.start()
        return super().handle(*args, **options)
