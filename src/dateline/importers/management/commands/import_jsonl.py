"""``dateline import-jsonl FILE...``: import articles from JSON Lines files."""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dateline.core.progress import progress_bar
from dateline.importers.commands import (
    add_edition_arguments,
    edition_home,
    interruptible,
    reporter,
)
from dateline.importers.jsonformat import parse_article_json
from dateline.importers.runs import ImportRun, Source
from dateline.importers.textformat import ImportFormatError


class Command(BaseCommand):
    help = (
        "Import articles from JSON Lines files, one article a line (docs/importer.md). "
        "Re-importing a line updates its article; unchanged lines are skipped, so an "
        "interrupted import resumes where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.jsonl")
        add_edition_arguments(parser)

    def handle(self, *args, **options):
        files = [Path(name) for name in options["files"]]
        for file in files:
            if not file.is_file():
                raise CommandError(
                    _("%(path)s: no such file or directory") % {"path": file}
                )
        home = edition_home(options["edition"])
        bar = progress_bar(
            total=sum(file.stat().st_size for file in files),
            unit="B",
            unit_scale=True,
            hidden=options["no_progress"],
        )
        run = ImportRun(home, report=reporter(self))
        with interruptible(self, run, bar):
            for file in files:
                with file.open("rb") as lines:
                    for number, line in enumerate(lines, start=1):
                        bar.update(len(line))
                        if line.strip():
                            run.add(source(file, number, line))
            run.finish()


def source(file: Path, number: int, line: bytes) -> Source:
    """The line's article, keyed by its ``key``; its hash is the line's bytes."""
    label = f"{file}:{number}"
    try:
        key, parsed, extras = parse_article_json(line)
    except ImportFormatError as exc:
        error = exc

        def broken():
            raise error

        # A line that cannot be read has no key: it is reported, never stored.
        return Source("", label, "", broken)
    return Source(
        key,
        label,
        hashlib.sha256(line.strip()).hexdigest(),
        lambda: (parsed, extras),
    )
