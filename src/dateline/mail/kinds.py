"""The kinds of message the outbox sends, registered by the apps that write them
(in their ``AppConfig.ready()``), so that the outbox depends on none of them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import EmailMessage

from .models import Message


@dataclass(frozen=True)
class Kind:
    # The message to send, or None when its recipient may no longer be mailed.
    compose: Callable[[Message], EmailMessage | None]
    # Told when the server refused it for good: (message, SMTP code, whether the
    # recipient was refused, a hard bounce).
    refused: Callable[[Message, int, bool], None] | None = None
    # Sent in batches by its own app (digests), not one task per message.
    batch: bool = False


_kinds: dict[str, Kind] = {}


def register(name: str, **kind) -> None:
    _kinds[name] = Kind(**kind)


def kind_of(message: Message) -> Kind:
    return _kinds[message.kind]


def batch_kinds() -> list[str]:
    return [name for name, kind in _kinds.items() if kind.batch]
