"""Thin tasks of the outbox: one message sent, and the clock's round."""

from django.db import transaction
from django.tasks import task

from dateline.worker.priorities import READER_WAITING

from . import outbox
from .kinds import batch_kinds
from .models import Message


@task(priority=READER_WAITING)
def message_send(message_id: int) -> str:
    """Send one message of the outbox (a digest's go in batches instead)."""
    return outbox.send_one(message_id)


def message_queue(*, kind: str, recipient: str, data: dict | None = None) -> Message:
    """Put a message in the outbox, and send it once the transaction commits."""
    message = outbox.new(kind=kind, recipient=recipient, data=data)
    message.save()
    messages_send_later([message.pk])
    return message


def messages_send_later(ids) -> None:
    """Send these messages, each in a task of its own, once the transaction
    commits."""
    for pk in ids:
        transaction.on_commit(lambda pk=pk: message_send.enqueue(pk), robust=True)


def messages_due(now) -> list[int]:
    """The worker's clock (dateline.worker.schedule): settle what dead senders left,
    give up on messages queued too long, forget old ones, and try again those whose
    time has come (a digest's are resumed by its run). Returns those sent again."""
    outbox.settle(now)
    outbox.expire(now)
    outbox.forget(now)
    due = outbox.due(now, exclude_kinds=batch_kinds())
    for pk in due:
        message_send.enqueue(pk)
    return due
