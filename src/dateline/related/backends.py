"""Text relatedness models behind one interface (setting DATELINE_SEE_ALSO["BACKEND"]).

A backend turns an article's text into a sparse vector of at most ``terms`` weighted
features, unit length, so that the relatedness of two articles in one language is the
dot product of their vectors. That is what lets the database hold the index
(``ArticleFeature``) and answer “which articles share these terms” with an index scan.
An embedding model could implement the same interface with quantised dimensions.
"""

import heapq
import math
from collections import Counter
from collections.abc import Mapping

from dateline.text.tokens import tokens


class TfidfBackend:
    """TF-IDF over per-language terms (words; character pairs in Chinese), with
    sublinear term frequency and smoothed IDF, truncated to the top terms."""

    def __init__(self, terms: int = 30):
        self.terms = terms

    def counts(self, text: str, language: str) -> Counter:
        return Counter(tokens(text, language))

    def vector(
        self, counts: Mapping[str, int], df: Mapping[str, int], documents: int
    ) -> dict[str, float]:
        weights = {
            term: (1 + math.log(count))
            * (math.log((1 + documents) / (1 + df.get(term, 0))) + 1)
            for term, count in counts.items()
        }
        top = heapq.nlargest(self.terms, weights.items(), key=lambda kv: (kv[1], kv[0]))
        return unit(dict(top))


def unit(weights: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w / norm for k, w in weights.items()} if norm else {}


def idf(df: int, documents: int) -> float:
    return math.log((1 + documents) / (1 + df)) + 1
