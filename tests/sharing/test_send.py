"""Send to a friend, end to end: the form, the service, the task, a real SMTP server."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.mail import outbox
from dateline.mail.models import Message
from dateline.mail.smtp import UNCONFIRMED
from dateline.sharing import services
from dateline.sharing.models import Share, ShareMessage
from dateline.worker import schedule
from tests.articles.factories import make_article

from .conftest import form_data, stamp

pytestmark = pytest.mark.clock


def share_url(article):
    return article.url + "share/"


def test_the_form_has_its_own_page_in_the_article_edition(client, article, homes):
    italian = make_article(home=homes["it"], title="Riprendono i colloqui")
    page = client.get(share_url(italian))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Invia a un amico" in html  # translated
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="leave_empty"' in html and 'name="started"' in html
    assert "Riprendono i colloqui" in html


def test_a_share_is_delivered_with_the_article_and_honest_headers(
    client, article, smtp, settle, settings
):
    with settle():
        response = client.post(
            share_url(article),
            form_data(note="Thought of you. Read this one!"),
        )
    assert response.status_code == 200
    assert "The article was sent to ben@example.net." in response.content.decode()

    [message] = smtp.messages
    assert smtp.recipients == ["ben@example.net"]
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Reply-To"] == "ana@example.org"
    assert message["To"] == "ben@example.net"
    assert "Rail link talks resume" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "“Ana” (not verified)" in body
        assert "Thought of you. Read this one!" in body
        assert "Rail link talks resume" in body
        assert "Seoul (Dateline) –" in body
        assert "The lede of Rail link talks resume." in body
        assert "http://testserver/en/" in body and article.slug in body
    assert "<img" not in html  # no tracking pixel, no remote image
    assert ShareMessage.objects.get().message.status == Message.Status.SENT


def test_the_message_is_written_in_the_article_edition(client, homes, smtp, settle):
    spanish = make_article(home=homes["es"], title="Se reanudan las conversaciones")
    with settle():
        client.post(share_url(spanish), form_data())
    [message] = smtp.messages
    text = message.get_body(("plain",)).get_content()
    assert "(no verificado)" in text
    assert "Leer el artículo:" in text


def test_recipients_are_deduplicated(client, article, smtp, settle):
    with settle():
        client.post(
            share_url(article),
            form_data(recipients="ben@example.net, Ben@Example.net; cy@example.com"),
        )
    assert sorted(smtp.recipients) == ["ben@example.net", "cy@example.com"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"note": "Look at www.cheap-pills.example now"},
            "The note cannot contain links or web addresses.",
        ),
        ({"note": "see https://example.com/x"}, "cannot contain links"),
        ({"note": "visit spam.biz today"}, "cannot contain links"),
        # Disguised: spaced or bracketed dots, another script, an IP address,
        # a zero-width space, full-width letters.
        ({"note": "go to evil .com"}, "cannot contain links"),
        ({"note": "go to evil[.]com"}, "cannot contain links"),
        ({"note": "go to evil(dot)com"}, "cannot contain links"),
        ({"note": "смотри пример.рф"}, "cannot contain links"),
        ({"note": "see 1.2.3.4/x"}, "cannot contain links"),
        ({"note": "see evil\u200b.com"}, "cannot contain links"),
        ({"note": "see ｅｖｉｌ．ｃｏｍ"}, "cannot contain links"),
        # The sender's name is in the mail too.
        ({"sender_name": "Win a prize at http://evil.example"}, "Your name cannot"),
        ({"sender_name": "Win at evil[.]com"}, "Your name cannot"),
        ({"note": "x" * 301}, "at most 300 characters"),
        (
            {"recipients": ", ".join(f"{n}@example.org" for n in "abcd")},
            "at most 3 addresses",
        ),
        ({"recipients": "ben@example.net, not-an-address"}, "not-an-address"),
        ({"recipients": ""}, "This field is required."),
        ({"sender_email": "ana(at)example"}, "Enter a valid email address."),
        ({"leave_empty": "http://spam.example"}, "must be left empty"),
        ({"started": 1}, "That was very quick."),
        ({"started": 13 * 3600}, "open too long"),
        ({"started": "forged"}, "could not be read"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    client, article, smtp, settle, changes, message
):
    if isinstance(changes.get("started"), int):  # seconds ago, stamped now
        changes = {"started": stamp(seconds_ago=changes["started"])}
    with settle():
        response = client.post(share_url(article), form_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "The article was not sent." in html
    assert smtp.envelopes == []
    assert not Share.objects.exists()


def test_a_note_may_mention_an_abbreviation_or_an_ellipsis(
    client, article, smtp, settle
):
    with settle():
        response = client.post(
            share_url(article),
            form_data(
                note="E.g. the talks... U.S. view, i.e. no. See you at 5.30 .",
                sender_name="Ana M. López",
            ),
        )
    assert response.status_code == 200
    assert len(smtp.envelopes) == 1


def test_the_inline_form_is_a_fragment(client, article):
    page = client.get(
        share_url(article), headers={"X-Requested-With": "dateline-share"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<form" in html and "<html" not in html


def test_without_the_csrf_token_nothing_is_sent(article, smtp, settle):
    from django.test import Client

    with settle():
        response = Client(enforce_csrf_checks=True).post(
            share_url(article), form_data()
        )
    assert response.status_code == 403
    assert smtp.envelopes == []


def test_a_broken_smtp_server_neither_loses_nor_repeats_a_message(
    client, article, smtp_server, settle, caplog
):
    caplog.set_level(logging.DEBUG)
    with settle():  # the server is down
        response = client.post(share_url(article), form_data())
    assert response.status_code == 200  # accepted: it is queued
    message = ShareMessage.objects.get().message
    assert message.status == Message.Status.QUEUED
    assert message.attempts == 1
    assert message.last_error.startswith("ConnectionRefusedError")
    assert message.next_attempt_at > timezone.now()

    smtp_server.start()
    assert services.share_retry() == 0  # not due yet
    Message.objects.update(next_attempt_at=timezone.now())
    assert services.share_retry() == 1
    assert services.share_retry() == 0
    assert outbox.send_one(message.pk) == "skipped"  # a late duplicate task
    assert smtp_server.inbox.recipients == ["ben@example.net"]  # once
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)
    # Addresses are never logged, even when sending fails (the test's own SMTP
    # server, aiosmtpd's "mail.log", is not ours).
    logged = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")
    )
    assert f"Message {message.pk} (share): attempt 1 failed" in logged
    assert "ben@example.net" not in logged
    assert "ana@example.org" not in logged


def test_messages_a_dead_worker_left_sending_are_settled_by_the_clock(
    client, article, smtp, settle, settings
):
    with settle():
        client.post(
            share_url(article),
            form_data(recipients="ben@example.net, cy@example.com, di@example.org"),
        )
    smtp.envelopes.clear()
    lease = settings.DATELINE_MAIL["LEASE_MINUTES"]
    long_ago = timezone.now() - timedelta(minutes=lease + 1)
    ben, cy, di = Message.objects.order_by("recipient")
    # As workers that died leave them: before the data; after the final dot (the
    # server has it); and one claimed just now, that a live worker may be sending.
    Message.objects.update(status="claimed", sent_at=None, handed_at=None)
    Message.objects.filter(pk=ben.pk).update(claimed_at=long_ago)
    Message.objects.filter(pk=cy.pk).update(
        status="handed", claimed_at=long_ago, handed_at=long_ago
    )
    Message.objects.filter(pk=di.pk).update(claimed_at=timezone.now())
    with settle():
        assert schedule.run_due() == len(schedule._jobs)
    assert smtp.recipients == ["ben@example.net"]  # sent again, once
    ben, cy, di = Message.objects.order_by("recipient")
    assert (ben.status, ben.last_error) == ("sent", "")
    assert (cy.status, cy.last_error, cy.sent_at) == ("sent", UNCONFIRMED, long_ago)
    assert di.status == "claimed"


def test_a_message_the_server_keeps_deferring_is_given_up(
    client, article, smtp, settle
):
    smtp.refuse = {"ben@example.net": "451 4.3.0 Try again later"}
    with settle():
        client.post(share_url(article), form_data())
    for _ in range(10):
        smtp.refuse = {"ben@example.net": "451 4.3.0 Try again later"}
        Message.objects.filter(status="queued").update(next_attempt_at=timezone.now())
        services.share_retry()
    message = Message.objects.get()
    assert (message.status, message.last_error) == (Message.Status.FAILED, "SMTP 451")
    assert message.attempts == 5
    assert smtp.recipients == []


def test_a_message_whose_server_stays_down_expires(
    client, article, smtp_server, settle, settings
):
    with settle():
        client.post(share_url(article), form_data())  # the server is down
    for _ in range(10):  # a server down: not the message's fault, tried again
        Message.objects.filter(status="queued").update(next_attempt_at=timezone.now())
        services.share_retry()
    assert Message.objects.get().status == Message.Status.QUEUED
    hours = settings.DATELINE_MAIL["EXPIRE_HOURS"]
    Message.objects.update(created_at=timezone.now() - timedelta(hours=hours + 1))
    with settle():
        schedule.run_due()
    message = Message.objects.get()
    assert (message.status, message.last_error) == (Message.Status.FAILED, "expired")


def test_addresses_are_deleted_after_the_retention_period(
    client, article, smtp, settle
):
    with settle():
        client.post(share_url(article), form_data())
    Share.objects.update(created_at=timezone.now() - timedelta(days=31))
    with settle():
        client.post(share_url(article), form_data(recipients="cy@example.com"))
        schedule.run_due()  # the worker's clock forgets the first, addresses and all
    assert list(Message.objects.values_list("recipient", flat=True)) == [
        "cy@example.com"
    ]
    assert Share.objects.count() == ShareMessage.objects.count() == 1


def test_the_admin_lists_messages_without_full_addresses(
    admin_client, article, smtp, settle
):
    with settle():
        admin_client.post(share_url(article), form_data())
    page = admin_client.get("/admin/share_messages/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "b…@example.net" in html
    assert "ben@example.net" not in html
    assert "Rail link talks resume" in html


def test_the_sharing_command_retries_and_purges(client, article, smtp_server, settle):
    from io import StringIO

    from django.core.management import call_command

    with settle():
        client.post(share_url(article), form_data())  # the server is down
    smtp_server.start()
    Message.objects.update(next_attempt_at=timezone.now())
    out = StringIO()
    call_command("sharing", "retry", stdout=out)
    assert "1 message(s) sent." in out.getvalue()
    assert smtp_server.inbox.recipients == ["ben@example.net"]
    Share.objects.update(created_at=timezone.now() - timedelta(days=31))
    call_command("sharing", "purge", stdout=out)
    assert not ShareMessage.objects.exists()
    assert not Message.objects.exists()
