"""An edition's front page: lead story, top stories, region blocks, latest news;
pictures with width descriptors; the next pages are plain listings."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.articles.front import region_blocks
from dateline.articles.models import SectionPage
from tests.helpers import soup

from .factories import SectionPageFactory, make_article, make_image

pytestmark = pytest.mark.clock


def texts(page, selector):
    return [tag.get_text(strip=True) for tag in page.select(selector)]


def region_boxes(page) -> dict[str, list[str]]:
    """Each region box's headlines by its title, in the page's order."""
    return {
        box.select_one(".region__title").get_text(strip=True): texts(box, "li a")
        for box in page.select(".region")
    }


@pytest.fixture
def front(home, settings):
    settings.DATELINE_PAGE_SIZE = 8
    east = SectionPageFactory(
        parent=home, title="East Asia", slug="east-asia", show_in_menus=True
    )
    south = SectionPageFactory(
        parent=home, title="South Asia", slug="south-asia", show_in_menus=True
    )
    SectionPageFactory(
        parent=home,
        title="Faith",
        slug="faith",
        kind=SectionPage.Kind.THEME,
        show_in_menus=True,
    )
    now = timezone.now()
    for n in range(10):
        make_article(
            home=home,
            title=f"Story {n}",
            section=east if n % 2 else south,
            published_at=now - timedelta(hours=n + 1),
        )
    lead = make_article(home=home, title="Story lead", section=east)
    lead.body = [
        ("paragraph", "<p>First.</p>"),
        (
            "image",
            {
                "image": make_image("Harbour"),
                "alt_text": "Cranes over a harbour at dusk",
                "caption": "The new port",
                "credit": "Ana Lee",
            },
        ),
    ]
    lead.save_revision().publish()
    return home


def test_the_front_page_leads_with_the_newest_story_then_top_stories(client, front):
    page = soup(client.get("/en/"))
    assert texts(page, ".story--lead .story__headline") == ["Story lead"]
    assert texts(page, ".front__stories .story__headline") == [
        f"Story {n}" for n in range(4)
    ]
    # The rest of the first page of news, below the region blocks.
    assert texts(page, ".front__latest .item__headline") == [
        "Story 4",
        "Story 5",
        "Story 6",
    ]
    picture = page.select_one(".story--lead img")
    assert picture["alt"] == "Cranes over a harbour at dusk"
    assert picture.get("fetchpriority") == "high" and not picture.get("loading")
    widths = [part.split()[-1] for part in picture["srcset"].split(",")]
    assert widths == ["480w", "800w", "1200w"]
    assert picture["sizes"]
    assert texts(page, ".story--lead .credit") == ["Ana Lee"]


def test_each_region_has_a_block_without_the_stories_above_it(client, front):
    page = soup(client.get("/en/"))
    blocks = region_boxes(page)
    # Regions only (not themes), in menu order; three stories each, newest first,
    # leaving out the lead and top stories.
    assert blocks == {
        "East Asia": ["Story 5", "Story 7", "Story 9"],
        "South Asia": ["Story 4", "Story 6", "Story 8"],
    }


def test_the_navigation_sets_regions_apart_from_themes(client, front):
    page = soup(client.get("/en/"))
    assert texts(page, ".sections__list--regions a") == ["East Asia", "South Asia"]
    assert texts(page, ".sections__list--themes a") == ["Faith"]


def test_headings_go_down_one_level_at_a_time(client, front):
    page = soup(client.get("/en/"))
    levels = [int(h.name[1]) for h in page.select("main h1, main h2, main h3")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_next_pages_are_a_plain_listing(client, front):
    page = soup(client.get("/en/?page=2"))
    assert not page.select(".story, .region")
    assert texts(page, ".item__headline") == ["Story 7", "Story 8", "Story 9"]


def test_the_front_page_costs_the_same_queries_however_many_stories(
    client, front, steady
):
    client.get("/en/")  # warm the site and locale caches
    with CaptureQueriesContext(connection) as few:
        client.get("/en/")
    for n in range(6):
        make_article(
            home=front,
            title=f"More {n}",
            published_at=timezone.now() - timedelta(days=n + 1),
        )
    client.get("/en/")  # warm again: the publications changed the site
    with CaptureQueriesContext(connection) as more:
        client.get("/en/")
    assert len(more) == len(few)


def test_a_region_block_holds_its_countries_stories_from_any_section(client, front):
    """An article is in a region by its section or by one of its countries (read in
    one query for every block): one story can be in two blocks, and an old one
    still fills a region's three."""
    SectionPageFactory(
        parent=front,
        title="Central Asia",
        slug="central-asia",
        show_in_menus=True,
        country_codes=["KZ", "UZ"],
    )
    faith = SectionPage.objects.get(slug="faith")
    east = SectionPage.objects.get(slug="east-asia")
    now = timezone.now()
    for title, section, country, age in (
        ("Steppe mosque", faith, "KZ", timedelta(hours=4, minutes=30)),
        ("Border rail", east, "UZ", timedelta(hours=5, minutes=30)),
        ("Old caravan", faith, "UZ", timedelta(days=300)),
    ):
        make_article(
            home=front,
            title=title,
            section=section,
            countries=[country],
            published_at=now - age,
        )
    page = soup(client.get("/en/"))
    blocks = region_boxes(page)
    assert blocks["Central Asia"] == ["Steppe mosque", "Border rail", "Old caravan"]
    assert blocks["East Asia"] == ["Border rail", "Story 5", "Story 7"]
    assert list(blocks) == ["East Asia", "South Asia", "Central Asia"]  # menu order


def test_a_region_block_shows_no_story_before_its_time(front):
    """The region blocks' query is compiled once; each call asks it for the
    stories published by its own time."""
    east = SectionPage.objects.get(slug="east-asia")
    now = timezone.now()
    region_blocks(front, now=now)  # compiled here
    make_article(
        home=front,
        title="Embargoed dam",
        section=east,
        published_at=now + timedelta(hours=2),
    )

    def east_asia(when):
        (block,) = [b for b in region_blocks(front, now=when) if b.section == east]
        return [article.title for article in block.articles]

    assert "Embargoed dam" not in east_asia(now + timedelta(hours=1))
    assert east_asia(now + timedelta(hours=3))[0] == "Embargoed dam"
