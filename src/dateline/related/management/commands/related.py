"""``dateline related rebuild``: every See also list, recomputed."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dateline.core.progress import stage_bars
from dateline.related.rebuild import STAGES, rebuild, stage_units


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
        bars = stage_bars(
            names=STAGES, units=stage_units(), hidden=options["no_progress"]
        )
        try:
            with bars as progress:
                run = rebuild(progress=progress, restart=options["restart"])
        except KeyboardInterrupt:
            self.stderr.write(
                _("Interrupted. Run 'dateline related rebuild' again to resume.")
            )
            sys.exit(130)
        self.stdout.write(_("See also rebuilt (run %(run)d).") % {"run": run.pk})
