"""``dateline related rebuild``: index every published article and recompute every
story's See also, in bulk, resumably (docs/see-also.md).

Stage 1 (index) reads the archive twice, first for document frequencies, then for
each article's vector, and writes them as ``TermStat`` and ``ArticleFeature`` rows.
Stage 2 (lists) loads the features into sparse matrices, scores each story's versions
against the whole archive with matrix products, and hands the scores to the same
engine the incremental path uses. Each story done is marked with the rebuild, so an
interrupted rebuild resumes with the first story not done.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from scipy import sparse

from dateline.articles.models import (
    ArticleCountry,
    ArticlePage,
    ArticleTag,
)

from . import engine
from .models import CODES, ArticleFeature, Rebuild, StoryState, TermStat
from .services import (
    DOCUMENTS,
    NEIGHBOURS_PER_ARTICLE,
    _versions,
    backend,
    code_vector,
    codes_of,
    lists_write,
    overrides_for,
    text_of,
)

BATCH = 1000
Progress = Callable[[str, int], Callable[[int], None]]  # (stage, total) -> advance(n)


def _quiet(stage: str, total: int) -> Callable[[int], None]:
    return lambda n: None


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


def _db_values(article) -> tuple:
    story = ArticleFeature._meta.get_field("story")
    published = ArticleFeature._meta.get_field("published_at")
    return (
        story.get_db_prep_save(article.translation_key, connection),
        published.get_db_prep_save(article.published_at, connection),
    )


def _insert_features(rows: list[tuple]) -> None:
    """Many rows at once, without building a model instance for each (the index of a
    large archive has tens of millions)."""
    table = connection.ops.quote_name(ArticleFeature._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} "  # noqa: S608  (our table name, values as parameters)
            "(article_id, story, published_at, language, feature, weight) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )


# --- Stage 2: the lists ---------------------------------------------------------


class Matrices:
    """The index in memory: one sparse matrix per kind, one row per article."""

    def __init__(self, rows: Iterable[tuple]):
        self.row_of: dict[int, int] = {}
        self.stories: list = []
        self.dates: list[float] = []
        columns: dict[str, dict[tuple, int]] = defaultdict(dict)
        entries: dict[str, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
        for article_id, story, published_at, language, feature, weight in rows:
            row = self.row_of.get(article_id)
            if row is None:
                row = self.row_of[article_id] = len(self.stories)
                self.stories.append(story)
                self.dates.append(published_at.timestamp() / 86400)
            kind = engine.kind_of(language, feature)
            column = columns[kind].setdefault((language, feature), len(columns[kind]))
            r, c, w = entries[kind]
            r.append(row)
            c.append(column)
            w.append(weight)
        size = len(self.stories)
        self.kinds = {
            kind: sparse.csr_matrix(
                (np.array(w), (np.array(r), np.array(c))),
                shape=(size, len(columns[kind])),
            )
            for kind, (r, c, w) in entries.items()
        }
        self.transposed = {kind: m.T.tocsr() for kind, m in self.kinds.items()}
        text = self.kinds.get("text")
        self.text_rows = text.tocsr() if text is not None else None
        self.story_index = {s: i for i, s in enumerate(dict.fromkeys(self.stories))}
        self.story_codes = np.array([self.story_index[s] for s in self.stories])
        self.day = np.array(self.dates)

    def scores(self, article_ids: list[int], keep: int):
        """Each article's ``keep`` best (story, score) pairs, as the engine scores."""
        conf = engine.config()
        rows = [self.row_of[a] for a in article_ids if a in self.row_of]
        if not rows:
            return {}
        total = None
        for kind, matrix in self.kinds.items():
            weight = conf["WEIGHTS"].get(kind, 0.0)
            if weight:
                part = (matrix[rows] @ self.transposed[kind]) * weight
                total = part if total is None else total + part
        total = total.tocoo()
        source = np.array(rows)[total.row]
        days = np.abs(self.day[source] - self.day[total.col])
        decay = 1 - np.exp(-np.log(2) * days / conf["HALF_LIFE_DAYS"])
        data = total.data * (1 - conf["RECENCY"] * decay)
        same_story = self.story_codes[source] == self.story_codes[total.col]
        data[same_story] = 0
        result = {}
        by_row = sparse.csr_matrix((data, (total.row, total.col)), shape=total.shape)
        for i, article_id in enumerate(a for a in article_ids if a in self.row_of):
            start, end = by_row.indptr[i], by_row.indptr[i + 1]
            values, cols = by_row.data[start:end], by_row.indices[start:end]
            if len(values) > keep:
                top = np.argpartition(-values, keep)[:keep]
                values, cols = values[top], cols[top]
            result[article_id] = [
                (self.stories[c], float(v))
                for c, v in zip(cols, values, strict=True)
                if v > 0
            ]
        return result

    def vector(self, article_id: int) -> dict[int, float]:
        row = self.row_of.get(article_id)
        if row is None or self.text_rows is None:
            return {}
        start, end = self.text_rows.indptr[row], self.text_rows.indptr[row + 1]
        return dict(
            zip(
                self.text_rows.indices[start:end].tolist(),
                self.text_rows.data[start:end].tolist(),
                strict=True,
            )
        )

    def similarity(self, a: int, b: int) -> float:
        x, y = self.vector(a), self.vector(b)
        return sum(w * y[t] for t, w in x.items() if t in y)


def _all_overrides(catalogue) -> tuple[dict, dict]:
    by_id = {v.id: v for versions in catalogue.values() for v in versions}
    return overrides_for(), by_id


def _lists_all(run: Rebuild, progress: Progress) -> None:
    catalogue = _versions(None)
    done = set(StoryState.objects.filter(rebuild=run).values_list("story", flat=True))
    todo = [s for s in catalogue if s not in done]
    advance = progress("lists", len(catalogue))
    advance(len(catalogue) - len(todo))
    if not todo:
        return
    matrices = Matrices(
        ArticleFeature.objects.values_list(
            "article_id", "story", "published_at", "language", "feature", "weight"
        ).iterator(chunk_size=20000)
    )
    overrides, by_id = _all_overrides(catalogue)
    size = engine.config()["SIZE"]
    keep = size * NEIGHBOURS_PER_ARTICLE
    for start in range(0, len(todo), BATCH // 4):
        stories = todo[start : start + BATCH // 4]
        versions = [v for s in stories for v in catalogue[s]]
        pairs = matrices.scores([v.id for v in versions], keep)
        lists = {}
        for story in stories:
            scores = engine.story_scores(
                (p for v in catalogue[story] for p in pairs.get(v.id, [])), story
            )
            top = sorted(scores, key=lambda s: (-scores[s], str(s)))[:keep]
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
