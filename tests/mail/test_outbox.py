"""The outbox against a real SMTP server (aiosmtpd) that hangs, goes away and comes
back: every message arrives once (docs/mail.md, decision 0016)."""

import asyncio
import time
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from dateline.mail import kinds, outbox
from dateline.mail.models import Message
from dateline.mail.smtp import UNCONFIRMED
from dateline.mail.tasks import message_queue
from dateline.newsletters.models import Subscriber
from dateline.worker import schedule
from tests.conftest import Inbox
from tests.newsletters.conftest import form

LEASE_SECONDS = 2
TIMEOUT_SECONDS = 0.5


class HangingInbox(Inbox):
    """A server that, once, waits ``hang`` seconds before it answers a RCPT (the
    message not handed over yet) or the final dot (the message stored)."""

    def __init__(self):
        super().__init__()
        self.hang_at: str | None = None
        self.hang = 0.0
        self.left_hanging = False

    async def _maybe_hang(self, point: str) -> None:
        if self.hang_at == point:
            self.hang_at = None
            try:
                await asyncio.sleep(self.hang)
            except asyncio.CancelledError:  # the client hung up on us
                self.left_hanging = True
                raise

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        await self._maybe_hang("rcpt")
        return await super().handle_RCPT(
            server, session, envelope, address, rcpt_options
        )

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        reply = await super().handle_DATA(server, session, envelope)
        await self._maybe_hang("data")
        return reply


@pytest.fixture
def hanging(smtp_server, settings):
    settings.DATELINE_MAIL = settings.DATELINE_MAIL | {
        "LEASE_MINUTES": LEASE_SECONDS / 60,
        "TIMEOUT_SECONDS": TIMEOUT_SECONDS,
    }
    settings.MAILERS["transport"]["OPTIONS"]["timeout"] = TIMEOUT_SECONDS
    smtp_server.inbox = HangingInbox()
    smtp_server.start()
    kinds.register(
        "probe",
        compose=lambda m: EmailMessage(
            "Probe", "Once.", "news@example.org", [m.recipient]
        ),
    )
    return smtp_server.inbox


def clock():
    """The worker's clock, as it runs every minute (its jobs, at once)."""
    schedule.run_due()


def test_a_server_that_hangs_past_the_lease_gets_the_message_once(hanging, db):
    hanging.hang_at, hanging.hang = "rcpt", LEASE_SECONDS + 1.5
    message = message_queue(kind="probe", recipient="ana@example.org")
    started = time.monotonic()
    assert outbox.send_one(message.pk) == "retry"  # gave up after the timeout
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
    assert message.last_error == "SMTPServerDisconnected"
    # The lease runs out while the server still hangs: the clock tries again.
    time.sleep(max(0.0, started + LEASE_SECONDS + 0.2 - time.monotonic()))
    Message.objects.update(next_attempt_at=timezone.now())
    clock()
    assert hanging.recipients == ["ana@example.org"]
    # The hang would end now, past the lease; the sender it held had hung up at
    # its timeout (without one, it would go on to send a second copy now).
    time.sleep(max(0.0, started + hanging.hang + 0.5 - time.monotonic()))
    assert hanging.left_hanging
    assert hanging.recipients == ["ana@example.org"]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)


def test_a_reply_that_never_comes_after_the_data_counts_as_sent(hanging, db):
    """The server stored the message and hangs before its 250: the sender gives up
    at its timeout and counts the message sent, as when a sender dies there;
    sending it again would make a second copy."""
    hanging.hang_at, hanging.hang = "data", TIMEOUT_SECONDS * 4
    message = message_queue(kind="probe", recipient="ben@example.org")
    assert outbox.send_one(message.pk) == "retry"  # the connection is done for
    message.refresh_from_db()
    assert (message.status, message.last_error) == (Message.Status.SENT, UNCONFIRMED)
    time.sleep(hanging.hang)
    Message.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    clock()
    assert hanging.recipients == ["ben@example.org"]


def test_a_confirmation_waits_for_a_server_that_is_down(
    client, homes, smtp_server, settle
):
    """A new subscriber's confirmation is not dropped after a few tries: it waits
    in the outbox and goes out, once, when the server is back."""
    with settle():  # the server is down
        response = client.post("/en/newsletters/", form(email="cy@example.org"))
    assert response.status_code == 200
    message = Message.objects.get(kind="confirm")
    assert message.status == Message.Status.QUEUED
    for _ in range(6):  # more tries than ATTEMPTS: a server down is not a refusal
        Message.objects.update(next_attempt_at=timezone.now())
        clock()
    assert Message.objects.get().status == Message.Status.QUEUED
    smtp_server.start()
    Message.objects.update(next_attempt_at=timezone.now())
    clock()
    clock()
    assert smtp_server.inbox.recipients == ["cy@example.org"]
    assert Subscriber.objects.get().email == "cy@example.org"
    assert Message.objects.get().status == Message.Status.SENT


def test_a_lease_shorter_than_three_timeouts_is_refused(settings):
    from django.core.checks import run_checks

    def ids():
        return {message.id for message in run_checks(tags=["dateline"])}

    assert "dateline.E008" not in ids()  # the defaults: 60 s, 10 minutes
    settings.DATELINE_MAIL = settings.DATELINE_MAIL | {
        "TIMEOUT_SECONDS": 60,
        "LEASE_MINUTES": 3,
    }
    assert "dateline.E008" in ids()


def test_django_s_own_mail_goes_through_the_outbox(smtp, settle, db):
    """A password reset, a workflow notice: Django's default mailer queues them,
    and the outbox sends them as written, once."""
    from django.core.mail import send_mail

    with settle():
        send_mail("Your link", "Follow it.", "news@example.org", ["desk@example.org"])
        message = Message.objects.get()
        assert (message.kind, message.status) == ("django", Message.Status.QUEUED)
    assert smtp.recipients == ["desk@example.org"]
    assert smtp.messages[0]["Subject"] == "Your link"
    assert Message.objects.get().status == Message.Status.SENT
