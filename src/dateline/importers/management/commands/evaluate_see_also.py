"""``dateline evaluate_see_also FILE.jsonl...``: See also measured against labelled
articles (docs/see-also.md). It lives with the importers, which it uses to load the
labelled files, so that See also itself never depends on them."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dateline.core.progress import stage_bars
from dateline.importers import evaluation
from dateline.related.rebuild import STAGES, stage_units


class Command(BaseCommand):
    help = (
        "Measure See also against labelled JSONL files: the engine's lists scored "
        "beside a naive baseline and the ceiling (docs/see-also.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.jsonl")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--here",
            action="store_true",
            help=_(
                "Import the articles into the configured database instead of a "
                "throw-away one (only for a database made for it)."
            ),
        )
        parser.add_argument(
            "--lists",
            metavar="OUT.jsonl",
            help=_(
                "Also write each article's lists, one line per article, with the "
                "input's ids, so that they can be scored with another formula."
            ),
        )

    def handle(self, *args, **options):
        bars = stage_bars(
            names=STAGES, units=stage_units(), hidden=options["no_progress"]
        )
        try:
            with bars as progress:
                report, _lists = evaluation.evaluate(
                    options["files"],
                    progress=progress,
                    here=options["here"],
                    lists_path=options["lists"] or "",
                )
        except evaluation.EvaluationError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("Cannot write the lists: %(error)s") % {"error": exc}
            ) from exc
        except KeyboardInterrupt:
            self.stderr.write(_("Interrupted."))
            sys.exit(130)
        self.stdout.write(report.render())
