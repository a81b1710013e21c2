"""The plain-text article layout: the text of an agency's article page.

See docs/importer.md for the layout. ``parse_article_text`` turns one file's text into a
``ParsedArticle`` or raises ``ImportFormatError`` naming the line at fault. Page
furniture (“Send to a friend”, “Printable version”, the newsletter block and the
footer tagline) is recognised and dropped.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override, pgettext

_TIME = r",?\s+(?P<hour>\d{1,2})[.:：](?P<minute>\d{2})$"
MONTH_FIRST = re.compile(
    r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})" + _TIME
)
DAY_FIRST = re.compile(r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})" + _TIME)
# Accepted in every edition: 2013年10月23日 00:00 and 2013-10-23 00:00.
CHINESE_DATE = re.compile(
    r"^(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日" + _TIME
)
ISO_DATE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:T|,?\s+)"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})$"
)
DATELINE = re.compile(
    r"^(?P<place>[^()（）\s][^()（）]{0,79}?)\s*[(（](?P<agency>[^()（）]{1,80})[)）]"
    r"\s*[-–—]\s*(?P<rest>\S.*)$",
    re.DOTALL,
)

# Page furniture in English and in each edition's language (the strings the site's
# own pages print, from the translation catalogue).
SEND_TO_A_FRIEND = gettext_noop("Send to a friend")
PRINTABLE_VERSION = gettext_noop("Printable version")
SEE_ALSO = gettext_noop("See also")
SUBSCRIBE_NOW = gettext_noop("Subscribe now")
SUBSCRIBE_TO = gettext_noop(
    "Subscribe to %(agency)s updates or change your preferences"
)


@dataclass(frozen=True)
class Vocabulary:
    """The words of the layout in one edition's language, English always accepted."""

    furniture: frozenset[str]
    see_also: frozenset[str]
    newsletter: re.Pattern
    byline: re.Pattern
    author_separator: re.Pattern
    article_date: re.Pattern
    date_hint: str


def _translated(language: str, message: str) -> set[str]:
    with override(language):
        return {message.lower(), _(message).lower()}


def _conjunction(word: str) -> str:
    """“and” between names: spaced in Latin script, unspaced in Chinese (李花和王静)."""
    if all("\u4e00" <= ch <= "\u9fff" for ch in word):
        return rf"\s*{re.escape(word)}\s*"
    return rf"\s+{re.escape(word)}\s+"


@cache
def vocabulary(language: str = "en") -> Vocabulary:
    """The layout's words for ``language`` (a Django language code)."""
    with override(language):
        by = {"by", pgettext("byline", "by").strip().lower()}
        conjunction = {"and", _("and").lower()}
        subscribe = [
            re.escape(text).replace(re.escape("%(agency)s"), ".*")
            for text in _translated(language, SUBSCRIBE_TO)
        ]
    subscribe += [re.escape(text) for text in _translated(language, SUBSCRIBE_NOW)]
    # The English edition prints the publication date month first, the others day
    # first; “See also” dates are day first everywhere, as on the reference page.
    day_first = not language.startswith("en")
    return Vocabulary(
        furniture=frozenset(
            _translated(language, SEND_TO_A_FRIEND)
            | _translated(language, PRINTABLE_VERSION)
        ),
        see_also=frozenset(_translated(language, SEE_ALSO)),
        newsletter=re.compile(rf"^(?:{'|'.join(subscribe)})$", re.IGNORECASE),
        byline=re.compile(
            rf"^(?:{'|'.join(re.escape(word) for word in sorted(by))})[\s:：]*"
            r"(?P<names>\S.*)$",
            re.IGNORECASE,
        ),
        author_separator=re.compile(
            r"\s*[,，、]\s*|"
            + "|".join(_conjunction(word) for word in sorted(conjunction)),
            re.IGNORECASE,
        ),
        article_date=DAY_FIRST if day_first else MONTH_FIRST,
        date_hint="DD/MM/YYYY, HH.MM" if day_first else "MM/DD/YYYY, HH.MM",
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
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            _("the file is not UTF-8 text (byte %(byte)d cannot be read)")
            % {"byte": exc.start + 1},
            line,
        ) from exc
    if (nul := data.find(b"\x00")) >= 0:  # no database keeps one in text
        raise ImportFormatError(
            _("the file is not text (byte %(byte)d is a NUL character)")
            % {"byte": nul + 1},
            data[:nul].count(b"\n") + 1,
        )
    return text


def _datetime(match: re.Match, lineno: int, text: str, layout: str) -> datetime:
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
            _("“%(text)s” is not a valid date and time (%(layout)s)")
            % {"text": text, "layout": layout},
            lineno,
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


def _match_date(patterns: list[re.Pattern], text: str) -> re.Match | None:
    return next((m for pattern in patterns if (m := pattern.match(text))), None)


def parse_article_text(text: str, language: str = "en") -> ParsedArticle:
    """Parse one article as ``language``'s edition prints it (docs/importer.md)."""
    words = vocabulary(language)
    lines = _lines(text, words)

    content = [(n, t) for n, t in lines if t]
    if not content:
        raise ImportFormatError(_("the file has no article in it"), 1)

    date_line, date_text = content[0]
    match = _match_date([words.article_date, CHINESE_DATE, ISO_DATE], date_text)
    if not match:
        raise ImportFormatError(
            _("expected the publication date and time (%(layout)s), found “%(text)s”")
            % {"layout": words.date_hint, "text": date_text[:80]},
            date_line,
        )
    published_at = _datetime(match, date_line, date_text, words.date_hint)

    if len(content) < 2:
        raise ImportFormatError(_("the headline is missing"), date_line)
    headline_line, headline = content[1]

    # Split what follows the headline into the article and its “See also” list.
    rest = [(n, t) for n, t in lines if n > headline_line]
    see_also_at = next(
        (i for i, (_n, t) in enumerate(rest) if t.lower() in words.see_also), None
    )
    article_lines = rest if see_also_at is None else rest[:see_also_at]
    see_also_lines = [] if see_also_at is None else rest[see_also_at + 1 :]

    authors, article_lines = _byline(article_lines, words)

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


def _lines(text: str, words) -> list[tuple[int, str]]:
    """(line number, text) of the article's lines, up to the newsletter block and
    the footer; furniture lines are blank, as they separate blocks like one."""
    lines = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if words.newsletter.match(stripped):
            break
        lines.append((lineno, "" if stripped.lower() in words.furniture else stripped))
    return lines


def _byline(article_lines, words) -> tuple[list[str], list]:
    """The authors of a byline on the article's first line, and the lines after."""
    first = next(((n, t) for n, t in article_lines if t), None)
    if not first or not (byline := words.byline.match(first[1])):
        return [], article_lines
    names = words.author_separator.split(byline["names"])
    authors = [name.strip() for name in names if name.strip()]
    return authors, [(n, t) for n, t in article_lines if n != first[0]]


def _see_also(lines: list[tuple[int, str]]) -> list[SeeAlsoReference]:
    references: list[SeeAlsoReference] = []
    for lineno, text in lines:
        if not text:
            continue
        if match := _match_date([DAY_FIRST, CHINESE_DATE, ISO_DATE], text):
            if not references or references[-1].published_at is not None:
                raise ImportFormatError(
                    _("a “See also” date with no headline before it"), lineno
                )
            references[-1].published_at = _datetime(
                match, lineno, text, "DD/MM/YYYY HH.MM"
            )
        else:
            references.append(SeeAlsoReference(headline=text))
    return references
