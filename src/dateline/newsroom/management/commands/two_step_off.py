"""``dateline two_step_off USERNAME``: for an editor who has lost both their phone and
their backup codes (docs/security.md)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ... import twofactor


class Command(BaseCommand):
    help = "Turn off an editor's two-step sign-in: their password alone signs in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": username})
        if not twofactor.enabled(user):
            self.stdout.write(
                _("%(name)s does not use two-step sign-in.") % {"name": username}
            )
            return
        twofactor.disable(user)
        self.stdout.write(
            _("Two-step sign-in is off for %(name)s.") % {"name": username}
        )
