"""See also, computed: ranking on small crafted sets, exclusions, editors' overrides,
editions, and the cost of reading it. Lists are computed by the real background task
(the test settings run tasks immediately) and by the bulk rebuild."""

from datetime import timedelta
from io import StringIO
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from dateline.articles.models import ArticlePage, HomePage
from dateline.related import engine, selectors
from dateline.related.models import ArticleRelated, ArticleSeeAlsoExclusion, SeeAlsoItem
from dateline.related.services import (
    article_index,
    story_neighbours,
    story_recompute,
    story_versions,
)
from tests.articles.factories import make_article
from tests.conftest import once_per_module

pytestmark = pytest.mark.clock

RAIL = [
    "Engineers from the two Koreas walked the railway line north of the border.",
    "The railway survey counted bridges, tunnels and signals on the old line.",
]
RAIL_2 = [
    "Plans to reconnect the railway line across the Korean border have stalled.",
    "The survey of bridges and tunnels on the line was finished last winter.",
]
RAIL_3 = [
    "A ticket office for the cross-border railway line stays closed.",
    "Engineers say the bridges and signals on the line need rebuilding.",
]
COFFEE = [
    "Coffee farmers in the highlands dig deeper wells as the dry season lengthens.",
    "Cooperatives plant shade trees between the coffee rows to keep moisture.",
]


def when(days_ago):
    return timezone.now() - timedelta(days=days_ago)


def see_also(article):
    article = ArticlePage.objects.get(pk=article.pk)
    return [
        (item["headline"], item["language"]) for item in selectors.see_also(article)
    ]


