"""Bounces and complaints suppress an address: from a bounce mailbox, a CSV, or an
e-mail service's tracking webhook (django-anymail)."""

import base64
import email
import email.policy
import importlib
import json
import mailbox
from email.message import EmailMessage
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import clear_url_caches

from dateline.newsletters import links
from dateline.newsletters.models import Subscriber

from .conftest import subscriber

pytestmark = pytest.mark.django_db


def dsn(recipient: str, status: str = "5.1.1", action: str = "failed"):
    """A delivery status notification (RFC 3464) as Postfix sends one back."""
    return email.message_from_string(
        f"""From: MAILER-DAEMON@relay.example.net (Mail Delivery System)
To: news@localhost
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relay.example.net.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net
Arrival-Date: Sat, 28 Nov 2026 06:00:03 +0000

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; 550 {status} User unknown

--B1
Content-Type: text/rfc822-headers

From: news@localhost
To: {recipient}
Subject: Your daily digest

--B1--
""",
        policy=email.policy.default,
    )


def _fixed(message: EmailMessage) -> EmailMessage:
    """Written out and read back, as a mailbox file holds it."""
    return email.message_from_bytes(bytes(message), policy=email.policy.default)


def arf(recipient: str) -> EmailMessage:
    """A spam complaint (RFC 5965 feedback report) about a digest."""
    report = EmailMessage()
    report["From"] = "feedback@isp.example.net"
    report["Subject"] = "Complaint"
    report.set_content("A complaint about a message from your site.")
    report.add_attachment(
        "Feedback-Type: abuse\nUser-Agent: ISP/1.0\nVersion: 1\n",
        subtype="feedback-report",
    )
    report.add_attachment(
        f"From: news@localhost\nTo: {recipient}\nSubject: Your daily digest\n",
        subtype="rfc822-headers",
    )
    report.replace_header(
        "Content-Type", 'multipart/report; report-type="feedback-report"'
    )
    return _fixed(report)


def write_mbox(path, messages):
    box = mailbox.mbox(path)
    for message in messages:
        box.add(message)
    box.flush()
    box.close()


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "newsletters", "bounces", *args, "--no-progress", stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_a_bounce_mailbox_suppresses_hard_bounces_and_complaints(tmp_path):
    hard = subscriber("gone@example.org")
    soft = subscriber("full@example.org")
    angry = subscriber("angry@example.org")
    leaving = subscriber("leaving@example.org")
    request = EmailMessage()
    token = links.token_for(leaving, "unsubscribe")
    request["Subject"] = f"unsubscribe {token.replace(':', '%3A')}"  # as mailed
    request["From"] = "leaving@example.org"
    request.set_content("")
    junk = EmailMessage()
    junk["Subject"] = "Hello"
    junk.set_content("Not a bounce.")
    box = tmp_path / "bounces.mbox"
    write_mbox(
        box,
        [
            dsn("gone@example.org"),
            dsn("full@example.org", status="4.2.2", action="delayed"),
            arf("angry@example.org"),
            request,
            junk,
        ],
    )
    out, err = run(str(box))
    assert "3 subscriber(s) suppressed or unsubscribed" in out
    assert "1 unreadable" in out and "not a bounce" in err
    statuses = {
        s.email: s.status
        for s in Subscriber.objects.filter(
            pk__in=[hard.pk, soft.pk, angry.pk, leaving.pk]
        )
    }
    assert statuses == {
        "gone@example.org": "suppressed",
        "full@example.org": "active",
        "angry@example.org": "suppressed",
        "leaving@example.org": "unsubscribed",
    }
    # Read again (the command was interrupted and run again): nothing changes.
    out, _err = run(str(box))
    assert "0 subscriber(s) suppressed" in out


def test_a_maildir_is_read_too(tmp_path):
    subscriber("gone@example.org")
    folder = mailbox.Maildir(tmp_path / "Maildir")
    folder.add(dsn("gone@example.org"))
    run(str(tmp_path / "Maildir"))
    assert Subscriber.objects.get().status == "suppressed"


def test_a_csv_of_bounces_and_complaints(tmp_path):
    subscriber("gone@example.org")
    subscriber("angry@example.org")
    subscriber("fine@example.org")
    sheet = tmp_path / "bounces.csv"
    sheet.write_text(
        "Email,Type\ngone@example.org,bounce\nANGRY@example.org,complaint\n"
        "not-an-address,bounce\n"
    )
    out, err = run(str(sheet))
    assert "2 subscriber(s) suppressed" in out and "1 unreadable" in out
    assert "line 4" in err
    assert list(
        Subscriber.objects.order_by("email").values_list("status", flat=True)
    ) == ["suppressed", "active", "suppressed"]


def test_a_file_that_cannot_be_read_is_explained(tmp_path):
    sheet = tmp_path / "list.csv"
    sheet.write_text("address\nx@example.org\n")
    with pytest.raises(CommandError, match="no 'email' column"):
        run(str(sheet))
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.mbox"))


@pytest.fixture
def anymail_webhooks(settings):
    """The tracking webhooks, mounted as they are once WEBHOOK_SECRET is set."""
    import dateline.urls

    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    importlib.reload(dateline.urls)
    clear_url_caches()
    yield
    settings.ANYMAIL = {}
    importlib.reload(dateline.urls)
    clear_url_caches()


def postmark(client, payload, secret="hook:s3cret"):  # noqa: S107
    return client.post(
        "/anymail/postmark/tracking/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(secret.encode()).decode(),
    )


def test_an_email_services_bounce_and_complaint_webhooks_suppress(
    client, anymail_webhooks
):
    subscriber("gone@example.org")
    subscriber("angry@example.org")
    subscriber("full@example.org")
    bounce = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Email": "gone@example.org",
        "BouncedAt": "2026-11-28T10:00:00Z",
        "Description": "The server was unable to deliver your message.",
    }
    # A temporary failure: anymail calls it "deferred", not "bounced".
    soft = bounce | {
        "Type": "Transient",
        "TypeCode": 2,
        "Email": "full@example.org",
    }
    complaint = {
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79484",
        "Email": "angry@example.org",
        "BouncedAt": "2026-11-28T10:00:00Z",
    }
    for payload in (bounce, soft, complaint):
        assert postmark(client, payload).status_code == 200
    assert dict(Subscriber.objects.values_list("email", "status")) == {
        "gone@example.org": "suppressed",
        "angry@example.org": "suppressed",
        "full@example.org": "active",
    }


def test_the_webhook_refuses_a_caller_without_the_secret(client, anymail_webhooks):
    subscriber("gone@example.org")
    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "Email": "gone@example.org",
    }
    assert postmark(client, payload, secret="hook:guess").status_code == 400
    assert Subscriber.objects.get().status == "active"


def test_without_a_secret_there_is_no_webhook(client):
    response = client.post("/anymail/postmark/tracking/", {}, follow=True)
    assert response.status_code == 404
