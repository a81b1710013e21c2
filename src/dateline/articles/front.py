"""What an edition's front page shows: a lead story, top stories, a block per
region, then the latest news (docs/design.md). Reads only; a fixed number of
queries whatever the size of the archive."""

from dataclasses import dataclass, field

from django.db.models.expressions import RawSQL
from django.utils import timezone
from wagtail.images import get_image_model

from dateline.core.prepared import Prepared

from .blocks import image_alt
from .routing import kept

TOP_STORIES = 4
PER_REGION = 3
LEFT_OUT = 1 + TOP_STORIES  # the lead and the top stories
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


def _regions_query(regions) -> Prepared:
    """The latest articles of each of these regions, in one query: the union of
    each region's latest, leaving out up to ``LEFT_OUT`` stories. Compiled once
    for the regions of an edition (they change with the site's structure)."""
    from .models.article import ArticlePage

    def build(now, **left_out):
        parts, params = [], []
        for number, region in enumerate(regions):
            latest = (
                region.matching(now)
                .exclude(pk__in=list(left_out.values()))
                .order_by(*ORDER)
                .values("pk")[:PER_REGION]
            )
            sql, values = latest.query.sql_with_params()
            # Django's own SQL, its values kept apart as parameters.
            parts.append(f"SELECT * FROM ({sql}) AS region_{number}")  # noqa: S608
            params.extend(values)
        union = RawSQL(" UNION ALL ".join(parts), params)  # noqa: S611
        return (
            ArticlePage.objects.filter(pk__in=union)
            .with_countries()
            .defer_streamfields()
            .order_by(*ORDER)
        )

    slots = {f"out{n}": "page_ptr" for n in range(LEFT_OUT)}
    return Prepared(ArticlePage, build, now="published_at", **slots)


def region_blocks(home, leave_out=(), now=None) -> list[RegionBlock]:
    """The latest articles of each region section in the menu, leaving out the
    stories already at the top of the page, in one query; each region then takes
    its own from them in the same order, which gives each exactly its latest (an
    article of that region missing from the union would be older than them)."""
    from .models.section import SectionPage

    regions = [
        s for s in SectionPage.menu_of(home) if s.kind == SectionPage.Kind.REGION
    ]
    if not regions:
        return []
    query = kept("regions-query", lambda: _regions_query(regions), home.pk)
    left_out = [article.pk for article in leave_out][:LEFT_OUT]
    left_out += [0] * (LEFT_OUT - len(left_out))  # no page has the key 0
    found = list(
        query.run(
            now=now or timezone.now(),
            **{f"out{n}": pk for n, pk in enumerate(left_out)},
        )
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
