"""Parts that fail: a real Redis stopped under the site, then started again
(docs/security.md)."""

import shutil
import socket
import subprocess
import time

import pytest

from dateline.core import cache as resilient
from dateline.core import pagecache
from dateline.core.localsite import free_port
from dateline.newsletters.models import Subscriber
from tests.articles.factories import make_article
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
    pagecache.forget()
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
