"""Writes of See also: index an article, recompute a story's lists, refresh what a
publication changes. The bulk rebuild (rebuild.py) shares the engine and the writes."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from functools import cache
from uuid import UUID

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.module_loading import import_string

from dateline.articles.models import (
    ArticlePage,
    body_text,
)
from dateline.articles.purging import articles_urls
from dateline.pagecache.purges import purge
from dateline.text.places import place_of
from dateline.text.tokens import article_text

from . import engine
from .backends import idf, unit
from .models import (
    CODES,
    ArticleFeature,
    ArticleRelated,
    ArticleSeeAlsoExclusion,
    SeeAlsoItem,
    StoryState,
    TermStat,
)

# Lists written at once beyond which every cached page is purged, not each one.
PURGE_ONE_BY_ONE = 200

# What an engine.Version is read from.
VERSION_FIELDS = (
    "pk",
    "translation_key",
    "locale__language_code",
    "published_at",
    "title",
)
DOCUMENTS = ""  # the TermStat term that counts a language's documents
NEIGHBOURS_PER_ARTICLE = 10  # candidate stories kept, in multiples of the list size


@cache
def backend():
    conf = engine.config()
    return import_string(conf["BACKEND"])(terms=conf["TERMS_PER_ARTICLE"])


def text_of(article: ArticlePage) -> str:
    """Headline, lede and the body's words."""
    return article_text(article.title, article.lede, body_text(article.body))


def codes_of(*, countries: Iterable[str], place: str, tags: Iterable[str]) -> set[str]:
    """An article's language-free features: c:KR, p:<gazetteer id>, t:<tag slug>."""
    codes = {f"c:{code.upper()}" for code in countries}
    located = place_of(place) if place else None
    if located:
        codes.add(f"p:{located[0]}")
    codes |= {f"t:{tag}"[:100] for tag in tags}
    return codes


def code_vector(
    codes: set[str], df: dict[str, int], documents: int
) -> dict[str, float]:
    """IDF-weighted codes, unit length within each kind (countries, places, topics)."""
    vector = {}
    for prefix in engine.KINDS:
        kind = {c: idf(df.get(c, 0), documents) for c in codes if c[0] == prefix}
        vector.update(unit(kind))
    return vector


def _published(article: ArticlePage) -> bool:
    return bool(
        article.live and article.published_at and article.published_at <= timezone.now()
    )


def _df_add(language: str, terms: Iterable[str]) -> None:
    terms = list({t[:100] for t in terms} | {DOCUMENTS})
    known = set(
        TermStat.objects.filter(language=language, term__in=terms).values_list(
            "term", flat=True
        )
    )
    TermStat.objects.filter(language=language, term__in=known).update(df=F("df") + 1)
    TermStat.objects.bulk_create(
        [TermStat(language=language, term=t, df=1) for t in terms if t not in known],
        ignore_conflicts=True,
    )


