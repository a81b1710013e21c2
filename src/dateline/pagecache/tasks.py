from django.tasks import task

from .backends import purge_now


@task
def pages_purge(urls: list[str], everything: bool = False) -> None:
    """Purge pages again, a moment after a publication (dateline.pagecache.purges)."""
    purge_now(urls, everything=everything)
