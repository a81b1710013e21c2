from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.articles.models import ArticleCorrection, ArticlePage
from dateline.related.models import ArticleRelated
from tests.helpers import soup

from .factories import AuthorFactory, SectionPageFactory, make_article, make_image


@pytest.fixture
def story(home):
    author = AuthorFactory(name="Min-jun Park", slug="min-jun-park")
    section = SectionPageFactory(parent=home, title="East Asia", slug="east-asia")
    earlier = make_article(
        home=home,
        title="An earlier story",
        published_at=timezone.now() - timedelta(days=30),
    )
    return make_article(
        home=home,
        title="The headline <b>of the day</b>",
        authors=[author, AuthorFactory(name="Second Writer")],
        section=section,
        countries=["KR", "MN"],
        related=[earlier, ArticleRelated(headline="A story from elsewhere")],
        place="Seoul",
        paragraphs=["The first paragraph.", "The second paragraph."],
    )


def test_article_page_shows_the_reference_parts_in_order(client, story):
    page = soup(client.get(story.url))
    article = page.find("article", class_="article")

    parts = [
        article.find("time"),
        article.find("h1"),
        article.find(class_="article__byline"),
        article.find(class_="article__lede"),
        article.find(class_="dateline"),
        page.find(class_="see-also"),
    ]
    assert all(parts)
    positions = [str(page).index(str(part)) for part in parts]
    assert positions == sorted(positions)

    assert article.find("h1").get_text() == "The headline <b>of the day</b>"  # escaped
    byline_links = article.find(class_="article__byline").find_all("a")
    assert [a.get_text() for a in byline_links] == ["Min-jun Park", "Second Writer"]
    assert byline_links[0]["href"] == "/en/authors/min-jun-park/"
    first = article.find(class_="article__body").find("p")
    assert first.get_text(" ", strip=True) == "Seoul (Dateline) – The first paragraph."
    see_also = page.find(class_="see-also")
    assert [li.a.get_text() if li.a else None for li in see_also.find_all("li")] == [
        "An earlier story",
        None,  # an unlinked reference is shown without a link that leads nowhere
    ]
    assert see_also.find("time")["datetime"]
    published = story.published_at.replace(microsecond=0)
    assert datetime.fromisoformat(article.find("time")["datetime"]) == published


def test_article_page_links_section_and_countries(client, story):
    article = soup(client.get(story.url)).find("article")
    hrefs = {a["href"] for a in article.find_all("a")}
    assert {"/en/east-asia/", "/en/countries/kr/", "/en/countries/mn/"} <= hrefs


def test_home_page_lists_latest_articles_first(client, home):
    make_article(
        home=home, title="Older", published_at=timezone.now() - timedelta(days=2)
    )
    make_article(home=home, title="Newer")
    make_article(
        home=home, title="Tomorrow", published_at=timezone.now() + timedelta(days=1)
    )
    headlines = [
        h.get_text()
        for h in soup(client.get("/en/")).select(".story__headline, .item__headline")
    ]
    assert headlines == ["Newer", "Older"]


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "99", "1.5", "%00"])
def test_bad_page_numbers_are_a_404_not_a_500(client, home, bad, settings):
    settings.DATELINE_PAGE_SIZE = 1
    section = SectionPageFactory(parent=home, slug="east-asia")
    make_article(home=home, section=section)
    make_article(home=home, section=section)
    assert client.get(f"/en/east-asia/?page={bad}").status_code == 404


