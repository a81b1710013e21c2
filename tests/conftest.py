import email
import email.policy
import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from deploy.localsite import free_port


@pytest.hookimpl(optionalhook=True)  # only when xdist is there
def pytest_xdist_make_scheduler(config, log):
    """With ``--dist loadgroup`` (the Makefile's), the browser tests go to one
    worker, which starts their real site and loads the demo once, not once on each
    core; every other test goes on its own, in pytest-django's order. (xdist's own
    loadgroup reads ``@group`` suffixes that it can no longer add to node ids under
    pytest 9.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith("tests/browser/") else nodeid

    return BrowserTestsTogether(config, log)


FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_SERVER = os.environ.get("POSTGRES_SERVER", "postgres://postgres@127.0.0.1")


def local(*parts: int) -> datetime:
    """A wall-clock time in the site's zone (TIME_ZONE), as pages print it and files
    to import give it: ``local(2015, 3, 9, 14, 25)``. Tests run in other zones too
    (scripts/test_on_date.py)."""
    from django.utils import timezone

    return timezone.make_aware(datetime(*parts))


# A test of PostgreSQL's planner statistics, which SQLite does not keep.
planner_statistics = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner statistics"
)


def reltuples(model) -> float:
    """PostgreSQL's estimate of a model's rows, from its table's last analysis (-1:
    never analysed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [model._meta.db_table],
        )
        return cursor.fetchone()[0]


@contextmanager
def new_postgres_database(prefix: str):
    """A database of its own on the PostgreSQL server (POSTGRES_SERVER), for a site
    a test starts; dropped afterwards. Skips the test when there is no server."""
    psycopg = pytest.importorskip("psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server")
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def english_by_default(settings):
    """Each test starts in the default language: a request to another edition
    activates its language for the rest of the thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, and nothing kept in memory: a cached
    value (Wagtail's site addresses, a PDF, the edition's front pages) must not
    outlive the database rows it came from."""
    from django.core.cache import cache

    from dateline.articles import routing
    from dateline.pagecache import generations

    def forget():
        cache.clear()
        generations.forget()
        routing.forget()

    forget()
    yield
    forget()


@pytest.fixture
def steady(monkeypatch):
    """The site's generations read once, not again half a second later: a slow
    request (pictures' renditions made, a busy machine) must not count a read in
    a test that counts queries."""
    from dateline.pagecache import generations

    monkeypatch.setattr(generations, "MEMO_SECONDS", 3600)


@pytest.fixture
def home(db):
    from dateline.articles.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def homes(db):
    """Each edition's home page by language code: en, it, zh-hans, es."""
    from dateline.articles.models import HomePage

    return {
        home.locale.language_code: home
        for home in HomePage.objects.select_related("locale")
    }


@pytest.fixture
def sections(homes):
    """A region section (Korea: KR, KP) and a theme, in English and Italian."""
    from tests.articles.factories import SectionPageFactory

    korea = SectionPageFactory(
        parent=homes["en"], title="Korea", slug="korea", country_codes=["KR", "KP"]
    )
    environment = SectionPageFactory(
        parent=homes["en"],
        title="Environment",
        slug="environment",
        kind="theme",
    )
    corea = korea.copy_for_translation(homes["it"].locale)
    corea.title = "Corea"
    corea.save_revision().publish()
    return {"korea": korea, "environment": environment, "corea": corea}


@pytest.fixture
def fixtures_dir():
    return FIXTURES


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    # Playwright's event loop runs in the test's thread; the test still talks to the
    # database synchronously, as Django's docs allow for such tools.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
        # Queries made while Playwright runs use a connection of their own (Django's
        # connections follow the context); close it, or the test database cannot be
        # dropped at the end.
        from django.db import connections

        connections.close_all()


class Inbox:
    """An SMTP server's mailbox: what it was really sent.

    A test can make it misbehave as real servers do: ``refuse`` maps an address to
    the reply its RCPT gets ("550 5.1.1 No such user", "451 4.3.0 Try later"; a
    4xx is given once), and ``drop_after`` drops the connection, unanswered, at the
    DATA of that many more messages (a server that dies mid-run).
    """

    def __init__(self):
        self.envelopes = []
        self.refuse: dict[str, str] = {}
        self.drop_after: int | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        reply = self.refuse.get(address)
        if reply:
            if reply.startswith("4"):
                del self.refuse[address]
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd)
        if self.drop_after is not None:
            if self.drop_after <= 0:
                self.drop_after = None
                server.transport.abort()
                return "421 4.3.2 Going away"
            self.drop_after -= 1
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self):
        return [
            email.message_from_bytes(e.content, policy=email.policy.default)
            for e in self.envelopes
        ]

    @property
    def recipients(self):
        return [r for e in self.envelopes for r in e.rcpt_tos]


class SMTPServer:
    """A real SMTP server (aiosmtpd) on a local port, that a test can stop and
    start again."""

    def __init__(self, port: int):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    """Mail goes through SMTP to a server the test controls (not started yet)."""
    server = SMTPServer(free_port())
    from dateline.settings.base import OUTBOX_MAILER

    # Every e-mail through the outbox, as outside the tests (Django's test set-up
    # gives every mailer its local-memory backend), and from it to this server.
    settings.MAILERS = {
        "default": OUTBOX_MAILER,
        "transport": {
            "BACKEND": "dateline.mail.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        },
    }
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server):
    smtp_server.start()
    return smtp_server.inbox


@pytest.fixture
def settle(django_capture_on_commit_callbacks):
    """Run what a request queued for after its commit (the sending task)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def member(db):
    """A newsroom member of a role (in an edition), with a logged-in client:
    ``member("editor", "it")``; ``name`` for a second member of the same role."""

    from django.contrib.auth.models import Group, User
    from django.test import Client

    from dateline.newsroom.roles import group_name

    def make(role: str, language: str | None = "en", name: str = "") -> Client:
        username = name or f"{role}-{language or 'all'}"
        user = User.objects.create_user(
            username, email=f"{username}@desk.example", password="not-used"
        )
        user.groups.add(Group.objects.get(name=group_name(role, language)))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def editor(db):
    """A newsroom administrator (a superuser), not signed in."""
    from django.contrib.auth import get_user_model

    from tests.helpers import EDITOR, PASSWORD

    return get_user_model().objects.create_user(
        EDITOR, "desk@agency.example", PASSWORD, is_superuser=True
    )


@pytest.fixture
def page_cache(settings):
    """Django's page cache on, as in production, with nothing kept from before."""
    from dateline.articles import routing
    from dateline.pagecache import generations

    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "SECONDS": 600}
    generations.forget()
    routing.forget()


def once_per_module(django_db_blocker, build):
    """Rows a module's tests share, made once (``build()``, with what it queues for
    after its commit run at once) and rolled back after the module's last test.
    Each test runs in a savepoint inside (pytest-django's ``db``), so what a test
    changes is undone before the next. For modules without transactional tests.

        @pytest.fixture(scope="module")
        def made(django_db_setup, django_db_blocker):
            yield from once_per_module(django_db_blocker, build)
    """
    from django.db import transaction
    from django.test import TestCase

    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            made = build()
        yield made
        transaction.set_rollback(True)
