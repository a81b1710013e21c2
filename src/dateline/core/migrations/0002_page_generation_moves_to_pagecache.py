# The page cache's model moved to its own app (dateline.pagecache); its table stays,
# and pagecache's own migrations take it over (docs/decisions/0020-one-house-per-noun.md).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_page_generation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PageGeneration")],
            database_operations=[],
        ),
    ]