def test_section_pages_paginate(client, home, settings):
    settings.DATELINE_PAGE_SIZE = 2
    section = SectionPageFactory(parent=home, slug="east-asia")
    for n in range(5):
        make_article(
            home=home,
            title=f"Story {n}",
            section=section,
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
    page2 = soup(client.get("/en/east-asia/?page=2"))
    assert [h.get_text() for h in page2.select(".item__headline")] == [
        "Story 2",
        "Story 3",
    ]
    links = {a["rel"][0]: a["href"] for a in page2.select(".pagination a")}
    assert links == {"prev": "?page=1", "next": "?page=3"}
    page3 = soup(client.get("/en/east-asia/?page=3"))
    assert [h.get_text() for h in page3.select(".item__headline")] == ["Story 4"]
    assert "Page 3" in page3.find(class_="pagination").get_text()
    assert not page3.select(".pagination a[rel=next]")  # the last page
    assert client.get("/en/east-asia/?page=4").status_code == 404


def test_a_listing_is_paged_without_counting_it(client, home, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dateline.articles.pagination import MAX_PAGES

    settings.DATELINE_PAGE_SIZE = 2
    for n in range(3):
        make_article(home=home, title=f"Story {n}")
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/?page=2")
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    # The deep archive is reached by month: a listing goes back so far.
    assert client.get(f"/en/?page={MAX_PAGES + 1}").status_code == 404


def test_author_and_country_pages_list_their_articles(client, story, home):
    make_article(home=home, title="Unrelated", countries=["JP"])
    author_page = soup(client.get("/en/authors/min-jun-park/"))
    assert author_page.h1.get_text() == "Min-jun Park"
    assert [h.get_text() for h in author_page.select(".item__headline")] == [
        story.title
    ]
    country_page = soup(client.get("/en/countries/mn/"))
    assert country_page.h1.get_text() == "Mongolia"
    assert [h.get_text() for h in country_page.select(".item__headline")] == [
        story.title
    ]


@pytest.mark.parametrize(
    "path", ["/en/authors/nobody/", "/en/countries/zz/", "/en/countries/KR/"]
)
def test_unknown_authors_and_countries_are_a_404(client, home, path):
    assert client.get(path).status_code == 404


def test_archive_month_lists_its_articles(client, home):
    when = timezone.now().replace(year=2019, month=4, day=10)
    make_article(home=home, title="April story", published_at=when)
    page = soup(client.get("/en/2019/04/"))
    assert [h.get_text() for h in page.select(".item__headline")] == ["April story"]


def _queries_for(client, url, table=""):
    """How many queries a page costs (or, with ``table``, how many read it)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len([q for q in queries.captured_queries if table in q["sql"]])


@pytest.mark.parametrize("proxy", [False, True], ids=["embedded", "production"])
def test_article_page_queries_do_not_grow_with_the_archive(
    client, home, steady, settle, settings, proxy
):
    if proxy:  # behind Varnish: every request here is a miss, generations re-read
        settings.DATELINE_PURGE_URL = "http://127.0.0.1:9"
    section = SectionPageFactory(parent=home)
    authors = [AuthorFactory() for _ in range(3)]
    start = timezone.now() - timedelta(days=400)
    archive = [
        make_article(
            home=home,
            title=f"Archive {n}",
            published_at=start + timedelta(days=n * 13),
            authors=authors[: 1 + n % 3],
            countries=["KR", "JP"][: 1 + n % 2],
            section=section,
        )
        for n in range(30)
    ]
    story = make_article(
        home=home,
        authors=authors,
        countries=["KR", "KP", "MN"],
        section=section,
        related=archive[:5],
    )
    # The costliest article: pictures and a correction as well.
    picture = {"image": make_image(), "alt_text": "A harbour", "caption": "Busan"}
    story.body = [
        ("image", picture),
        ("paragraph", "<p>Boats came back.</p>"),
        ("image", picture),
    ]
    story.corrections.add(ArticleCorrection(text="Busan, not Incheon."))
    with settle():  # its See also list computed, as the worker does
        story.save_revision().publish()
    client.get(story.url)  # warm the site-root cache
    small = _queries_for(client, story.url)

    for n in range(60):
        make_article(
            home=home,
            title=f"More {n}",
            published_at=start + timedelta(days=n * 7, hours=1),
            authors=authors[:2],
            countries=["KR"],
            section=section,
        )
    client.get(story.url)  # warm again: the publications changed the site
    large = _queries_for(client, story.url)

    assert large == small
    # The article with its edition, section and countries (found by its address:
    # dateline.articles.routing); its bylines; See also; its corrections; its
    # other editions; its pictures.
    assert large <= 6
    # Behind a proxy, the site's generation is read once for the whole request
    # (embedded, it is kept for half a second).
    reads = _queries_for(client, story.url, "pagecache_pagegeneration")
    assert reads == 1 if proxy else reads <= 1


def test_home_page_queries_do_not_grow_with_the_listing(client, home, steady):
    authors = [AuthorFactory() for _ in range(2)]
    for n in range(5):
        make_article(home=home, title=f"S {n}", authors=authors)
    client.get("/en/")
    small = _queries_for(client, "/en/")
    for n in range(25):
        make_article(home=home, title=f"L {n}", authors=authors)
    client.get("/en/")  # warm again: the publications changed the site
    assert _queries_for(client, "/en/") == small


@pytest.mark.parametrize("proxy", [False, True], ids=["embedded", "production"])
def test_front_and_section_pages_cost_six_queries_at_most(
    client, home, steady, settings, proxy
):
    """The front page (lead with its picture, top stories, a box per region) and a
    section, whatever the number of regions and stories."""
    if proxy:  # behind Varnish: every request here is a miss
        settings.DATELINE_PURGE_URL = "http://127.0.0.1:9"
    authors = [AuthorFactory() for _ in range(2)]
    regions = [
        SectionPageFactory(parent=home, title=f"Region {n}", show_in_menus=True)
        for n in range(4)
    ]
    picture = {"image": make_image(), "alt_text": "A harbour"}
    for n in range(12):
        article = make_article(
            home=home, title=f"S {n}", authors=authors, section=regions[n % 4]
        )
        article.body = [("image", picture), ("paragraph", "<p>Boats.</p>")]
        article.save_revision().publish()
    for path in ("/en/", regions[0].url):
        client.get(path)  # warm: the site's structure read once
        assert _queries_for(client, path) <= 6, path


def test_an_editor_previews_a_draft_and_a_new_article(home):
    from dateline.articles.services import archive_month_get_or_create

    draft = make_article(home=home, title="Draft piece", publish=False)
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert "Draft piece" in response.content.decode()

    # Not saved yet: no See also computed, no primary key, still a preview.
    month = archive_month_get_or_create(home=home, when=timezone.now())
    new = ArticlePage(
        title="New piece", slug="new-piece", lede="A lede.", locale_id=home.locale_id
    )
    new.set_url_path(month)
    new.path, new.depth = month.path + "ZZZZ", month.depth + 1
    response = new.make_preview_request()
    assert response.status_code == 200
    assert "New piece" in response.content.decode()
