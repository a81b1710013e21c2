"""Rate limits for public POSTs that keep no rows of their own (docs/newsletters.md).

A fixed window counted in the cache: shared by every process with Redis, per process
with the embedded local-memory cache. Keys are hashed, so no address is stored.
"""

import hashlib
import time

from django.core.cache import cache


def allow(scope: str, who: str, *, limit: int, seconds: int) -> bool:
    """Count one request of ``who`` in ``scope``; False once ``limit`` is passed
    within the current window of ``seconds``."""
    window = int(time.time() // seconds)
    digest = hashlib.sha256(f"{scope}\0{who}".encode()).hexdigest()[:32]
    key = f"dateline:limit:{scope}:{window}:{digest}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr, or Redis away (let it by)
        cache.add(key, 1, timeout=seconds + 1)
        count = 1
    return count <= limit
