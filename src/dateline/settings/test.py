"""Test settings: fast, isolated, and strict.

The database still comes from DATABASE_URL, so the same suite runs on SQLite (default,
in memory) and on PostgreSQL (``make test-postgres``).
"""

import tempfile

from .base import *  # noqa: F403
from .base import OUTBOX_MAILER, env

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {
    "default": OUTBOX_MAILER,
    "transport": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="dateline-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="dateline-test-static-")
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
DATELINE_AGENCY_NAME = "Dateline"
# Tests change rows directly, with no publication to purge a page: the page cache
# is tested on its own (tests/pagecache/test_pagecache.py), and by the browser tests.
DATELINE_PAGE_CACHE = {**DATELINE_PAGE_CACHE, "SECONDS": 0}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
# A test makes pages faster than any reader: the crawler limits are tested on their
# own (tests/syndication/test_crawlers.py).
DATELINE_CRAWLERS = {**DATELINE_CRAWLERS, "PER_CRAWLER": 0, "PER_ADDRESS": 0}  # noqa: F405