def _df(language: str, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    stats = dict(
        TermStat.objects.filter(
            language=language, term__in=[*{t[:100] for t in terms}, DOCUMENTS]
        ).values_list("term", "df")
    )
    return stats, stats.pop(DOCUMENTS, 0)


@transaction.atomic
def article_index(article: ArticlePage) -> None:
    """Write the article's features (or remove them when it is not published).

    Document frequencies count an article once, when it is first indexed.
    """
    known = ArticleFeature.objects.filter(article=article)
    first_time = not known.exists()
    known.delete()
    if not _published(article):
        return
    language = article.locale.language_code
    counts = backend().counts(text_of(article), language)
    codes = codes_of(
        countries=article.countries.values_list("code", flat=True),
        place=article.dateline_place,
        tags=article.tags.values_list("slug", flat=True),
    )
    if first_time:
        _df_add(language, counts)
        _df_add(CODES, codes)
    df, documents = _df(language, counts)
    code_df, code_documents = _df(CODES, codes)
    features = {
        (language, term): weight
        for term, weight in backend().vector(counts, df, documents).items()
    }
    features |= {
        (CODES, code): weight
        for code, weight in code_vector(codes, code_df, code_documents).items()
    }
    ArticleFeature.objects.bulk_create(
        ArticleFeature(
            article=article,
            story=article.translation_key,
            published_at=article.published_at,
            language=lang,
            feature=feature[:100],
            weight=weight,
        )
        for (lang, feature), weight in features.items()
    )


def story_versions(stories: Iterable[UUID] | None) -> dict[UUID, list[engine.Version]]:
    """The published versions of ``stories`` (of every story: None), oldest first."""
    found = defaultdict(list)
    rows = ArticlePage.objects.published()
    if stories is not None:
        rows = rows.filter(translation_key__in=list(stories))
    rows = rows.order_by("published_at", "pk").values_list(*VERSION_FIELDS)
    for row in rows.iterator(chunk_size=5000):
        found[row[1]].append(engine.Version(*row))
    return found


def _by_language(features: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    by_language = defaultdict(set)
    for language, feature in features:
        by_language[language].add(feature)
    return by_language


def _common(features: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (language, feature) pairs are common (engine.common)."""
    by_language = _by_language(features)
    wanted = Q(pk__in=[])
    for language, terms in by_language.items():
        wanted |= Q(language=language, term__in=[*terms, DOCUMENTS])
    df = {
        (language, term): n
        for language, term, n in TermStat.objects.filter(wanted).values_list(
            "language", "term", "df"
        )
    }
    return {
        (language, feature)
        for language, terms in by_language.items()
        for feature in terms
        if engine.common(
            df.get((language, feature), 0), df.get((language, DOCUMENTS), 0)
        )
    }


def _having(features: Iterable[tuple[str, str]]) -> Q:
    wanted = Q(pk__in=[])
    for language, terms in _by_language(features).items():
        wanted |= Q(language=language, feature__in=sorted(terms))
    return wanted


def story_neighbours(versions: list[engine.Version]) -> dict[UUID, float]:
    """The score of every story related to ``versions`` (one story), from the index.

    For each version, in two steps (docs/see-also.md, "At scale"): the database
    ranks the articles sharing its features that are not common, by those features
    alone, and returns the best CANDIDATES (one indexed query); their vectors are then
    read and scored on everything they share. Recency is applied, then each story
    keeps its best pair.
    """
    conf = engine.config()
    weights = conf["WEIGHTS"]
    own = {v.id: v for v in versions}
    features = defaultdict(dict)
    for article_id, language, feature, weight in ArticleFeature.objects.filter(
        article_id__in=own
    ).values_list("article_id", "language", "feature", "weight"):
        kind = engine.kind_of(language, feature)
        features[article_id][(language, feature)] = weight * weights.get(kind, 0.0)
    common = _common({key for source in features.values() for key in source})
    pairs = []
    for source_id, source in features.items():
        rare = [key for key in source if key not in common]
        if not rare:
            continue
        partial = Sum(
            F("weight")
            * Case(
                *[
                    When(language=lang, feature=f, then=Value(source[lang, f]))
                    for lang, f in rare
                ],
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
        candidates = {
            article_id: (story, when)
            for article_id, story, when in ArticleFeature.objects.filter(_having(rare))
            .exclude(story=versions[0].story)
            .values("article_id", "story", "published_at")
            .annotate(partial=partial)
            .filter(partial__gt=0)
            .order_by("-partial", "article_id")
            .values_list("article_id", "story", "published_at")[: conf["CANDIDATES"]]
        }
        scores = defaultdict(float)
        for article_id, language, feature, weight in ArticleFeature.objects.filter(
            article_id__in=candidates
        ).values_list("article_id", "language", "feature", "weight"):
            scores[article_id] += weight * source.get((language, feature), 0.0)
        published_at = own[source_id].published_at
        for article_id, score in scores.items():
            story, when = candidates[article_id]
            days = engine.days_between(published_at, when)
            pairs.append((story, engine.decayed(score, days)))
    return engine.story_scores(pairs, versions[0].story)


def overrides_for(ids: list[int] | None = None) -> dict[int, engine.Overrides]:
    """Editors' choices (manual mode, pins in order, excluded stories) of the articles
    ``ids``, or of every article."""
    only = {} if ids is None else {"article_id__in": ids}
    choices = defaultdict(engine.Overrides)
    manual = ArticlePage.objects.filter(see_also_mode=ArticlePage.SeeAlsoMode.MANUAL)
    if ids is not None:
        manual = manual.filter(pk__in=ids)
    for pk in manual.values_list("pk", flat=True):
        choices[pk].manual = True
    for article_id, page_id, headline, published_at in (
        ArticleRelated.objects.filter(**only)
        .order_by("article_id", "sort_order", "pk")
        .values_list("article_id", "page_id", "headline", "published_at")
    ):
        choices[article_id].pins.append(engine.Pin(page_id, headline, published_at))
    for article_id, story in ArticleSeeAlsoExclusion.objects.filter(**only).values_list(
        "article_id", "page__translation_key"
    ):
        choices[article_id].excluded_stories.add(story)
    return choices


def _overrides(
    versions,
) -> tuple[dict[int, engine.Overrides], dict[int, engine.Version]]:
    choices = overrides_for([v.id for v in versions])
    pinned_ids = [
        pin.page_id for c in choices.values() for pin in c.pins if pin.page_id
    ]
    pinned = {
        row[0]: engine.Version(*row)
        for row in ArticlePage.objects.published()
        .filter(pk__in=pinned_ids)
        .values_list(*VERSION_FIELDS)
    }
    return choices, pinned


def _text_similarity(article_ids: Iterable[int]):
    vectors = defaultdict(dict)
    for article_id, feature, weight in (
        ArticleFeature.objects.filter(article_id__in=list(article_ids))
        .exclude(language=CODES)
        .values_list("article_id", "feature", "weight")
    ):
        vectors[article_id][feature] = weight

    def similarity(a: int, b: int) -> float:
        x, y = vectors.get(a, {}), vectors.get(b, {})
        return sum(x[t] * y[t] for t in x.keys() & y.keys())

    return similarity


def lists_write(lists: dict[int, list[engine.Item]], clear: Iterable[int] = ()) -> None:
    """Replace the lists of these articles (and empty those of ``clear``).

    Rows are inserted without building a model instance for each: the bulk rebuild
    writes half a million of them.
    """
    changed = {*lists, *clear}
    SeeAlsoItem.objects.filter(article_id__in=changed).delete()
    # Their pages show the new lists at once; a rebuild of the whole archive
    # makes every cached page stale instead of naming each.
    if len(changed) > PURGE_ONE_BY_ONE:
        purge(everything=True)
    elif changed:
        purge(articles_urls(changed))
    when = SeeAlsoItem._meta.get_field("published_at")
    rows = [
        (
            article_id,
            n,
            item.page_id,
            item.headline[:255] if item.page_id is None else "",
            when.get_db_prep_save(item.published_at, connection),
            item.pinned,
            item.score,
        )
        for article_id, items in lists.items()
        for n, item in enumerate(items)
    ]
    if rows:
        insert_rows(
            SeeAlsoItem,
            ["article_id", "position", "page_id", "headline", "published_at"]
            + ["pinned", "score"],
            rows,
        )


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """INSERT many rows of plain values (already prepared for the database)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608  (names from the model)
            rows,
        )


@transaction.atomic
def story_recompute(story: UUID) -> dict[UUID, float]:
    """Recompute the See also of every published version of ``story``; return the
    scores of its related stories."""
    versions = story_versions([story]).get(story, [])
    unpublished = ArticlePage.objects.filter(translation_key=story).exclude(
        pk__in=[v.id for v in versions]
    )
    if not versions:
        lists_write({}, clear=unpublished.values_list("pk", flat=True))
        return {}
    scores = story_neighbours(versions)
    size = engine.config()["SIZE"]
    top = engine.best(scores, size * NEIGHBOURS_PER_ARTICLE)
    overrides, pinned = _overrides(versions)
    catalogue = story_versions({*top, *(v.story for v in pinned.values())})
    lists = engine.lists_for(
        versions=versions,
        scores={s: scores[s] for s in top},
        catalogue=catalogue,
        overrides=overrides,
        pinned_versions=pinned,
        similarity=_text_similarity(
            [v.id for v in versions] + [v.id for s in top for v in catalogue.get(s, [])]
        ),
    )
    lists_write(lists, clear=unpublished.values_list("pk", flat=True))
    StoryState.objects.update_or_create(story=story, defaults={"rebuild": None})
    return scores


def article_refresh(article_id: int) -> set[UUID]:
    """After an article is published, changed or unpublished: index it and recompute
    its story's lists. Returns the other stories whose lists it changes (it now
    belongs in them, or has left them): the task recomputes each in a task of its own.
    """
    article = ArticlePage.objects.filter(pk=article_id).select_related("locale").first()
    if article is None:
        return set()
    article_index(article)
    story = article.translation_key
    scores = story_recompute(story)
    size = engine.config()["SIZE"]
    minimum = engine.config()["MIN_SCORE"]
    # A related story's lists change if this one now outranks their last item.
    lists = (
        SeeAlsoItem.objects.filter(article__translation_key__in=list(scores))
        .values("article_id", "article__translation_key")
        .annotate(lowest=Min("score"), length=Count("pk"))
    )
    full = defaultdict(lambda: True)
    lowest: dict[UUID, float] = {}
    for row in lists:
        key = row["article__translation_key"]
        full[key] &= row["length"] >= size
        if row["lowest"] is not None:
            lowest[key] = min(lowest.get(key, row["lowest"]), row["lowest"])
    affected = {
        s
        for s, score in scores.items()
        if score >= minimum and (not full[s] or score > lowest.get(s, 0.0))
    }
    # Stories whose lists show this story now (it may have left them).
    affected |= set(
        SeeAlsoItem.objects.filter(page__translation_key=story)
        .exclude(article__translation_key=story)
        .values_list("article__translation_key", flat=True)
    )
    return affected


def embargoed_not_indexed(now) -> list[int]:
    """Articles published under embargo whose publication time has come (in the last
    day) and that are not in the See also index yet."""
    return list(
        ArticlePage.objects.published()
        .filter(published_at__gt=now - timedelta(days=1))
        .exclude(Exists(ArticleFeature.objects.filter(article=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
