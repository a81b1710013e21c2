from datetime import datetime
from uuid import UUID

from django.tasks import task
from django.utils import timezone

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
def see_also_rebuild(requested_at: str = "") -> int:
    """Recompute every See also list: after a bulk import, cheaper than one refresh
    per article. One at a time; a request that a later rebuild covers is dropped
    (rebuilding.py). Returns the rebuild's number, or 0."""
    from . import rebuilding

    when = datetime.fromisoformat(requested_at) if requested_at else None
    deferrable = see_also_rebuild.get_backend().supports_defer
    done = rebuilding.requested(when, wait=not deferrable)
    if done is None:  # another rebuild is running: ask again once it may be done
        later = timezone.now() + rebuilding.AGAIN
        see_also_rebuild.using(run_after=later).enqueue(requested_at)
        return 0
    return done


def embargoes_lifted(now) -> list[int]:
    """The worker's clock (dateline.worker.schedule): articles whose embargo has
    lifted join the See also index. Returns them."""
    due = services.embargoed_not_indexed(now)
    for article_id in due:
        see_also_refresh.enqueue(article_id)
    return due
