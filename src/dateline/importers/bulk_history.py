"""The history the editor's path leaves, written for a batch of the bulk path
(importers.bulk): each article's revision, as published, and what the admin logs."""

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, PageLogEntry, Revision

from .bulk_sql import insert


def published(now) -> dict:
    """A page's fields as publication leaves them."""
    return {
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": now,
        "last_published_at": now,
        "latest_revision_created_at": now,
    }


def history_write(articles, revision_ids, now, article_type, page_type) -> None:
    """The articles' revisions (their ids reserved ahead where the database can)
    and their log entries."""
    # The revision holds the article as the editor's path saves it: added to its
    # folder, not yet live (as the instances still are).
    revisions = [
        Revision(
            id=revision_id,
            content_type=article_type,
            base_content_type=page_type,
            object_id=str(a.pk),
            user=None,
            approved_go_live_at=None,
            content=a.serializable_data(),
            object_str=str(a),
            created_at=now,
        )
        for a, revision_id in zip(articles, revision_ids, strict=True)
    ]
    insert(Revision, revisions, ids=True)
    for article, revision in zip(articles, revisions, strict=True):
        article.latest_revision = article.live_revision = revision
        for name, value in published(now).items():
            setattr(article, name, value)
    if revision_ids[0] is None:  # each page's revision, in one statement
        revision = Subquery(
            Revision.objects.filter(
                base_content_type=page_type,
                object_id=Cast(OuterRef("pk"), CharField()),
            ).values("pk")[:1]
        )
        Page.objects.filter(pk__in=[a.pk for a in articles]).update(
            latest_revision=revision, live_revision=revision
        )
    _log(articles, now, article_type)


def _log(articles, now, article_type) -> None:
    """What the admin logs: the article's creation, its revision, its publication."""
    insert(
        PageLogEntry,
        [
            PageLogEntry(
                content_type=article_type,
                label=a.get_admin_display_title(),
                action=action,
                timestamp=now,
                data={},
                page_id=a.pk,
                revision=revision,
                content_changed=True,
            )
            for action in ("wagtail.create", "wagtail.edit", "wagtail.publish")
            for a in articles
            for revision in [a.live_revision if action != "wagtail.create" else None]
        ],
    )
