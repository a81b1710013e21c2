"""The naive baseline See also's evaluation prints beside the engine.

TF-IDF over the character 2- to 4-grams of headline and lede, cosine similarity, no
threshold: the five most similar articles, whatever their score. It is what
scikit-learn's ``TfidfVectorizer(analyzer="char", ngram_range=(2, 4))`` computes
(lower case, white space folded, raw counts, smoothed IDF, unit length), written with
scipy, which Dateline already has, rather than adding scikit-learn for one figure.
"""

import re
from collections import Counter

import numpy as np
from scipy import sparse

SPACES = re.compile(r"\s\s+")
GRAMS = (2, 4)


def grams(text: str) -> Counter:
    text = SPACES.sub(" ", text.lower())
    low, high = GRAMS
    return Counter(
        text[start : start + n]
        for n in range(low, high + 1)
        for start in range(len(text) - n + 1)
    )


def similarities(texts: list[str]) -> np.ndarray:
    """The cosine similarity of every pair of ``texts`` (a dense square matrix)."""
    counted = [grams(text) for text in texts]
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, counts in enumerate(counted):
        for gram, count in counts.items():
            rows.append(row)
            cols.append(vocabulary.setdefault(gram, len(vocabulary)))
            values.append(count)
    shape = (len(texts), len(vocabulary))
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=float)
    df = np.bincount(matrix.indices, minlength=shape[1])
    idf = np.log((1 + shape[0]) / (1 + df)) + 1
    matrix = matrix @ sparse.diags(idf)
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1
    matrix = sparse.diags(1 / np.where(norms > 0, norms, 1)) @ matrix
    return (matrix @ matrix.T).toarray()


def ranked(scores: np.ndarray, row: int, candidates: list[int]) -> list[int]:
    """``candidates`` by their similarity to ``row``, best first (ties by position)."""
    return sorted(candidates, key=lambda c: (-scores[row, c], c))
