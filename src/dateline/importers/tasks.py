from django.tasks import task

from . import bulk_index


@task
def imported_index(article_ids: list[int]) -> None:
    """Index a batch of articles the bulk path wrote (references, admin search,
    readers' search)."""
    bulk_index.index(article_ids)
