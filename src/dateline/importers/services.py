"""Writes of the importers: one parsed article becomes one published article page."""

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..articles.models import (
    ArticleByline,
    ArticleCountry,
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
)
from ..articles.services import archive_month_get_or_create
from ..core.agency import agency_name
from ..related.models import ArticleRelated
from ..text import places
from ..text.countries import is_country_code
from .models import ImportedItem
from .textformat import ParsedArticle


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Extras:
    """What the text layout cannot say, given by ``--metadata`` (docs/importer.md)."""

    section: str = ""
    countries: list[str] = field(default_factory=list)
    dateline_country: str = ""
    tags: list[str] = field(default_factory=list)
    # "en:2018-10-15-korea-1.txt": the imported file this one translates.
    translation_of: str = ""


def content_hash(data: bytes, extras: Extras | None = None) -> str:
    digest = hashlib.sha256(data)
    digest.update(repr(extras).encode())
    return digest.hexdigest()


def author_get_or_create(*, name: str, language: str = "en") -> Author:
    """The author called ``name`` (or so called in ``language``'s edition), created
    on first sight."""
    author = (
        Author.objects.filter(name=name).first()
        or Author.objects.filter(
            localized_names__language=language, localized_names__name=name
        ).first()
    )
    if author is None:
        base = Author.slug_for(name)
        slug, n = base, 1
        while Author.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        author = Author.objects.create(name=name, slug=slug)
    return author


def base_slug(headline: str) -> str:
    """An article's slug before a number makes it unique in its month."""
    base = slugify(headline, allow_unicode=True)
    if len(base) > 70:  # cut at a word boundary
        base = base[:71].rsplit("-", 1)[0]
    return base.strip("-") or "article"


