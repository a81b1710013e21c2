"""``dateline related rebuild``: index every published article and recompute every
story's See also, in bulk, resumably (docs/see-also.md).

Stage 1 (index) reads the archive twice, first for document frequencies, then for
each article's vector, and writes them as ``TermStat`` and ``ArticleFeature`` rows.
Stage 2 (lists) loads the features into sparse matrices, scores each story's versions
against the whole archive with matrix products, and hands the scores to the same
engine the incremental path uses. Each story done is marked with the rebuild, so an
interrupted rebuild resumes with the first story not done.
"""

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy import sparse

from dateline.articles.models import (
    ArticleCountry,
    ArticlePage,
    ArticleTag,
)
from dateline.core.statistics import analyze

from . import engine
from .models import (
    CODES,
    ArticleFeature,
    Rebuild,
    SeeAlsoItem,
    StoryState,
    TermStat,
)
from .services import (
    DOCUMENTS,
    NEIGHBOURS_PER_ARTICLE,
    backend,
    code_vector,
    codes_of,
    insert_rows,
    lists_write,
    overrides_for,
    story_versions,
    text_of,
)

BATCH = 1000
Progress = Callable[[str, int], Callable[[int], None]]  # (stage, total) -> advance(n)


def _quiet(stage: str, total: int) -> Callable[[int], None]:
    return lambda n: None


# The rebuild's stages, as a progress bar names them, and what each counts.
STAGES = {
    "load": "loading",
    "count": "counting terms",
    "index": "indexing",
    "lists": "computing lists",
}


def stage_units() -> dict[str, str]:
    return {stage: _("article") if stage != "lists" else _("story") for stage in STAGES}


def rebuild(*, progress: Progress = _quiet, restart: bool = False) -> Rebuild:
    run = None if restart else Rebuild.objects.filter(finished_at=None).last()
    run = run or Rebuild.objects.create()
    if not run.indexed:
        _index_all(progress)
        run.indexed = True
        run.save(update_fields=["indexed"])
    _lists_all(run, progress)
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return run


# --- Stage 1: the index ---------------------------------------------------------


@dataclass
class Row:
    """What indexing reads of an article (plain values, no page instance)."""

    pk: int
    translation_key: object
    language: str
    published_at: object
    title: str
    lede: str
    body: object
    dateline_place: str


def _articles() -> Iterator[tuple[Row, set[str]]]:
    """Every published article with its codes, in batches, in a stable order."""
    pks = list(
        ArticlePage.objects.published().order_by("pk").values_list("pk", flat=True)
    )
    fields = (
        "pk",
        "translation_key",
        "locale__language_code",
        "published_at",
        "title",
        "lede",
        "body",
        "dateline_place",
    )
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        countries, tags = defaultdict(list), defaultdict(list)
        for article_id, code in ArticleCountry.objects.filter(
            article_id__in=batch
        ).values_list("article_id", "code"):
            countries[article_id].append(code)
        for article_id, slug in ArticleTag.objects.filter(
            content_object_id__in=batch
        ).values_list("content_object_id", "tag__slug"):
            tags[article_id].append(slug)
        rows = (
            ArticlePage.objects.filter(pk__in=batch).order_by("pk").values_list(*fields)
        )
        for values in rows:
            row = Row(*values)
            yield (
                row,
                codes_of(
                    countries=countries[row.pk],
                    place=row.dateline_place,
                    tags=tags[row.pk],
                ),
            )


def _index_all(progress: Progress) -> None:
    total = ArticlePage.objects.published().count()
    df: dict[str, Counter] = defaultdict(Counter)
    documents: Counter = Counter()
    advance = progress("count", total)
    for article, codes in _articles():
        language = article.language
        df[language].update(backend().counts(text_of(article), language).keys())
        df[CODES].update(codes)
        documents[language] += 1
        documents[CODES] += 1
        advance(1)

    with transaction.atomic():
        TermStat.objects.all().delete()
        ArticleFeature.objects.all().delete()
        rows = (
            TermStat(language=language, term=term[:100], df=n)
            for language, counts in df.items()
            for term, n in [*counts.items(), (DOCUMENTS, documents[language])]
        )
        TermStat.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)

    advance = progress("index", total)
    batch: list[tuple] = []
    for article, codes in _articles():
        language = article.language
        counts = backend().counts(text_of(article), language)
        vector = {
            (language, t): w
            for t, w in backend()
            .vector(counts, df[language], documents[language])
            .items()
        }
        vector |= {
            (CODES, c): w
            for c, w in code_vector(codes, df[CODES], documents[CODES]).items()
        }
        story, published_at = _db_values(article)
        batch += [
            (article.pk, story, published_at, lang, feature[:100], weight)
            for (lang, feature), weight in vector.items()
        ]
        if len(batch) >= 20 * BATCH:
            _insert_features(batch)
            batch = []
        advance(1)
    _insert_features(batch)
    # Planned from the empty tables' statistics, a refresh's read of a hundred
    # articles' features scans all of them (1.4 s at a million articles).
    analyze(TermStat, ArticleFeature)


