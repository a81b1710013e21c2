"""The site's address: ``BASE_URL`` is the one truth (dateline.core.agency.site_root),
and Wagtail's default ``Site``, which makes a page's full URL, is kept in step with
it after every ``migrate`` (and by ``dateline demo``)."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def site_address_ensure(base_url: str | None = None, using: str = "default") -> None:
    """Give the default site the host and port of ``base_url`` (``BASE_URL``)."""
    url = urlsplit(base_url or settings.WAGTAILADMIN_BASE_URL)
    hostname = url.hostname or "localhost"
    port = url.port or (443 if url.scheme == "https" else 80)
    for site in Site.objects.using(using).filter(is_default_site=True):
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save(using=using)  # (not update(): saving clears Wagtail's cache)


def after_migrate(sender, using="default", **kwargs):
    site_address_ensure(using=using)
