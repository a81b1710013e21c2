from django.tasks import task

from . import pagecache


@task
def pages_purge(urls: list[str], everything: bool = False) -> None:
    """Purge pages again, a moment after a publication (dateline.core.pagecache)."""
    pagecache.purge_now(urls, everything=everything)
