"""A home page for every edition, and archive folders linked across editions.

Each edition's home is a translation of the English one (the site's root page), as
Wagtail's i18n expects. Year and month folders get a translation key derived from
their period (dateline.articles.services.archive_translation_key), so that the
folders of the same month in different editions are translations of each other.
"""

import uuid

from django.db import migrations

HOMES = {"it": "Prima pagina", "zh-hans": "首页", "es": "Portada"}
ARCHIVE_NAMESPACE = uuid.UUID("8f6c3f0e-5d1b-4c35-9a53-2f0e8a1c7d41")
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number: int, width: int = 4) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(width, "0")


def create_homes(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("articles.HomePage")

    english = HomePage.objects.filter(locale__language_code="en", depth=2).first()
    root = Page.objects.filter(depth=1).first()
    if english is None or root is None:
        return
    content_type = ContentType.objects.get(app_label="articles", model="homepage")
    for language, title in HOMES.items():
        locale, _ = Locale.objects.get_or_create(language_code=language)
        if Page.objects.filter(
            translation_key=english.translation_key, locale=locale
        ).exists():
            continue
        last = Page.objects.filter(depth=2).order_by("-path").first()
        path = root.path + _base36(int(last.path[-4:], 36) + 1)
        slug = f"home-{language}"
        HomePage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=path,
            depth=2,
            numchild=0,
            url_path=f"/{slug}/",
            locale=locale,
            translation_key=english.translation_key,
            live=True,
            has_unpublished_changes=False,
        )
        root.numchild += 1
    root.save(update_fields=["numchild"])


def link_archive_folders(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    for model_name in ("YearArchivePage", "MonthArchivePage"):
        model = apps.get_model("articles", model_name)
        for pk, url_path in model.objects.values_list("pk", "url_path"):
            # "/home/2018/" or "/home/2018/10/": the period follows the home's slug.
            period = "/".join([part for part in url_path.split("/") if part][1:])
            key = uuid.uuid5(ARCHIVE_NAMESPACE, f"archive/{period}")
            Page.objects.filter(pk=pk).update(translation_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editions_home_page"),
    ]

    operations = [
        migrations.RunPython(create_homes, migrations.RunPython.noop),
        migrations.RunPython(link_archive_folders, migrations.RunPython.noop),
    ]
