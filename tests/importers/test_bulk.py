"""The bulk path writes the rows the editor's path writes, and only whole batches."""

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from dateline.articles.models import (
    ArticlePage,
    Author,
    SectionPage,
    YearArchivePage,
)
from dateline.importers.bulk import BulkImport, Incoming
from dateline.importers.models import ImportedItem
from dateline.importers.services import Extras, article_import_parsed
from dateline.importers.textformat import ParsedArticle, SeeAlsoReference
from dateline.search.models import SearchDocument
from tests.conftest import planner_statistics, reltuples


def parsed(headline, day, *, see_also=(), **fields):
    return ParsedArticle(
        published_at=datetime(2019, 5, day, 9, 30, tzinfo=UTC),
        headline=headline,
        authors=fields.pop("authors", ["Hana Lee"]),
        lede=f"The lede of {headline}.",
        paragraphs=[f"A first paragraph about {headline}.", "Seoul said so."],
        see_also=[SeeAlsoReference(h, d) for h, d in see_also],
        **fields,
    )


def items():
    """Articles that exercise each part of the write: bylines, found and given
    countries, tags, a section, a slug taken in the month, See also links backward,
    forward (linked later, through a new revision) and to nothing."""
    return [
        Incoming(
            "a.txt",
            "hash-a",
            parsed(
                "Ferries resume between Busan and Jeju",
                2,
                authors=["Hana Lee", "Tomas Ortega"],
                place="Busan",
                agency="Wirepress",
            ),
            Extras(tags=["ferries", "weather"], section="east-asia"),
        ),
        Incoming(
            "b.txt",
            "hash-b",
            parsed(
                "Port reopens after the typhoon",
                3,
                see_also=[
                    ("Ferries resume between Busan and Jeju", None),
                    ("A story never imported", datetime(2010, 1, 2, 3, 4, tzinfo=UTC)),
                ],
            ),
        ),
        Incoming(
            "c.txt",
            "hash-c",
            parsed("Ferries resume between Busan and Jeju", 4),
            Extras(countries=["KR", "JP"], dateline_country="KR"),
        ),
        Incoming(
            "d.txt",
            "hash-d",
            parsed(
                "Fishermen count their losses", 5, see_also=[("Rail link opens", None)]
            ),
        ),
        Incoming("e.txt", "hash-e", parsed("Rail link opens", 6)),
    ]


VOLATILE = {
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "translation_key",
    "created_at",
}


