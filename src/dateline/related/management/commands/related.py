"""``dateline related rebuild | evaluate FILE.jsonl``: See also in bulk, measured."""

import sys

from django.core.management.base import BaseCommand, CommandError
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
        "every list (interrupt it and run it again to resume; --restart starts over). "
        "'evaluate FILE.jsonl' measures it against a labelled set (docs/see-also.md)."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        build = commands.add_parser("rebuild", help=_("Recompute every See also list."))
        build.add_argument("--restart", action="store_true")
        build.add_argument("--no-progress", action="store_true")
        evaluate = commands.add_parser(
            "evaluate", help=_("Measure See also against a labelled JSONL file.")
        )
        evaluate.add_argument("files", nargs="+", metavar="FILE.jsonl")
        evaluate.add_argument("--no-progress", action="store_true")
        evaluate.add_argument(
            "--here",
            action="store_true",
            help=_(
                "Import the articles into the configured database instead of a "
                "throw-away one (only for a database made for it)."
            ),
        )
        evaluate.add_argument(
            "--lists",
            metavar="OUT.jsonl",
            help=_(
                "Also write each article's lists, one line per article, with the "
                "input's ids, so that they can be scored with another formula."
            ),
        )

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
            else:
                from dateline.related import evaluation

                try:
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
                for bar in bars:
                    bar.close()
                self.stdout.write(report.render())
        except KeyboardInterrupt:
            for bar in bars:
                bar.close()
            self.stderr.write(
                _("Interrupted. Run 'dateline related rebuild' again to resume.")
            )
            sys.exit(130)
