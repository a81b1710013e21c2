"""The JSON Lines layout: one article per line, for archives another program wrote.

See docs/importer.md. ``parse_article_json`` turns one line into its source key, a
``ParsedArticle`` and its ``Extras``, or raises ``ImportFormatError`` saying which
field is wrong and why.
"""

import json
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .services import Extras
from .textformat import ImportFormatError, ParsedArticle, SeeAlsoReference

REQUIRED = ("key", "published_at", "headline", "lede", "body")
OPTIONAL = (
    "authors",
    "place",
    "agency",
    "see_also",
    "section",
    "countries",
    "dateline_country",
    "tags",
    "translation_of",
)
LIMITS = {"key": 500, "headline": 255, "place": 80, "agency": 80, "section": 255}


def _text(record: dict, name: str, *, required: bool = False) -> str:
    value = record.get(name, "")
    if not isinstance(value, str):
        raise ImportFormatError(_("“%(field)s” must be text") % {"field": name})
    value = value.strip()
    if "\x00" in value:
        raise ImportFormatError(
            _("“%(field)s” contains a NUL character") % {"field": name}
        )
    if required and not value:
        raise ImportFormatError(_("“%(field)s” is empty") % {"field": name})
    limit = LIMITS.get(name, 100_000)
    if len(value) > limit:
        raise ImportFormatError(
            _("“%(field)s” is longer than %(limit)d characters")
            % {"field": name, "limit": limit}
        )
    return value


def _texts(record: dict, name: str) -> list[str]:
    value = record.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ImportFormatError(
            _("“%(field)s” must be a list of texts") % {"field": name}
        )
    if any("\x00" in v for v in value):
        raise ImportFormatError(
            _("“%(field)s” contains a NUL character") % {"field": name}
        )
    return [v.strip() for v in value if v.strip()]


def _moment(value, name: str) -> datetime:
    """An ISO 8601 date and time; without an offset, in ``TIME_ZONE``."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ImportFormatError(
            _("“%(field)s” is not an ISO 8601 date and time (%(example)s)")
            % {"field": name, "example": "2013-10-23T09:30:00+09:00"}
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _see_also(record: dict) -> list[SeeAlsoReference]:
    value = record.get("see_also", [])
    if not isinstance(value, list):
        raise ImportFormatError(_("“see_also” must be a list"))
    references = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"headline", "published_at"}:
            raise ImportFormatError(
                _(
                    "each “see_also” item must have a “headline” and may have a "
                    "“published_at”"
                )
            )
        headline = _text(item, "headline", required=True)
        when = item.get("published_at")
        references.append(
            SeeAlsoReference(
                headline, _moment(when, "see_also.published_at") if when else None
            )
        )
    return references


def parse_article_json(line: str | bytes) -> tuple[str, ParsedArticle, Extras]:
    """One line's source key, article and what the text layout cannot say."""
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise ImportFormatError(
            _("not valid JSON: %(error)s") % {"error": exc}
        ) from None
    if not isinstance(record, dict):
        raise ImportFormatError(_("a line must be a JSON object"))
    unknown = sorted(set(record) - {*REQUIRED, *OPTIONAL})
    if unknown:
        raise ImportFormatError(
            _("unknown fields: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    missing = [name for name in REQUIRED if name not in record]
    if missing:
        raise ImportFormatError(
            _("missing fields: %(fields)s") % {"fields": ", ".join(missing)}
        )
    body = _texts(record, "body")
    if not body:
        raise ImportFormatError(_("“body” has no paragraph"))
    parsed = ParsedArticle(
        published_at=_moment(record["published_at"], "published_at"),
        headline=_text(record, "headline", required=True),
        authors=_texts(record, "authors"),
        lede=_text(record, "lede", required=True),
        paragraphs=body,
        place=_text(record, "place"),
        agency=_text(record, "agency"),
        see_also=_see_also(record),
    )
    extras = Extras(
        section=_text(record, "section"),
        countries=_texts(record, "countries"),
        dateline_country=_text(record, "dateline_country"),
        tags=_texts(record, "tags"),
        translation_of=_text(record, "translation_of"),
    )
    return _text(record, "key", required=True), parsed, extras
