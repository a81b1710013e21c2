"""``dateline import-text FILE_OR_DIR...``: import articles in the plain-text layout."""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Locale

from dateline.articles.models import HomePage
from dateline.core.progress import progress_bar
from dateline.importers.services import (
    Extras,
    Outcome,
    article_import_parsed,
    content_hash,
)
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
        parser.add_argument(
            "--edition",
            default="en",
            help=_("Language code of the edition to import into (default: en)."),
        )
        parser.add_argument(
            "--metadata",
            help=_(
                "JSON file giving each file's section, countries, tags and the "
                "file it translates."
            ),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Do not show a progress bar.")
        )

    def handle(self, *args, **options):
        sources = collect_sources(options["paths"])
        metadata = load_metadata(options["metadata"])
        home = HomePage.objects.filter(
            locale__in=Locale.objects.filter(language_code=options["edition"])
        ).first()
        if home is None:
            raise CommandError(
                _("There is no edition “%(edition)s”. Editions: %(editions)s.")
                % {
                    "edition": options["edition"],
                    "editions": ", ".join(code for code, _name in settings.LANGUAGES),
                }
            )

        counts = dict.fromkeys([*Outcome, "failed"], 0)
        bar = progress_bar(sources, unit=_("file"), hidden=options["no_progress"])
        try:
            for path, key in bar:
                bar.set_postfix_str(key[-40:], refresh=False)
                outcome = self._import_one(path, key, home, metadata.get(key))
                counts[outcome] += 1
        except KeyboardInterrupt:
            bar.close()
            self.stderr.write(
                _(
                    "Interrupted. Run the same command again to resume: files "
                    "already imported are skipped."
                )
            )
            self._summary(counts)
            sys.exit(130)
        bar.close()
        self._summary(counts)
        if counts["failed"]:
            raise CommandError(
                _("%(count)d file(s) could not be imported.")
                % {"count": counts["failed"]}
            )

    def _import_one(self, path: Path, key: str, home, extras) -> str:
        try:
            data = path.read_bytes()
            parsed = parse_article_text(decode(data), home.locale.language_code)
            outcome, _page = article_import_parsed(
                parsed=parsed,
                source_key=key,
                content_hash=content_hash(data, extras),
                home=home,
                extras=extras,
            )
        except (ImportFormatError, OSError) as exc:
            return self._failed(path, str(exc))
        except ValidationError as exc:
            return self._failed(path, "; ".join(exc.messages))
        return outcome

    def _failed(self, path: Path, message: str) -> str:
        tqdm.write(f"{path}: {message}", file=self.stderr._out)
        return "failed"

    def _summary(self, counts):
        self.stdout.write(
            _(
                "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(failed)d failed."
            )
            % counts
        )
