# The model moved here from core: the state takes over core's table as it is, then
# the table takes this app's name (docs/decisions/0020-one-house-per-noun.md).

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0002_page_generation_moves_to_pagecache"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PageGeneration",
                    fields=[
                        (
                            "path",
                            models.CharField(
                                max_length=32, primary_key=True, serialize=False
                            ),
                        ),
                        ("generation", models.BigIntegerField()),
                        (
                            "purged_at",
                            models.DateTimeField(auto_now=True, db_index=True),
                        ),
                    ],
                    options={"db_table": "core_pagegeneration"},
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="PageGeneration", table=None),
    ]
