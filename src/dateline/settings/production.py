"""Production settings: no default for secrets, secure cookies, static files hashed."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import OUTBOX_MAILER, _mailer, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")  # required: fail fast when it is missing
# The site's public address, which every link that leaves it is made of: required.
WAGTAILADMIN_BASE_URL = env.str("BASE_URL")
# Mail is required too: confirmations, digests and password resets must reach
# someone, not the console (where they vanish) or a memory or dummy backend.
EMAIL_URL = env.str("EMAIL_URL")
if urlsplit(EMAIL_URL).scheme in {"consolemail", "dummymail", "memorymail"}:
    raise ImproperlyConfigured(
        f"EMAIL_URL={EMAIL_URL} delivers nothing: give an SMTP relay "
        "(smtp+tls://user:password@host:587), an e-mail service (anymail://postmark) "
        "or, deliberately, a folder (filemail:///path)."
    )
MAILERS = {"default": OUTBOX_MAILER, "transport": _mailer(EMAIL_URL)}
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
