"""``dateline restore FILE``: a working site from a backup, in an empty database
(docs/backup.md)."""

import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dateline.backup.services import BackupError, restore
from dateline.core.progress import progress_bars
from dateline.pagecache.purges import purge


class Command(BaseCommand):
    help = (
        "Rebuild the site from a 'dateline backup' archive into an empty database "
        "(any engine), then its search indexes (docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("the archive to read"))
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, no_progress, **options):
        bars = progress_bars(desc=_("restoring"), unit=_("item"), hidden=no_progress)
        try:
            with bars as progress:
                manifest = restore(file, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except KeyboardInterrupt:
            self.stderr.write(_("Interrupted: nothing was restored. Run it again."))
            sys.exit(130)
        # What a backup leaves out is rebuilt: the indexes, then every cached page.
        quiet = {"stdout": self.stdout, "verbosity": 0}
        call_command("rebuild_references_index", **quiet)
        call_command("update_index", **quiet)
        call_command("search", "rebuild", no_progress=no_progress, stdout=self.stdout)
        purge([], everything=True)
        self.stdout.write(
            _("Restored %(rows)d rows and %(files)d media files from %(file)s.")
            % {
                "rows": sum(manifest["rows"].values()),
                "files": manifest["media"],
                "file": file,
            }
        )
