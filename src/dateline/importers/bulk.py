"""The importers' bulk path: new articles written a batch at a time.

The editor's path (``services.article_import_parsed``) makes one article in about forty
statements: the tree library reads and updates the month folder, the page is saved
three times, and the publication's signals index it, queue its See also and list the
pages to purge. That is about 10 articles a second; a million would take a day.

Here a batch of new articles of one edition is written in one transaction, with one
statement per table (COPY on PostgreSQL): tree paths and slugs are computed in memory
from each month folder's last child; then the pages, their article rows, bylines,
countries, See also links and tags, their revisions, the log entries and the import
records. These are the rows the editor's path writes (tests/importers/test_bulk.py
compares them field by field). What follows a publication is queued: a task per
batch indexes its articles (``index``: the reference index, the admin's search and
the readers'), and the run (``runs.ImportRun.finish``) queues See also and purges
every page once.

A batch lands whole or not at all: an article the batch cannot take (an unknown
country, a headline too long, a translation of an article not imported) is refused
before anything is written, with its reason, and the others go on.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, Revision

from ..articles.models import (
    ArticleByline,
    ArticleCountry,
    ArticlePage,
    ArticleTag,
    HomePage,
    MonthArchivePage,
    SectionPage,
)
from ..articles.services import archive_month_get_or_create
from ..core.agency import agency_name
from ..related.models import ArticleRelated
from ..text import places
from .bulk_history import history_write, published
from .bulk_index import index
from .bulk_sql import Statistics, insert, reserve_ids
from .models import ImportedItem
from .services import (
    Extras,
    author_get_or_create,
    base_slug,
    body_blocks,
    check_countries,
    check_translation,
    find_article,
    related_link_pending,
)
from .textformat import ParsedArticle

# Fields whose values this path computes or reads from the database itself.
UNCHECKED = [
    "path",
    "depth",
    "numchild",
    "url_path",
    "slug",
    "draft_title",  # the title's copy
    *(f.name for f in ArticlePage._meta.concrete_fields if f.is_relation),
]
CHILD_RELATIONS = [
    relation.get_accessor_name() for relation in get_all_child_relations(ArticlePage)
]
CHILDREN = {
    "bylines": ArticleByline,
    "countries": ArticleCountry,
    "related_links": ArticleRelated,
    "tagged_items": ArticleTag,
}
PARENT = dict.fromkeys(CHILDREN, "article_id") | {"tagged_items": "content_object_id"}
# The tables a batch writes.
WRITTEN = [Page, ArticlePage, *CHILDREN.values(), Revision, PageLogEntry, ImportedItem]


# Month folders whose slugs and last path are kept in memory: an archive sorted by
# date visits its months one after another.
MONTHS_KEPT = 48


@dataclass
class Incoming:
    """One new article to import: what its source said, and where it came from."""

    source_key: str
    content_hash: str
    parsed: ParsedArticle
    extras: Extras = field(default_factory=Extras)


@dataclass
class Refused:
    source_key: str
    message: str


@dataclass
class _Month:
    page: MonthArchivePage
    slugs: set[str]
    last: int  # the number of the folder's last child's step in the tree path


class BulkImport:
    """Writes new articles into ``home``'s edition, a batch per ``write``."""

    def __init__(self, home: HomePage, *, index_later=None):
        """``index_later(article_ids)`` queues the indexing of a written batch
        (a task: importers.tasks); by default it is done when the batch commits."""
        self.home = home
        self.index_later = index_later or index
        self.language = home.locale.language_code
        self.edition_agency = agency_name(self.language)
        self.months: OrderedDict[tuple[int, int], _Month] = OrderedDict()
        self.authors: dict[str, object] = {}
        self.sections: dict[str, SectionPage | None] = {}
        self.tags: dict[str, Tag] = {}
        self._titles: dict[str, tuple[datetime, int]] | None = None
        self.created = array("q")  # ids of the articles this import made
        self.article_type = ContentType.objects.get_for_model(ArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.statistics = Statistics(WRITTEN)

    def forget(self) -> None:
        """Drop what is kept between batches: after a batch was rolled back, it may
        hold that batch's slugs, paths, headlines, and authors or tags it created."""
        self.months.clear()
        self._titles = None
        self.authors.clear()
        self.tags.clear()
        self.sections.clear()

    # --- what a batch needs to know ---------------------------------------------

    @property
    def titles(self) -> dict[str, tuple[datetime, int]]:
        """Headline → (publication time, id) of the edition's latest article so
        titled: what a “See also” headline links to. Read once, then kept up to date
        with what this import writes."""
        if self._titles is None:
            self._titles = {}
            rows = ArticlePage.objects.filter(
                locale_id=self.home.locale_id
            ).values_list("title", "published_at", "pk")
            for title, published_at, pk in rows.iterator(chunk_size=10_000):
                self._remember(title, published_at, pk)
        return self._titles

    def _remember(self, title, published_at, pk):
        known = self._titles.get(title)
        if known is None or (published_at and known[0] and published_at > known[0]):
            self._titles[title] = (published_at, pk)

    def _month(self, when: datetime) -> _Month:
        local = timezone.localtime(when)
        key = (local.year, local.month)
        month = self.months.get(key)
        if month is not None:
            self.months.move_to_end(key)
            return month
        page = archive_month_get_or_create(home=self.home, when=when)
        children = Page.objects.child_of(page)
        last = children.order_by("-path").values_list("path", flat=True).first()
        month = _Month(
            page=page,
            slugs=set(children.values_list("slug", flat=True)),
            last=int(last[-Page.steplen :], len(Page.alphabet)) if last else 0,
        )
        self.months[key] = month
        return month

    def _author(self, name: str):
        if name not in self.authors:
            self.authors[name] = author_get_or_create(name=name, language=self.language)
        return self.authors[name]

    def _section(self, slug: str) -> SectionPage | None:
        if slug not in self.sections:
            self.sections[slug] = (
                SectionPage.objects.child_of(self.home).filter(slug=slug).first()
            )
        return self.sections[slug]

    def _tag(self, name: str) -> Tag:
        if name not in self.tags:
            self.tags[name] = Tag.objects.filter(
                name=name
            ).first() or Tag.objects.create(name=name)
        return self.tags[name]

    def _originals(self, batch: list[Incoming]) -> dict[str, UUID]:
        """``translation_of`` reference → the translation key of the article it
        names, for the batch."""
        wanted: dict[str, set[str]] = {}
        for item in batch:
            edition, sep, key = item.extras.translation_of.partition(":")
            if sep and key:
                wanted.setdefault(edition, set()).add(key)
        found = {}
        for edition, keys in wanted.items():
            rows = ImportedItem.objects.filter(
                edition=edition, source_key__in=keys
            ).values_list("source_key", "page__translation_key")
            found |= {f"{edition}:{key}": translation for key, translation in rows}
        return found

    # --- one article, in memory ---------------------------------------------------

    def _article(
        self, item: Incoming, original: UUID | None, translated: dict
    ) -> ArticlePage:
        """The article ``item`` becomes, with its children, not saved; raises
        ValidationError with the reason it cannot be imported."""
        parsed, extras = item.parsed, item.extras
        check_countries(extras)
        if extras.translation_of:
            check_translation(
                extras.translation_of,
                language=self.language,
                imported=original is not None,
                taken=translated.get(original),
            )
        found = _places_found(parsed, extras)
        article = ArticlePage(
            title=parsed.headline,
            draft_title=parsed.headline,
            locale_id=self.home.locale_id,
            live=False,
            lede=parsed.lede,
            published_at=parsed.published_at,
            dateline_place=parsed.place,
            dateline_agency=(
                "" if parsed.agency in (self.edition_agency, "") else parsed.agency
            ),
            dateline_country=(
                extras.dateline_country or (found.place_country if found else "")
            ).upper(),
            body=body_blocks(parsed.paragraphs),
            section=self._section(extras.section) if extras.section else None,
            content_type=self.article_type,
        )
        if original is not None:
            article.translation_key = original
        # What the editor's path validates, but for what this path computes itself
        # (address, tree position) and the links it made from ids it read; before
        # any author or tag is created for it.
        article.clean_fields(exclude=UNCHECKED)
        self._children(article, parsed, extras, found)
        # Every other child relation is empty: said so, they are not read from the
        # database when the article is serialised for its revision.
        for relation in CHILD_RELATIONS:
            if relation not in CHILDREN:
                setattr(article, relation, [])
        return article

    def _children(self, article, parsed, extras, found) -> None:
        """The article's bylines, countries, tags and See also, not saved."""
        article.bylines = [
            ArticleByline(author=self._author(name), sort_order=n)
            for n, name in enumerate(parsed.authors)
        ]
        countries = extras.countries or (found.countries if found else [])
        article.countries = [
            ArticleCountry(code=code.upper(), sort_order=n)
            for n, code in enumerate(countries)
        ]
        for tag in extras.tags:
            if len(tag) > Tag._meta.get_field("name").max_length:
                raise ValidationError(_("A tag is too long: %(tag)s") % {"tag": tag})
        article.tagged_items = [
            ArticleTag(tag=self._tag(name)) for name in dict.fromkeys(extras.tags)
        ]
        article.related_links = [
            ArticleRelated(
                headline=ref.headline,
                published_at=ref.published_at,
                sort_order=n,
            )
            for n, ref in enumerate(parsed.see_also)
        ]

    def _place(self, article: ArticlePage) -> MonthArchivePage:
        """File ``article`` under its month: its slug, tree path and address."""
        month = self._month(article.published_at)
        base = base_slug(article.title)
        slug, n = base, 1
        while slug in month.slugs:
            n += 1
            slug = f"{base}-{n}"
        month.slugs.add(slug)
        month.last += 1
        folder = month.page
        article.slug = slug
        article.path = Page._get_path(folder.path, folder.depth + 1, month.last)
        article.depth = folder.depth + 1
        article.numchild = 0
        article.url_path = f"{folder.url_path}{slug}/"
        return folder

    # --- a batch ----------------------------------------------------------------

    def write(self, batch: list[Incoming]) -> tuple[list[ArticlePage], list[Refused]]:
        """Write the batch's articles; returns those written and those refused."""
        self.titles  # read before the batch's own articles are there  # noqa: B018
        # Months are let go between batches only: within one, a month read again
        # from the database would not know the paths the batch has given.
        while len(self.months) > MONTHS_KEPT:
            self.months.popitem(last=False)
        originals = self._originals(batch)
        translated = dict(
            ArticlePage.objects.filter(
                locale_id=self.home.locale_id,
                translation_key__in=list(originals.values()),
            ).values_list("translation_key", "title")
        )
        articles, items, folders, refused = [], [], [], []
        with transaction.atomic():
            for item in batch:
                original = originals.get(item.extras.translation_of)
                try:
                    article = self._article(item, original, translated)
                except ValidationError as exc:
                    refused.append(Refused(item.source_key, _reasons(exc)))
                    continue
                if original is not None:
                    translated[original] = article.title
                folders.append(self._place(article))
                articles.append(article)
                items.append(item)
            if articles:
                self._write(articles, items)
                self._numchild(folders)
        for article in articles:
            self.created.append(article.pk)
        self.statistics.grown(len(articles))
        return articles, refused

    def _write(self, articles: list[ArticlePage], items: list[Incoming]) -> None:
        now = timezone.now()
        # Revision ids first where the database can give them ahead (PostgreSQL):
        # the pages then name their revision when written.
        revision_ids = reserve_ids(Revision, len(articles)) or [None] * len(articles)
        # Pages as published, then their article rows: Django cannot bulk-create a
        # model that inherits another's table, so each table gets its own statement.
        insert(
            Page,
            articles,
            ids=True,
            given=[
                published(now) | {"latest_revision_id": r, "live_revision_id": r}
                for r in revision_ids
            ],
        )
        for article in articles:
            article.page_ptr_id = article.id
            article._state.adding = False
        insert(ArticlePage, articles, parent_link=True)
        self._resolve_links(articles)
        for relation, model in CHILDREN.items():
            children = []
            for article in articles:
                for child in getattr(article, relation).all():
                    setattr(child, PARENT[relation], article.pk)
                    children.append(child)
            insert(model, children, ids=True)
        history_write(articles, revision_ids, now, self.article_type, self.page_type)
        insert(
            ImportedItem,
            [
                ImportedItem(
                    edition=self.language,
                    source_key=item.source_key,
                    content_hash=item.content_hash,
                    page_id=a.pk,
                    imported_at=now,
                )
                for item, a in zip(items, articles, strict=True)
            ],
        )
        # Indexed by a worker, as Wagtail indexes an editor's page.
        ids = [a.pk for a in articles]
        transaction.on_commit(lambda: self.index_later(ids))

    def _resolve_links(self, articles: list[ArticlePage]) -> None:
        """Now that ids are known: an article of this batch is what later ones'
        See also name, as the editor's path would have found it."""
        titles = self.titles
        for article in articles:
            for link in article.related_links.all():
                if known := titles.get(link.headline):
                    link.page_id = known[1]
            self._remember(article.title, article.published_at, article.pk)

    def _numchild(self, folders: list[MonthArchivePage]) -> None:
        added: dict[int, int] = {}
        for folder in folders:
            added[folder.pk] = added.get(folder.pk, 0) + 1
        for folder_id, count in added.items():
            Page.objects.filter(pk=folder_id).update(numchild=F("numchild") + count)

    # --- after the last batch -----------------------------------------------------

    def link_pending(self) -> int:
        """Link the See also references, of articles imported earlier, that name an
        article of this import: what the editor's path does after each article."""
        linked = 0
        ids = self.created
        for start in range(0, len(ids), 10_000):
            chunk = list(ids[start : start + 10_000])
            headlines = set(
                ArticleRelated.objects.filter(
                    page__isnull=True,
                    article__locale_id=self.home.locale_id,
                    headline__in=ArticlePage.objects.filter(pk__in=chunk).values(
                        "title"
                    ),
                ).values_list("headline", flat=True)
            )
            for headline in headlines:
                target = find_article(home=self.home, headline=headline)
                if target is not None:
                    with transaction.atomic():
                        linked += related_link_pending(article=target)
        return linked


def _places_found(parsed, extras):
    """The countries and place the text names, where the metadata gives none."""
    if not extras.countries:
        return places.find(
            text=" ".join([parsed.headline, parsed.lede, *parsed.paragraphs]),
            place=parsed.place,
        )
    if not extras.dateline_country:  # only the dateline's country is wanted
        return places.find(text="", place=parsed.place)
    return None


def _reasons(error: ValidationError) -> str:
    """“title: Ensure this value has at most 255 characters (it has 300).”"""
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    return "; ".join(
        f"{ArticlePage._meta.get_field(name).verbose_name}: {message}"
        if name != "__all__"
        else message
        for name, messages in error.message_dict.items()
        for message in messages
    )
