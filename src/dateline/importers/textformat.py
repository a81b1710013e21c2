"""The plain-text article layout: the text of an agency's article page.

See docs/importer.md for the layout. ``parse_article_text`` turns one file's text into a
``ParsedArticle`` or raises ``ImportFormatError`` naming the line at fault. Page
furniture (“Send to a friend”, “Printable version”, the newsletter block and the
footer tagline) is recognised and dropped.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

ARTICLE_DATE = re.compile(
    r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}),?\s+"
    r"(?P<hour>\d{1,2})[.:](?P<minute>\d{2})$"
)
SEE_ALSO_DATE = re.compile(
    r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}),?\s+"
    r"(?P<hour>\d{1,2})[.:](?P<minute>\d{2})$"
)
BYLINE = re.compile(r"^by\s+(?P<names>\S.*)$", re.IGNORECASE)
AUTHOR_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+", re.IGNORECASE)
DATELINE = re.compile(
    r"^(?P<place>[^()\s][^()]{0,79}?)\s*\((?P<agency>[^()]{1,80})\)\s*[-–—]\s*"
    r"(?P<rest>\S.*)$",
    re.DOTALL,
)
FURNITURE = {"send to a friend", "printable version"}
SEE_ALSO = "see also"
NEWSLETTER = re.compile(
    r"^(subscribe now|subscribe to .* or change your preferences)$", re.IGNORECASE
)


class ImportFormatError(ValueError):
    """The file does not follow the layout; ``line`` is 1-based, or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass
class SeeAlsoReference:
    headline: str
    published_at: datetime | None = None


@dataclass
class ParsedArticle:
    published_at: datetime
    headline: str
    authors: list[str]
    lede: str
    paragraphs: list[str]
    place: str = ""
    agency: str = ""
    see_also: list[SeeAlsoReference] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The file's text, or a clear error naming the line with the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            _("the file is not UTF-8 text (byte %(byte)d cannot be read)")
            % {"byte": exc.start + 1},
            line,
        ) from exc


def _datetime(match: re.Match, lineno: int, text: str) -> datetime:
    try:
        naive = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
        )
    except ValueError as exc:
        raise ImportFormatError(
            _("“%(text)s” is not a valid date and time") % {"text": text}, lineno
        ) from exc
    return timezone.make_aware(naive)


def _blocks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Runs of non-blank lines joined into paragraphs, with their first line number."""
    blocks, current, start = [], [], 0
    for lineno, text in [*lines, (0, "")]:
        if text:
            if not current:
                start = lineno
            current.append(text)
        elif current:
            blocks.append((start, " ".join(current)))
            current = []
    return blocks


def parse_article_text(text: str) -> ParsedArticle:
    lines = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if NEWSLETTER.match(stripped):
            break  # the newsletter block and the footer tagline end the article
        # Furniture lines separate blocks like a blank line would.
        lines.append((lineno, "" if stripped.lower() in FURNITURE else stripped))

    content = [(n, t) for n, t in lines if t]
    if not content:
        raise ImportFormatError(_("the file has no article in it"), 1)

    date_line, date_text = content[0]
    match = ARTICLE_DATE.match(date_text)
    if not match:
        raise ImportFormatError(
            _(
                "expected the publication date and time (MM/DD/YYYY, HH.MM), "
                "found “%(text)s”"
            )
            % {"text": date_text[:80]},
            date_line,
        )
    published_at = _datetime(match, date_line, date_text)

    if len(content) < 2:
        raise ImportFormatError(_("the headline is missing"), date_line)
    headline_line, headline = content[1]

    # Split what follows the headline into the article and its “See also” list.
    rest = [(n, t) for n, t in lines if n > headline_line]
    see_also_at = next(
        (i for i, (_n, t) in enumerate(rest) if t.lower() == SEE_ALSO), None
    )
    article_lines = rest if see_also_at is None else rest[:see_also_at]
    see_also_lines = [] if see_also_at is None else rest[see_also_at + 1 :]

    authors: list[str] = []
    first = next(((n, t) for n, t in article_lines if t), None)
    if first and (byline := BYLINE.match(first[1])):
        authors = [name for name in AUTHOR_SEPARATOR.split(byline["names"]) if name]
        article_lines = [(n, t) for n, t in article_lines if n != first[0]]

    blocks = _blocks(article_lines)
    lede = ""
    if blocks and not DATELINE.match(blocks[0][1]):
        lede = blocks.pop(0)[1]
    if not blocks:
        raise ImportFormatError(_("the article has no body text"), headline_line)
    if not lede:
        raise ImportFormatError(_("the lede (summary) is missing"), blocks[0][0])

    place = agency = ""
    paragraphs = [t for _n, t in blocks]
    if dateline := DATELINE.match(paragraphs[0]):
        place, agency = dateline["place"].strip(), dateline["agency"].strip()
        paragraphs[0] = dateline["rest"].strip()

    return ParsedArticle(
        published_at=published_at,
        headline=headline,
        authors=authors,
        lede=lede,
        paragraphs=paragraphs,
        place=place,
        agency=agency,
        see_also=_see_also(see_also_lines),
    )


def _see_also(lines: list[tuple[int, str]]) -> list[SeeAlsoReference]:
    references: list[SeeAlsoReference] = []
    for lineno, text in lines:
        if not text:
            continue
        if match := SEE_ALSO_DATE.match(text):
            if not references or references[-1].published_at is not None:
                raise ImportFormatError(
                    _("a “See also” date with no headline before it"), lineno
                )
            references[-1].published_at = _datetime(match, lineno, text)
        else:
            references.append(SeeAlsoReference(headline=text))
    return references
