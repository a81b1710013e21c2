"""What See also is computed from, and what it computed (docs/see-also.md).

``ArticleFeature`` is a sparse index in the database: each published article's top
terms (per language) and its codes (countries, place, topics, for every language),
with weights. ``TermStat`` keeps document frequencies for the weights. ``SeeAlsoItem``
is each article's finished list, read in one query when the article is shown.
``ArticleRelated`` and ``ArticleSeeAlsoExclusion`` are what an editor pins and
rules out, edited with the article (its "See also" panel).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

CODES = "*"  # the "language" of code features, shared by every edition


class TermStat(models.Model):
    """In how many published articles of ``language`` a term (or code) appears."""

    language = models.CharField(max_length=15)
    term = models.CharField(max_length=100)
    df = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="termstat_unique")
        ]

    def __str__(self):
        return f"{self.language}:{self.term} ({self.df})"


class ArticleFeature(models.Model):
    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    story = models.UUIDField()  # the article's translation key
    published_at = models.DateTimeField()
    language = models.CharField(max_length=15)  # CODES for countries, places, topics
    feature = models.CharField(max_length=100)  # "rail", "首尔", "c:KR", "p:1835848"
    weight = models.FloatField()

    class Meta:
        # The article's own index is the foreign key's.
        indexes = [models.Index(fields=["language", "feature"])]

    def __str__(self):
        return f"{self.article_id} {self.language}:{self.feature}={self.weight:.3f}"


class SeeAlsoItem(models.Model):
    """One line of an article's See also, in order: pinned by an editor or computed."""

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="see_also_items"
    )
    position = models.PositiveSmallIntegerField()
    page = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    headline = models.CharField(max_length=255, blank=True)  # an unlinked reference
    published_at = models.DateTimeField(null=True, blank=True)
    pinned = models.BooleanField(default=False)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["article", "position"]
        indexes = [models.Index(fields=["article", "position"])]
        verbose_name = _("See also item")
        verbose_name_plural = _("See also items")

    def __str__(self):
        return f"{self.article_id}#{self.position}: {self.page_id or self.headline}"


class StoryState(models.Model):
    """When a story's lists were last computed, and by which bulk rebuild."""

    story = models.UUIDField(primary_key=True)
    computed_at = models.DateTimeField(auto_now=True)
    rebuild = models.ForeignKey(
        "related.Rebuild", null=True, blank=True, on_delete=models.SET_NULL
    )

    def __str__(self):
        return str(self.story)


class Rebuild(models.Model):
    """A run of ``dateline related rebuild``; an unfinished one is resumed."""

    started_at = models.DateTimeField(auto_now_add=True)
    indexed = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"rebuild {self.pk} of {self.started_at:%Y-%m-%d %H:%M}"


class ArticleRelated(Orderable):
    """One “See also” item chosen by an editor (or imported with the article).

    ``page`` links it to an article here; ``headline`` and ``published_at`` keep an
    imported reference whose article has not been imported yet.
    """

    article = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_links"
    )
    page = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    headline = models.CharField(
        _("headline"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("For a reference to an article that is not on the site yet."),
    )
    published_at = models.DateTimeField(_("date and time"), null=True, blank=True)

    panels = [FieldPanel("page"), FieldPanel("headline"), FieldPanel("published_at")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")

    def clean(self):
        super().clean()
        if self.page_id is None and not self.headline.strip():
            raise ValidationError(_("Choose an article or type a headline."))


class ArticleSeeAlsoExclusion(Orderable):
    """An article an editor never wants in this article's See also (nor its
    translations)."""

    article = ParentalKey(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        related_name="see_also_exclusions",
    )
    page = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("excluded article")
        verbose_name_plural = _("excluded articles")
