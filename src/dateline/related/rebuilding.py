"""One See also rebuild at a time, however many imports ask for one.

Every import command that creates more than a thousand articles asks for a rebuild
when it finishes, and the editions of an archive are imported at once
(docs/deployment.md): three or four requests arrive together, and two workers would
run two rebuilds side by side, each emptying and refilling the same index. So a
rebuild runs under a lock (a PostgreSQL advisory lock; on SQLite, a lock on a file
beside the database), and a request is dropped when a rebuild that started after it
was made has run or is running: that rebuild reads every article the request's
import wrote.
"""

import fcntl
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection

from .models import Rebuild
from .rebuild import rebuild

LOCK = 0x5EEA150  # PostgreSQL advisory lock key: See also's rebuild
AGAIN = timedelta(seconds=30)  # a request that found a rebuild running asks again


@contextmanager
def exclusively(*, wait: bool):
    """Yield whether this process holds the rebuild lock (with ``wait``, wait for
    it: always True)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            call = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
            cursor.execute(f"SELECT {call}(%s)", [LOCK])  # noqa: S608
            held = wait or cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
        return
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.DATA_DIR / "see-also-rebuild.lock", "a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            held = True
        except BlockingIOError:
            held = False
        try:
            yield held
        finally:
            if held:
                fcntl.flock(file, fcntl.LOCK_UN)


def _covered(requested_at: datetime | None) -> bool:
    return requested_at is not None and (
        Rebuild.objects.filter(started_at__gte=requested_at).exists()
    )


def requested(requested_at: datetime | None, *, wait: bool) -> int | None:
    """Run the rebuild asked for at ``requested_at``: its number; 0 when a rebuild
    that started later covered it; None when another rebuild holds the lock and
    ``wait`` is false (ask again later)."""
    if _covered(requested_at):
        return 0
    with exclusively(wait=wait) as held:
        if not held:
            return None
        if _covered(requested_at):  # one started while this waited
            return 0
        return rebuild(restart=True).pk
