"""Reader pages from a cache, fresh the moment they change (docs/caching.md).

A reader page says it may be shared by marking its response ``public``
(``public_page``). Two caches then keep it:

- ``PageCacheMiddleware`` keeps it in Django's cache (local memory, or Redis), and
  answers the next anonymous reader before sessions, languages or the database are
  touched. It is the embedded set-up's cache, and a proxy's backend.
- A caching proxy in front (Varnish; ``deploy/varnish/dateline.vcl``) keeps it too,
  when ``DATELINE_PURGE_URL`` tells Dateline where to send its purges.

When an article changes, the pages that show it are purged from both at once, through
Wagtail's frontend-cache backends (``purge``; dateline.articles.purging knows which
pages those are). A path is purged with every ``?page=N`` of it.
"""

import hashlib
import logging
import time
import urllib.request
from datetime import timedelta
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header, patch_cache_control
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)


def public_page(request, response):
    """Mark a reader page as the same for every anonymous reader: browsers keep it
    a minute; Django's cache and the proxy until it is purged (or for their own time
    limit). An editor's preview is never shared."""
    if getattr(request, "is_preview", False):
        return response
    config = settings.DATELINE_PAGE_CACHE
    patch_cache_control(response, public=True, max_age=config["BROWSER_SECONDS"])
    if settings.DATELINE_PURGE_URL:
        patch_cache_control(response, s_maxage=config["PROXY_SECONDS"])
    return response


def _cacheable_query(query: str) -> bool:
    """A page's own address, or its ``?page=N``: any other query string (a tracking
    parameter, a made-up one) goes to the application, so that nobody can fill the
    cache with copies of a page."""
    return query == "" or (
        query.startswith("page=") and query[5:].isdigit() and len(query) < 12
    )


def _private_if_nonce(response) -> bool:
    """Make a public page that holds a CSP nonce private: a nonce is good for one
    response only, and a shared copy would hand it, with the right to run inline
    scripts, to everyone. Returns whether it did."""
    if "public" in response.get("Cache-Control", "") and "'nonce-" in response.get(
        "Content-Security-Policy", ""
    ):
        logger.warning("A public page used a CSP nonce; it was not cached.")
        response["Cache-Control"] = "private, no-cache"
        return True
    return False


def _path_hash(path: str) -> str:
    return hashlib.md5(path.encode()).hexdigest()  # noqa: S324  (a key, not a secret)


# Generations read from the database, by path hash: (when read, generation). A
# process reads a path's generation again once its copy is MEMO_SECONDS old, so a
# purge reaches every process within that time.
MEMO_SECONDS = 0.5
_memo: dict[str, tuple[float, int]] = {}


def _read(keys: tuple[str, ...]) -> list[int]:
    """The generations of these path hashes, from memory while fresh enough."""
    from .models import PageGeneration

    now = time.monotonic()
    known = [_memo.get(key) for key in keys]
    # Behind a proxy, every request here is a proxy's miss: it must see the
    # generation a purge wrote an instant before, or the proxy keeps the old page.
    memo = 0 if settings.DATELINE_PURGE_URL else MEMO_SECONDS
    if any(k is None or now - k[0] > memo for k in known):
        if len(_memo) > 50_000:
            _memo.clear()
        rows = dict(
            PageGeneration.objects.filter(path__in=keys).values_list(
                "path", "generation"
            )
        )
        known = [(now, rows.get(key, 0)) for key in keys]
        _memo.update(zip(keys, known, strict=True))
    return [generation for _, generation in known]


def _generations(path: str) -> str:
    """The generations of the whole site and of this path, as one key part."""
    from .models import PageGeneration

    return ":".join(map(str, _read((PageGeneration.EVERYTHING, _path_hash(path)))))


def site_generation() -> int:
    """The whole site's generation: it changes when the site's structure does (a
    section, a front page, an archive page published)."""
    from .models import PageGeneration

    return _read((PageGeneration.EVERYTHING,))[0]


# What changes only with the site's structure (the Site of a host, the editions'
# front pages, the sections menu, the newsletter form), kept in this process by
# (name, site generation, key...): made again once the generation changes.
_kept: dict = {}


def kept(name: str, make, *key, generation: int | None = None):
    """``make()``, kept in this process until the site's structure changes."""
    if generation is None:
        generation = site_generation()
    full = (name, generation, *key)
    if full not in _kept:
        if len(_kept) > 1000:
            _kept.clear()
        _kept[full] = make()
    return _kept[full]


def forget() -> None:
    """Drop what this process keeps in memory (the tests: each starts with a
    database of its own)."""
    _memo.clear()
    _kept.clear()


def _page_key(host: str, path: str, query: str) -> str:
    """The cache key of a page now: with the generations in it, a purge (a new
    generation) makes every older copy unreachable, in every process."""
    address = hashlib.md5(f"{host}{path}?{query}".encode()).hexdigest()  # noqa: S324
    return f"dateline:page:{_generations(path)}:{address}"


