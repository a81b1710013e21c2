"""``dateline import-text FILE_OR_DIR...``: import articles in the plain-text layout."""

import json
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
from dateline.importers.runs import ImportRun, Source
from dateline.importers.services import Extras, content_hash
from dateline.importers.textformat import ImportFormatError, decode, parse_article_text


def collect_sources(paths: list[str]) -> list[tuple[Path, str]]:
    """(file, source key) pairs: a directory's ``*.txt`` files, keyed relative to it."""
    sources = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for file in sorted(path.rglob("*.txt")):
                sources.append((file, file.relative_to(path).as_posix()))
        elif path.is_file():
            sources.append((path, path.name))
        else:
            raise CommandError(
                _("%(path)s: no such file or directory") % {"path": name}
            )
    return sources


def load_metadata(path: str | None) -> dict[str, Extras]:
    if not path:
        return {}
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return {key: Extras(**value) for key, value in raw.items()}
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise CommandError(
            _("%(path)s: not a metadata file: %(error)s") % {"path": path, "error": exc}
        ) from exc


class Command(BaseCommand):
    help = (
        "Import articles in the plain-text layout (docs/importer.md). Re-importing a "
        "file updates its article; unchanged files are skipped, so an interrupted "
        "import resumes where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        add_edition_arguments(parser)
        parser.add_argument(
            "--metadata",
            help=_(
                "JSON file giving each file's section, countries, tags and the "
                "file it translates."
            ),
        )

    def handle(self, *args, **options):
        sources = collect_sources(options["paths"])
        metadata = load_metadata(options["metadata"])
        home = edition_home(options["edition"])
        language = home.locale.language_code
        bar = progress_bar(
            total=len(sources), unit=_("file"), hidden=options["no_progress"]
        )
        run = ImportRun(home, report=reporter(self), done=bar.update)

        def source(path: Path, key: str) -> Source:
            extras = metadata.get(key) or Extras()
            try:
                data = path.read_bytes()
            except OSError as exc:
                message = str(exc)

                def unreadable():
                    raise ImportFormatError(message)

                return Source(key, str(path), "", unreadable)
            return Source(
                key,
                str(path),
                content_hash(data, metadata.get(key)),
                lambda: (parse_article_text(decode(data), language), extras),
            )

        with interruptible(self, run, bar):
            for path, key in sources:
                run.add(source(path, key))
            run.finish()
