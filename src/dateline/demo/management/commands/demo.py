"""``dateline demo``: load the demo content and an admin account. Safe to run again."""

import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from dateline.articles.models import (
    ArticleByline,
    ArticleCorrection,
    ArticleCountry,
    ArticlePage,
    Author,
    AuthorName,
    HomePage,
    SectionPage,
)
from dateline.articles.services import archive_month_get_or_create
from dateline.core.languages import edition_name
from dateline.demo import pictures
from dateline.editions.site import site_address_ensure
from dateline.newsroom.roles import group_name
from dateline.newsroom.services import member_ensure
from dateline.related.models import ArticleRelated

DEMO_DIR = Path(__file__).resolve().parents[2]
# English first: the other editions' files name the English files they translate.
EDITIONS = ["en", "it", "zh-hans", "es"]


def _load(name: str):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def authors_ensure() -> int:
    """Create the demo authors with their names in other editions; return how many
    were created."""
    created = 0
    for spec in _load("authors.json"):
        author = Author.objects.filter(name=spec["name"]).first()
        if author is None:
            author = Author(name=spec["name"], slug=Author.slug_for(spec["name"]))
            created += 1
        author.localized_names = [
            AuthorName(language=language, name=name, sort_order=n)
            for n, (language, name) in enumerate(spec["names"].items())
        ]
        author.save()
    return created


def sections_ensure() -> int:
    """Create the demo sections that are missing, in every edition, the others as
    translations of the English one; return how many pages were created."""
    homes = {home.locale.language_code: home for home in HomePage.objects.all()}
    created = 0
    for spec in _load("sections.json"):
        english = (
            SectionPage.objects.child_of(homes["en"]).filter(slug=spec["slug"]).first()
        )
        for language in EDITIONS:
            home = homes.get(language)
            if home is None:
                continue
            if english is not None and english.has_translation(home.locale):
                continue
            if english is None:
                section = SectionPage(
                    slug=spec["slug"], show_in_menus=True, locale_id=home.locale_id
                )
            else:
                section = english.copy_for_translation(home.locale)
            section.title = spec["title"][language]
            section.introduction = spec["introduction"][language]
            section.kind = spec["kind"]
            section.country_codes = spec["country_codes"]
            if english is None:
                home.add_child(instance=section)
                english = section
            section.save_revision().publish()
            created += 1
    return created


def _body(paragraphs: list[str], picture: dict | None, language: str) -> list:
    """An article body: its paragraphs, with the picture, if any, after the first."""
    body = [("paragraph", f"<p>{p}</p>") for p in paragraphs]
    if picture:
        image = pictures.picture(picture["scene"], title=picture["caption"]["en"])
        body.insert(
            1,
            (
                "image",
                {
                    "image": image,
                    "alt_text": picture["alt"][language],
                    "caption": picture["caption"][language],
                    "credit": picture["credit"],
                },
            ),
        )
    return body


def _editors_picks(slugs: list[str], home) -> list[ArticleRelated]:
    """See also chosen by the editors: archive stories named by the start of their
    English slug, in ``home``'s edition where translated, else in English."""
    picks = []
    for slug in slugs:
        story = ArticlePage.objects.filter(
            slug__startswith=slug, locale__language_code="en"
        ).first()
        if story is not None:
            story = story.get_translation_or_none(home.locale) or story
            picks.append(ArticleRelated(page=story, sort_order=len(picks)))
    return picks


def latest_ensure() -> int:
    """Publish the demo's latest news (``latest.json``), dated hours before now, so
    that the newsletter has a day's digest to send. Returns how many were created."""
    homes = {home.locale.language_code: home for home in HomePage.objects.all()}
    sections = {
        s.slug: s for s in SectionPage.objects.filter(locale=homes["en"].locale)
    }
    created = 0
    for spec in _load("latest.json"):
        published_at = timezone.now() - timedelta(hours=spec["hours_ago"])
        source = None
        for language in EDITIONS:
            text = spec.get(language)
            if text is None or language not in homes:
                continue
            home = homes[language]
            found = ArticlePage.objects.filter(
                slug=spec["slug"], locale=home.locale
            ).first()
            if found is not None:
                source = source or found
                continue
            article = ArticlePage(
                title=text["title"],
                slug=spec["slug"],
                lede=text["lede"],
                published_at=published_at,
                dateline_place=text["place"],
                dateline_country=spec["countries"][0],
                body=_body(text["body"], spec.get("picture"), language),
                section=sections.get(spec["section"]),
                digest_lead=spec.get("lead", False),
                locale=home.locale,
            )
            if source is not None:
                article.translation_key = source.translation_key
            author = Author.objects.filter(name=spec["author"]).first()
            article.bylines = (
                [ArticleByline(author=author, sort_order=0)] if author else []
            )
            article.countries = [
                ArticleCountry(code=code, sort_order=n)
                for n, code in enumerate(spec["countries"])
            ]
            article.related_links = _editors_picks(spec.get("see_also", []), home)
            month = archive_month_get_or_create(home=home, when=published_at)
            month.add_child(instance=article)
            article.save_revision().publish()
            source = source or article
            created += 1
    return created


