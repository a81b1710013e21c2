"""Print the newest e-mail the demo wrote to data/mail/, decoded: its headers and its
text part, so that its links can be copied (``make mail``).

Django's file mail backend writes each message as it would go on the wire (long
lines are folded with quoted-printable), one file per connection, messages separated
by a line of dashes. N counts back from the newest message (0).
"""

import email
import email.policy
import sys
from pathlib import Path

HEADERS = ("Date", "To", "Subject", "List-Unsubscribe")


def messages(folder: Path) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                found.append(email.message_from_bytes(raw, policy=email.policy.default))
    return found


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "data/mail")
    back = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    found = messages(folder)
    if not found:
        sys.exit(f"No e-mail in {folder}/ yet.")
    message = found[-1 - back]
    for name in HEADERS:
        if message[name]:
            print(f"{name}: {message[name]}")  # noqa: T201
    print()  # noqa: T201
    print(message.get_body(("plain",)).get_content())  # noqa: T201


if __name__ == "__main__":
    main()