def _purge(keys) -> None:
    from .models import PageGeneration

    generation = time.time_ns()  # never reused
    PageGeneration.objects.bulk_create(
        [PageGeneration(path=key, generation=generation) for key in keys],
        update_conflicts=True,
        unique_fields=["path"],
        update_fields=["generation", "purged_at"],
    )
    for key in keys:
        _memo.pop(key, None)


def purge_paths(paths) -> None:
    """Make the cached copies of these paths (with any ``?page=N``) stale."""
    _purge({_path_hash(path) for path in paths})


def purge_everything() -> None:
    """Make every cached page stale (a section renamed: every page's navigation
    changes)."""
    from .models import PageGeneration

    _purge([PageGeneration.EVERYTHING])


def forget_old_generations(now) -> int:
    """The worker's clock: a path purged longer ago than the cache keeps a page has
    no copy left to hide; its row goes."""
    from .models import PageGeneration

    keep = settings.DATELINE_PAGE_CACHE["SECONDS"] + 3600
    return (
        PageGeneration.objects.exclude(path=PageGeneration.EVERYTHING)
        .filter(purged_at__lt=now - timedelta(seconds=keep))
        .delete()[0]
    )


class PageCacheMiddleware:
    """Anonymous GET and HEAD requests for public reader pages, from Django's cache.

    It sits near the top of the middleware list: a hit returns before sessions,
    languages, CSRF or the database. A reader with a session (an editor who is
    logged in) always gets the page made for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.DATELINE_PAGE_CACHE["SECONDS"]
        query = request.META.get("QUERY_STRING", "")
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "HTTP_AUTHORIZATION" in request.META
            or not _cacheable_query(query)
        ):
            response = self.get_response(request)
            _private_if_nonce(response)  # nor may the proxy keep it
            return response
        host = request.get_host()  # a host not allowed is refused here (400)
        try:
            key = _page_key(host, request.path, query)
            kept = cache.get(key)
        except Exception:  # noqa: BLE001  (no cache: the page is made, not lost)
            logger.warning("The page cache is not answering.", exc_info=True)
            return self.get_response(request)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._shareable(response):
            headers = [(k, v) for k, v in response.items() if k != "X-Cache"]
            try:
                cache.set(
                    key, (response.status_code, headers, response.content), seconds
                )
            except Exception:  # noqa: BLE001
                logger.warning("The page cache is not answering.", exc_info=True)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _shareable(response) -> bool:
        """A public page with nothing of one reader in it. A page marked public that
        set a cookie, varies on cookies or holds a CSP nonce is made private
        instead, so that no proxy shares it either."""
        control = response.get("Cache-Control", "")
        if "public" not in control or response.status_code != 200:
            return False
        if _private_if_nonce(response):
            return False
        if (
            response.streaming
            or response.cookies
            or has_vary_header(response, "Cookie")
        ):
            logger.warning("A public page used cookies; it was not cached.")
            response["Cache-Control"] = "private, no-cache"
            return False
        return True


class PageCacheBackend(BaseBackend):
    """Wagtail frontend-cache backend for the pages in Django's cache."""

    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        purge_paths(unquote(urlsplit(url).path) for url in urls)

    def purge_all(self) -> None:
        purge_everything()


class ProxyBackend(BaseBackend):
    """Wagtail frontend-cache backend for a caching proxy that takes ``PURGE``
    (Varnish, with deploy/varnish/dateline.vcl): one request per path; the proxy
    drops the path with every ``?page=N`` of it. A proxy that does not answer holds
    up an editor's publication two seconds at most, and is logged."""

    def __init__(self, params):
        super().__init__(params)
        self.location = params["LOCATION"].rstrip("/")

    def purge(self, url) -> None:
        path = quote(unquote(urlsplit(url).path) or "/", safe="/")
        self._send(path, {})

    def purge_all(self) -> None:
        self._send("/", {"X-Purge": "all"})

    def _send(self, path: str, headers: dict) -> None:
        request = urllib.request.Request(  # noqa: S310  (the configured proxy)
            self.location + path, method="PURGE", headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310
                pass
        except OSError as error:
            logger.error("The proxy did not purge %s: %s", path, error)


# A proxy may be storing a page made from the data before a purge (its request
# began before the publication): a second purge, this much later, drops it.
PURGE_AGAIN_SECONDS = 3


def purge_now(urls=(), *, everything: bool = False) -> None:
    for backend in get_backends().values():
        if everything:
            backend.purge_all()
        elif urls:
            backend.purge_batch(urls)


def purge(urls=(), *, everything: bool = False) -> None:
    """Purge these URLs (or paths), or every page, from every cache, once the
    current transaction has committed (before, a reader could cache the old page
    again), and once more a moment later when a proxy is in front."""
    from .tasks import pages_purge

    urls = sorted(set(urls))

    def run():
        purge_now(urls, everything=everything)
        if settings.DATELINE_PURGE_URL and pages_purge.get_backend().supports_defer:
            later = timezone.now() + timedelta(seconds=PURGE_AGAIN_SECONDS)
            pages_purge.using(run_after=later).enqueue(urls, everything)

    transaction.on_commit(run)
