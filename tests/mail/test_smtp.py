"""The SMTP backend that shows when a message is handed over (mail/smtp.py), against
a real SMTP server (aiosmtpd)."""

import socket

import pytest
from django.core.mail import EmailMessage, mailers

from dateline.mail.smtp import EmailBackend, handing_over


def message(body: str = "Hello.\n") -> EmailMessage:
    return EmailMessage("A subject", body, "news@example.org", ["ben@example.net"])


def test_the_mark_comes_after_the_data_and_before_the_final_dot(smtp):
    seen = []
    with mailers["transport"] as mailer:
        assert isinstance(mailer, EmailBackend)
        # The server has had every line of the message but the dot: it holds none.
        with handing_over(mailer, lambda: seen.append(len(smtp.envelopes))):
            mailer.send_messages([message()])
        assert seen == [0]
        assert len(smtp.envelopes) == 1
        # The mark is for one message: the next is sent as Django sends it.
        mailer.send_messages([message()])
    assert seen == [0]
    assert len(smtp.envelopes) == 2


def test_the_data_arrives_as_smtplib_would_send_it(smtp):
    """Lines that start with a dot are doubled on the wire and arrive whole; line
    ends are CRLF."""
    body = ".hidden line\n..two dots\nlast line without an end"
    with mailers["transport"] as mailer:
        with handing_over(mailer, lambda: None):
            mailer.send_messages([message(body)])
        mailer.send_messages([message(body)])  # through smtplib's own data()
    ours, smtplibs = (e.original_content for e in smtp.envelopes)
    assert b"\r\n.hidden line\r\n..two dots\r\n" in ours
    assert _without_date_and_id(ours) == _without_date_and_id(smtplibs)


def _without_date_and_id(data: bytes) -> bytes:
    """What two sendings of one message share: all but its Date and Message-ID."""
    varying = (b"Date:", b"Message-ID:")
    return b"\r\n".join(x for x in data.split(b"\r\n") if not x.startswith(varying))


def test_a_refused_recipient_is_never_marked(smtp):
    smtp.refuse = {"ben@example.net": "550 5.1.1 No such user"}
    seen = []
    with (
        mailers["transport"] as mailer,
        pytest.raises(Exception, match="550"),
        handing_over(mailer, lambda: seen.append(True)),
    ):
        mailer.send_messages([message()])
    assert seen == []
    assert smtp.envelopes == []


def test_other_backends_are_marked_just_before_the_message_is_given(mailoutbox):
    seen = []
    with (
        mailers["transport"] as mailer,  # the tests' local-memory backend
        handing_over(mailer, lambda: seen.append(len(mailoutbox))),
    ):
        mailer.send_messages([message()])
    assert seen == [0]
    assert len(mailoutbox) == 1


def test_the_final_dot_is_not_held_back(smtp):
    """The dot is written on its own after the message; Nagle's algorithm would hold
    it until the server acknowledged the message (up to 40 ms a message)."""
    with mailers["transport"] as mailer:
        option = mailer.connection.sock.getsockopt(
            socket.IPPROTO_TCP, socket.TCP_NODELAY
        )
    assert option != 0
