"""Fail when a message of any edition's catalogue is untranslated."""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "dateline" / "locale"

missing = []
for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    for message in catalog:
        if not message.id:
            continue
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        if not all(strings):
            missing.append(f"{po_path.parts[-3]}: {message.id!r}")
if missing:
    sys.stderr.write("Untranslated messages:\n  " + "\n  ".join(missing) + "\n")
    sys.exit(1)
