import io
from datetime import timedelta

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from dateline.articles.models import (
    ArticleByline,
    ArticleCountry,
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
)
from dateline.articles.services import archive_month_get_or_create
from dateline.related.models import ArticleRelated


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")

    class Meta:
        model = Author


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    kind = SectionPage.Kind.REGION
    country_codes = factory.List([])

    class Meta:
        model = SectionPage


def make_image(title="A picture", size=(1600, 900), colour=(30, 90, 160), format="PNG"):
    """A real image file (PNG, or ``format="JPEG"``) in Wagtail's image library."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format)
    slug = title.lower().replace(" ", "-")
    extension = {"JPEG": "jpg"}.get(format, format.lower())
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{slug}.{extension}")
    )


def make_article(
    *,
    home: HomePage,
    title="A headline",
    published_at=None,
    authors=(),
    countries=(),
    section=None,
    related=(),
    place="Seoul",
    agency="",
    paragraphs=("First paragraph.", "Second paragraph."),
    publish=True,
    translation_of: ArticlePage | None = None,
    **fields,
) -> ArticlePage:
    """An article filed in its month folder, published through a revision.

    ``translation_of`` makes it that article's translation in ``home``'s edition;
    ``fields`` are other fields of the article (``breaking=True``).
    """
    published_at = published_at or timezone.now() - timedelta(hours=1)
    month = archive_month_get_or_create(home=home, when=published_at)
    article = ArticlePage(
        title=title,
        slug=f"a-{ArticlePage.objects.count() + 1}",
        lede=f"The lede of {title}.",
        published_at=published_at,
        dateline_place=place,
        dateline_agency=agency,
        body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
        section=section,
        locale_id=home.locale_id,
        live=False,
        **fields,
    )
    if translation_of is not None:
        article.translation_key = translation_of.translation_key
    article.bylines = [
        ArticleByline(author=author, sort_order=n) for n, author in enumerate(authors)
    ]
    article.countries = [
        ArticleCountry(code=code, sort_order=n) for n, code in enumerate(countries)
    ]
    links = [
        ArticleRelated(page=p) if isinstance(p, ArticlePage) else p for p in related
    ]
    for n, link in enumerate(links):
        link.sort_order = n
    article.related_links = links
    month.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
    return article


def article_form(article: ArticlePage, *, corrections=(), **fields) -> dict:
    """What the admin's article form posts for ``article`` (its first paragraph as
    the body), with ``fields`` changed; ``corrections`` are the inline rows, as
    dicts (with ``id`` for one already saved, ``DELETE`` to drop it)."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = {
        "title": article.title,
        "slug": article.slug,
        "lede": article.lede,
        "body": streamfield([("paragraph", rich_text(article.body[0].value.source))]),
        "dateline_place": article.dateline_place,
        "see_also_mode": article.see_also_mode,
        "bylines": inline_formset([]),
        "countries": inline_formset([]),
        "related_links": inline_formset([]),
        "see_also_exclusions": inline_formset([]),
        "corrections": inline_formset(
            list(corrections),
            initial=sum(1 for c in corrections if c.get("id")),
        ),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)
