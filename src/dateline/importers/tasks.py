from django.tasks import task

from . import bulk


@task
def imported_index(article_ids: list[int]) -> None:
    """Index a batch of articles the bulk path wrote (references, admin search,
    readers' search)."""
    bulk.index(article_ids)