def _unique_slug(parent: Page, headline: str, exclude_pk: int | None = None) -> str:
    base = base_slug(headline)
    taken = set(
        Page.objects.child_of(parent)
        .filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def body_blocks(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs]


def find_article(*, home: HomePage, headline: str, exclude_pk: int | None = None):
    """The latest article of ``home``'s edition with this headline: what a “See
    also” headline links to."""
    return (
        ArticlePage.objects.filter(locale_id=home.locale_id, title=headline)
        .exclude(pk=exclude_pk)
        .order_by("-published_at")
        .first()
    )


def check_countries(extras: Extras) -> None:
    unknown = [
        code
        for code in [*extras.countries, extras.dateline_country]
        if code and not is_country_code(code)
    ]
    if unknown:
        raise ValidationError(
            _("Unknown country codes: %(codes)s") % {"codes": ", ".join(unknown)}
        )


def check_translation(
    reference: str, *, language: str, imported: bool, taken: str | None
) -> None:
    """Whether an article of ``language``'s edition can be the translation that
    ``reference`` (``edition:source key``) says: ``imported``, whether the article it
    names is here; ``taken``, the title of that article's translation already in
    this edition, if any."""
    edition, sep, key = reference.partition(":")
    if not sep or not key:
        raise ValidationError(
            _("translation_of must be “edition:file” (“en:a.txt”), not “%(ref)s”")
            % {"ref": reference}
        )
    if edition == language:
        raise ValidationError(
            _("an article cannot be a translation of one in its own edition")
        )
    if not imported:
        raise ValidationError(
            _("“%(ref)s” has not been imported: import the original first")
            % {"ref": reference}
        )
    if taken is not None:
        raise ValidationError(
            _("“%(ref)s” already has a translation in this edition: “%(title)s”")
            % {"ref": reference, "title": taken}
        )


def _original(reference: str, *, home: HomePage, item) -> ArticlePage | None:
    """The article that ``reference`` (``edition:source key``) names, checked to be
    one that the article being imported can be the translation of."""
    if not reference:
        return None
    edition, _sep, key = reference.partition(":")
    source = (
        ImportedItem.objects.filter(edition=edition, source_key=key)
        .select_related("page")
        .first()
        if key
        else None
    )
    original = source.page if source else None
    taken = (
        ArticlePage.objects.filter(
            translation_key=original.translation_key, locale_id=home.locale_id
        )
        .exclude(pk=item.page_id if item else None)
        .values_list("title", flat=True)
        .first()
        if original
        else None
    )
    check_translation(
        reference,
        language=home.locale.language_code,
        imported=original is not None,
        taken=taken,
    )
    return original


@transaction.atomic
def _filed(item, month, home, parsed) -> tuple[ArticlePage, Outcome]:
    """The article for an import: new (not saved), or the one an earlier import of
    the source made, moved to its month's folder if its date changed."""
    if item is None:
        page = ArticlePage(
            title=parsed.headline,
            slug=_unique_slug(month, parsed.headline),
            locale_id=home.locale_id,
            live=False,
        )
        return page, Outcome.CREATED
    page = item.page
    if page.get_parent().pk != month.pk:
        page.slug = _unique_slug(month, parsed.headline, exclude_pk=page.pk)
        page.save(update_fields=["slug"], clean=False)
        page.move(month, pos="last-child")
        page.refresh_from_db()
    return page, Outcome.UPDATED


def _fill(page, parsed, extras, home, original) -> None:
    """The article's fields and children from the parsed file and its metadata."""
    language = home.locale.language_code
    page.title = parsed.headline
    page.lede = parsed.lede
    page.published_at = parsed.published_at
    page.dateline_place = parsed.place
    agency = parsed.agency
    edition_agency = agency_name(language)
    page.dateline_agency = "" if agency in (edition_agency, "") else agency
    # Without countries in the metadata, find them in the dateline and the text.
    found = None
    if not extras.countries or not extras.dateline_country:
        found = places.find(
            text=" ".join([parsed.headline, parsed.lede, *parsed.paragraphs]),
            place=parsed.place,
        )
    page.dateline_country = (
        extras.dateline_country or (found.place_country if found else "")
    ).upper()
    page.body = body_blocks(parsed.paragraphs)
    page.section = (
        SectionPage.objects.child_of(home).filter(slug=extras.section).first()
        if extras.section
        else None
    )
    page.bylines = [
        ArticleByline(
            author=author_get_or_create(name=name, language=language), sort_order=n
        )
        for n, name in enumerate(parsed.authors)
    ]
    if original is not None:
        page.translation_key = original.translation_key
    countries = extras.countries or (found.countries if found else [])
    page.countries = [
        ArticleCountry(code=code.upper(), sort_order=n)
        for n, code in enumerate(countries)
    ]
    page.tags.set(extras.tags)


def article_import_parsed(
    *,
    parsed: ParsedArticle,
    source_key: str,
    content_hash: str,
    home: HomePage,
    extras: Extras | None = None,
) -> tuple[Outcome, ArticlePage]:
    """Create or update the article that ``source_key`` became, and publish it.

    Re-importing the same source updates its article; an unchanged source is skipped.
    Its “See also” headlines link to articles already here, and articles imported
    earlier whose “See also” named this headline are linked to it now.
    """
    extras = extras or Extras()
    check_countries(extras)
    language = home.locale.language_code
    item = ImportedItem.objects.filter(edition=language, source_key=source_key).first()
    if item is not None and item.content_hash == content_hash:
        return Outcome.UNCHANGED, item.page
    original = _original(extras.translation_of, home=home, item=item)

    month = archive_month_get_or_create(home=home, when=parsed.published_at)
    page, outcome = _filed(item, month, home, parsed)
    _fill(page, parsed, extras, home, original)

    if outcome is Outcome.CREATED:
        month.add_child(instance=page)
    page.related_links = [
        ArticleRelated(
            page=find_article(home=home, headline=ref.headline, exclude_pk=page.pk),
            headline=ref.headline,
            published_at=ref.published_at,
            sort_order=n,
        )
        for n, ref in enumerate(parsed.see_also)
    ]
    page.save_revision(clean=True, log_action=True).publish()

    ImportedItem.objects.update_or_create(
        edition=language,
        source_key=source_key,
        defaults={"content_hash": content_hash, "page": page},
    )
    related_link_pending(article=page)
    return outcome, page


def related_link_pending(*, article: ArticlePage) -> int:
    """Link the “See also” references that name ``article``'s headline to it.

    Each referring article gets a new revision; it is published when the live
    version was the latest one (an editor's unpublished draft is left for them).
    Returns how many articles were linked.
    """
    referring = ArticlePage.objects.filter(
        locale_id=article.locale_id,
        pk__in=ArticleRelated.objects.filter(
            page__isnull=True, headline=article.title
        ).values("article_id"),
    ).exclude(pk=article.pk)
    linked = 0
    for page in referring:
        draft = page.get_latest_revision_as_object()
        links = list(draft.related_links.all())
        pending = [
            link
            for link in links
            if link.page_id is None and link.headline == article.title
        ]
        for link in pending:
            link.page = article
        if pending:
            draft.related_links = links
            publish = page.live and not page.has_unpublished_changes
            revision = draft.save_revision(clean=False)
            if publish:
                revision.publish()
            linked += 1
    return linked
