"""A worker killed (SIGKILL) in the middle of a newsletter run, and started again:
no subscriber gets the digest twice, none misses it (docs/newsletters.md, decision
0016). Real processes: the demo on a PostgreSQL database of its own, ``dateline
worker`` processes started and killed, and a real SMTP server in the test."""

import os
import signal
import time
from collections import Counter

import pytest

from dateline.mail.smtp import UNCONFIRMED
from deploy.localsite import LocalSite, free_port
from tests.conftest import Inbox, SMTPServer, new_postgres_database

pytestmark = pytest.mark.clock

SUBSCRIBERS = 24
DOMAIN = "readers.example"  # the demo's editors get mail of their own
# Long enough that a loaded machine's slow replies (each may take a quarter of it,
# the SMTP timeout) do not stall the run; short enough for a test.
LEASE_SECONDS = 20
ADD_SUBSCRIBERS = f"""
from datetime import timedelta
from django.utils import timezone
from dateline.newsletters.models import Subscriber
Subscriber.objects.all().delete()
Subscriber.objects.bulk_create(
    Subscriber(
        email=f"r{{n:02}}@{DOMAIN}", status="active", language="en",
        editions=["en"], frequency="daily",
        confirmed_at=timezone.now() - timedelta(days=7),
    )
    for n in range({SUBSCRIBERS})
)
"""


class KillingInbox(Inbox):
    """A mailbox that calls ``at[("rcpt", n)]`` when the n-th subscriber is given
    as a recipient, before it answers (the message is not the server's yet), and
    ``at[("data", n)]`` when it has stored the n-th digest, before it answers 250
    (the message is the server's; its sender will never read that it is)."""

    def __init__(self):
        super().__init__()
        self.at = {}
        self.counted = Counter()

    def _at(self, point: str) -> None:
        self.counted[point] += 1
        if hook := self.at.pop((point, self.counted[point]), None):
            hook()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.endswith(DOMAIN):
            self._at("rcpt")
        return await super().handle_RCPT(
            server, session, envelope, address, rcpt_options
        )

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        reply = await super().handle_DATA(server, session, envelope)
        if envelope.rcpt_tos[0].endswith(DOMAIN):
            self._at("data")
        return reply

    @property
    def subscribers(self) -> list[str]:
        return [r for r in self.recipients if r.endswith(DOMAIN)]


@pytest.fixture
def site(tmp_path):
    smtp = SMTPServer(free_port())
    smtp.inbox = KillingInbox()
    smtp.start()
    with new_postgres_database("dateline_killed") as database:
        site = LocalSite(
            tmp_path,
            DATABASE_URL=database,
            EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
            DATELINE_NEWSLETTER_DAILY_AT="00:00",  # today's digest is due at once
            DATELINE_NEWSLETTER_BATCH="8",
            DATELINE_MAIL_LEASE_MINUTES=str(LEASE_SECONDS / 60),
            # Within the lease, as the system check asks (connect, data, reply).
            DATELINE_MAIL_TIMEOUT_SECONDS=str(LEASE_SECONDS / 4),
            DATELINE_CLOCK_SECONDS="1",
        )
        try:
            site.prepare(demo=True)
            site.run("shell", "-c", ADD_SUBSCRIBERS)
            yield site, smtp.inbox, database
        finally:
            site.stop()
            smtp.stop()


def deliveries(database: str) -> dict[tuple[str, str], int]:
    import psycopg

    with psycopg.connect(database) as connection:
        rows = connection.execute(
            "SELECT status, last_error, count(*) FROM newsletters_delivery "
            "JOIN mail_message ON mail_message.id = message_id "
            "GROUP BY status, last_error"
        ).fetchall()
    return {(status, error): n for status, error, n in rows}


def test_a_worker_killed_mid_run_and_restarted_sends_each_digest_once(site):
    site, inbox, database = site
    workers = [site.start_worker()]
    kills = []

    def kill(what: str):
        def hook():
            kills.append((what, len(inbox.subscribers)))
            os.kill(workers[-1].pid, signal.SIGKILL)

        return hook

    # The first worker dies waiting for the reply to a recipient; the second just
    # after the server has stored a message, before it could read the 250.
    inbox.at[("rcpt", 6)] = kill("before the data")
    inbox.at[("data", 12)] = kill("after the data")

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if workers[-1].poll() is not None:
            assert workers[-1].returncode == -signal.SIGKILL
            workers.append(site.start_worker())  # restarted, as systemd would
        done = deliveries(database)
        if sum(done.values()) == SUBSCRIBERS and set(done) <= {
            ("sent", ""),
            ("sent", UNCONFIRMED),
        }:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the run did not finish: {deliveries(database)}")

    assert kills == [("before the data", 5), ("after the data", 12)]
    assert len(workers) == 3
    # Nothing more comes after another lease and a few ticks of the clock.
    time.sleep(LEASE_SECONDS + 3)
    expected = {f"r{n:02}@{DOMAIN}": 1 for n in range(SUBSCRIBERS)}
    assert Counter(inbox.subscribers) == expected
    # The message the second worker handed over is counted sent, not sent again.
    assert deliveries(database) == {
        ("sent", ""): SUBSCRIBERS - 1,
        ("sent", UNCONFIRMED): 1,
    }