def normal(value, articles, revisions, top=True):
    """``value`` with database ids replaced by what they stand for (“article 2”,
    “revision 0”), a child's own id dropped, and what differs by construction (times,
    random keys) left out."""
    if isinstance(value, list):
        return [normal(item, articles, revisions, top=False) for item in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        if key in VOLATILE or (
            key == "id" and isinstance(item, str) and len(item) == 36
        ):
            continue  # a time, a translation key, a block's random id
        name = key.removesuffix("_id")
        if name in {"pk", "id"} and not top:
            continue
        if name in {"pk", "id", "page_ptr", "article", "content_object", "page"}:
            item = articles.get(item, item)
        elif name in {"latest_revision", "live_revision", "revision"}:
            item = revisions.get(item, item)
        elif key == "body" and isinstance(item, str):
            item = normal(json.loads(item), articles, revisions, top=False)
        elif isinstance(item, list | dict):
            item = normal(item, articles, revisions, top=False)
        result[key] = item
    return result


def child_named(article, content_path):
    """``bylines.7.author`` as ``bylines.0.author``: the child by its place."""
    relation, pk, *rest = [*content_path.split("."), ""]
    if pk.isdigit():
        children = [c.pk for c in getattr(article, relation).all()]
        pk = str(children.index(int(pk)))
    return ".".join([relation, pk, *rest]).rstrip(".")


def snapshot(home):
    """Everything the import wrote for ``home``'s articles, by article."""
    articles = list(ArticlePage.objects.filter(locale=home.locale).order_by("path"))
    ids = {a.pk: f"article {n}" for n, a in enumerate(articles)}
    ids |= {str(pk): name for pk, name in ids.items()}  # generic relations: text
    article_type = ContentType.objects.get_for_model(ArticlePage)
    result = []
    for article in articles:
        revisions = list(
            Revision.objects.filter(
                base_content_type__model="page", object_id=str(article.pk)
            ).order_by("created_at", "pk")
        )
        revision_ids = {r.pk: f"revision {n}" for n, r in enumerate(revisions)}

        def normalised(value, revision_ids=revision_ids):
            return normal(value, ids, revision_ids)

        row = Page.objects.filter(pk=article.pk).values().get()
        row |= (
            ArticlePage.objects.filter(pk=article.pk)
            .values(*[f.attname for f in ArticlePage._meta.local_concrete_fields])
            .get()
        )
        row["body"] = list(row["body"].raw_data)
        result.append(
            {
                "row": normalised(row),
                "children": normalised(
                    [
                        [
                            {k: v for k, v in vars(c).items() if k != "_state"}
                            for c in getattr(article, relation).all()
                        ]
                        for relation in (
                            "bylines",
                            "countries",
                            "related_links",
                            "tagged_items",
                        )
                    ]
                ),
                "revisions": [
                    normalised(
                        {
                            "content": r.content,
                            "object_str": r.object_str,
                            "user": r.user_id,
                            "approved_go_live_at": r.approved_go_live_at,
                            "content_type": r.content_type_id,
                        }
                    )
                    for r in revisions
                ],
                "log": normalised(
                    list(
                        PageLogEntry.objects.filter(page_id=article.pk)
                        .order_by("pk")
                        .values(
                            "action",
                            "label",
                            "data",
                            "content_changed",
                            "deleted",
                            "user_id",
                            "content_type_id",
                            "revision_id",
                        )
                    )
                ),
                "references": sorted(
                    (model_path, child_named(article, path), ids.get(to, to))
                    for model_path, path, to in ReferenceIndex.objects.filter(
                        content_type=article_type, object_id=str(article.pk)
                    ).values_list("model_path", "content_path", "to_object_id")
                ),
                # Not title_norm: Wagtail weighs a title by the average length of
                # those indexed so far, so it depends on the order of indexing.
                "admin search": list(
                    IndexEntry.objects.filter(
                        content_type=article_type, object_id=str(article.pk)
                    ).values("title", "autocomplete", "body")
                ),
                "search document": SearchDocument.objects.filter(
                    article_id=article.pk, version=article.last_published_at
                ).exists(),
                "imported": list(
                    ImportedItem.objects.filter(page_id=article.pk).values(
                        "edition", "source_key", "content_hash"
                    )
                ),
            }
        )
    return result


@pytest.fixture
def section(home):
    return home.add_child(
        instance=SectionPage(title="East Asia", slug="east-asia", locale=home.locale)
    )


def test_bulk_writes_what_the_editors_path_writes(home, section, settle):
    for item in items():
        article_import_parsed(
            parsed=item.parsed,
            source_key=item.source_key,
            content_hash=item.content_hash,
            home=home,
            extras=item.extras,
        )
    one_by_one = snapshot(home)
    YearArchivePage.objects.child_of(home).get().delete()
    assert not ArticlePage.objects.exists()

    bulk = BulkImport(home)
    with settle():  # the index task the batch queues runs when it commits
        written, refused = bulk.write(items())
        bulk.link_pending()

    assert (len(written), refused) == (5, [])
    in_bulk = snapshot(home)
    assert len(in_bulk) == 5
    for article, expected in zip(in_bulk, one_by_one, strict=True):
        for part in expected:
            assert article[part] == expected[part], part
    assert not any(Page.find_problems())
    folder = Page.objects.get(url_path="/home/2019/05/")
    assert folder.numchild == 5


def test_an_article_the_batch_cannot_take_is_refused_and_the_rest_written(home):
    batch = items()[:2]
    long = parsed("x" * 300, 7, authors=["Nobody Else"], place="Seoul")
    batch.insert(1, Incoming("long.txt", "h", long, Extras(tags=["never-made"])))
    batch.insert(
        2, Incoming("kx.txt", "h", parsed("Fine", 8), Extras(countries=["KX"]))
    )
    batch.insert(
        3, Incoming("tr.txt", "h", parsed("Tr", 9), Extras(translation_of="it:a"))
    )

    written, refused = BulkImport(home).write(batch)

    assert [a.title for a in written] == [
        batch[0].parsed.headline,
        batch[4].parsed.headline,
    ]
    assert [(r.source_key, r.message) for r in refused] == [
        (
            "long.txt",
            "title: Ensure this value has at most 255 characters (it has 300).",
        ),
        ("kx.txt", "Unknown country codes: KX"),
        ("tr.txt", "“it:a” has not been imported: import the original first"),
    ]
    # Nothing was made for the refused ones: no author, no tag.
    assert not Author.objects.filter(name="Nobody Else").exists()
    assert not Tag.objects.filter(name="never-made").exists()
    assert ArticlePage.objects.count() == 2
    assert not any(Page.find_problems())


def test_a_translation_in_bulk_shares_its_original_s_key_once(homes):
    english = BulkImport(homes["en"])
    (original,), _refused = english.write([items()[0]])
    italian = BulkImport(homes["it"])
    translation = Extras(translation_of="en:a.txt")

    written, refused = italian.write(
        [
            Incoming(
                "a-it.txt", "h1", parsed("Riprendono i traghetti", 2), translation
            ),
            Incoming("b-it.txt", "h2", parsed("Un altro", 3), translation),
        ]
    )

    assert [a.translation_key for a in written] == [original.translation_key]
    assert refused[0].message.startswith("“en:a.txt” already has a translation")
    month = written[0].get_parent()
    assert (month.slug, month.get_parent().get_parent().specific) == ("05", homes["it"])


def test_its_pages_have_the_shape_of_one_an_editor_publishes_in_the_admin(
    member, home, settle
):
    from django.utils import timezone

    from tests.newsroom.test_roles import _write

    _write(member("editor"), title="Harbour reopens")
    by_hand = ArticlePage.objects.get(title="Harbour reopens")
    now = timezone.now()
    with settle():
        (in_bulk,), _refused = BulkImport(home).write(
            [
                Incoming(
                    "h.txt",
                    "h",
                    ParsedArticle(
                        published_at=now,
                        headline="Harbour reopens again",
                        authors=[],
                        lede="Ships are back.",
                        paragraphs=["Ships are back in the harbour."],
                        place="Busan",
                    ),
                    Extras(countries=["KR"], dateline_country="KR"),
                )
            ]
        )

    def shape(article):
        row = Page.objects.filter(pk=article.pk).values().get()
        revisions = Revision.objects.filter(
            base_content_type__model="page", object_id=str(article.pk)
        )
        (revision,) = revisions
        return {
            "row": {
                key: value
                for key, value in row.items()
                if key
                not in {
                    "id",
                    "path",
                    "title",
                    "draft_title",
                    "slug",
                    "url_path",
                    "translation_key",
                    "owner_id",  # the editor, where an import has none
                    "latest_revision_id",
                    "live_revision_id",
                    "first_published_at",
                    "last_published_at",
                    "latest_revision_created_at",
                }
            },
            "parent": article.get_parent().pk,
            "revision": (row["latest_revision_id"], row["live_revision_id"]),
            "content": sorted(revision.content),
            "log": list(
                PageLogEntry.objects.filter(page_id=article.pk)
                .order_by("pk")
                .values_list("action", "revision_id")
            ),
            "search": IndexEntry.objects.filter(object_id=str(article.pk)).count(),
        }

    made, imported = shape(by_hand), shape(in_bulk)
    revision = Revision.objects.get(object_id=str(by_hand.pk)).pk
    assert made["revision"] == (revision, revision)
    assert made["log"] == [
        ("wagtail.create", None),
        ("wagtail.edit", revision),
        ("wagtail.publish", revision),
    ]
    revision = Revision.objects.get(object_id=str(in_bulk.pk)).pk
    assert imported["revision"] == (revision, revision)
    assert imported["log"] == [
        ("wagtail.create", None),
        ("wagtail.edit", revision),
        ("wagtail.publish", revision),
    ]
    for part in ("row", "parent", "content", "search"):
        assert imported[part] == made[part], part


def test_articles_out_of_date_order_across_more_months_than_are_kept(home, monkeypatch):
    from dateline.importers import bulk

    monkeypatch.setattr(bulk, "MONTHS_KEPT", 1)
    importer = BulkImport(home)

    def article(n, month):
        when = datetime(2019, month, 1 + n, 9, tzinfo=UTC)
        text = replace(parsed(f"Same headline {n % 2}", 1), published_at=when)
        return Incoming(f"{n}.txt", "h", text)

    for batch in ([article(n, 1 + n % 3) for n in range(9)], [article(9, 1)]):
        written, refused = importer.write(batch)
        assert refused == [] and written

    assert ArticlePage.objects.count() == 10
    assert not any(Page.find_problems())
    january = Page.objects.get(url_path="/home/2019/01/")
    assert january.numchild == 4
    assert sorted(january.get_children().values_list("slug", flat=True)) == [
        "same-headline-0",
        "same-headline-0-2",
        "same-headline-1",
        "same-headline-1-2",
    ]


@planner_statistics
def test_the_tables_written_are_analysed_each_time_they_have_doubled(home):
    """PostgreSQL's plans (each commit's foreign-key checks above all) come from the
    statistics of the tables' last analysis: a bulk load must keep them current
    rather than wait for autovacuum, which may be off or behind."""

    def article(n):
        when = datetime(2019, 6, 1, 9, n, tzinfo=UTC)
        return Incoming(
            f"{n}.txt", "h", replace(parsed(f"Story {n}", 1), published_at=when)
        )

    importer = BulkImport(home)
    importer.statistics.at = 2  # as if analysed when it held two articles
    before = reltuples(ArticlePage)

    importer.write([article(0)])  # 1 new of 2: not yet
    assert reltuples(ArticlePage) == before
    importer.write([article(1)])  # 2 new of 2: doubled
    assert reltuples(ArticlePage) == ArticlePage.objects.count() == 2
    assert reltuples(Page) == Page.objects.count()
    assert reltuples(Revision) == Revision.objects.count()
    assert (importer.statistics.at, importer.statistics.since) == (4, 0)

    # A new import starts from the statistics there are.
    assert BulkImport(home).statistics.at == 2
