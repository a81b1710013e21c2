"""Writes on the article tree: the archive folders articles are filed in."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dates import MONTHS

from .models import HomePage, MonthArchivePage, YearArchivePage


@transaction.atomic
def archive_month_get_or_create(*, home: HomePage, when: datetime) -> MonthArchivePage:
    """The month folder of ``home``'s archive that files an article of ``when``.

    Year and month folders are created, published, on first use.
    """
    local = timezone.localtime(when) if timezone.is_aware(when) else when
    year_slug, month_slug = f"{local.year:04d}", f"{local.month:02d}"
    year = YearArchivePage.objects.child_of(home).filter(slug=year_slug).first()
    if year is None:
        year = home.add_child(
            instance=YearArchivePage(
                title=year_slug, slug=year_slug, locale_id=home.locale_id
            )
        )
    month = MonthArchivePage.objects.child_of(year).filter(slug=month_slug).first()
    if month is None:
        month = year.add_child(
            instance=MonthArchivePage(
                title=f"{MONTHS[local.month]} {local.year}",
                slug=month_slug,
                locale_id=home.locale_id,
            )
        )
    return month
