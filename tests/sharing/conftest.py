import email
import email.policy
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import signing

from dateline.sharing.forms import SALT
from tests.articles.factories import AuthorFactory, make_article


class Inbox:
    """An SMTP server's mailbox: what it was really sent."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd)
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
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
def article(homes):
    author = AuthorFactory(name="Min-jun Park")
    return make_article(
        home=homes["en"],
        title="Rail link talks resume",
        authors=[author],
        place="Seoul",
        paragraphs=["Negotiators met at the border village.", "Talks go on."],
        countries=["KR"],
    )


def stamp(seconds_ago: float = 60) -> str:
    """The form's signed start time, as if it was shown ``seconds_ago``."""
    return signing.dumps(time.time() - seconds_ago, salt=SALT)


def form_data(**changes) -> dict:
    data = {
        "sender_name": "Ana",
        "sender_email": "ana@example.org",
        "recipients": "ben@example.net",
        "note": "",
        "leave_empty": "",
        "started": stamp(),
    }
    return data | changes
