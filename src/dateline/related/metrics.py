"""Ranking metrics for See also's evaluation, on lists of ids against a relevant set.

Every article with at least one relevant item counts, whatever its list: an empty
list scores 0. ``K`` is the size of the list a reader sees (five). Each figure has a
**ceiling**: what a perfect list of at most ``K`` items would score, given how many
relevant items the article has (a story of two articles cannot fill five places).

- precision@K: hits in the first K ÷ K;
- recall@K: hits in the first K ÷ min(K, relevant);
- MRR: 1 ÷ the rank of the first hit in the first K (0 without one);
- nDCG@K: binary gains, discounted by log2(rank + 1), over the ideal order's;
- R-precision: hits in the first R ÷ R, where R is the number of relevant items.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

K = 5
NAMES = ("precision@5", "recall@5", "MRR", "nDCG@5", "R-precision")


def precision_at_k(shown: Sequence[str], relevant: set[str], k: int = K) -> float:
    return sum(item in relevant for item in shown[:k]) / k


def recall_at_k(shown: Sequence[str], relevant: set[str], k: int = K) -> float:
    return sum(item in relevant for item in shown[:k]) / min(k, len(relevant))


def reciprocal_rank(shown: Sequence[str], relevant: set[str], k: int = K) -> float:
    return next(
        (1 / rank for rank, item in enumerate(shown[:k], 1) if item in relevant), 0.0
    )


def ndcg_at_k(shown: Sequence[str], relevant: set[str], k: int = K) -> float:
    gained = sum(
        1 / math.log2(rank + 1)
        for rank, item in enumerate(shown[:k], 1)
        if item in relevant
    )
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return gained / ideal


def r_precision(shown: Sequence[str], relevant: set[str]) -> float:
    r = len(relevant)
    return sum(item in relevant for item in shown[:r]) / r


def measures(shown: Sequence[str], relevant: set[str]) -> dict[str, float]:
    """Every metric of one article's list; ``relevant`` must not be empty."""
    return dict(
        zip(
            NAMES,
            (
                precision_at_k(shown, relevant),
                recall_at_k(shown, relevant),
                reciprocal_rank(shown, relevant),
                ndcg_at_k(shown, relevant),
                r_precision(shown, relevant),
            ),
            strict=True,
        )
    )


def perfect(relevant: set[str]) -> list[str]:
    """A list a reader could not fault: K relevant items, or all there are."""
    return sorted(relevant)[:K]


@dataclass
class Score:
    """The mean of each metric over the articles added."""

    articles: int = 0
    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(NAMES, 0.0))

    def add(self, shown: Sequence[str], relevant: set[str]) -> None:
        if not relevant:
            raise ValueError("an article without relevant items is not scored")
        self.articles += 1
        for name, value in measures(shown, relevant).items():
            self.sums[name] += value

    def averaged(self) -> dict:
        n = self.articles
        return {"articles": n} | {
            name: (total / n if n else 0.0) for name, total in self.sums.items()
        }
