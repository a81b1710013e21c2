"""Writes on the article tree: the archive folders articles are filed in."""

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .models import ArticleCorrection, HomePage, MonthArchivePage, YearArchivePage
from .models.archive import month_heading

# Year and month folders of every edition are translations of each other: their
# translation key is derived from the period, so an article translated into another
# edition finds its parent folder translated (docs/editions.md).
ARCHIVE_NAMESPACE = uuid.UUID("8f6c3f0e-5d1b-4c35-9a53-2f0e8a1c7d41")


def archive_translation_key(year: int, month: int | None = None) -> uuid.UUID:
    name = f"archive/{year:04d}" if month is None else f"archive/{year:04d}/{month:02d}"
    return uuid.uuid5(ARCHIVE_NAMESPACE, name)


@transaction.atomic
def archive_month_get_or_create(*, home: HomePage, when: datetime) -> MonthArchivePage:
    """The month folder of ``home``'s archive that files an article of ``when``.

    Year and month folders are created, published, on first use, titled in the
    edition's language.
    """
    local = timezone.localtime(when) if timezone.is_aware(when) else when
    year_slug, month_slug = f"{local.year:04d}", f"{local.month:02d}"
    year = YearArchivePage.objects.child_of(home).filter(slug=year_slug).first()
    if year is None:
        year = home.add_child(
            instance=YearArchivePage(
                title=year_slug,
                slug=year_slug,
                locale_id=home.locale_id,
                translation_key=archive_translation_key(local.year),
            )
        )
    month = MonthArchivePage.objects.child_of(year).filter(slug=month_slug).first()
    if month is None:
        title = month_heading(local.year, local.month, home.locale.language_code)
        month = year.add_child(
            instance=MonthArchivePage(
                title=title,
                slug=month_slug,
                locale_id=home.locale_id,
                translation_key=archive_translation_key(local.year, local.month),
            )
        )
    return month


def scheduled_publish(now: datetime | None = None) -> None:
    """Publish what has come due and unpublish what has expired, by the go-live and
    expiry times editors set in Wagtail. The worker's clock runs it every minute
    (dateline.worker.schedule), so nothing needs a cron entry."""
    from io import StringIO

    from django.core.management import call_command

    call_command("publish_scheduled", stdout=StringIO())


def corrections_in(locale):
    """The corrections readers can see in an edition, newest first, each with its
    article."""
    return (
        ArticleCorrection.objects.filter(
            article__locale=locale,
            article__live=True,
            article__published_at__lte=timezone.now(),
        )
        .select_related("article")
        .order_by("-made_at", "-pk")
    )


def story_translations_hold(*, original) -> int:
    """After an original is published: its live translations are held to its time
    (an embargo set or moved later on the original holds in every edition).
    Returns how many translations moved."""
    from .models import ArticlePage

    if not original.live or original.published_at is None:
        return 0
    if original.original_version().pk != original.pk:
        return 0  # a translation: its own save already held it
    moved = 0
    for translation in ArticlePage.objects.filter(
        translation_key=original.translation_key,
        pk__gt=original.pk,
        live=True,
        published_at__lt=original.published_at,
    ):
        translation.published_at = original.published_at
        translation.save(update_fields=["published_at"])
        moved += 1
    return moved


def story_translations_withdraw(*, original) -> int:
    """After an original is unpublished: its translations are withdrawn too, so no
    edition goes on with a story the agency took back (as the system, since the
    editor who withdrew it may have no rights in the other editions). Returns how
    many."""
    from .models import ArticlePage

    if original.original_version().pk != original.pk:
        return 0
    withdrawn = 0
    for translation in ArticlePage.objects.filter(
        translation_key=original.translation_key, pk__gt=original.pk, live=True
    ):
        translation.unpublish()
        withdrawn += 1
    return withdrawn
