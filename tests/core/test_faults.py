"""Parts that fail: a real Redis stopped under the site, then started again; the
database's connections cut during a burst of requests (docs/security.md)."""

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from dateline.articles import routing
from dateline.core import cache as resilient
from dateline.newsletters.models import Subscriber
from dateline.pagecache import generations
from deploy.localsite import LocalSite, free_port
from tests.articles.factories import make_article
from tests.conftest import new_postgres_database
from tests.newsletters.conftest import form

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    """A redis-server of the test's own, on a free port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603  (Debian's redis-server)
            [REDIS, "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis(settings, monkeypatch):
    if not shutil.which(REDIS):
        pytest.skip("redis-server is needed (apt-get install redis-server)")
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "dateline.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "SECONDS": 600}
    generations.forget()
    routing.forget()
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.2)
    yield server
    if server.process.poll() is None:
        server.stop()


def test_with_redis_down_pages_are_made_and_forms_work_then_it_comes_back(
    client, homes, redis, caplog, settle
):
    article = make_article(home=homes["en"], title="Ferries return to Incheon")
    assert client.get(article.url)["X-Cache"] == "miss"
    assert client.get(article.url)["X-Cache"] == "hit"  # from Redis

    redis.stop()
    began = time.monotonic()
    for _ in range(5):
        response = client.get(article.url)
        assert response.status_code == 200
        assert "Ferries return to Incheon" in response.text
    assert time.monotonic() - began < 3  # no one waits for a timeout each time
    assert "Redis is not answering" in caplog.text
    # A public POST, rate limited through the cache, still works.
    with settle():
        assert client.post("/en/newsletters/", form()).status_code == 200
    assert Subscriber.objects.count() == 1

    redis.start()  # the same port: Redis is back
    time.sleep(0.3)  # past the pause before it is tried again
    client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "hit"


# --- the database connection dropped ----------------------------------------------


@pytest.fixture(scope="module")
def postgres_site(tmp_path_factory):
    """The demo served by gunicorn on a PostgreSQL database of its own, pages made
    on each request (no page cache: every request needs the database)."""
    folder = tmp_path_factory.mktemp("faults-site")
    with new_postgres_database("dateline_faults") as database:
        site = LocalSite(folder, DATABASE_URL=database, DATELINE_PAGE_CACHE_SECONDS="0")
        try:
            site.prepare(demo=True)
            site.start(workers=2, threads=4)
            yield site, database
        finally:
            site.stop()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_connections_dropped_during_a_burst_give_clean_pages_and_heal(postgres_site):
    """Every connection the site holds is cut, twice, while readers keep asking:
    each answer is the page or the site's designed error page (never a traceback
    or a dropped request), and the site recovers without a restart."""
    import psycopg

    site, database = postgres_site
    server, _, name = database.rpartition("/")
    pages = [f"{site.url}/en/", f"{site.url}/it/", f"{site.url}/en/search/?q=rail"]
    assert all(fetch(url)[0] == 200 for url in pages)

    def cut():
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            return admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchone()[0]

    answers = []
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(fetch, pages[n % 3]) for n in range(120)]
        time.sleep(0.3)
        cut_connections = cut()
        time.sleep(0.5)
        cut_connections += cut()
        answers = [future.result() for future in futures]
    assert cut_connections > 0  # the site's connections really were cut
    for status, body in answers:
        assert status in {200, 500}, status
        if status == 500:
            assert "Traceback" not in body
            assert "<h1>" in body  # the designed 500 page
    # Healed: every page answers again, without a restart.
    assert [fetch(url)[0] for url in pages * 3] == [200] * 9
