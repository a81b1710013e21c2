"""An index on page depth and path.

A page's children are the pages one level deeper within its path range. With only
the path indexed, SQLite reads every descendant to find them: the explorer and the
page chooser took half a second to open an edition's home at 100,000 articles
(docs/decisions/0010-admin-at-scale.md).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_corrections_and_roles"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX dateline_page_depth_path ON wagtailcore_page (depth, path)",
            "DROP INDEX dateline_page_depth_path",
        ),
    ]
