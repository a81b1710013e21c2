"""What an edition's front page shows: a lead story, top stories, a block per
region, then the latest news (docs/design.md). Reads only; a fixed number of
queries whatever the size of the archive."""

from dataclasses import dataclass, field

from django.db.models.expressions import RawSQL
from wagtail.images import get_image_model

from .blocks import image_alt

TOP_STORIES = 4
PER_REGION = 3
ORDER = ("-published_at", "-pk")  # a listing's order (ArticlePageQuerySet.for_listing)


@dataclass
class Picture:
    image: object
    alt: str
    caption: str = ""
    credit: str = ""


@dataclass
class RegionBlock:
    section: object
    articles: list = field(default_factory=list)


def first_pictures(articles) -> dict:
    """The first picture of each article's body, by article pk, in one query."""
    wanted = {}
    for article in articles:
        for block in article.body.raw_data:
            if block["type"] == "image" and block["value"].get("image"):
                wanted[article.pk] = block["value"]
                break
    images = (
        get_image_model()
        .objects.prefetch_renditions()
        .in_bulk({value["image"] for value in wanted.values()})
    )
    pictures = {}
    for pk, value in wanted.items():
        image = images.get(value["image"])
        if image is not None:
            pictures[pk] = Picture(
                image=image,
                alt=image_alt({**value, "image": image}),
                caption=value.get("caption") or "",
                credit=value.get("credit") or "",
            )
    return pictures


def region_blocks(home, leave_out=()) -> list[RegionBlock]:
    """The latest articles of each region section in the menu, leaving out the
    stories already at the top of the page, in one query: the union of each
    region's latest, then each region takes its own from them in the same order
    (which gives each exactly its latest: an article of that region missing from
    the union would have to be newer than one of its latest)."""
    from .models.article import ArticlePage
    from .models.section import SectionPage

    regions = [
        s for s in SectionPage.menu_of(home) if s.kind == SectionPage.Kind.REGION
    ]
    if not regions:
        return []
    excluded = [article.pk for article in leave_out]
    parts, params = [], []
    for number, region in enumerate(regions):
        latest = (
            region.matching()
            .exclude(pk__in=excluded)
            .order_by(*ORDER)
            .values("pk")[:PER_REGION]
        )
        sql, values = latest.query.sql_with_params()
        # Django's own SQL, its values kept apart as parameters.
        parts.append(f"SELECT * FROM ({sql}) AS region_{number}")  # noqa: S608
        params.extend(values)
    found = list(
        ArticlePage.objects.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))  # noqa: S611
        .select_related("section")
        .with_countries()
        .defer_streamfields()
        .order_by(*ORDER)
    )
    blocks = []
    for region in regions:
        articles = [article for article in found if region.holds(article)]
        if articles:
            blocks.append(RegionBlock(section=region, articles=articles[:PER_REGION]))
    return blocks


def front_page(home, articles_page) -> dict:
    """The context of the first page of the front page: the page's articles split
    into the lead, the top stories and the rest."""
    items = list(articles_page.object_list)
    lead, top, rest = items[:1], items[1 : 1 + TOP_STORIES], items[1 + TOP_STORIES :]
    pictures = first_pictures(lead + top)
    for article in lead + top:
        article.picture = pictures.get(article.pk)
    return {
        "lead": lead[0] if lead else None,
        "top_stories": top,
        "latest": rest,
        "regions": region_blocks(home, leave_out=lead + top),
    }
