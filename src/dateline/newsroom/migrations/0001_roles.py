"""The newsroom's groups, their permissions and each edition's review workflow
(dateline.newsroom.roles)."""

from django.db import migrations

from dateline.newsroom.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_corrections_and_roles"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("newsletters", "__latest__"),
        ("sharing", "__latest__"),
        ("syndication", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtailcore", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtailredirects", "__latest__"),
        ("wagtail_localize", "__latest__"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
