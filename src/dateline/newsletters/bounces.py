"""Bounces, complaints and unsubscribe requests that arrive by e-mail or as a CSV
(``dateline newsletters bounces``), for a site that sends through its own relay.

- A delivery status notification (RFC 3464) whose recipient failed permanently
  (Action: failed, Status: 5.x.x) is a hard bounce.
- A feedback report (RFC 5965, ARF) is a complaint about the original's recipient.
- A message whose subject is "unsubscribe <token>" is the List-Unsubscribe mailto.
- A CSV has a column ``email`` and optionally ``type`` (bounce or complaint).
"""

import csv
import email
import email.policy
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

TOKEN = re.compile(r"\bunsubscribe\s+(\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class Notice:
    kind: str  # bounce, complaint, unsubscribe, delay (nothing to do), unreadable
    value: str  # an address, or an unsubscribe token
    where: str  # the line or message it came from, for the report


class Unreadable(Exception):
    """The file is neither a CSV with an ``email`` column nor a mailbox."""


def read(path: Path) -> Iterator[Notice]:
    if path.is_dir():
        box = mailbox.Maildir(path, factory=None, create=False)
    elif path.suffix.lower() == ".csv":
        yield from _read_csv(path)
        return
    else:
        box = mailbox.mbox(path, factory=None, create=False)
    try:
        for key in box.iterkeys():
            raw = box.get_bytes(key)
            message = email.message_from_bytes(raw, policy=email.policy.default)
            yield from notices(message, where=str(key))
    finally:
        box.close()


def _read_csv(path: Path) -> Iterator[Notice]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip().lower() for c in reader.fieldnames or []]
        if "email" not in columns:
            raise Unreadable(f"{path.name}: no 'email' column in the first line")
        reader.fieldnames = columns
        for line, row in enumerate(reader, start=2):
            address = (row.get("email") or "").strip()
            kind = (row.get("type") or "bounce").strip().lower()
            where = f"line {line}"
            if kind not in ("bounce", "complaint") or not _valid(address):
                yield Notice("unreadable", "", where)
            else:
                yield Notice(kind, address, where)


def notices(message: EmailMessage, *, where: str) -> list[Notice]:
    """What one message in the mailbox says."""
    if message.get_content_type() == "multipart/report":
        report = message.get_param("report-type", "").lower()
        if report == "delivery-status":
            return _bounces(message, where)
        if report == "feedback-report":
            return _complaint(message, where)
    match = TOKEN.search(str(message.get("Subject", "")))
    if match:  # a client may leave the mailto link's %3A as it was
        return [Notice("unsubscribe", unquote(match.group(1)), where)]
    return [Notice("unreadable", "", where)]


def _bounces(message: EmailMessage, where: str) -> list[Notice]:
    found, delays = [], 0
    for part in message.walk():
        if part.get_content_type() not in (
            "message/delivery-status",
            "message/global-delivery-status",  # RFC 6533
        ):
            continue
        # The first block is about the message, the others one recipient each.
        for block in part.get_payload()[1:]:
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip()
            recipient = str(block.get("Final-Recipient", "")).partition(";")[2].strip()
            if action == "failed" and status.startswith("5") and _valid(recipient):
                found.append(Notice("bounce", recipient, where))
            elif action in ("delayed", "delivered", "relayed", "expanded"):
                delays += 1
    if found or delays:
        return found or [Notice("delay", "", where)]
    return [Notice("unreadable", "", where)]


def _complaint(message: EmailMessage, where: str) -> list[Notice]:
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            original = part.get_payload()[0]
        elif part.get_content_type() == "text/rfc822-headers":
            original = email.message_from_string(
                part.get_content(), policy=email.policy.default
            )
        else:
            continue
        addresses = [a for _name, a in getaddresses([str(original.get("To", ""))])]
        if addresses and _valid(addresses[0]):
            return [Notice("complaint", addresses[0], where)]
    return [Notice("unreadable", "", where)]


def _valid(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True
