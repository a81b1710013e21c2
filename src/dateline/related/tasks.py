from uuid import UUID

from django.tasks import task

from . import services


@task
def see_also_refresh(article_id: int) -> int:
    """Index the article, recompute its story's lists, and queue the other stories
    whose lists it changes. Returns how many were queued."""
    affected = services.article_refresh(article_id)
    for story in affected:
        see_also_story_refresh.enqueue(str(story))
    return len(affected)


@task
def see_also_story_refresh(story: str) -> None:
    services.story_recompute(UUID(story))


@task
def see_also_rebuild() -> int:
    """Recompute every See also list: after a bulk import, cheaper than one refresh
    per article. Returns the rebuild's number."""
    from .rebuild import rebuild

    return rebuild(restart=True).pk
