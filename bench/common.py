"""What every benchmark needs: a throw-away database and memory readings."""

import os
import resource


def setup(tmp: str, **environment: str) -> None:
    """Django on a new SQLite database in ``tmp`` (or BENCH_DATABASE_URL), migrated."""
    os.environ.update(
        {
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL")
            or f"sqlite:///{tmp}/bench.sqlite3",
            "DATELINE_DATA_DIR": tmp,
            "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DEBUG": "0",  # no query log: it would hold every statement in memory
            "LOG_LEVEL": "WARNING",
            **environment,
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def peak_mb() -> float:
    """The process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The process's resident memory now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
