"""How See also is computed (docs/see-also.md). Pure functions over plain data: the
incremental path (services) and the bulk rebuild feed them the same inputs.

Relatedness is judged between *stories*: an article and its translations share a
translation key. Two stories score the best of their article pairs, where a pair
scores its text similarity (same language only) and the overlap of their countries,
places and topics (every language), weighted, then lowered by the time between them.
"""

import heapq
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.conf import settings

KINDS = {"c": "countries", "p": "places", "t": "topics"}  # code prefixes


def config() -> dict:
    return settings.DATELINE_SEE_ALSO


def kind_of(language: str, feature: str) -> str:
    """Which part of relatedness a feature counts for."""
    from .models import CODES

    if language != CODES:
        return "text"
    return KINDS.get(feature[:1], "topics")


def common(df: int, documents: int) -> bool:
    """Whether a feature found in ``df`` of ``documents`` articles is too common to
    propose candidates (it still counts in the score of a pair found otherwise).

    This is what keeps the work near-linear in the archive: a country on a tenth of
    it would otherwise make every pair of those articles a candidate. Lucene's
    MoreLikeThis ignores such terms for the same reason (``maxDocFreqPct``).
    """
    conf = config()
    return df > max(conf["COMMON_FLOOR"], conf["COMMON_SHARE"] * documents)


def decayed(score: float, days_apart: float) -> float:
    """An article pair's relatedness (the weighted sum of its similarities), lowered
    by up to RECENCY as the articles are HALF_LIFE_DAYS apart and more."""
    conf = config()
    decay = 1 - math.exp(-math.log(2) * abs(days_apart) / conf["HALF_LIFE_DAYS"])
    return score * (1 - conf["RECENCY"] * decay)


def days_between(a: datetime, b: datetime) -> float:
    return (a - b).total_seconds() / 86400


@dataclass(frozen=True, slots=True)  # a rebuild holds one per published article
class Version:
    """A published article, as a list entry: one edition's version of a story."""

    id: int
    story: UUID
    language: str
    published_at: datetime
    headline: str


@dataclass(frozen=True)
class Pin:
    page_id: int | None
    headline: str
    published_at: datetime | None


@dataclass
class Overrides:
    """An editor's choices for one article: pins first, exclusions, manual only."""

    manual: bool = False
    pins: list[Pin] = field(default_factory=list)
    excluded_stories: set[UUID] = field(default_factory=set)


@dataclass(frozen=True)
class Item:
    page_id: int | None
    headline: str
    published_at: datetime | None
    pinned: bool
    score: float | None


def story_scores(
    pair_scores: Iterable[tuple[UUID, float]], own_story: UUID
) -> dict[UUID, float]:
    """The best article-pair score of each other story."""
    best: dict[UUID, float] = {}
    for story, score in pair_scores:
        if score > best.get(story, 0.0) and story != own_story:
            best[story] = score
    return best


def best(scores: Mapping[UUID, float], n: int) -> list[UUID]:
    """The ``n`` best-scored stories (ties in key order: the same on every path)."""
    return heapq.nsmallest(n, scores, key=lambda s: (-scores[s], s))


def ranked(scores: Mapping[UUID, float], newest: Mapping[UUID, datetime]) -> list[UUID]:
    """Stories by score; among scores closer than CLOSE, the newer story first."""
    conf = config()
    keep = [s for s, score in scores.items() if score >= conf["MIN_SCORE"]]
    return sorted(
        keep,
        key=lambda s: (
            -math.floor(scores[s] / conf["CLOSE"]),
            -newest[s].timestamp(),
            s,
        ),
    )


def lists_for(
    *,
    versions: list[Version],
    scores: Mapping[UUID, float],
    catalogue: Mapping[UUID, list[Version]],
    overrides: Mapping[int, Overrides],
    pinned_versions: Mapping[int, Version],
    similarity: Callable[[int, int], float],
) -> dict[int, list[Item]]:
    """The finished See also of each version of one story.

    ``catalogue`` gives the published versions of the candidate stories (and of
    pinned ones), ``pinned_versions`` the pinned pages by id, ``similarity`` the text
    similarity of two articles (for near-duplicates).
    """
    conf = config()
    size = conf["SIZE"]
    default_language = settings.LANGUAGE_CODE
    newest = {
        story: max(v.published_at for v in found)
        for story, found in catalogue.items()
        if found
    }
    order = ranked({s: sc for s, sc in scores.items() if s in newest}, newest)
    own = {v.story for v in versions}
    results = {}
    for version in versions:
        choices = overrides.get(version.id, Overrides())
        items: list[Item] = []
        taken: set[UUID] = set(own)
        for pin in choices.pins:
            item, story = _pinned(pin, version, pinned_versions, catalogue)
            if item is not None:
                items.append(item)
                taken.add(story)
        if not choices.manual:
            room = max(size - len(items), 0)
            skip = taken | choices.excluded_stories
            chosen = _choose(order, catalogue, version.language, skip, room)
            chosen = _without_duplicates(chosen, version, similarity, room)
            if len(chosen) < room:  # fill from the other editions
                fill = _choose(
                    order,
                    catalogue,
                    None,
                    skip | {v.story for v in chosen},
                    room,
                    prefer=default_language,
                )
                chosen += _without_duplicates(
                    fill, version, similarity, room - len(chosen), chosen
                )
            items += [
                Item(v.id, v.headline, v.published_at, False, round(scores[v.story], 6))
                for v in chosen
            ]
        results[version.id] = items
    return results


def _pinned(pin, version, pinned_versions, catalogue):
    """The pinned item in this version's edition where the story is translated."""
    if pin.page_id is None:
        return Item(None, pin.headline, pin.published_at, True, None), None
    target = pinned_versions.get(pin.page_id)
    if target is None:
        return None, None  # not published
    local = [
        v for v in catalogue.get(target.story, []) if v.language == version.language
    ]
    target = local[0] if local else target
    return Item(
        target.id, target.headline, target.published_at, True, None
    ), target.story


def _choose(order, catalogue, language, skip, room, prefer=None) -> list[Version]:
    chosen = []
    for story in order:
        if len(chosen) >= room * 3:  # spares, for near-duplicates
            break
        if story in skip:
            continue
        found = catalogue[story]
        if language is not None:
            found = [v for v in found if v.language == language]
        else:
            found = sorted(found, key=lambda v: (v.language != prefer, v.published_at))
        if found:
            chosen.append(found[0])
    return chosen


def _without_duplicates(candidates, version, similarity, room, already=()):
    threshold = config()["DUPLICATE"]
    kept: list[Version] = []
    for candidate in candidates:
        if len(kept) >= room:
            break
        others = [version, *already, *kept]
        if any(
            o.language == candidate.language
            and similarity(o.id, candidate.id) >= threshold
            for o in others
        ):
            continue
        kept.append(candidate)
    return kept
