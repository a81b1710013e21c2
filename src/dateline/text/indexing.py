"""How text is cut into searchable words, the same way when indexing and querying.

Latin-script words are left to the engine (FTS5's unicode61 tokenizer, or PostgreSQL's
parser and the edition's stemmer). Chinese has no spaces between words, so each run
of Han characters is indexed as its overlapping character pairs (北京大学 → 北京 京大
大学), and a query for a word is the phrase of its pairs: a two-character word is
found inside any sentence, whatever the segmentation, with no dictionary to ship.
"""

import re

from wagtail.search import index

from .tokens import HAN, pairs

HAN_RUN = re.compile(f"[{HAN}]+")
# A query's words: runs of letters or digits (so no engine syntax gets through), and
# Han runs on their own even when written against Latin letters.
WORD = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+")


def index_text(text: str) -> str:
    """``text`` as the engine should see it: Han runs turned into their pairs."""
    return HAN_RUN.sub(lambda m: f" {' '.join(pairs(m.group()))} ", text)


def words(text: str) -> list[str]:
    """The words of a query, lower-cased, in order."""
    return [w.lower() for w in WORD.findall(text)]


def is_han(word: str) -> bool:
    return bool(HAN_RUN.fullmatch(word))


class TextField(index.SearchField):
    """A full-text field indexed as ``index_text`` cuts it (Chinese as pairs)."""

    def get_value(self, obj):
        value = super().get_value(obj)
        if isinstance(value, str):
            return index_text(value)
        if isinstance(value, list):
            return [index_text(v) if isinstance(v, str) else v for v in value]
        return value
