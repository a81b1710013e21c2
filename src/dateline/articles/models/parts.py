"""An article's inline parts: bylines, countries, corrections and tags."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ...text.countries import country_choices, is_country_code


def validate_country_code(value: str) -> None:
    if not is_country_code(value):
        raise ValidationError(
            _("“%(code)s” is not an ISO 3166 country code."), params={"code": value}
        )


class ArticleByline(Orderable):
    article = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        "articles.Author",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")


class ArticleCountry(Orderable):
    article = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="countries"
    )
    code = models.CharField(
        _("country"), max_length=2, validators=[validate_country_code]
    )

    panels = [
        FieldPanel("code", widget=forms.Select(choices=[("", "—"), *country_choices()]))
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        indexes = [models.Index(fields=["code", "article"])]

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        return super().save(*args, **kwargs)


class ArticleCorrection(Orderable):
    """A correction or clarification to a published article: when it was made and
    what it says. Kept with the article's revisions; editors add them, and the
    article's form refuses to drop one (docs/newsroom.md)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")

    article = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION
    )
    made_at = models.DateTimeField(_("date and time"), default=timezone.now)
    text = models.TextField(
        _("text"),
        help_text=_(
            "What was wrong and what is right, for readers: one or two sentences."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("made_at")]),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["made_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
