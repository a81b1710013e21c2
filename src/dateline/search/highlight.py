"""Headlines and snippets of results with the reader's words marked.

Everything from the article is escaped; only the ``<mark>`` elements added here are
markup. Words match without regard to case or accents (Pekín, pekin), and a longer
word matches a query word it starts with (governments for government), close to what
the engines' stemming finds; Chinese words are found inside runs of characters.
Snippets come from the start of an article (``SCANNED``), where the news is.
"""

import re
import unicodedata
from functools import cache, lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dateline.text.indexing import is_han

ENDINGS = r"\w{0,3}"
SCANNED = 6000  # characters of an article looked at for its snippet


@cache
def _folding() -> dict[int, str]:
    """Lower case without accents, one character for one (so offsets still hold)."""
    table = {}
    for code in range(0x250):  # Latin, Latin-1 and Latin Extended-A and B
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1].lower()
        if len(base) == 1 and base != char:
            table[code] = base
    return table


def fold(text: str) -> str:
    return text.translate(_folding())


@lru_cache(maxsize=256)  # bounded: readers type endless different queries
def _pattern(words: frozenset[str]) -> re.Pattern | None:
    latin = sorted({fold(w) for w in words if not is_han(w)}, key=len, reverse=True)
    han = sorted((w for w in words if is_han(w)), key=len, reverse=True)
    # A longer word matches a query word it starts with (governments, government).
    long = [re.escape(w) for w in latin if len(w) >= 4]
    short = [re.escape(w) for w in latin if len(w) < 4]
    alternatives = (
        [rf"\b(?:{'|'.join(long)}){ENDINGS}\b"] * bool(long)
        + [rf"\b(?:{'|'.join(short)})\b"] * bool(short)
        + [re.escape(w) for w in han]
    )
    return re.compile("|".join(alternatives)) if alternatives else None


def spans(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Where ``words`` occur in ``text``, as (start, end) offsets, in order."""
    pattern = _pattern(frozenset(words))
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(fold(text))]


def _marked(text: str, marks: list[tuple[int, int]], offset: int = 0) -> str:
    out, at = [], 0
    for start, end in marks:
        start, end = start - offset, end - offset
        out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def marked(text: str, words: set[str]) -> SafeString:
    """All of ``text``, escaped, with ``words`` marked."""
    return mark_safe(_marked(text, spans(text, words)))  # noqa: S308 (escaped above)


def snippet(text: str, words: set[str], length: int = 240) -> SafeString:
    """About ``length`` characters of ``text`` around its densest group of ``words``,
    escaped, with the words marked and ellipses where it was cut."""
    text = text[:SCANNED]
    found = spans(text, words)
    start = 0
    if found:
        best = max(
            found, key=lambda s: sum(1 for o in found if s[0] <= o[0] < s[0] + length)
        )
        start = max(0, best[0] - length // 4)
    end = min(len(text), start + length)
    # Cut between words where the text has spaces (not in Chinese).
    if start > 0 and " " in text[start : start + 30]:
        start = text.index(" ", start) + 1
    if end < len(text) and " " in text[end - 30 : end]:
        end = text.rindex(" ", start, end)
    inside = [(s, e) for s, e in found if s >= start and e <= end]
    html = _marked(text[start:end], inside, offset=start)
    return mark_safe(  # noqa: S308 (escaped in _marked)
        ("…" if start > 0 else "") + html + ("…" if end < len(text) else "")
    )
