from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    OuterRef,
    Subquery,
)
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ...core.agency import agency_name
from ...core.prepared import Prepared
from ...pagecache.middleware import public_page
from ...text.countries import country_choices, country_name
from ...text.indexing import TextField
from ..blocks import ArticleBodyBlock
from ..forms import ArticlePageForm
from ..routing import QuickRestrictionsMixin
from .parts import ArticleByline, validate_country_code
from .queries import ArticlePageManager, body_text

# Wagtail hooks through which other apps add to an article's page: its template's
# context (a function of the page, the request and the context), and sub-pages
# (a function returning URL patterns whose views take the page and the request).
CONTEXT = "article_page_context"
SUBPAGES = "article_page_subpages"


class ArticlePage(QuickRestrictionsMixin, RoutablePageMixin, Page):
    """A news article, with every part of an agency's article page.

    The page title is the headline. ``published_at`` is the publication time readers
    see; editors may set it (archive items keep their original time), and when left
    empty it is the time the article was first published.
    """

    lede = models.TextField(
        _("lede"), help_text=_("The summary paragraph shown under the headline.")
    )
    published_at = models.DateTimeField(
        _("publication date and time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to use the time the article is first published."),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_(
            "For a substantive update: the time readers see as “Updated”. Leave it "
            "as it is for a typo."
        ),
    )
    dateline_place = models.CharField(
        _("place"), max_length=100, blank=True, help_text=_("Where it was filed: Seoul")
    )
    dateline_country = models.CharField(
        _("country of the place"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
    )
    dateline_agency = models.CharField(
        _("agency"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to use the agency name of the site."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    section = models.ForeignKey(
        "articles.SectionPage",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"), through="articles.ArticleTag", blank=True
    )

    class SeeAlsoMode(models.TextChoices):
        AUTOMATIC = "auto", _("Pinned articles, then related articles found for you")
        MANUAL = "manual", _("Only the pinned articles")

    see_also_mode = models.CharField(
        _("See also"), max_length=10, choices=SeeAlsoMode, default=SeeAlsoMode.AUTOMATIC
    )

    # Newsletters (docs/newsletters.md).
    breaking = models.BooleanField(
        _("breaking news"),
        default=False,
        help_text=_(
            "When it is published, e-mail it at once to breaking-news subscribers."
        ),
    )
    digest_lead = models.BooleanField(
        _("lead story of the digest"),
        default=False,
        help_text=_("Put it on top of the next daily and weekly digests."),
    )

    objects = ArticlePageManager()

    content_panels = [
        FieldPanel("title", heading=_("Headline")),
        FieldPanel("lede"),
        InlinePanel("bylines", heading=_("Bylines"), label=_("Byline")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("dateline_place"),
                        FieldPanel(
                            "dateline_country",
                            widget=forms.Select(
                                choices=[("", "—"), *country_choices()]
                            ),
                        ),
                        FieldPanel("dateline_agency"),
                    ]
                )
            ],
            heading=_("Dateline"),
        ),
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("updated_at")]),
        FieldPanel("body"),
        FieldPanel("section"),
        InlinePanel("countries", heading=_("Countries"), label=_("Country")),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("see_also_mode"),
                InlinePanel(
                    "related_links",
                    heading=_("Pinned, in this order"),
                    label=_("Related article"),
                ),
                InlinePanel(
                    "see_also_exclusions",
                    heading=_("Never shown"),
                    label=_("Excluded article"),
                ),
            ],
            heading=_("See also"),
        ),
        MultiFieldPanel(
            [FieldPanel("breaking"), FieldPanel("digest_lead")],
            heading=_("Newsletters"),
        ),
        InlinePanel(
            "corrections",
            heading=_("Corrections and clarifications"),
            label=_("Correction"),
            help_text=_(
                "Shown under the article, in its feeds and to partners. Once "
                "published, a correction stays: to withdraw one, add a clarification."
            ),
        ),
    ]
    base_form_class = ArticlePageForm
    # Wagtail's index serves the admin; Chinese in it as character pairs, as in the
    # readers' search (dateline.search).
    search_fields = Page.search_fields + [
        TextField("title", boost=2),
        TextField("lede"),
        TextField("dateline_place"),
        TextField("body"),
        # What the admin's Articles listing filters a search by.
        index.FilterField("published_at"),
        index.FilterField("section"),
        index.FilterField("has_unpublished_changes"),
    ]

    @classmethod
    def get_search_fields(cls):
        # The headline once, as a TextField: Wagtail's plain one is left out.
        return [
            f
            for f in super().get_search_fields()
            if not (type(f) is index.SearchField and f.field_name == "title")
        ]

    parent_page_types = ["articles.MonthArchivePage"]
    subpage_types = []

    # A copy, and a translation, is a new article in its edition: it gets its own
    # publication time when it is first published there.
    # Corrections too: each edition publishes its own, in its language.
    exclude_fields_in_copy = ["published_at", "updated_at", "corrections"]
    # What wagtail-localize gives translators (text) and keeps in step with the source
    # (the rest); ``published_at`` is neither (docs/decisions/0004-translations.md).
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("lede"),
        TranslatableField("dateline_place"),
        TranslatableField("body"),
        SynchronizedField("dateline_country"),
        SynchronizedField("dateline_agency"),
        SynchronizedField("section"),
        SynchronizedField("bylines"),
        SynchronizedField("countries"),
        SynchronizedField("tagged_items"),
        SynchronizedField("related_links"),
        SynchronizedField("see_also_mode"),
        SynchronizedField("see_also_exclusions"),
        SynchronizedField("breaking"),
        SynchronizedField("digest_lead"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_original", _("Can publish original articles"))]

    def clean(self):
        super().clean()
        if (
            self.updated_at
            and self.published_at
            and self.updated_at < self.published_at
        ):
            raise ValidationError(
                {"updated_at": _("An update comes after the publication time.")}
            )

    def save(self, *args, **kwargs):
        # A translation keeps its source's section: use that section's own edition.
        if self.section_id and self.section.locale_id != self.locale_id:
            self.section = self.section.get_translation_or_none(self.locale_id) or (
                self.section
            )
        # A live article always has a publication time, so listings can sort on it.
        if self.live:
            published_at = self.published_at or self.first_published_at
            published_at = self._no_earlier_than_the_original(
                published_at or timezone.now()
            )
            if published_at != self.published_at:
                self.published_at = published_at
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        return super().save(*args, **kwargs)

    def _no_earlier_than_the_original(self, published_at):
        """A translation is never out before its story: not while the original is
        unpublished (whatever path publishes it: the editor, wagtail-localize, the
        worker's schedule, a workflow), and never before the original's time, so
        an embargo holds in every edition (docs/newsroom.md)."""
        original = self.original_version()
        if original is None or original.pk == self.pk:
            return published_at
        if not original.live or original.published_at is None:
            raise ValidationError(
                _(
                    "The original of this story (%(edition)s) is not published: "
                    "its translation can be published once it is."
                )
                % {"edition": original.locale.get_display_name()}
            )
        return max(published_at, original.published_at)

    def original_version(self):
        """The story's first version, in whichever edition had it first (this
        article, for an original); None for an article not saved yet with no
        other version."""
        versions = ArticlePage.objects.filter(translation_key=self.translation_key)
        if self.pk is not None:
            versions = versions.filter(pk__lte=self.pk)
        return versions.select_related("locale").order_by("pk").first()

    def original_is_out(self) -> bool:
        """Whether readers may have this story already: its original is live (an
        embargo still holds its time)."""
        original = self.original_version()
        return original is None or original.pk == self.pk or original.live

    def get_admin_display_title(self):
        # A live article is listed by the headline readers have. Wagtail lists the
        # newest draft's, which would show its unpublished headline to a colleague
        # who may not read the draft (docs/newsroom.md); the edit form still shows
        # the draft's, the version it edits.
        if self.live:
            return self.title
        return super().get_admin_display_title()

    def with_content_json(self, content):
        # A revision saved before the first publication has no publication time:
        # keep the one the live article has, so the editor sees it.
        obj = super().with_content_json(content)
        if obj.published_at is None:
            obj.published_at = self.published_at
        return obj

    def body_text(self) -> str:
        return body_text(self.body)

    @property
    def modified_at(self):
        """When the article last changed for its readers (schema.org's
        dateModified, Atom's updated, the sitemaps' lastmod): its publication, a
        substantive update (``updated_at``) or its latest correction. Publishing
        again for a typo, or an import loading the archive, is no change of theirs."""
        if hasattr(self, "corrected_at"):  # read with_corrected_at()
            corrected = self.corrected_at
        else:
            corrected = max(
                (c.made_at for c in self.corrections_in_order), default=None
            )
        moments = [self.published_at, self.updated_at, corrected]
        return max(filter(None, moments), default=None)

    @cached_property
    def corrections_in_order(self):
        """Its corrections and clarifications, oldest first (as they happened); in
        a preview, the ones being edited."""
        if getattr(self, "has_corrections", True) is False:  # read for_reading()
            return []
        return sorted(self.corrections.all(), key=lambda c: (c.made_at, c.pk or 0))

    def country_codes(self) -> list[str]:
        """Its countries' codes, in order: from ``for_reading()`` when it was read
        so; in a preview, the ones being edited."""
        listed = getattr(self, "country_list", None)
        if listed is not None:
            return listed.split(",") if listed else []
        return [c.code for c in self.countries.all()]

    @property
    def agency(self) -> str:
        return self.dateline_agency or agency_name(self.locale.language_code)

    @property
    def dateline(self) -> str:
        """The words before the first paragraph: “Seoul (Dateline) –”."""
        if not self.dateline_place:
            return ""
        with override(self.locale.language_code):  # the article's, not the reader's
            return gettext("%(place)s (%(agency)s) –") % {
                "place": self.dateline_place,
                "agency": self.agency,
            }

    @cached_property
    def is_translation(self) -> bool:
        """Whether another edition had this story first: the first version of a
        story is its original, the later ones its translations."""
        return (
            self.pk is not None
            and Page.objects.filter(
                translation_key=self.translation_key, pk__lt=self.pk
            )
            .exclude(locale_id=self.locale_id)
            .exists()
        )

    def permissions_for_user(self, user):
        from dateline.newsroom.permissions import ArticlePermissionTester

        return ArticlePermissionTester(user, self)

    @property
    def embargoed(self) -> bool:
        """Published, but its publication time has not come: readers see nothing
        of it yet (docs/newsroom.md)."""
        return bool(self.published_at and self.published_at > timezone.now())

    def serve(self, request, *args, **kwargs):
        # An embargoed article, and its print, PDF and share pages, are not there
        # for readers; the editor's preview still shows it.
        if self.embargoed and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    @path("")
    def index_route(self, request, *args, **kwargs):
        return public_page(request, super().index_route(request, *args, **kwargs))

    @classmethod
    def get_subpage_urls(cls):
        """The article's own routes, then those other apps add with the
        ``article_page_subpages`` hook (dateline.sharing: share/, print/, pdf/)."""
        added = [route for hook in hooks.get_hooks(SUBPAGES) for route in hook()]
        return (*super().get_subpage_urls(), *added)

    def byline_names(self) -> list[tuple]:
        """(author, name in the article's edition) of each byline, in one query; in
        a preview, the bylines being edited."""
        from .author import AuthorName

        language = self.locale.language_code
        if getattr(self, "country_list", None) is None:  # not read for_reading()
            return [
                (byline.author, byline.author.name_in(language))
                for byline in self.bylines.select_related("author").prefetch_related(
                    "author__localized_names"
                )
            ]
        names = AuthorName.objects.filter(author=OuterRef("author"), language=language)
        bylines = (
            ArticleByline.objects.filter(article=self)
            .select_related("author")
            .annotate(local_name=Subquery(names.values("name")[:1]))
            .order_by("sort_order")
        )
        return [(b.author, b.local_name or b.author.name) for b in bylines]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bylines"] = self.byline_names()
        context["country_names"] = [
            (code, country_name(code)) for code in self.country_codes()
        ]
        for hook in hooks.get_hooks(CONTEXT):  # dateline.related: "see_also"
            hook(self, request, context)
        context["corrections"] = self.corrections_in_order
        return context


# An article found by its address, as its page shows it: for_reading's query,
# compiled once per process (core.prepared), on the path of every article page.
READING = Prepared(
    ArticlePage,
    lambda slug, url_path, now: (
        ArticlePage.objects.for_reading(now)
        .filter(slug=slug, url_path=url_path)
        .order_by("path")[:1]
    ),
    slug=None,
    url_path=None,
    now="published_at",
)