def _db_values(article) -> tuple:
    story = ArticleFeature._meta.get_field("story")
    published = ArticleFeature._meta.get_field("published_at")
    return (
        story.get_db_prep_save(article.translation_key, connection),
        published.get_db_prep_save(article.published_at, connection),
    )


def _insert_features(rows: list[tuple]) -> None:
    """Many rows at once (the index of a large archive has tens of millions)."""
    insert_rows(
        ArticleFeature,
        ["article_id", "story", "published_at", "language", "feature", "weight"],
        rows,
    )


# --- Stage 2: the lists ---------------------------------------------------------


class Matrices:
    """The index in memory: one row per published article, one column per feature.

    A pair's score is a row of ``weighted`` (each feature's weight times its kind's
    weight, settings WEIGHTS) dotted with a row of ``plain`` (the weights alone).
    Columns are split by engine.common: rare features find the candidates (a sparse
    product); common ones are then added on those candidate pairs alone, as the
    incremental query does.
    """

    GATHER = 500_000  # candidate pairs scored on common features at a time

    def __init__(self, catalogue: dict):
        # Rows in article order, so that equal scores are ordered as in the database.
        versions = sorted(
            (v for found in catalogue.values() for v in found), key=lambda v: v.id
        )
        self.row_of = {v.id: i for i, v in enumerate(versions)}
        self.story_of = [v.story for v in versions]
        story_index = {s: i for i, s in enumerate(catalogue)}
        self.story_codes = np.array([story_index[v.story] for v in versions])
        self.day = np.array([v.published_at.timestamp() / 86400 for v in versions])

        columns: dict[tuple[str, str], int] = {}
        # 4-byte positions: a million articles' index is tens of millions of entries,
        # and scipy keeps 32-bit indices when they fit.
        rows, cols, values = array("i"), array("i"), array("d")
        for article_id, language, feature, weight in ArticleFeature.objects.values_list(
            "article_id", "language", "feature", "weight"
        ).iterator(chunk_size=20000):
            row = self.row_of.get(article_id)
            if row is None:
                continue
            rows.append(row)
            cols.append(columns.setdefault((language, feature), len(columns)))
            values.append(weight)
        shape = (len(versions), len(columns))
        plain = sparse.csr_matrix(
            (
                np.frombuffer(values),
                (np.frombuffer(rows, np.intc), np.frombuffer(cols, np.intc)),
            ),
            shape=shape,
        )
        del rows, cols, values
        kinds = [engine.kind_of(language, feature) for language, feature in columns]
        text = np.flatnonzero(np.array([k == "text" for k in kinds]))
        weight_of = engine.config()["WEIGHTS"]
        weights = sparse.diags([weight_of.get(k, 0.0) for k in kinds])
        common = self._common(columns)
        del columns, kinds
        rare = np.flatnonzero(~common)
        common = np.flatnonzero(common)
        # Each whole matrix is dropped as soon as its parts are cut: at a million
        # articles each is about 400 MB.
        weighted = plain @ weights
        self.rare = weighted[:, rare].tocsr()
        self.common_weighted = weighted[:, common].tocsr()
        del weighted
        self.rare_t = plain[:, rare].T.tocsr()
        self.common = plain[:, common].tocsr()
        self.text = plain[:, text].tocsr()
        del plain
        self.vector = lru_cache(maxsize=50_000)(self._vector)

    @staticmethod
    def _common(columns: dict[tuple[str, str], int]) -> np.ndarray:
        df = np.zeros(len(columns), dtype=np.int_)
        documents: dict[str, int] = {}
        for language, term, n in TermStat.objects.values_list(
            "language", "term", "df"
        ).iterator(chunk_size=20000):
            if term == DOCUMENTS:
                documents[language] = n
            elif (column := columns.get((language, term))) is not None:
                df[column] = n
        return np.array(
            [
                engine.common(int(df[column]), documents.get(language, 0))
                for (language, _feature), column in columns.items()
            ],
            dtype=bool,
        )

    def scores(self, article_ids: list[int], keep: int):
        """Each article's ``keep`` best (story, score) pairs, as the engine scores."""
        conf = engine.config()
        ids = [a for a in article_ids if a in self.row_of]
        if not ids:
            return {}
        rows = np.array([self.row_of[a] for a in ids])
        found = (self.rare[rows] @ self.rare_t).tocsr()
        found.sort_indices()
        pair_row = np.repeat(np.arange(len(rows)), np.diff(found.indptr))
        partial = found.data
        partial[self.story_codes[rows[pair_row]] == self.story_codes[found.indices]] = 0
        chosen = self._best(found.indptr, partial, conf["CANDIDATES"])
        pair_row, target = pair_row[chosen], found.indices[chosen]
        data = partial[chosen] + self._common_part(rows, pair_row, target)
        days = np.abs(self.day[rows[pair_row]] - self.day[target])
        decay = 1 - np.exp(-np.log(2) * days / conf["HALF_LIFE_DAYS"])
        data *= 1 - conf["RECENCY"] * decay
        bounds = np.searchsorted(pair_row, np.arange(len(rows) + 1))
        result = {}
        for i, article_id in enumerate(ids):
            values, cols = (
                data[bounds[i] : bounds[i + 1]],
                target[bounds[i] : bounds[i + 1]],
            )
            if len(values) > keep:
                top = np.argpartition(-values, keep)[:keep]
                values, cols = values[top], cols[top]
            result[article_id] = [
                (self.story_of[c], float(v)) for c, v in zip(cols, values, strict=True)
            ]
        return result

    @staticmethod
    def _best(indptr, values, n: int) -> np.ndarray:
        """The positions of each row's ``n`` largest positive values; of equal ones,
        those of the lower columns (lower article ids: the incremental query's order).
        """
        chosen = []
        for start, end in zip(indptr[:-1], indptr[1:], strict=True):
            row = values[start:end]
            positive = np.flatnonzero(row > 0)
            if len(positive) > n:
                kth = np.partition(row[positive], len(positive) - n)[len(positive) - n]
                above = positive[row[positive] > kth]
                tied = positive[row[positive] == kth][: n - len(above)]
                positive = np.sort(np.concatenate([above, tied]))
            chosen.append(start + positive)
        return np.concatenate(chosen) if chosen else np.array([], dtype=np.int_)

    def _common_part(self, rows, pair_row, target) -> np.ndarray:
        """The common features' share of each candidate pair's score."""
        part = np.zeros(len(target))
        if not self.common.shape[1] or not len(target):
            return part
        dense = self.common_weighted[rows].toarray()  # the batch's common features
        for start in range(0, len(target), self.GATHER):
            chunk = slice(start, start + self.GATHER)
            gathered = self.common[target[chunk]]
            pair = np.repeat(np.arange(gathered.shape[0]), np.diff(gathered.indptr))
            products = gathered.data * dense[pair_row[chunk][pair], gathered.indices]
            part[chunk] = np.bincount(pair, products, minlength=gathered.shape[0])
        return part

    def _vector(self, article_id: int) -> dict[int, float]:
        row = self.row_of.get(article_id)
        if row is None:
            return {}
        start, end = self.text.indptr[row], self.text.indptr[row + 1]
        return dict(
            zip(
                self.text.indices[start:end].tolist(),
                self.text.data[start:end].tolist(),
                strict=True,
            )
        )

    def similarity(self, a: int, b: int) -> float:
        x, y = self.vector(a), self.vector(b)
        return sum(x[t] * y[t] for t in x.keys() & y.keys())


