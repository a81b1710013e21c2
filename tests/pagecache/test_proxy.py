"""The production topology on this machine: Varnish, with the repository's VCL, in
front of gunicorn and a worker (deploy.localsite), Django's cache in Redis. Readers
get pages from Varnish; a publication reaches them at once; 500 readers of a page
just purged cause one rendering of it (docs/caching.md)."""

import http.client
import shutil
import time
import urllib.request

import pytest

from deploy.localsite import LocalSite
from tests.pagecache.test_stampede import at_once

pytestmark = pytest.mark.skipif(
    not shutil.which("varnishd") and not shutil.which("/usr/sbin/varnishd"),
    reason="needs Varnish (apt-get install varnish); .ci/run installs it",
)

FILE = """
from django.utils import timezone
from dateline.articles.models import ArticlePage, HomePage
from dateline.articles.services import archive_month_get_or_create
home = HomePage.objects.get(locale__language_code="en")
month = archive_month_get_or_create(home=home, when=timezone.now())
article = ArticlePage(
    title="Ferries return to Incheon", slug="ferries", lede="The first ships.",
    body=[("paragraph", "<p>Ships docked.</p>")], locale_id=home.locale_id, live=False,
)
month.add_child(instance=article)
article.save_revision().publish()
print(ArticlePage.objects.get(pk=article.pk).url)
"""

EDIT = """
from django.utils import timezone
from dateline.articles.models import ArticleCorrection, ArticlePage
article = ArticlePage.objects.get(slug="ferries")
article.title = "{title}"
article.corrections.add(ArticleCorrection(text="{correction}", made_at=timezone.now()))
article.save_revision().publish()
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = LocalSite(
        tmp_path_factory.mktemp("proxied-site"),
        proxy=True,
        REDIS_URL="redis://127.0.0.1:6379/7",  # shared by gunicorn's processes
    )
    site.prepare(demo=False)
    path = site.run("shell", "--no-imports", "-c", FILE).strip()
    site.start(workers=2, threads=8)
    try:
        yield site, path
    finally:
        site.stop()


def get(url: str, **headers) -> tuple[dict, str]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return dict(response.headers), response.read().decode()


def within_a_second(url: str, text: str) -> float:
    """How long until the proxy serves a page with ``text``; fails after a second."""
    start = time.monotonic()
    while True:
        _, body = get(url)
        elapsed = time.monotonic() - start
        if text in body:
            return elapsed
        assert elapsed < 1, f"{url} still served the old page after a second"
        time.sleep(0.05)


def test_readers_get_pages_from_the_proxy_and_a_publication_reaches_them_at_once(
    site,
):
    site, path = site
    pages = [site.proxy_url + path, site.proxy_url + "/en/"]
    for url in pages:
        get(url)
        headers, body = get(url)
        assert headers["X-Cache"] == "hit", url
        assert "Ferries return to Incheon" in body

    site.run(
        "shell",
        "--no-imports",
        "-c",
        EDIT.format(title="Ferries return after the storm", correction="Not Busan."),
    )
    for url in pages:
        within_a_second(url, "Ferries return after the storm")
    within_a_second(pages[0], "Not Busan.")
    headers, _ = get(pages[0])
    assert headers["X-Cache"] == "hit"  # and cached again


def test_forms_and_editors_go_through_the_proxy_uncached(site):
    site, path = site
    share = site.proxy_url + path + "share/"
    for _ in range(2):
        headers, body = get(share)
        assert headers["X-Cache"] == "miss"
        assert "csrfmiddlewaretoken" in body
    headers, _ = get(site.proxy_url + path, Cookie="sessionid=someone")
    assert headers["X-Cache"] == "miss"
    headers, _ = get(site.proxy_url + "/en/?utm_source=x")
    assert headers["X-Cache"] == "miss"


def test_only_the_application_s_machines_may_purge(site):
    site, path = site

    def purge(source: str) -> int:
        connection = http.client.HTTPConnection(
            "127.0.0.1", site.proxy_port, timeout=5, source_address=(source, 0)
        )
        try:
            connection.request("PURGE", path)
            return connection.getresponse().status
        finally:
            connection.close()

    assert purge("127.0.0.2") == 405  # another machine, as far as the VCL knows
    assert purge("127.0.0.1") == 200


READERS = 500
# Each cache purged on its own (a publication purges both, and again a few seconds
# later from the worker: a second rendering that would be no stampede's).
DJANGO_PURGE = (
    "from dateline.pagecache import generations; generations.purge_paths([{path!r}])"
)


def varnish_purge(site, path: str) -> None:
    request = urllib.request.Request(site.proxy_url + path, method="PURGE")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10):  # noqa: S310
        pass


def read(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
        response.read()
        return response.status, response.headers.get("X-Cache", "")


def test_readers_of_a_purged_page_through_django_s_cache_cause_one_rendering(site):
    site, path = site
    read(site.url + path)
    site.run("shell", "--no-imports", "-c", DJANGO_PURGE.format(path=path))
    answers = at_once(READERS, lambda: read(site.url + path))
    assert {status for status, _ in answers} == {200}
    # X-Cache says which request made the page: "miss", once.
    assert [cache for _, cache in answers].count("miss") == 1


def test_readers_of_a_purged_page_through_varnish_cause_one_rendering(site):
    site, path = site
    read(site.proxy_url + path)
    assert read(site.proxy_url + path) == (200, "hit")
    varnish_purge(site, path)
    before = site.backend_requests()
    answers = at_once(READERS, lambda: read(site.proxy_url + path))
    assert {status for status, _ in answers} == {200}
    assert site.backend_requests() - before == 1
