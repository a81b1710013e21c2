"""An index on page titles.

It serves the importer's “See also” matching by headline, which would otherwise scan
every page of a million-article archive. Kept apart from data migrations: PostgreSQL
cannot build an index in a transaction that has pending trigger events.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX dateline_page_title ON wagtailcore_page (title)",
            "DROP INDEX dateline_page_title",
        ),
    ]
