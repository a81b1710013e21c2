from django.tasks import task

from . import services


@task
def see_also_refresh(article_id: int) -> int:
    """Index the article and recompute the See also lists it changes."""
    return services.article_refresh(article_id)
