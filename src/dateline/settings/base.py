"""Settings shared by every environment.

Every value a deployment may change is read from the environment here, with a default
that runs out of the box on SQLite. README.md lists them all; a test keeps it true.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# Dateline's own settings (settings/dateline.py).
from .dateline import (  # noqa: F401  (settings: read by name)
    DATELINE_ADMIN_PASSWORD,
    DATELINE_ADMIN_USER,
    DATELINE_AGENCY_NAME,
    DATELINE_AGENCY_NAMES,
    DATELINE_CLIENT_IP_HEADER,
    DATELINE_CRAWLERS,
    DATELINE_FEEDS,
    DATELINE_LOGO,
    DATELINE_MAIL,
    DATELINE_NEWSLETTERS,
    DATELINE_PAGE_SIZE,
    DATELINE_PDF_PAPER,
    DATELINE_SECURITY_CONTACT,
    DATELINE_SEE_ALSO,
    DATELINE_SHARING,
    DATELINE_TRUSTED_PROXY_HOPS,
)

env = environ.Env()

PACKAGE_DIR = Path(__file__).resolve().parent.parent

# Where the embedded set-up keeps its SQLite database, uploaded media and mail files.
DATA_DIR = Path(env.str("DATELINE_DATA_DIR", default="data")).resolve()

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ------------------------------------------------------------------

INSTALLED_APPS = [
    "dateline.core",
    "dateline.pagecache",
    "dateline.mail",
    "dateline.worker",
    "dateline.backup",
    "dateline.articles",
    "dateline.editions",
    "dateline.importers",
    "dateline.related",
    "dateline.sharing",
    "dateline.newsletters",
    "dateline.syndication",
    "dateline.search",
    "dateline.newsroom",
    "dateline.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks_db",
    "anymail",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached reader page is answered here, before sessions, languages or the
    # database (docs/caching.md).
    "dateline.pagecache.middleware.PageCacheMiddleware",
    # Pages made (not from a cache) for one crawler or one address, so many a second.
    "dateline.syndication.crawlers.CrawlerLimitMiddleware",
    # Security headers are made with the page, so a cached page keeps its own.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-step sign-in: the admin asks for a code after the password, if the editor
    # has set it up (docs/security.md).
    "django_otp.middleware.OTPMiddleware",
    "dateline.newsroom.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "dateline.core.context_processors.dateline",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'dateline.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the worker writes; IMMEDIATE transactions
    # avoid "database is locked" errors when both write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index keeps PostgreSQL's full-text fields there; Django's
    # checks (run before every migrate) refuse them without this app.
    INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]
    # A connection to PostgreSQL costs a process on the server and milliseconds to
    # open: each app-server thread keeps its own, checked before it is used again.
    DATABASES["default"].setdefault(
        "CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=600)
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, tasks, e-mail ----------------------------------------------------------

if env.str("CACHE_URL", default="") or not env.str("REDIS_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://dateline")}
else:
    CACHES = {
        "default": {
            # Django's Redis cache, but a Redis that is down or slow is skipped
            # (a miss, a warning), never a 500 (dateline/core/cache.py).
            "BACKEND": "dateline.core.cache.ResilientRedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Room for the pages of the embedded set-up's cache (about 20 KB each).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 2000)

# Reader pages from the cache (docs/caching.md): Django's cache keeps one SECONDS at
# most (0: not at all), browsers BROWSER_SECONDS, a caching proxy PROXY_SECONDS; a
# publication purges the pages it changes from all of them at once. Readers who ask
# for a page while another request makes it wait for that one, up to WAIT_SECONDS.
DATELINE_PAGE_CACHE = {
    "SECONDS": env.int("DATELINE_PAGE_CACHE_SECONDS", default=600),
    "WAIT_SECONDS": 5,
    "BROWSER_SECONDS": 60,
    "PROXY_SECONDS": env.int("DATELINE_PROXY_CACHE_SECONDS", default=24 * 60 * 60),
}
# A caching proxy in front (Varnish with deploy/varnish/dateline.vcl): where to send
# its purges, e.g. http://127.0.0.1:6081.
DATELINE_PURGE_URL = env.str("DATELINE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = {
    "pages": {"BACKEND": "dateline.pagecache.backends.PageCacheBackend"},
}
if DATELINE_PURGE_URL:
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "dateline.pagecache.backends.ProxyBackend",
        "LOCATION": DATELINE_PURGE_URL,
    }

# How often the worker's clock runs the scheduled jobs (dateline.worker.schedule).
DATELINE_CLOCK_SECONDS = env.int("DATELINE_CLOCK_SECONDS", default=60)
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}


def _mailer(url: str) -> dict:
    """Django's MAILERS entry for an EMAIL_URL (smtp://, smtp+tls://, filemail://,
    anymail://postmark...)."""
    if url.startswith("anymail://"):
        return {"BACKEND": f"anymail.backends.{urlparse(url).netloc}.EmailBackend"}
    conf = environ.Env.email_url_config(url)
    backend = conf["EMAIL_BACKEND"]
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        # Django's, showing when a message is handed over (mail/smtp.py).
        backend = "dateline.mail.smtp.EmailBackend"
        options = {
            "host": conf["EMAIL_HOST"],
            "port": conf["EMAIL_PORT"],
            "username": conf["EMAIL_HOST_USER"],
            "password": conf["EMAIL_HOST_PASSWORD"],
            "use_tls": conf.get("EMAIL_USE_TLS", False),
            "use_ssl": conf.get("EMAIL_USE_SSL", False),
            "timeout": DATELINE_MAIL["TIMEOUT_SECONDS"],
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": urlparse(url).path}  # filemail:///absolute/path
    return {"BACKEND": backend, "OPTIONS": options}


# Every e-mail goes through the outbox (docs/mail.md): Django's and Wagtail's too, by
# the default mailer; the outbox alone reaches the mail server, by "transport".
OUTBOX_MAILER = {"BACKEND": "dateline.mail.backends.OutboxBackend"}
MAILERS = {
    "default": OUTBOX_MAILER,
    "transport": _mailer(env.str("EMAIL_URL", default="consolemail://")),
}
# An e-mail service through django-anymail: EMAIL_URL=anymail://postmark and its
# settings in ANYMAIL="POSTMARK_SERVER_TOKEN=...,WEBHOOK_SECRET=user:password"; the
# service's tracking webhook (bounces, complaints) is at /anymail/<service>/tracking/.
ANYMAIL = env.dict("ANYMAIL", default={})
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Dateline <news@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts and security headers (docs/security.md) -------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# An editor's session ends after this many hours, active or not.
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=12) * 60 * 60

