from django.conf import settings
from django.utils.translation import get_language


def agency_name(language: str | None = None) -> str:
    """The agency's name in an edition: DATELINE_AGENCY_NAMES, else the default."""
    names = settings.DATELINE_AGENCY_NAMES
    return names.get(language or get_language() or "", settings.DATELINE_AGENCY_NAME)


def site_root() -> str:
    """The site's own public address, from ``BASE_URL``: ``https://news.example``.

    Every address that leaves the site (feeds, sitemaps, the API, e-mails, hreflang
    and canonical links) is made from it, never from the Host header a request came
    with, which a client chooses and a cache would then keep for everyone."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url: str) -> str:
    """``url`` on the site's own address (an absolute ``url`` is left as it is)."""
    if not url or "://" in url.split("?", 1)[0] or url.startswith("mailto:"):
        return url
    return site_root() + ("" if url.startswith("/") else "/") + url
