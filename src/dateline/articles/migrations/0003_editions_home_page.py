"""The edition locales and the English home page as the default site."""

from django.db import migrations

LANGUAGES = ["en", "it", "zh-hans", "es"]


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("articles.HomePage")

    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    english = Locale.objects.get(language_code="en")

    # Wagtail's own welcome page (id 2) gives way to ours, like `wagtail start` does.
    Page.objects.filter(id=2, depth=2).delete()
    content_type, _ = ContentType.objects.get_or_create(
        app_label="articles", model="homepage"
    )
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=english,
        live=True,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page_id": home.id,
            "site_name": "Dateline",
        },
    )


def remove_home(apps, schema_editor):
    apps.get_model("articles.HomePage").objects.filter(path="00010001").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_page_title_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_home, remove_home),
    ]
