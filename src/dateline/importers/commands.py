"""What the import commands share: the edition, the report of failures, the summary,
and Ctrl-C."""

import sys
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Locale

from dateline.articles.models import HomePage

from .runs import FAILED, ImportRun


def add_edition_arguments(parser) -> None:
    """``--edition`` and ``--no-progress``, which every import command takes."""
    parser.add_argument(
        "--edition",
        default="en",
        help=_("Language code of the edition to import into (default: en)."),
    )
    parser.add_argument(
        "--no-progress", action="store_true", help=_("Do not show a progress bar.")
    )


def edition_home(language: str) -> HomePage:
    home = HomePage.objects.filter(
        locale__in=Locale.objects.filter(language_code=language)
    ).first()
    if home is None:
        raise CommandError(
            _("There is no edition “%(edition)s”. Editions: %(editions)s.")
            % {
                "edition": language,
                "editions": ", ".join(code for code, _name in settings.LANGUAGES),
            }
        )
    return home


def reporter(command):
    """Write a failed source's name and reason above the progress bar."""

    def report(label: str, message: str) -> None:
        tqdm.write(f"{label}: {message}", file=command.stderr._out)

    return report


@contextmanager
def interruptible(command, run: ImportRun, bar: tqdm):
    """Close the bar and print the summary however the run ends; Ctrl-C exits 130
    with how to resume, and failures make the command fail."""
    try:
        yield
    except KeyboardInterrupt:
        bar.close()
        command.stderr.write(
            _(
                "Interrupted. Run the same command again to resume: articles "
                "already imported are skipped."
            )
        )
        summary(command, run)
        sys.exit(130)
    bar.close()
    summary(command, run)
    if run.counts[FAILED]:
        raise CommandError(
            _("%(count)d article(s) could not be imported.")
            % {"count": run.counts[FAILED]}
        )


def summary(command, run: ImportRun) -> None:
    command.stdout.write(
        _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(failed)d failed."
        )
        % run.counts
    )
