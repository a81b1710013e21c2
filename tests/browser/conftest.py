"""A real Dateline for the browser tests: the demo loaded by the ``dateline`` command
into a database of its own, served by gunicorn with a worker beside it, its mail
going to an SMTP server in the test (docs/decisions/0012-reader-design.md).

Started once per test session: loading the demo is the slow part. On PostgreSQL
runs (DATABASE_URL=postgres://…) the site gets a PostgreSQL database of its own.
"""

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, SMTPServer, free_port

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

    def mail_to(self, address: str, *, timeout: float = 20.0, count: int = 1):
        """The messages delivered to ``address``, waiting for ``count`` of them
        (the worker sends mail in the background)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [
                message_from_bytes(envelope.content, policy=policy.default)
                for envelope in self.smtp.inbox.envelopes
                if address in envelope.rcpt_tos
            ]
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, f"no mail reached {address}"
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


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the site stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310  (our own site)
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the site did not answer:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reader-site")
    smtp = SMTPServer(free_port())
    smtp.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database, drop = _database(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DEBUG": "false",
        "SECRET_KEY": uuid.uuid4().hex,
        "DATELINE_DATA_DIR": str(tmp),
        "DATABASE_URL": database,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "BASE_URL": url,
        "LOG_LEVEL": "WARNING",
        # Eight journeys from one address in a few minutes: limits for a newsroom
        # test bench, not for the public.
        "DATELINE_SHARE_PER_HOUR": "100",
        "DATELINE_SHARE_PER_DAY": "100",
        "DATELINE_SHARE_MIN_SECONDS": "1",
        "DATELINE_NEWSLETTER_PER_HOUR": "100",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [sys.executable, "-m", "dateline.cli"]
    log = tmp / "site.log"
    with log.open("w") as out:
        for step in (
            ["migrate", "--no-input"],
            ["demo", "--no-progress"],
            ["collectstatic", "--no-input", "-v0"],
        ):
            subprocess.run(
                command + step, env=env, cwd=tmp, stdout=out, stderr=out, check=True
            )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "dateline.wsgi", "--bind",
             f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"],
            env=env, cwd=tmp, stdout=out, stderr=out,
        )  # fmt: skip
        worker = subprocess.Popen(
            command + ["worker", "--interval", "0.2", "--no-startup-delay"],
            env=env, cwd=tmp, stdout=out, stderr=out,
        )  # fmt: skip
    try:
        _wait_for(url + "/en/", server, log)
        yield ReaderSite(url=url, smtp=smtp)
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=20)
        smtp.stop()
        drop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
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
    patch.undo()


def screenshot(page, name: str, tmp_path: Path) -> Path:
    """A full-page screenshot: into docs/screenshots/ for ``make screenshots``,
    else beside the test's other artefacts."""
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=path, full_page=True, animations="disabled")
    return path