# Failed sign-ins (django-axes): after LOGIN_FAILURE_LIMIT from one address, signing
# in from it is refused for LOGIN_LOCKOUT_MINUTES, with a 429 page. A success resets
# the count; ``dateline axes_reset`` lifts every lock.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin's "forgotten password" link: links sent to one account, and requests
# from one client, an hour (dateline.newsroom.forms).
# (S105: a form's dotted path, not a password.)
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = (
    "dateline.newsroom.forms.LimitedPasswordResetForm"  # noqa: S105
)
DATELINE_PASSWORD_RESETS = {
    "PER_ACCOUNT": env.int("DATELINE_PASSWORD_RESETS_PER_ACCOUNT", default=3),
    "PER_CLIENT": env.int("DATELINE_PASSWORD_RESETS_PER_CLIENT", default=10),
}
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "dateline.core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "dateline.core.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (for the lock), not every sign-in
AXES_VERBOSE = False

# Two-step sign-in: the name authenticator apps show for the site's accounts.
OTP_TOTP_ISSUER = DATELINE_AGENCY_NAME

# Content-Security-Policy (Django's own). Reader pages: scripts, styles, fonts and
# pictures from the site itself, nothing inline; a script that must be inline needs
# the response's nonce ({{ csp_nonce }}), and a page with one is never cached.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],  # as X-Frame-Options: DENY
}
# Wagtail's admin still has inline scripts and styles (date pickers, inline panels,
# wagtail-localize's editor): it gets the same policy with those allowed.
DATELINE_ADMIN_CSP = SECURE_CSP | {
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-ancestors": [CSP.SELF],  # its previews are framed by the editor
}
# Browser features no page of Dateline uses, refused to any script on it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# Cross-Origin-Opener-Policy "same-origin", X-Content-Type-Options "nosniff" and
# X-Frame-Options "DENY" are Django's defaults; HTTPS, HSTS and secure cookies are
# in production.py.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Languages and time ------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("it", _("Italian")),
    ("zh-hans", _("Simplified Chinese")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

# Each edition's dates and times (docs/editions.md): dateline/editions/formats/.
FORMAT_MODULE_PATH = ["dateline.editions.formats"]
# A reader's explicit choice of edition is remembered for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A new translation starts as a draft: an edition never publishes untranslated text.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Static files and media --------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded pictures served by the application itself: the embedded set-up, with no
# web server in front. Behind nginx or Varnish, let them serve MEDIA_ROOT instead.
DATELINE_SERVE_MEDIA = env.bool("DATELINE_SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Wagtail -----------------------------------------------------------------------

WAGTAIL_SITE_NAME = env.str("DATELINE_SITE_NAME", default=DATELINE_AGENCY_NAME)
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
# The admin's search (readers' search has an index of its own: docs/search.md).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Editors of a million-article archive must not wait for a count of every page.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "docx", "odt", "csv", "xlsx"]

# --- Logging -----------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers for its loggers go (its console one, under DEBUG,
        # wrote every line a second time beside the root's): all goes to the root.
        "django": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        # Wagtail logs every page created and published: too chatty for imports.
        "wagtail": {"level": "WARNING"},
    },
}
