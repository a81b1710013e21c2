"""Reader pages from Django's cache: served without the database, and fresh the
moment an article changes (docs/caching.md)."""

import http.server
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dateline.articles import purging
from dateline.articles.models import ArticleCorrection, ArticlePage
from dateline.pagecache import generations, middleware, purges
from dateline.pagecache.models import PageGeneration
from tests.articles.factories import AuthorFactory, SectionPageFactory, make_article

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture
def section(homes):
    return SectionPageFactory(
        parent=homes["en"], title="Korea", slug="korea", country_codes=["KR"]
    )


@pytest.fixture
def story(homes, section):
    return make_article(
        home=homes["en"],
        title="Ferries return to Incheon",
        section=section,
        countries=["KR"],
        authors=[AuthorFactory(name="Min Ji", slug="min-ji")],
    )


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_a_second_reader_gets_the_page_from_the_cache_without_the_database(
    client, story, steady
):
    # (Within MEMO_SECONDS of the first: a busy machine could take longer.)
    first = fetch(client, story.url)
    assert first["X-Cache"] == "miss"
    assert "public" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        second = fetch(client, story.url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0


def test_a_page_has_no_token_or_cookie_of_one_reader(client, story):
    response = fetch(client, story.url)
    assert b"csrfmiddlewaretoken" not in response.content
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize(
    "url",
    [
        lambda story, home: story.url,
        lambda story, home: home.url,
        lambda story, home: story.section.url,
        lambda story, home: home.url + home.reverse_subpage("country", args=["kr"]),
        lambda story, home: home.url + home.reverse_subpage("author", args=["min-ji"]),
        lambda story, home: story.get_parent().url,  # the month's archive
        lambda story, home: reverse("feeds:edition", args=["rss"]),
        lambda story, home: reverse("feeds:scoped", args=["atom", "countries", "kr"]),
    ],
)
def test_a_new_headline_is_on_every_cached_page_that_shows_it_at_once(
    client, story, homes, settle, url
):
    address = url(story, homes["en"])
    assert b"Ferries return to Incheon" in fetch(client, address).content
    assert fetch(client, address)["X-Cache"] == "hit"

    story.title = "Ferries return to Incheon after the storm"
    with settle():
        story.save_revision().publish()

    response = fetch(client, address)
    assert response["X-Cache"] == "miss"
    assert b"Ferries return to Incheon after the storm" in response.content


def test_a_correction_reaches_the_article_and_the_corrections_page(
    client, story, settle
):
    corrections = reverse("corrections")
    fetch(client, story.url), fetch(client, corrections)
    story.corrections.add(
        ArticleCorrection(
            text="The port was Incheon, not Busan.", made_at=timezone.now()
        )
    )
    with settle():
        story.save_revision().publish()
    for address in (story.url, corrections):
        assert b"The port was Incheon, not Busan." in fetch(client, address).content


def test_a_new_article_joins_the_cached_listings_and_feeds(
    client, story, homes, section, settle
):
    home = homes["en"]
    listings = [home.url, section.url, reverse("feeds:edition", args=["json"])]
    for address in listings:
        fetch(client, address)
    with settle():
        make_article(home=home, title="A typhoon nears Jeju", countries=["KR"])
    for address in listings:
        assert "A typhoon nears Jeju" in fetch(client, address).content.decode()


def test_an_unpublished_article_leaves_the_cached_pages(client, story, homes, settle):
    home = homes["en"]
    fetch(client, story.url), fetch(client, home.url)
    with settle():
        story.unpublish()
    assert client.get(story.url).status_code == 404
    assert b"Ferries return to Incheon" not in fetch(client, home.url).content


def test_a_translation_reaches_the_original_s_edition_links(
    client, story, homes, settle
):
    fetch(client, story.url)
    with settle():
        translation = make_article(
            home=homes["it"],
            title="I traghetti tornano a Incheon",
            translation_of=story,
        )
    assert translation.url.encode() in fetch(client, story.url).content


def test_see_also_neighbours_are_purged_with_the_article(client, story, homes, settle):
    other = make_article(
        home=homes["en"], title="Incheon port reopens", related=[story]
    )
    assert b"Ferries return to Incheon" in fetch(client, other.url).content
    assert fetch(client, other.url)["X-Cache"] == "hit"
    story.title = "Ferries sail again from Incheon"
    with settle():
        story.save_revision().publish()
    again = fetch(client, other.url)
    assert again["X-Cache"] == "miss"
    assert b"Ferries sail again from Incheon" in again.content


def test_an_embargo_lifting_reaches_the_listings(client, story, homes, settle):
    home = homes["en"]
    soon = timezone.now() + timedelta(minutes=30)
    embargoed = make_article(home=home, title="Election results", published_at=soon)
    fetch(client, home.url)
    # Its time comes (it was put live under embargo an hour before).
    ArticlePage.objects.filter(pk=embargoed.pk).update(
        first_published_at=timezone.now() - timedelta(hours=1),
        published_at=timezone.now() - timedelta(seconds=30),
    )
    assert b"Election results" not in fetch(client, home.url).content  # cached
    with settle():
        assert purging.embargoes_lifted(timezone.now()) == 1
    assert b"Election results" in fetch(client, home.url).content


def test_a_section_renamed_reaches_every_page(client, story, section, settle):
    fetch(client, story.url)
    section.title = "Korean peninsula"
    with settle():
        section.save_revision().publish()
    assert b"Korean peninsula" in fetch(client, story.url).content


def test_a_purge_in_another_process_reaches_this_one_within_a_second(
    client, story, settle, monkeypatch
):
    fetch(client, story.url)
    # Another process (the worker) writes the new generation in the database:
    # this process has the old one in memory, for MEMO_SECONDS.
    PageGeneration.objects.update_or_create(
        path=generations.path_hash(story.url), defaults={"generation": 42}
    )
    assert generations.MEMO_SECONDS <= 0.5
    clock = [1000.0]
    monkeypatch.setattr(generations.time, "monotonic", lambda: clock[0])
    generations._memo.clear()
    generations._generations(story.url)  # read now
    clock[0] += generations.MEMO_SECONDS + 0.01
    PageGeneration.objects.filter(path=generations.path_hash(story.url)).update(
        generation=43
    )
    assert generations._generations(story.url).endswith(":43")


def test_an_editor_with_a_session_gets_the_page_made_for_them(
    admin_client, client, story
):
    fetch(client, story.url)
    response = fetch(admin_client, story.url)
    assert "X-Cache" not in response


@pytest.mark.parametrize("query", ["utm_source=x", "page=1&x=1", "q=ferries"])
def test_other_query_strings_are_not_cached(client, story, homes, query):
    fetch(client, f"{homes['en'].url}?{query}")
    assert "X-Cache" not in fetch(client, f"{homes['en'].url}?{query}")


def test_pages_of_a_listing_are_cached_and_purged_with_it(
    client, story, homes, settings, settle
):
    settings.DATELINE_PAGE_SIZE = 1
    home = homes["en"]
    make_article(
        home=home, title="Older news", published_at=timezone.now() - timedelta(days=2)
    )
    assert b"Older news" in fetch(client, f"{home.url}?page=2").content
    assert fetch(client, f"{home.url}?page=2")["X-Cache"] == "hit"
    with settle():
        make_article(home=home, title="Newest news")
    assert b"Older news" not in fetch(client, f"{home.url}?page=2").content


def test_forms_and_previews_are_never_shared(client, admin_client, story):
    share = client.get(story.url + "share/")
    assert "public" not in share.get("Cache-Control", "")
    assert "X-Cache" not in share
    preview = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[story.pk])
    )
    assert "public" not in preview.get("Cache-Control", "")


