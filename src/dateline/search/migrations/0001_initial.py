"""The readers' search index, and each engine's text structure beside it."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "search_searchdocument"


def create_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_text USING fts5("
            "title, body, facets, tokenize = 'unicode61 remove_diacritics 2')"
        )
        # A document's text goes with it (the article deleted, the table emptied).
        schema_editor.execute(
            f"CREATE TRIGGER search_text_delete AFTER DELETE ON {TABLE} "
            "BEGIN DELETE FROM search_text WHERE rowid = OLD.key; END"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} "
            "ADD COLUMN vector tsvector NOT NULL DEFAULT ''::tsvector, "
            "ADD COLUMN head tsvector NOT NULL DEFAULT ''::tsvector, "
            "ADD COLUMN facets text[] NOT NULL DEFAULT '{}'"
        )
        schema_editor.execute(
            f"CREATE INDEX search_document_vector ON {TABLE} USING gin (vector)"
        )
        schema_editor.execute(
            f"CREATE INDEX search_document_facets ON {TABLE} USING gin (facets)"
        )


def drop_text(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_text_delete")
        schema_editor.execute("DROP TABLE IF EXISTS search_text")


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0007_articlepage_breaking_articlepage_digest_lead")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.articlepage",
                    ),
                ),
                ("key", models.BigIntegerField(unique=True)),
                ("version", models.DateTimeField(null=True)),
            ],
        ),
        migrations.RunPython(create_text, drop_text),
    ]
