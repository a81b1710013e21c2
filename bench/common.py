"""What every benchmark needs: a throw-away database and memory readings."""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path


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


@contextmanager
def archive_folder(database: str, pg_database: str):
    """A folder (and, for ``database="postgres"``, a PostgreSQL database) for a
    benchmark's archive. With BENCH_KEEP, the folder and database a previous run left
    are used again; yields the folder and whether its archive is there to reuse."""
    keep = os.environ.get("BENCH_KEEP")
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        folder = keep or tmp
        reuse = bool(keep) and (
            database == "postgres" or Path(folder, "bench.sqlite3").exists()
        )
        server = os.environ.get("POSTGRES_SERVER", "postgres://postgres@127.0.0.1")
        if database == "postgres":
            import psycopg

            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                there = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [pg_database]
                ).fetchone()
                if not keep or not there:  # BENCH_KEEP with no database yet: build
                    reuse = False
                    admin.execute(f"DROP DATABASE IF EXISTS {pg_database}")
                    admin.execute(f"CREATE DATABASE {pg_database}")
            os.environ["BENCH_DATABASE_URL"] = f"{server}/{pg_database}"
        yield folder, reuse


def archive_parser(description: str) -> argparse.ArgumentParser:
    """``--articles N`` and ``--database sqlite|postgres``, for a benchmark that
    builds an archive."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    return parser


def archive_arguments(description: str) -> argparse.Namespace:
    return archive_parser(description).parse_args()


@contextmanager
def workers(count: int, *arguments: str, environment: dict | None = None):
    """``count`` ``dateline worker`` processes (each with ``arguments``), running
    until the block ends."""
    pool = [
        subprocess.Popen(  # noqa: S603  (our own command)
            [sys.executable, "-m", "dateline", "worker", "--no-startup-delay"]
            + list(arguments),
            env=environment,
            stderr=subprocess.DEVNULL,
        )
        for _n in range(count)
    ]
    try:
        yield pool
    finally:
        for worker in pool:
            worker.terminate()
        for worker in pool:
            worker.wait()