def test_a_public_page_that_sets_a_cookie_is_made_private(rf, db):
    from django.http import HttpResponse

    def view(request):
        response = middleware.public_page(request, HttpResponse("hello"))
        response.set_cookie("who", "me")
        return response

    response = middleware.PageCacheMiddleware(view)(rf.get("/en/"))
    assert response["Cache-Control"] == "private, no-cache"
    assert "X-Cache" not in response


def test_a_cache_that_fails_leaves_pages_served_uncached(client, story, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(middleware, "page_key", down)
    response = client.get(story.url)
    assert response.status_code == 200
    assert b"Ferries return to Incheon" in response.content
    assert "X-Cache" not in response


def test_the_proxy_gets_a_purge_for_each_page(story, settings, settle):
    received = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802
            received.append((self.path, self.headers.get("X-Purge")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.DATELINE_PURGE_URL = f"http://127.0.0.1:{server.server_port}"
        settings.WAGTAILFRONTENDCACHE = {
            "proxy": {
                "BACKEND": "dateline.pagecache.backends.ProxyBackend",
                "LOCATION": settings.DATELINE_PURGE_URL,
            }
        }
        with settle():
            story.save_revision().publish()
        with settle():
            purges.purge(everything=True)
    finally:
        server.shutdown()
        server.server_close()
    paths = {path for path, _ in received}
    assert {story.url, story.section.url, "/en/feeds/rss/"} <= paths
    assert ("/", "all") in received


def test_a_proxy_that_does_not_answer_does_not_stop_a_publication(
    story, settings, settle, caplog
):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "dateline.pagecache.backends.ProxyBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    with settle():
        story.save_revision().publish()
    assert "The proxy did not purge" in caplog.text


def test_behind_a_proxy_a_second_purge_follows_from_the_worker(story, settings, settle):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    settings.DATELINE_PURGE_URL = "http://127.0.0.1:9"
    settings.WAGTAILFRONTENDCACHE = {
        "pages": {"BACKEND": "dateline.pagecache.backends.PageCacheBackend"}
    }
    tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    with override_settings(TASKS=tasks), settle():
        purges.purge(["/en/some/page/"])
    [again] = DBTaskResult.objects.filter(
        task_path="dateline.pagecache.tasks.pages_purge"
    )
    assert again.args_kwargs["args"] == [["/en/some/page/"], False]
    delay = (again.run_after - again.enqueued_at).total_seconds()
    assert purges.PURGE_AGAIN_SECONDS - 1 <= delay <= purges.PURGE_AGAIN_SECONDS + 1


def test_generations_older_than_any_cached_page_are_forgotten(db, settings):
    generations.purge_paths(["/en/old/", "/en/new/"])
    generations.purge_everything()
    long_ago = timezone.now() - timedelta(
        seconds=settings.DATELINE_PAGE_CACHE["SECONDS"] + 3601
    )
    PageGeneration.objects.filter(path=generations.path_hash("/en/old/")).update(
        purged_at=long_ago
    )
    PageGeneration.objects.filter(path=PageGeneration.EVERYTHING).update(
        purged_at=long_ago
    )
    assert generations.forget_old_generations(timezone.now()) == 1
    left = set(PageGeneration.objects.values_list("path", flat=True))
    assert left == {generations.path_hash("/en/new/"), PageGeneration.EVERYTHING}
