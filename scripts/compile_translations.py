"""Compile each locale's django.po into django.mo with Babel (no GNU gettext)."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "dateline" / "locale"

for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parts[-3])
    with po_path.with_suffix(".mo").open("wb") as mo_file:
        write_mo(mo_file, catalog)
