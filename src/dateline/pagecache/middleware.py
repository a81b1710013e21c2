"""Reader pages from a cache, fresh the moment they change (docs/caching.md).

A reader page says it may be shared by marking its response ``public``
(``public_page``). Two caches then keep it:

- ``PageCacheMiddleware`` keeps it in Django's cache (local memory, or Redis), and
  answers the next anonymous reader before sessions, languages or the database are
  touched. It is the embedded set-up's cache, and a proxy's backend.
- A caching proxy in front (Varnish; ``deploy/varnish/dateline.vcl``) keeps it too,
  when ``DATELINE_PURGE_URL`` tells Dateline where to send its purges.

When an article changes, the pages that show it are purged from both at once
(``dateline.pagecache.purges``).

No stampede: when a page is missing from the cache (just purged, or never made),
the first request makes it and the others that ask meanwhile wait for its copy
rather than each making it again (``_made_once``): one rendering per page and
cache, however many readers arrive at once. Varnish does the same for its own
misses (request coalescing).
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import has_vary_header, patch_cache_control

from .generations import page_key, request_scope

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


def _from_cache(kept) -> HttpResponse:
    status, headers, content = kept
    response = HttpResponse(content, status=status, headers=headers)
    response["X-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Anonymous GET and HEAD requests for public reader pages, from Django's cache.

    It sits near the top of the middleware list: a hit returns before sessions,
    languages, CSRF or the database. A reader with a session (an editor who is
    logged in) always gets the page made for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self._serve(request)

    def _serve(self, request):
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
            key = page_key(host, request.path, query)
            kept = cache.get(key)
        except Exception:  # noqa: BLE001  (no cache: the page is made, not lost)
            logger.warning("The page cache is not answering.", exc_info=True)
            return self.get_response(request)
        if kept is None:
            return self._made_once(request, key, seconds)
        return _from_cache(kept)

    def _made_once(self, request, key: str, seconds: int):
        """Make the page and keep it, unless another request is making it now: then
        wait for that one's copy (up to WAIT_SECONDS; then make it here)."""
        making, token = f"{key}:making", uuid.uuid4().hex
        wait = settings.DATELINE_PAGE_CACHE["WAIT_SECONDS"]
        try:
            first = cache.add(making, token, timeout=wait)
        except Exception:  # noqa: BLE001
            logger.warning("The page cache is not answering.", exc_info=True)
            return self.get_response(request)
        if not first:
            kept = self._wait_for(key, making, wait)
            if kept is not None:
                return _from_cache(kept)
            return self._make(request, key, seconds)
        try:
            return self._make(request, key, seconds)
        finally:
            try:
                if cache.get(making) == token:
                    cache.delete(making)
            except Exception:  # noqa: BLE001  (it expires after WAIT_SECONDS)
                logger.warning("The page cache is not answering.", exc_info=True)

    @staticmethod
    def _wait_for(key: str, making: str, wait: float):
        """The copy another request is making, once it is kept; None if that request
        let go without keeping one (a private page, a failure), after ``wait``
        seconds, or if the cache stops answering."""
        deadline = time.monotonic() + wait
        try:
            while time.monotonic() < deadline:
                time.sleep(0.02)
                found = cache.get_many([key, making])
                if key in found:
                    return found[key]
                if making not in found:
                    return None
        except Exception:  # noqa: BLE001
            logger.warning("The page cache is not answering.", exc_info=True)
        return None

    def _make(self, request, key: str, seconds: int):
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
