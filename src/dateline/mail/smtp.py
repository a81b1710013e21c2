"""Django's SMTP backend, with the moment a message is handed over made visible
(docs/decisions/0016-exactly-once-delivery.md).

An SMTP server takes responsibility for a message when it has read the final dot of
its data. A sender that must not send twice, nor miss, records that it reached that
point just before it writes the dot: ``handing_over(connection, mark)`` calls ``mark``
there. What the record means is the caller's (newsletters: a delivery whose sender
died after it is counted sent, not sent again). Every other backend (a file, the
console, an e-mail service's API) has no such moment: ``mark`` is called just before
the message is given to it.
"""

import re
import smtplib
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.mail.backends import smtp

# The note on a message handed over by a sender that died before the server's reply:
# the message counts as sent.
UNCONFIRMED = "handed over; the reply was not read"
_CRLF = b"\r\n"
_LINE_START_DOT = re.compile(rb"(?m)^\.")
_BARE_LINE_END = re.compile(rb"\r\n|\r|\n")


class _HandOver:
    """``smtplib.SMTP.data`` in two steps: the message, then ``before_end()``, then
    the final dot (RFC 5321, 4.1.1.4)."""

    before_end: Callable[[], None] | None = None

    def connect(self, *args, **kwargs):
        reply = super().connect(*args, **kwargs)
        # The dot goes in a write of its own, a few bytes after the message: without
        # this, Nagle's algorithm holds it until the server acknowledges the message,
        # which a server delays by up to 40 ms (delayed ACK).
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return reply

    def data(self, msg):
        if self.before_end is None:
            return super().data(msg)
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        # As smtplib does: text gets CRLF line ends; a dot that starts a line is
        # doubled.
        if isinstance(msg, str):
            msg = _BARE_LINE_END.sub(_CRLF, msg.encode("ascii"))
        data = _LINE_START_DOT.sub(b"..", msg)
        if not data.endswith(_CRLF):
            data += _CRLF
        self.send(data)
        self.before_end()
        self.send(b"." + _CRLF)
        return self.getreply()


class SMTP(_HandOver, smtplib.SMTP):
    pass


class SMTP_SSL(_HandOver, smtplib.SMTP_SSL):  # noqa: N801  (as smtplib names it)
    pass


class EmailBackend(smtp.EmailBackend):
    """Django's SMTP backend on the connection classes above; ``EMAIL_URL=smtp://``
    selects it."""

    @property
    def connection_class(self):
        return SMTP_SSL if self.use_ssl else SMTP


@contextmanager
def handing_over(connection, mark: Callable[[], None]) -> Iterator[None]:
    """Call ``mark`` at the moment the next message sent on ``connection`` (an open
    mail backend) is handed over: before its final dot on our SMTP backend, at once
    on any other."""
    server = getattr(connection, "connection", None)
    if not isinstance(server, _HandOver):
        mark()
        yield
        return
    server.before_end = mark
    try:
        yield
    finally:
        server.before_end = None
