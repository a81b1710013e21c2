"""One See also rebuild at a time: imports that finish together ask for one each."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dateline.related import rebuilding
from dateline.related.models import Rebuild


def test_a_request_that_a_later_rebuild_covers_is_dropped(db):
    asked = timezone.now() - timedelta(minutes=1)
    Rebuild.objects.create()  # started after the request: it read every article
    assert rebuilding.requested(asked, wait=False) == 0
    assert Rebuild.objects.count() == 1


def test_a_request_no_rebuild_covers_runs_one(db):
    Rebuild.objects.create()
    asked = timezone.now() + timedelta(seconds=1)  # after the last rebuild began
    done = rebuilding.requested(asked, wait=False)
    assert done and Rebuild.objects.get(pk=done).finished_at is not None
    assert rebuilding.requested(None, wait=False)  # no date: always run


# Another worker holds the lock on a connection of its own: committed, as other
# transactional tests are (serialized_rollback keeps the migrations' rows for the next).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_a_rebuild_runs_another_request_waits_its_turn():
    held, release, finished = threading.Event(), threading.Event(), threading.Event()

    def another_worker():
        try:
            with rebuilding.exclusively(wait=True):
                held.set()
                release.wait(10)
        finally:
            connection.close()  # the thread's own connection
            finished.set()

    thread = threading.Thread(target=another_worker)
    thread.start()
    assert held.wait(10)
    try:
        assert rebuilding.requested(None, wait=False) is None  # ask again later
        assert not Rebuild.objects.exists()
    finally:
        release.set()
        thread.join(10)
    assert finished.is_set()
    assert rebuilding.requested(None, wait=False)  # its turn now
