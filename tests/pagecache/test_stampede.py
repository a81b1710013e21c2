"""No stampede: many readers of a page that is not in the cache (just purged) cause
one rendering of it, in Django's cache and in Varnish (docs/caching.md)."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.http import HttpResponse

from dateline.pagecache.middleware import PageCacheMiddleware, public_page

pytestmark = pytest.mark.usefixtures("page_cache")


def at_once(count: int, call) -> list:
    """``call()`` from ``count`` threads released together; their results."""
    start = threading.Barrier(count)

    def one(_):
        start.wait()
        try:
            return call()
        finally:
            connections.close_all()  # this thread's own

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


class SlowPage:
    """A view that takes a while to make its page, and counts how often it does."""

    def __init__(self, *, shareable=True, fails=False):
        self.made, self.shareable, self.fails = 0, shareable, fails
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.made += 1
        threading.Event().wait(0.3)
        if self.fails:
            raise RuntimeError("the database went away")
        response = HttpResponse(b"<p>page</p>")
        return public_page(request, response) if self.shareable else response


def test_readers_of_a_missing_page_wait_for_one_rendering(rf, db):
    view = SlowPage()
    middleware = PageCacheMiddleware(view)
    responses = at_once(50, lambda: middleware(rf.get("/en/just-purged/")))
    assert view.made == 1
    assert all(r.status_code == 200 and r.content == b"<p>page</p>" for r in responses)
    assert Counter(r["X-Cache"] for r in responses) == {"miss": 1, "hit": 49}


def test_a_page_that_may_not_be_shared_is_made_for_each_reader(rf, db):
    view = SlowPage(shareable=False)
    middleware = PageCacheMiddleware(view)
    responses = at_once(10, lambda: middleware(rf.get("/en/private/")))
    # Nobody waits for a copy that never comes: each reader's own page.
    assert view.made == 10
    assert all(r.status_code == 200 for r in responses)


def test_when_the_first_rendering_fails_the_others_make_the_page(rf, db):
    view = SlowPage(fails=True)
    middleware = PageCacheMiddleware(view)

    def read():
        try:
            return middleware(rf.get("/en/failing/"))
        except RuntimeError:
            return None

    at_once(5, read)
    # The first failed and let go; the waiters made it themselves.
    assert view.made == 5


def test_a_cache_that_fails_while_a_reader_waits_leaves_the_page_made(
    rf, db, monkeypatch
):
    from django.core.cache import cache

    from dateline.pagecache.generations import page_key

    # Another request is making the page; then the cache stops answering.
    key = page_key("testserver", "/en/waiting/", "")
    cache.add(f"{key}:making", "another request", timeout=5)

    def broken(*args, **kwargs):
        raise ConnectionError("the cache went away")

    monkeypatch.setattr(cache, "get_many", broken)
    view = SlowPage()
    response = PageCacheMiddleware(view)(rf.get("/en/waiting/"))
    assert response.status_code == 200
    assert view.made == 1
