"""``{{ moment|iso }}``: a moment as HTML's ``datetime`` attribute and the sitemaps
want it, in the current time zone, to the second (``|date:'c'`` writes microseconds,
which HTML does not allow)."""

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso(value) -> str:
    if not isinstance(value, datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")
