"""A real Dateline for the browser tests: the demo loaded by the ``dateline`` command
into a database of its own, served by gunicorn with a worker beside it, its mail
going to an SMTP server in the test (docs/decisions/0012-reader-design.md).

Started once per test session: loading the demo is the slow part. On PostgreSQL
runs (DATABASE_URL=postgres://…) the site gets a PostgreSQL database of its own.
"""

import io
import os
import time
import uuid
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from deploy.localsite import LocalSite, free_port
from tests.conftest import CHROMIUM, SMTPServer

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = os.environ.get("DATELINE_SCREENSHOTS")  # make screenshots: docs/…
EDITIONS = ["en", "it", "zh-hans", "es"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class ReaderSite:
    url: str
    smtp: SMTPServer
    folder: Path  # its data: the demo's passwords are there
    site: LocalSite  # to run a ``dateline`` command on it

    def mail_to(self, address: str, *, timeout: float = 60.0, count: int = 1):
        """The messages delivered to ``address``, waiting for ``count`` of them
        (the worker sends mail in the background, behind the task it is running:
        on a loaded machine, the demo's indexing leaves it busy for a while)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [
                message_from_bytes(envelope.content, policy=policy.default)
                for envelope in self.smtp.inbox.envelopes
                if address in envelope.rcpt_tos
            ]
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, (
                    f"no mail reached {address}; the site's log ends:\n"
                    + self.site.log.read_text()[-4000:]
                )
                return found
            time.sleep(0.1)


def _database(tmp: Path):
    """The site's database URL, and how to drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'site.sqlite3'}", lambda: None
    import psycopg

    server, _, _ = url.rpartition("/")
    name = f"dateline_browser_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{server}/{name}", drop


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reader-site")
    smtp = SMTPServer(free_port())
    smtp.start()
    database, drop = _database(tmp)
    site = LocalSite(
        tmp,
        DATABASE_URL=database,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        # Eight journeys from one address in a few minutes: limits for a newsroom
        # test bench, not for the public.
        DATELINE_SHARE_PER_HOUR="100",
        DATELINE_SHARE_PER_DAY="100",
        DATELINE_SHARE_MIN_SECONDS="1",
        DATELINE_NEWSLETTER_PER_HOUR="100",
    )
    try:
        site.prepare(demo=True)
        site.start()
        yield ReaderSite(url=site.url, smtp=smtp, folder=tmp, site=site)
    finally:
        site.stop()
        smtp.stop()
        drop()


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser), for this
    package's tests: other tests start their own Playwright, which cannot run
    beside this one."""
    from playwright.sync_api import sync_playwright

    # Playwright's event loop runs in the tests' thread; tests still talk to the
    # database synchronously, as Django's docs allow for such tools.
    patch = pytest.MonkeyPatch()
    patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()
        # Queries made while Playwright runs use a connection of their own (Django's
        # connections follow the context): close it, or the test database cannot
        # be dropped at the end.
        from django.db import connections

        connections.close_all()
    patch.undo()


def screenshot(page, name: str, tmp_path: Path) -> Path:
    """A screenshot of the whole page (its first 3,600 pixels), in 128 colours to
    keep the repository small: into docs/screenshots/ for ``make screenshots``,
    else beside the test's other artefacts."""
    from PIL import Image

    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    shot = Image.open(
        io.BytesIO(page.screenshot(full_page=True, animations="disabled"))
    )
    shot = shot.convert("RGB").crop((0, 0, shot.width, min(shot.height, 3600)))
    shot.quantize(
        colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    ).save(path, optimize=True)
    return path


@pytest.fixture
def error_pages(client, home, settings):
    """The 429 and 500 pages as the application renders them."""
    from dateline.core.views import server_error

    settings.DATELINE_NEWSLETTERS = {**settings.DATELINE_NEWSLETTERS, "PER_HOUR": 0}
    limited = client.post("/en/newsletters/", {"email": "reader@example.org"})
    assert limited.status_code == 429
    yield {"429": limited.content, "500": server_error(None).content}
    from django.db import connections

    connections.close_all()  # see the browser fixture
