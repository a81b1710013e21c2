"""A reader's query, parsed: words and "quoted phrases", with the other names of the
countries and places it mentions.

Nothing a reader types reaches an engine's syntax: words are runs of letters and
digits, so quotes, brackets, stars, colons and AND/OR/NOT are plain text here.
"""

import re
from dataclasses import dataclass, field

from dateline.text.indexing import is_han, pairs, words
from dateline.text.places import names_of
from dateline.text.tokens import STOPWORDS

MAX_QUERY = 200  # characters
MAX_TERMS = 10  # more words than a headline: the rest is left out, and said so
MAX_NAME_WORDS = 4  # the longest country or place name looked up ("Corea del Sud")
QUOTED = re.compile(r'"([^"]*)"?')


@dataclass
class Term:
    """One thing the reader asked for: a word, a phrase, or a named place or country
    with its other names. Any of ``forms`` will do; each is a tuple of words."""

    forms: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.forms[0])


@dataclass
class Query:
    terms: list[Term]
    truncated: bool = False  # words beyond MAX_TERMS were left out

    def __bool__(self):
        return bool(self.terms)

    def highlight_words(self) -> set[str]:
        """The words a result's text is highlighted on."""
        return {w for term in self.terms for form in term.forms for w in form}

    def for_engine(self) -> list[list[tuple[str, ...]]]:
        """Every term (all must match) as its forms (any will do), each form the
        phrase of words the index holds: Chinese words as their character pairs."""
        return [
            list(
                dict.fromkeys(
                    tuple(t for w in form for t in (pairs(w) if is_han(w) else [w]))
                    for form in term.forms
                )
            )
            for term in self.terms
        ]


def _names(phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
    found = names_of(" ".join(phrase))
    forms = {tuple(words(name)) for name in found}
    return sorted(f for f in forms if f and len(f) <= 3 and f != phrase)


def parse(text: str, language: str) -> Query:
    """The query in ``text``, typed in the edition of ``language``."""
    terms: list[Term] = []
    for phrase in QUOTED.findall(text):
        if quoted := tuple(words(phrase)):
            terms.append(Term([quoted, *_names(quoted)]))
    loose = words(QUOTED.sub(" ", text))
    found: list[Term] = []
    i = 0
    while i < len(loose):
        # The longest run of words that names a country or place, else one word.
        for n in range(min(MAX_NAME_WORDS, len(loose) - i), 0, -1):
            phrase = tuple(loose[i : i + n])
            if n == 1 or names_of(" ".join(phrase)):
                found.append(Term([phrase, *_names(phrase)]))
                i += n
                break
    # Without the edition's commonest words, unless nothing else was typed ("the who").
    stop = STOPWORDS.get(language.split("-")[0], frozenset())
    kept = [t for t in found if len(t.forms) > 1 or t.text not in stop]
    terms += kept if kept or terms else found
    return Query(terms=terms[:MAX_TERMS], truncated=len(terms) > MAX_TERMS)
