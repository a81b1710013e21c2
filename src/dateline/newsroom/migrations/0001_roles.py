"""The newsroom's groups, their permissions and each edition's review workflow
(dateline.newsroom.roles)."""

from django.db import migrations

from dateline.newsroom.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_corrections_and_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsletters", "0001_initial"),
        ("sharing", "0001_initial"),
        ("syndication", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
