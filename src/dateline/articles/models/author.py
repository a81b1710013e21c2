from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index


class Author(index.Indexed, ClusterableModel):
    """A person who signs articles. Shown in bylines, with a page of their articles.

    One author serves every edition; ``localized_names`` spell the name where an
    edition writes it differently (朴敏俊 for Min-jun Park).
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        InlinePanel(
            "localized_names",
            heading=_("Name in other editions"),
            label=_("Name"),
        ),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def name_in(self, language: str | None = None) -> str:
        """The name as ``language``'s edition writes it (default: the active one).

        Reads ``localized_names`` through ``.all()`` so a prefetch serves it.
        """
        language = language or get_language()
        for localized in self.localized_names.all():
            if localized.language == language:
                return localized.name
        return self.name

    @staticmethod
    def slug_for(name: str) -> str:
        return slugify(name, allow_unicode=True)[:120] or "author"


class AuthorName(Orderable):
    author = ParentalKey(
        Author, on_delete=models.CASCADE, related_name="localized_names"
    )
    language = models.CharField(_("edition"), max_length=15, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=120, db_index=True)

    panels = [FieldPanel("language"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("name in an edition")
        verbose_name_plural = _("names in other editions")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "language"], name="authorname_one_per_edition"
            )
        ]
