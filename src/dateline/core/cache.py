"""Django's Redis cache, made to fail soft (docs/caching.md, docs/security.md).

Dateline keeps nothing in the cache it cannot do without: pages, rate-limit counts,
the scheduler's mark, Wagtail's site paths. So a Redis that is down or too slow must
not become a 500: each call answers as a miss (or "not kept") instead, a warning is
logged, and Redis is left alone for a few seconds before it is tried again, so that
readers do not each wait for a timeout.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _try(self, name, otherwise, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return otherwise
        try:
            return getattr(super(), name)(*args, **kwargs)
        except DOWN as exc:
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "Redis is not answering (%s): the cache is skipped for %d seconds.",
                exc.__class__.__name__,
                RETRY_SECONDS,
            )
            return otherwise

    def get(self, key, default=None, version=None):
        return self._try("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._try("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._try("has_key", False, key, version)

    def add(self, *args, **kwargs):
        # As if the key was free: a mark that guards a chain of work (the
        # scheduler's) must not stop it while Redis is away.
        return self._try("add", True, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._try("set", None, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._try("set_many", list(data), data, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._try("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._try("delete", False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._try("delete_many", None, *args, **kwargs)

    def incr(self, key, delta=1, version=None):
        # No count to give: the caller decides (core/limits.py lets the request
        # through rather than refuse everyone).
        result = self._try("incr", None, key, delta, version)
        if result is None:
            raise ValueError("Redis is not answering")
        return result

    def clear(self):
        return self._try("clear", None)
