"""``dateline related rebuild``: every See also list, recomputed."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dateline.core.progress import progress_bar
from dateline.related.rebuild import rebuild

STAGES = {
    "load": "loading",
    "count": "counting terms",
    "index": "indexing",
    "lists": "computing lists",
}


class Command(BaseCommand):
    help = (
        "See also in bulk. 'rebuild' indexes every published article and recomputes "
        "every list (interrupt it and run it again to resume; --restart starts over)."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        build = commands.add_parser("rebuild", help=_("Recompute every See also list."))
        build.add_argument("--restart", action="store_true")
        build.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        bars = []

        def progress(stage, total):
            bar = progress_bar(
                total=total,
                desc=STAGES[stage],
                unit=_("article") if stage != "lists" else _("story"),
                hidden=options["no_progress"],
            )
            bars.append(bar)
            return bar.update

        try:
            if options["action"] == "rebuild":
                run = rebuild(progress=progress, restart=options["restart"])
                for bar in bars:
                    bar.close()
                self.stdout.write(
                    _("See also rebuilt (run %(run)d).") % {"run": run.pk}
                )
        except KeyboardInterrupt:
            for bar in bars:
                bar.close()
            self.stderr.write(
                _("Interrupted. Run 'dateline related rebuild' again to resume.")
            )
            sys.exit(130)
