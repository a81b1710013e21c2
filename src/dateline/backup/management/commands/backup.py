"""``dateline backup FILE``: the whole site in one archive (docs/backup.md)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dateline.backup.services import backup
from dateline.core.progress import progress_bars


class Command(BaseCommand):
    help = (
        "Write content, media, authors, subscribers, accounts and settings to one "
        "archive, as they are at one moment (docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("the archive to write (.tar)"))
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, no_progress, **options):
        bars = progress_bars(desc=_("backing up"), unit=_("item"), hidden=no_progress)
        try:
            with bars as progress:
                manifest = backup(file, progress=progress)
        except KeyboardInterrupt:
            self.stderr.write(_("Interrupted: no archive was written. Run it again."))
            sys.exit(130)
        self.stdout.write(
            _("Backed up %(rows)d rows and %(files)d media files to %(file)s.")
            % {
                "rows": sum(manifest["rows"].values()),
                "files": manifest["media"],
                "file": file,
            }
        )
