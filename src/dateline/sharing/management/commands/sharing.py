from django.core.management.base import BaseCommand

from dateline.sharing import services


class Command(BaseCommand):
    help = (
        "Send to a friend: 'retry' sends queued messages that are due (for a tasks "
        "backend that cannot defer); 'purge' deletes shares past the retention period."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["retry", "purge"])

    def handle(self, *args, action, **options):
        if action == "retry":
            sent = services.share_retry()
            self.stdout.write(f"{sent} message(s) sent.")
        else:
            deleted = services.share_purge()
            self.stdout.write(f"{deleted} row(s) deleted.")
