"""The evaluation's formulas, pinned with fixed lists and results worked by hand."""

import math

import pytest

from dateline.importers.evaluation import Record, baseline_lists, relevant, score
from dateline.related import baseline, metrics

RELEVANT = {"a", "b", "c"}


def test_precision_divides_by_five_whatever_the_list_length():
    assert metrics.precision_at_k(["a"], RELEVANT) == pytest.approx(1 / 5)
    assert metrics.precision_at_k(["a", "b", "x", "c", "y"], RELEVANT) == 3 / 5
    assert metrics.precision_at_k([], RELEVANT) == 0.0  # an empty list scores 0
    # Only the first five count.
    assert metrics.precision_at_k(["x"] * 5 + ["a"], RELEVANT) == 0.0


def test_recall_mrr_and_r_precision():
    shown = ["x", "a", "y", "b"]
    assert metrics.recall_at_k(shown, RELEVANT) == pytest.approx(2 / 3)
    assert metrics.reciprocal_rank(shown, RELEVANT) == pytest.approx(1 / 2)
    # R = 3: the first three hold one hit.
    assert metrics.r_precision(shown, RELEVANT) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(["x"] * 5 + ["a"], RELEVANT) == 0.0
    # Seven relevant items: recall is out of the five a list can hold.
    seven = {str(n) for n in range(7)}
    assert metrics.recall_at_k(["0", "1", "2", "3", "4"], seven) == 1.0
    assert metrics.r_precision(["0", "1", "2", "3", "4"], seven) == pytest.approx(5 / 7)


def test_ndcg_by_hand():
    # Hits at ranks 2 and 4 of three relevant items:
    # DCG = 1/log2(3) + 1/log2(5); ideal = 1/log2(2) + 1/log2(3) + 1/log2(4).
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3) + 1 / 2
    assert metrics.ndcg_at_k(["x", "a", "y", "b"], RELEVANT) == pytest.approx(
        dcg / ideal
    )
    assert metrics.ndcg_at_k(["a", "b", "c"], RELEVANT) == pytest.approx(1.0)


def test_the_ceiling_is_what_a_perfect_list_scores_given_the_group_sizes():
    score_ = metrics.Score()
    score_.add(metrics.perfect({"a"}), {"a"})  # one relevant item: 1/5 at best
    score_.add(metrics.perfect(set("abcdefg")), set("abcdefg"))  # seven: 5/5
    figures = score_.averaged()
    assert figures["articles"] == 2
    assert figures["precision@5"] == pytest.approx((1 / 5 + 1) / 2)
    assert figures["R-precision"] == pytest.approx((1 + 5 / 7) / 2)
    assert figures["MRR"] == figures["recall@5"] == figures["nDCG@5"] == 1.0


def test_a_shorter_list_no_longer_scores_higher():
    """The old formula divided by the items shown: one right item scored 1.0."""
    short, full = metrics.Score(), metrics.Score()
    short.add(["a"], RELEVANT)
    full.add(["a", "b", "x", "y", "z"], RELEVANT)
    assert short.averaged()["precision@5"] < full.averaged()["precision@5"]


def record(id, language, story, headline, of=""):
    return Record(
        id=id,
        language=language,
        headline=headline,
        lede="",
        body="",
        published=None,
        story=story,
        translation_of=of,
    )


RECORDS = [
    record("en-1", "en", "rail", "Railway bridge across the border reopens"),
    record("en-2", "en", "rail", "Railway across the border needs new bridges"),
    record("it-1", "it", "rail", "Riapre il ponte ferroviario sul confine", of="en-1"),
    record("en-3", "en", "rice", "Rice prices rise after the floods"),
]


def test_own_translations_are_neither_relevant_nor_listed():
    wanted = relevant(RECORDS)
    assert wanted["en-1"]["cross-edition"] == set()  # it-1 is its own translation
    assert wanted["en-2"]["cross-edition"] == {"it-1"}
    assert wanted["it-1"]["in-language"] == set()
    assert wanted["it-1"]["cross-edition"] == {"en-2"}
    lists = baseline_lists(RECORDS)
    assert "it-1" not in lists["en-1"]["cross_edition"]
    assert "en-1" not in lists["it-1"]["cross_edition"]
    assert lists["en-1"]["in_language"][0] == "en-2"  # no threshold: en-3 follows
    assert lists["en-1"]["in_language"] == ["en-2", "en-3"]


def test_every_article_with_a_relevant_item_counts_even_with_an_empty_list():
    parts = score(RECORDS, {"See also": {}})  # no lists at all
    assert parts["in-language"]["See also"]["articles"] == 2  # en-1 and en-2
    assert parts["in-language"]["See also"]["precision@5"] == 0.0
    assert parts["in-language"]["ceiling"]["precision@5"] == pytest.approx(1 / 5)
    assert parts["cross-edition"]["See also"]["articles"] == 2  # en-2, it-1


def test_the_baseline_is_tf_idf_over_character_grams():
    assert baseline.grams("Ab  c") == {
        "ab": 1,
        "b ": 1,
        " c": 1,
        "ab ": 1,
        "b c": 1,
        "ab c": 1,
    }
    scores = baseline.similarities(["rail bridge", "rail bridge", "rice"])
    assert scores[0, 1] == pytest.approx(1.0)
    assert scores[0, 0] == pytest.approx(1.0)
    assert 0 <= scores[0, 2] < 0.2
