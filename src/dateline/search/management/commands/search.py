"""``dateline search rebuild``: the readers' search index, in bulk."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dateline.core.progress import progress_bars
from dateline.search.services import documents_rebuild


class Command(BaseCommand):
    help = (
        "Readers' search. 'rebuild' indexes every published article that is not "
        "indexed as it is now (interrupt it and run it again to resume; --restart "
        "reindexes everything) (docs/search.md)."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        rebuild = commands.add_parser(
            "rebuild", help=_("Bring the search index up to date.")
        )
        rebuild.add_argument("--restart", action="store_true")
        rebuild.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        bars = progress_bars(
            desc=_("indexing"), unit=_("article"), hidden=options["no_progress"]
        )
        try:
            with bars as progress:
                done = documents_rebuild(progress=progress, restart=options["restart"])
        except KeyboardInterrupt:
            self.stderr.write(
                _("Interrupted. Run 'dateline search rebuild' again to resume.")
            )
            sys.exit(130)
        self.stdout.write(
            _("Search index up to date (%(count)d articles indexed).") % {"count": done}
        )
