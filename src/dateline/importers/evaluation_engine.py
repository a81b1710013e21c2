"""The engine's side of the evaluation: the labelled articles imported into this
database with the production importer (translations linked to their originals), See
also rebuilt with the production code, and each article's lists read back."""

from collections import defaultdict

from dateline.articles.models import ArticlePage, HomePage
from dateline.related import engine
from dateline.related.metrics import K
from dateline.related.models import SeeAlsoItem
from dateline.related.rebuild import rebuild
from dateline.related.services import story_neighbours, story_versions

from .models import ImportedItem
from .services import Extras, article_import_parsed
from .textformat import ParsedArticle


def _key(record) -> str:
    return f"evaluate:{record.id}"


def _originals_first(records: list) -> list:
    by_id = {r.id: r for r in records}
    ordered, done = [], set()

    def visit(record) -> None:
        if record.id in done:
            return
        done.add(record.id)
        if record.translation_of:
            visit(by_id[record.translation_of])
        ordered.append(record)

    for record in records:
        visit(record)
    return ordered


def _import(records: list, advance) -> None:
    homes = {
        h.locale.language_code: h for h in HomePage.objects.select_related("locale")
    }
    by_id = {r.id: r for r in records}
    for record in _originals_first(records):
        original = by_id.get(record.translation_of)
        parsed = ParsedArticle(
            published_at=record.published,
            headline=record.headline,
            authors=[],
            lede=record.lede,
            paragraphs=[p.strip() for p in record.body.split("\n\n") if p.strip()],
            place=record.place,
        )
        article_import_parsed(
            parsed=parsed,
            source_key=_key(record),
            content_hash=_key(record),
            home=homes[record.language],
            extras=Extras(
                countries=record.countries,
                translation_of=f"{original.language}:{_key(original)}"
                if original
                else "",
            ),
        )
        advance(1)


def engine_lists(records: list, progress=None) -> dict:
    """Import ``records`` here, rebuild See also, and return each article's lists."""
    progress = progress or (lambda stage, total: lambda n: None)
    _import(records, progress("load", len(records)))
    rebuild(progress=progress, restart=True)

    keyed = {_key(record): record for record in records}
    by_page = {
        page_id: keyed[key]
        for key, page_id in ImportedItem.objects.filter(
            source_key__in=list(keyed)
        ).values_list("source_key", "page_id")
    }
    shown = defaultdict(list)
    for article_id, page_id in (
        SeeAlsoItem.objects.filter(pinned=False)
        .order_by("article_id", "position")
        .values_list("article_id", "page_id")
    ):
        shown[article_id].append(page_id)
    ranked: dict = {}  # a story's neighbours, ranked: the same for each version
    lists = {}
    for page_id, record in by_page.items():
        lists[record.id] = {
            "in_language": [
                by_page[p].id
                for p in shown.get(page_id, [])
                if p in by_page and by_page[p].language == record.language
            ],
            "cross_edition": _cross_edition(page_id, record, by_page, ranked),
        }
    return lists


def _ranked_stories(story) -> list[list]:
    """The stories the engine's scoring relates to ``story``, best first, each as
    its versions."""
    versions = story_versions([story])[story]
    scores = story_neighbours(versions)
    catalogue = story_versions(scores)
    newest = {s: max(v.published_at for v in vs) for s, vs in catalogue.items()}
    return [catalogue[s] for s in engine.ranked({s: scores[s] for s in newest}, newest)]


def _cross_edition(page_id: int, record, by_page: dict, ranked: dict):
    """The stories the engine's scoring ranks highest, each by a version in another
    edition than the article's (what fills a list when its edition has too few)."""
    story = ArticlePage.objects.values_list("translation_key", flat=True).get(
        pk=page_id
    )
    if story not in ranked:
        ranked[story] = _ranked_stories(story)
    shown = []
    for versions in ranked[story]:
        other = next(
            (v for v in versions if v.language != record.language and v.id in by_page),
            None,
        )
        if other is not None:
            shown.append(by_page[other.id].id)
    return shown[:K]
