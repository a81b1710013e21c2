"""Writes of the importers: one parsed article becomes one published article page."""

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..articles.countries import is_country_code
from ..articles.models import (
    ArticleByline,
    ArticleCountry,
    ArticlePage,
    ArticleRelated,
    Author,
    HomePage,
    SectionPage,
)
from ..articles.services import archive_month_get_or_create
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


def content_hash(data: bytes, extras: Extras | None = None) -> str:
    digest = hashlib.sha256(data)
    digest.update(repr(extras).encode())
    return digest.hexdigest()


def author_get_or_create(*, name: str) -> Author:
    """The author called ``name``, created on first sight."""
    author = Author.objects.filter(name=name).first()
    if author is None:
        base = Author.slug_for(name)
        slug, n = base, 1
        while Author.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        author = Author.objects.create(name=name, slug=slug)
    return author


def _unique_slug(parent: Page, headline: str, exclude_pk: int | None = None) -> str:
    base = slugify(headline, allow_unicode=True)
    if len(base) > 70:  # cut at a word boundary
        base = base[:71].rsplit("-", 1)[0]
    base = base.strip("-") or "article"
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


def _body(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs]


def _find_article(*, home: HomePage, headline: str, exclude_pk: int):
    return (
        ArticlePage.objects.filter(locale_id=home.locale_id, title=headline)
        .exclude(pk=exclude_pk)
        .order_by("-published_at")
        .first()
    )


@transaction.atomic
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
    unknown = [
        code
        for code in [*extras.countries, extras.dateline_country]
        if code and not is_country_code(code)
    ]
    if unknown:
        raise ValidationError(
            _("Unknown country codes: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    item = ImportedItem.objects.filter(source_key=source_key).first()
    if item is not None and item.content_hash == content_hash:
        return Outcome.UNCHANGED, item.page

    month = archive_month_get_or_create(home=home, when=parsed.published_at)
    if item is None:
        page = ArticlePage(
            title=parsed.headline,
            slug=_unique_slug(month, parsed.headline),
            locale_id=home.locale_id,
            live=False,
        )
        outcome = Outcome.CREATED
    else:
        page = item.page
        if page.get_parent().pk != month.pk:
            page.slug = _unique_slug(month, parsed.headline, exclude_pk=page.pk)
            page.save(update_fields=["slug"], clean=False)
            page.move(month, pos="last-child")
            page.refresh_from_db()
        outcome = Outcome.UPDATED

    page.title = parsed.headline
    page.lede = parsed.lede
    page.published_at = parsed.published_at
    page.dateline_place = parsed.place
    agency = parsed.agency
    page.dateline_agency = "" if agency == settings.DATELINE_AGENCY_NAME else agency
    page.dateline_country = extras.dateline_country.upper()
    page.body = _body(parsed.paragraphs)
    page.section = (
        SectionPage.objects.child_of(home).filter(slug=extras.section).first()
        if extras.section
        else None
    )
    page.bylines = [
        ArticleByline(author=author_get_or_create(name=name), sort_order=n)
        for n, name in enumerate(parsed.authors)
    ]
    page.countries = [
        ArticleCountry(code=code.upper(), sort_order=n)
        for n, code in enumerate(extras.countries)
    ]
    page.tags.set(extras.tags)

    if outcome is Outcome.CREATED:
        month.add_child(instance=page)
    page.related_links = [
        ArticleRelated(
            page=_find_article(home=home, headline=ref.headline, exclude_pk=page.pk),
            headline=ref.headline,
            published_at=ref.published_at,
            sort_order=n,
        )
        for n, ref in enumerate(parsed.see_also)
    ]
    page.save_revision(clean=True).publish()

    ImportedItem.objects.update_or_create(
        source_key=source_key, defaults={"content_hash": content_hash, "page": page}
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
