"""Wagtail frontend-cache backends: Django's page cache and a caching proxy."""

import logging
import urllib.request
from urllib.parse import quote, unquote, urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from .generations import purge_everything, purge_paths

logger = logging.getLogger(__name__)


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


def purge_now(urls=(), *, everything: bool = False) -> None:
    """Purge these URLs, or every page, from every cache, now."""
    for backend in get_backends().values():
        if everything:
            backend.purge_all()
        elif urls:
            backend.purge_batch(urls)