@pytest.fixture
def settle(django_capture_on_commit_callbacks):
    """Run what publishing queued once the transaction commits (the background
    task), as it would run after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _rail():
    en = HomePage.objects.get(locale__language_code="en")
    return {
        "first": make_article(
            home=en,
            title="Koreas inspect railway",
            paragraphs=RAIL,
            countries=["KR", "KP"],
            published_at=when(300),
        ),
        "second": make_article(
            home=en,
            title="Railway plans stall",
            paragraphs=RAIL_2,
            countries=["KR", "KP"],
            published_at=when(200),
        ),
        "third": make_article(
            home=en,
            title="Border ticket office stays closed",
            paragraphs=RAIL_3,
            countries=["KR"],
            published_at=when(100),
        ),
        "coffee": make_article(
            home=en,
            title="Highland coffee farmers dig wells",
            paragraphs=COFFEE,
            countries=["VN"],
            place="Hanoi",
            published_at=when(10),
        ),
    }


@pytest.fixture(scope="module")
def rail_rows(django_db_setup, django_db_blocker):
    """Four articles made once for the module (each test's changes are undone)."""
    yield from once_per_module(django_db_blocker, _rail)


@pytest.fixture
def rail(db, rail_rows):
    return {name: ArticlePage.objects.get(pk=a.pk) for name, a in rail_rows.items()}


def test_the_same_running_story_ranks_first(rail):
    titles = [headline for headline, _lang in see_also(rail["first"])]
    # Both share the text; "second" also shares both countries.
    assert titles[:2] == ["Railway plans stall", "Border ticket office stays closed"]
    assert "Koreas inspect railway" not in titles  # never the article itself
    # A story about something else is not related enough to be shown.
    assert "Highland coffee farmers dig wells" not in titles


def test_close_scores_put_the_newer_story_first():
    older, newer, other = uuid4(), uuid4(), uuid4()
    scores = {older: 0.52, newer: 0.50, other: 0.30}
    dates = {older: when(400), newer: when(20), other: when(1)}
    # 0.52 and 0.50 are within CLOSE: the newer first; 0.30 is not close.
    assert engine.ranked(scores, dates) == [newer, older, other]
    # Below MIN_SCORE, nothing.
    assert engine.ranked({other: 0.05}, dates) == []


def test_unpublished_and_future_articles_never_appear(rail, homes, settle):
    with settle():
        make_article(
            home=homes["en"],
            title="Railway line future piece",
            paragraphs=RAIL,
            countries=["KR"],
            published_at=timezone.now() + timedelta(days=2),
        )
    with settle():
        rail["second"].unpublish()
    titles = [h for h, _l in see_also(rail["first"])]
    assert "Railway plans stall" not in titles
    assert "Railway line future piece" not in titles
    assert "Border ticket office stays closed" in titles


def test_near_duplicates_appear_once(rail, homes, settle):
    with settle():
        make_article(
            home=homes["en"],
            title="Border ticket office stays closed (corrected)",
            paragraphs=RAIL_3,
            countries=["KR"],
            published_at=when(99),
        )
    titles = [h for h, _l in see_also(rail["first"])]
    assert sum("ticket office" in t for t in titles) == 1


def test_translations_never_appear_and_editions_read_their_own_version(
    rail, homes, settle
):
    with settle():
        italian = make_article(
            home=homes["it"],
            title="Le Coree ispezionano la ferrovia",
            paragraphs=["Ingegneri delle due Coree sulla ferrovia a nord del confine."],
            countries=["KR", "KP"],
            published_at=when(299),
            translation_of=rail["first"],
        )
    with settle():
        italian_second = make_article(
            home=homes["it"],
            title="I piani per la ferrovia si fermano",
            paragraphs=[
                "I piani per ricollegare la ferrovia oltre il confine sono fermi."
            ],
            countries=["KR", "KP"],
            published_at=when(199),
            translation_of=rail["second"],
        )
    english = see_also(rail["first"])
    assert ("Le Coree ispezionano la ferrovia", "it") not in english
    items = see_also(italian)
    assert items[0] == (italian_second.title, "it")  # the Italian version, first
    assert ("Koreas inspect railway", "en") not in items
    # Too few in Italian: filled from English, marked as English.
    assert ("Border ticket office stays closed", "en") in items


def test_an_edition_with_nothing_related_is_filled_from_others(
    client, rail, homes, settle
):
    with settle():
        spanish = make_article(
            home=homes["es"],
            title="Ferrocarril entre las dos Coreas",
            paragraphs=["Ingenieros recorren la vía férrea al norte de la frontera."],
            countries=["KR", "KP"],
            place="Seúl",
            published_at=when(5),
        )
    items = see_also(spanish)
    assert items and all(language == "en" for _h, language in items)
    page = client.get(spanish.url).content.decode()
    assert 'class="see-also__edition">(English)' in page


def test_editors_picks_win_and_survive_recomputation(rail, settle):
    first = ArticlePage.objects.get(pk=rail["first"].pk)
    first.related_links = [ArticleRelated(page=rail["coffee"], sort_order=0)]
    first.see_also_exclusions = [ArticleSeeAlsoExclusion(page=rail["third"])]
    with settle():
        first.save_revision().publish()

    expected = [
        ("Highland coffee farmers dig wells", "en"),
        ("Railway plans stall", "en"),
    ]
    assert see_also(first)[:2] == expected
    assert ("Border ticket office stays closed", "en") not in see_also(first)

    call_command("related", "rebuild", no_progress=True, stdout=StringIO())
    assert see_also(first)[:2] == expected
    assert ("Border ticket office stays closed", "en") not in see_also(first)

    first = ArticlePage.objects.get(pk=first.pk)
    first.see_also_mode = ArticlePage.SeeAlsoMode.MANUAL
    with settle():
        first.save_revision().publish()
    assert see_also(first) == [("Highland coffee farmers dig wells", "en")]


def test_common_features_count_in_scores_but_find_no_candidates(rail, homes, settings):
    settings.DATELINE_SEE_ALSO = {**settings.DATELINE_SEE_ALSO, "MIN_SCORE": 0.01}
    weather = make_article(
        home=homes["en"],
        title="Monsoon arrives early",
        paragraphs=["Heavy rain flooded rice paddies south of the capital."],
        countries=["KR"],
        place="",
        published_at=when(150),
    )
    article_index(weather)
    versions = story_versions([rail["first"].translation_key])[
        rail["first"].translation_key
    ]
    exact = story_neighbours(versions)
    assert weather.translation_key in exact  # it shares South Korea, nothing else

    # South Korea is on four of the five articles: common once "more than half" is.
    settings.DATELINE_SEE_ALSO = settings.DATELINE_SEE_ALSO | {
        "COMMON_FLOOR": 0,
        "COMMON_SHARE": 0.5,
    }
    pruned = story_neighbours(versions)
    assert weather.translation_key not in pruned
    # "second" is still found, through a word only the two share ("survey"), and
    # scored on everything they share, South Korea included.
    second = rail["second"].translation_key
    assert pruned[second] == pytest.approx(exact[second])


@pytest.mark.parametrize(
    "common",
    [
        {},
        {"COMMON_FLOOR": 0, "COMMON_SHARE": 0.5},
        {"COMMON_FLOOR": 0, "COMMON_SHARE": 0.5, "CANDIDATES": 1},
    ],
    ids=["nothing-common", "common-features", "one-candidate"],
)
def test_the_bulk_rebuild_gives_the_lists_the_background_task_gives(
    rail, homes, settle, settings, common
):
    settings.DATELINE_SEE_ALSO = {**settings.DATELINE_SEE_ALSO, **common}
    with settle():
        make_article(
            home=homes["it"],
            title="La ferrovia tra le Coree",
            paragraphs=["Ingegneri delle due Coree sulla ferrovia."],
            countries=["KR"],
            published_at=when(50),
        )

    def lists():
        return {
            a: list(
                SeeAlsoItem.objects.filter(article_id=a)
                .order_by("position")
                .values_list("page_id", "headline", "pinned", "score")
            )
            for a in ArticlePage.objects.values_list("pk", flat=True)
        }

    # Each publication refreshed what it changed; rebuilding everything agrees.
    call_command("related", "rebuild", "--restart", no_progress=True, stdout=StringIO())
    bulk = lists()
    for story in set(ArticlePage.objects.values_list("translation_key", flat=True)):
        story_recompute(story)
    assert lists() == bulk
    assert any(bulk.values())


def test_reading_see_also_costs_one_query(rail):
    article = ArticlePage.objects.get(pk=rail["first"].pk)
    Site.get_site_root_paths()  # cached for every page's URL, whatever it shows
    with CaptureQueriesContext(connection) as queries:
        items = selectors.see_also(article)
    assert items
    assert len(queries) == 1
