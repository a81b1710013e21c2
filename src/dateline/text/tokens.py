"""Words of an article for ranking, per language.

Latin-script text is split into lower-cased words, without the commonest function
words. Chinese has no spaces: each run of Han characters becomes its overlapping
character pairs (首尔电 → 首尔, 尔电), the usual choice of search engines without a
dictionary, which finds the same words whatever the segmentation would have been.
"""

import re
from collections import Counter

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUNS = re.compile(rf"([{HAN}]+)|([^\W\d_{HAN}]+)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = {
    "en": _words(
        "a an and are as at be been but by for from had has have he her his i in "
        "is it its of on or our said says she that the their them they this to "
        "was we were which who will with would not no more than after before "
        "also into over about up out one two three new last year years"
    ),
    "it": _words(
        "a ad al alla alle agli ai anche che chi con da dal dalla dei del della "
        "delle di e è gli ha hanno i il in la le lo ma ne nei nel nella non o per "
        "più se si sono su sua suo sue tra un una uno ha hanno stato essere anni "
        "anno dopo come detto"
    ),
    "es": _words(
        "a al como con de del el en es esta este fue ha han la las lo los más "
        "no o para pero por que se sin son su sus un una y ya le les dijo años "
        "año tras sobre entre"
    ),
}


def pairs(run: str) -> list[str]:
    """The overlapping character pairs of a run of Han characters (one character
    stays itself)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str, language: str) -> list[str]:
    """The ranking terms of ``text`` written in ``language`` (a Django code)."""
    stop = STOPWORDS.get(language.split("-")[0], set())
    terms = []
    for han, word in RUNS.findall(text.lower()):
        if han:
            terms += pairs(han)
        elif len(word) > 1 and word not in stop:
            terms.append(word)
    return terms


def article_text(headline: str, lede: str, body: str) -> str:
    """What is ranked: the headline counts twice, then the lede and the body."""
    return " ".join([headline, headline, lede, body])


def term_counts(text: str, language: str) -> Counter:
    return Counter(tokens(text, language))
