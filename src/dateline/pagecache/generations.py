"""Pages' generations: a purge gives a path (or the whole site) a new generation, and
a cached copy made before is never served again, in any process (docs/caching.md)."""

import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings

from .models import PageGeneration


def path_hash(path: str) -> str:
    return hashlib.md5(path.encode()).hexdigest()  # noqa: S324  (a key, not a secret)


# Generations read from the database, by path hash: (when read, generation). A
# process reads a path's generation again once its copy is MEMO_SECONDS old, so a
# purge reaches every process within that time.
MEMO_SECONDS = 0.5
_memo: dict[str, tuple[float, int]] = {}
# Behind a proxy, every request that reaches Django is a proxy's miss: it must see
# the generation a purge wrote an instant before, or the proxy keeps the old page
# until the next purge. There, generations are read once per request (the
# request's own memo, opened by the page cache's middleware), never carried from
# one request to the next.
_request_memo: ContextVar[dict | None] = ContextVar("generations", default=None)


@contextmanager
def request_scope():
    """Generations read during one request: each read once, when first needed,
    and kept until the request ends."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def _read(keys: tuple[str, ...]) -> list[int]:
    """The generations of these path hashes, from memory while fresh enough."""
    now = time.monotonic()
    if settings.DATELINE_PURGE_URL:
        memo, fresh = _request_memo.get(), 1e12  # fresh for the whole request
        if memo is None:  # outside a request (a command, a task): read now
            memo, fresh = {}, 0
    else:
        memo, fresh = _memo, MEMO_SECONDS
    known = [memo.get(key) for key in keys]
    if any(k is None or now - k[0] > fresh for k in known):
        if len(memo) > 50_000:
            memo.clear()
        rows = dict(
            PageGeneration.objects.filter(path__in=keys).values_list(
                "path", "generation"
            )
        )
        known = [(now, rows.get(key, 0)) for key in keys]
        memo.update(zip(keys, known, strict=True))
    return [generation for _, generation in known]


def _generations(path: str) -> str:
    """The generations of the whole site and of this path, as one key part."""
    return ":".join(map(str, _read((PageGeneration.EVERYTHING, path_hash(path)))))


def site_generation() -> int:
    """The whole site's generation: it changes when the site's structure does (a
    section, a front page, an archive page published)."""
    return _read((PageGeneration.EVERYTHING,))[0]


def forget() -> None:
    """Drop the generations this process keeps in memory (the tests: each starts
    with a database of its own)."""
    _memo.clear()


def page_key(host: str, path: str, query: str) -> str:
    """The cache key of a page now: with the generations in it, a purge (a new
    generation) makes every older copy unreachable, in every process."""
    address = hashlib.md5(f"{host}{path}?{query}".encode()).hexdigest()  # noqa: S324
    return f"dateline:page:{_generations(path)}:{address}"


def _purge(keys) -> None:
    generation = time.time_ns()  # never reused
    PageGeneration.objects.bulk_create(
        [PageGeneration(path=key, generation=generation) for key in keys],
        update_conflicts=True,
        unique_fields=["path"],
        update_fields=["generation", "purged_at"],
    )
    for memo in (_memo, _request_memo.get() or {}):
        for key in keys:
            memo.pop(key, None)


def purge_paths(paths) -> None:
    """Make the cached copies of these paths (with any ``?page=N``) stale."""
    _purge({path_hash(path) for path in paths})


def purge_everything() -> None:
    """Make every cached page stale (a section renamed: every page's navigation
    changes)."""
    _purge([PageGeneration.EVERYTHING])


def forget_old_generations(now) -> int:
    """The worker's clock: a path purged longer ago than the cache keeps a page has
    no copy left to hide; its row goes."""
    keep = settings.DATELINE_PAGE_CACHE["SECONDS"] + 3600
    return (
        PageGeneration.objects.exclude(path=PageGeneration.EVERYTHING)
        .filter(purged_at__lt=now - timedelta(seconds=keep))
        .delete()[0]
    )
