"""``dateline demo``: load the demo content and an admin account. Safe to run again."""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dateline.articles.models import HomePage, SectionPage

DEMO_DIR = Path(__file__).resolve().parents[2]


def sections_ensure(home: HomePage) -> int:
    """Create the demo sections that are missing; return how many were created."""
    created = 0
    for spec in json.loads((DEMO_DIR / "sections.json").read_text(encoding="utf-8")):
        if SectionPage.objects.child_of(home).filter(slug=spec["slug"]).exists():
            continue
        section = SectionPage(show_in_menus=True, locale_id=home.locale_id, **spec)
        home.add_child(instance=section)
        section.save_revision().publish()
        created += 1
    return created


class Command(BaseCommand):
    help = (
        "Load the demo sections and articles and create an admin account. "
        "Running it again updates what exists and duplicates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        home = HomePage.objects.filter(locale__language_code="en").first()
        created = sections_ensure(home)
        self.stdout.write(_("Sections: %(count)d created.") % {"count": created})
        call_command(
            "import_text",
            str(DEMO_DIR / "articles"),
            metadata=str(DEMO_DIR / "metadata.json"),
            no_progress=options["no_progress"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
        self._admin()

    def _admin(self):
        """Create the admin account, or say how to log in with the existing one."""
        username = settings.DATELINE_ADMIN_USER
        password = settings.DATELINE_ADMIN_PASSWORD
        saved = settings.DATA_DIR / "demo-admin-password.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = password or secrets.token_urlsafe(12)
            user_model.objects.create_superuser(username, "", password)
            if not settings.DATELINE_ADMIN_PASSWORD:
                saved.parent.mkdir(parents=True, exist_ok=True)
                saved.write_text(password + "\n", encoding="utf-8")
                saved.chmod(0o600)
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
        elif saved.exists():
            password = saved.read_text(encoding="utf-8").strip()
        shown = password or _("(unchanged; set DATELINE_ADMIN_PASSWORD to reset it)")
        self.stdout.write(
            _("Admin: %(url)s/admin/  user: %(user)s  password: %(password)s")
            % {
                "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
                "user": username,
                "password": shown,
            }
        )
