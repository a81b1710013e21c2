"""``dateline newsletters send | bounces FILE | purge`` (docs/newsletters.md)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dateline.core.progress import progress_bar
from dateline.newsletters import bounces, digests, services, tasks
from dateline.newsletters.models import Frequency, Subscriber
from dateline.worker.health import tasks_finished_since


class Command(BaseCommand):
    help = (
        "Newsletters. 'send --frequency daily|weekly' builds this period's digest and "
        "queues its sending (run it again to resume a stopped run: nobody gets a "
        "digest twice); 'bounces FILE' suppresses the addresses in a bounce mailbox "
        "(mbox or Maildir) or a CSV; 'purge' deletes unconfirmed subscriptions."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        send = commands.add_parser("send", help=_("Send this period's digest."))
        send.add_argument(
            "--frequency",
            choices=[Frequency.DAILY, Frequency.WEEKLY],
            default=Frequency.DAILY,
        )
        send.add_argument(
            "--no-wait",
            action="store_true",
            help=_("Return once every batch is queued; the workers send them."),
        )
        send.add_argument("--no-progress", action="store_true")
        read = commands.add_parser(
            "bounces", help=_("Read bounces, complaints and unsubscribe requests.")
        )
        read.add_argument("file", type=Path, metavar="FILE")
        read.add_argument("--no-progress", action="store_true")
        commands.add_parser("purge", help=_("Delete unconfirmed subscriptions."))

    def handle(self, *args, action, **options):
        if action == "send":
            self._send(options["frequency"], options)
        elif action == "bounces":
            self._bounces(options["file"], options)
        else:
            deleted = services.subscribers_purge()
            self.stdout.write(_("%(count)d row(s) deleted.") % {"count": deleted})

    def _bar(self, options, **kwargs):
        return progress_bar(hidden=options["no_progress"], **kwargs)

    def _send(self, frequency: str, options) -> None:
        total = Subscriber.objects.receiving(frequency).count()
        with self._bar(options, total=total, desc=_("building"), unit="") as bar:
            digest = digests.digest_send(
                frequency=frequency, enqueue=tasks.batch_enqueue, progress=bar.update
            )
        if not options["no_wait"]:
            self._wait(digest, options)
        counts = digests.digest_counts(digest)
        self.stdout.write(
            _(
                "%(digest)s: %(sent)d sent, %(refused)d refused, %(failed)d failed, "
                "%(suppressed)d suppressed, %(queued)d waiting."
            )
            % {"digest": digest, **counts}
        )

    def _wait(self, digest, options) -> None:
        """Follow the workers' sending until nothing is left or nothing moves."""
        counts = digests.digest_counts(digest)
        left = counts["queued"] + counts["claimed"] + counts["handed"]
        with self._bar(
            options, total=sum(counts.values()), desc=_("sending"), unit=""
        ) as bar:
            bar.update(sum(counts.values()) - left)
            still = 0
            while left and still < 60:
                time.sleep(1)
                counts = digests.digest_counts(digest)
                now_left = counts["queued"] + counts["claimed"] + counts["handed"]
                bar.update(left - now_left)
                still = still + 1 if now_left == left else 0
                left = now_left
                if still == 60 and (busy := tasks_finished_since(minutes=1)):
                    # The workers are on earlier tasks (a demo's indexing): wait on.
                    self.stderr.write(
                        _(
                            "The workers finished %(count)d other task(s) in the "
                            "last minute; still waiting for them."
                        )
                        % {"count": busy}
                    )
                    still = 0
        if left:
            self.stderr.write(
                _(
                    "Nothing was sent, and no task finished, for a minute: is a "
                    "'dateline worker' running? "
                    "Run this command again to resume."
                )
            )

    def _bounces(self, path: Path, options) -> None:
        if not path.exists():
            raise CommandError(_("%(path)s: no such file or folder.") % {"path": path})
        counts = {"changed": 0, "unchanged": 0, "unreadable": 0}
        try:
            with self._bar(options, desc=_("reading"), unit="") as bar:
                for notice in bounces.read(path):
                    if notice.kind == "unreadable":
                        counts["unreadable"] += 1
                        self.stderr.write(
                            _("%(where)s: not a bounce, complaint or unsubscribe.")
                            % {"where": notice.where}
                        )
                    elif services.notice_apply(kind=notice.kind, value=notice.value):
                        counts["changed"] += 1
                    else:
                        counts["unchanged"] += 1
                    bar.update(1)
        except (bounces.Unreadable, OSError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "%(changed)d subscriber(s) suppressed or unsubscribed, %(unchanged)d "
                "already so or unknown, %(unreadable)d unreadable."
            )
            % counts
        )