def corrections_ensure() -> int:
    """The demo's corrections (``newsroom.json``), each published once, an hour
    ago; the Chinese version of the clarified story is left for its translator."""
    created = 0
    for spec in _load("newsroom.json")["corrections"]:
        for language in EDITIONS:
            text = spec.get(language)
            article = ArticlePage.objects.filter(
                slug=spec["slug"], locale__language_code=language
            ).first()
            if not text or article is None or article.corrections.exists():
                continue
            article.corrections.add(
                ArticleCorrection(
                    kind=spec["kind"],
                    text=text,
                    made_at=timezone.now() - timedelta(hours=1),
                )
            )
            article.save_revision().publish()
            created += 1
    return created


def review_ensure(spec: dict, contributor) -> None:
    """A contributor's English draft, submitted to the desk's review."""
    if ArticlePage.objects.filter(slug=spec["slug"]).exists():
        return
    home = HomePage.objects.get(locale__language_code="en")
    article = ArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        lede=spec["lede"],
        dateline_place=spec["place"],
        body=[("paragraph", f"<p>{p}</p>") for p in spec["body"]],
        locale=home.locale,
        live=False,
        owner=contributor,
    )
    archive_month_get_or_create(home=home, when=timezone.now()).add_child(
        instance=article
    )
    article.save_revision(user=contributor)
    article.get_workflow().start(article, contributor)


class Command(BaseCommand):
    help = (
        "Load the demo sections and articles of the four editions and create an "
        "admin account. Running it again updates what exists and duplicates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        created = authors_ensure()
        self.stdout.write(_("Authors: %(count)d created.") % {"count": created})
        created = sections_ensure()
        self.stdout.write(_("Sections: %(count)d created.") % {"count": created})
        for language in EDITIONS:
            self.stdout.write(
                _("Edition %(edition)s:") % {"edition": edition_name(language)}
            )
            call_command(
                "import_text",
                str(DEMO_DIR / "articles" / language),
                edition=language,
                metadata=str(DEMO_DIR / "metadata" / f"{language}.json"),
                no_progress=options["no_progress"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
        created = latest_ensure()
        self.stdout.write(_("Latest news: %(count)d created.") % {"count": created})
        self.stdout.write(_("See also:"))
        call_command(
            "related",
            "rebuild",
            no_progress=options["no_progress"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
        # Articles are indexed as they are published; this catches up a database
        # made before search existed (it skips what is current).
        call_command(
            "search",
            "rebuild",
            no_progress=options["no_progress"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
        site_address_ensure(settings.WAGTAILADMIN_BASE_URL)
        created = corrections_ensure()
        self.stdout.write(_("Corrections: %(count)d created.") % {"count": created})
        self._admin()
        self._newsroom()
        self._api_key()

    def _newsroom(self):
        """One user per role, with their passwords kept in DATA_DIR and printed,
        and a contributor's draft waiting for the editors' review."""
        saved = settings.DATA_DIR / "demo-newsroom-passwords.json"
        passwords = json.loads(saved.read_text()) if saved.exists() else {}
        spec = _load("newsroom.json")
        members = {}
        for member in spec["members"]:
            user, password = member_ensure(
                member["username"],
                member["role"],
                member["edition"],
                email=f"{member['username']}@newsroom.example",
            )
            members[member["username"]] = user
            if password:
                passwords[member["username"]] = password
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(passwords, indent=2) + "\n", encoding="utf-8")
        saved.chmod(0o600)
        review_ensure(spec["review"], members["contributor"])
        self.stdout.write(_("Newsroom (the same admin address):"))
        for member in spec["members"]:
            self.stdout.write(
                _("  %(role)s: user %(user)s  password: %(password)s")
                % {
                    "role": group_name(member["role"], member["edition"]),
                    "user": member["username"],
                    "password": passwords.get(member["username"], _("(unknown)")),
                }
            )

    def _api_key(self):
        """A partner key for the syndication API, made once and kept in DATA_DIR."""
        from dateline.syndication.models import ApiKey

        saved = settings.DATA_DIR / "demo-api-key.txt"
        if (
            not saved.exists()
            or not ApiKey.objects.filter(partner="Demo partner").exists()
        ):
            api_key = ApiKey(partner="Demo partner")
            key = api_key.issue()
            api_key.save()
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_text(key + "\n", encoding="utf-8")
            saved.chmod(0o600)
        key = saved.read_text(encoding="utf-8").strip()
        self.stdout.write(
            _("Syndication API: %(url)s/en/api/ninjs/  key: %(key)s")
            % {"url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), "key": key}
        )

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
