"""Reusable reads of articles: the queryset behind ``ArticlePage.objects``, and an
article body's plain text."""

import re
from collections import defaultdict
from html import unescape

from django.db import connections, models
from django.db.models import Exists, OuterRef, Prefetch, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from .parts import ArticleByline, ArticleCorrection, ArticleCountry

TAG = re.compile(r"<[^>]*>")
# Fields of a block that are not part of what the article says to every reader.
NOT_PROSE = {"alt_text", "credit"}


def body_text(body) -> str:
    """An article body's words as plain text, read from the stored blocks without
    building them: fast enough to index an archive and to cut search snippets.
    A picture gives its caption, not its alt text or credit."""
    parts = []
    for block in body.raw_data:
        value = block.get("value")
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            parts += [
                v for k, v in value.items() if isinstance(v, str) and k not in NOT_PROSE
            ]
    return unescape(TAG.sub(" ", " ".join(parts)))


def country_codes(using: str):
    """A subquery: the country codes of the article (``OuterRef("pk")``), joined
    with commas in the editor's order."""
    # SQLite before 3.44 cannot order an aggregate: it joins them in the
    # order they were saved, which is the editor's order.
    ordered = connections[using].features.supports_aggregate_order_by_clause
    return (
        ArticleCountry.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(
            codes=StringAgg(
                "code", Value(","), order_by="sort_order" if ordered else None
            )
        )
        .values("codes")
    )


class ArticlePageQuerySet(PageQuerySet):
    """Reusable reads of articles; every listing on the site starts here."""

    def published(self, now=None):
        """Live articles whose publication time has come (by ``now``)."""
        return self.live().filter(
            published_at__isnull=False, published_at__lte=now or timezone.now()
        )

    def in_edition(self, locale):
        return self.filter(locale=locale)

    def for_country(self, code: str):
        return self.filter(
            Exists(
                ArticleCountry.objects.filter(article=OuterRef("pk"), code=code.upper())
            )
        )

    def by_author(self, author):
        return self.filter(
            Exists(ArticleByline.objects.filter(article=OuterRef("pk"), author=author))
        )

    def versions_of(self, articles) -> dict:
        """The versions in this queryset of these articles' stories (each edition's,
        theirs included), by translation key."""
        found = defaultdict(list)
        for version in (
            self.filter(translation_key__in={a.translation_key for a in articles})
            .select_related("locale")
            .defer_streamfields()
        ):
            found[version.translation_key].append(version)
        return found

    def with_corrections_to_translate(self):
        """Translations whose story got a correction in an earlier version (the
        original, or a translation made before them) after their own latest
        correction, or, without one, after their publication time: their
        translators have a correction to carry over."""
        latest_own = (
            ArticleCorrection.objects.filter(article=OuterRef("pk"))
            .order_by("-made_at")
            .values("made_at")[:1]
        )
        return self.annotate(
            own_correction_at=Coalesce(Subquery(latest_own), "published_at")
        ).filter(
            Exists(
                ArticleCorrection.objects.filter(
                    article__translation_key=OuterRef("translation_key"),
                    article__pk__lt=OuterRef("pk"),
                    made_at__gt=OuterRef("own_correction_at"),
                ).exclude(article__locale=OuterRef("locale"))
            )
        )

    def with_countries(self):
        """Each article's country codes, comma-separated, as ``country_list``."""
        return self.annotate(country_list=Subquery(country_codes(self.db)))

    def for_reading(self, now=None):
        """An article as its page shows it, in one query: its country codes, its
        other editions (out of embargo at ``now``), and whether it has corrections.
        Its edition and section come from what the process keeps of the site's
        structure (``articles.models.home.with_structure``), not from more tables of
        wide rows; and the query is compiled once (``READING``)."""
        codes = country_codes(self.db)
        # Its other editions (the switcher's and hreflang links): live and out of
        # embargo, "language url_path" each.
        translations = (
            self.model.objects.filter(
                translation_key=OuterRef("translation_key"), live=True
            )
            .exclude(pk=OuterRef("pk"))
            .exclude(published_at__gt=now or timezone.now())
            .order_by()
            .values("translation_key")
            .annotate(
                found=StringAgg(
                    Concat(
                        "locale__language_code",
                        Value(" "),
                        "url_path",
                        output_field=models.TextField(),
                    ),
                    Value(","),
                )
            )
            .values("found")
        )
        return self.annotate(
            country_list=Coalesce(
                Subquery(codes), Value(""), output_field=models.TextField()
            ),
            translation_list=Coalesce(
                Subquery(translations), Value(""), output_field=models.TextField()
            ),
            has_corrections=Exists(
                ArticleCorrection.objects.filter(article=OuterRef("pk"))
            ),
        )

    def with_corrected_at(self):
        """Each article's latest correction time (``corrected_at``), for
        ``modified_at`` without a query per article."""
        latest = (
            ArticleCorrection.objects.filter(article=OuterRef("pk"))
            .order_by("-made_at")
            .values("made_at")[:1]
        )
        return self.annotate(corrected_at=Subquery(latest))

    def for_listing(self):
        """Newest first, with what a listing shows, in a fixed number of queries."""
        return (
            self.order_by("-published_at", "-pk")
            .select_related("section")
            .prefetch_related(
                Prefetch(
                    "bylines", queryset=ArticleByline.objects.select_related("author")
                )
            )
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)