def _all_overrides(catalogue) -> tuple[dict, dict]:
    by_id = {v.id: v for versions in catalogue.values() for v in versions}
    return overrides_for(), by_id


def _lists_all(run: Rebuild, progress: Progress) -> None:
    catalogue = story_versions(None)
    done = set(StoryState.objects.filter(rebuild=run).values_list("story", flat=True))
    todo = [s for s in catalogue if s not in done]
    advance = progress("lists", len(catalogue))
    advance(len(catalogue) - len(todo))
    if not todo:
        return
    matrices = Matrices(catalogue)
    overrides, by_id = _all_overrides(catalogue)
    size = engine.config()["SIZE"]
    keep = size * NEIGHBOURS_PER_ARTICLE
    for number, start in enumerate(range(0, len(todo), BATCH // 4), start=1):
        stories = todo[start : start + BATCH // 4]
        versions = [v for s in stories for v in catalogue[s]]
        pairs = matrices.scores([v.id for v in versions], keep)
        lists = {}
        for story in stories:
            scores = engine.story_scores(
                (p for v in catalogue[story] for p in pairs.get(v.id, [])), story
            )
            top = engine.best(scores, keep)
            own = catalogue[story]
            choices = {v.id: overrides[v.id] for v in own if v.id in overrides}
            pinned = {
                pin.page_id: by_id[pin.page_id]
                for c in choices.values()
                for pin in c.pins
                if pin.page_id in by_id
            }
            lists |= engine.lists_for(
                versions=own,
                scores={s: scores[s] for s in top},
                catalogue={
                    s: catalogue[s]
                    for s in {*top, *(v.story for v in pinned.values())}
                    if s in catalogue
                },
                overrides=choices,
                pinned_versions=pinned,
                similarity=matrices.similarity,
            )
        with transaction.atomic():
            lists_write(lists)
            StoryState.objects.bulk_create(
                [StoryState(story=s, rebuild=run) for s in stories],
                update_conflicts=True,
                unique_fields=["story"],
                update_fields=["rebuild", "computed_at"],
            )
        advance(len(stories))
        if number & (number - 1) == 0:  # the lists written have doubled
            analyze(SeeAlsoItem, StoryState)
    analyze(SeeAlsoItem, StoryState)
