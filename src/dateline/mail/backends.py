"""Every e-mail that Django or Wagtail sends (password resets, the newsroom's
workflow notices) goes into the outbox too: this backend is ``MAILERS["default"]``,
and the mail server is ``MAILERS["transport"]``, which only the outbox uses."""

import base64
import email
import email.policy

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from .models import Message

KIND = "django"


class OutboxBackend(BaseEmailBackend):
    """Queues each message as it is (its bytes, sender and envelope recipients);
    the outbox sends it once the transaction commits."""

    def send_messages(self, email_messages) -> int:
        from .tasks import messages_send_later

        rows = [
            Message(
                kind=KIND,
                recipient=recipients[0],
                data={
                    "from": message.from_email,
                    "to": recipients,
                    "bytes": base64.b64encode(message.message().as_bytes()).decode(),
                },
            )
            for message in email_messages
            if (recipients := message.recipients())
        ]
        messages_send_later(m.pk for m in Message.objects.bulk_create(rows))
        return len(rows)


class QueuedEmail(EmailMessage):
    """A message queued by OutboxBackend, sent as it was written."""

    def __init__(self, data: dict):
        super().__init__(from_email=data["from"], to=data["to"])
        self.raw = base64.b64decode(data["bytes"])

    def message(self, *, policy=email.policy.default):
        return email.message_from_bytes(self.raw, policy=policy)


def compose_queued(message: Message) -> QueuedEmail:
    """The outbox's "django" kind."""
    return QueuedEmail(message.data)
