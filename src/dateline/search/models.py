"""The readers' search index: one document per published article (docs/search.md).

The text itself lives beside this table in the engine's own structure, created by
migration 0001: an FTS5 table on SQLite (whose rowid is the document's ``key``), or
``vector`` and ``facets`` columns with GIN indexes on PostgreSQL (engines.py).
"""

from django.db import models

# A document's key orders the index newest first: the publication time in seconds,
# then the article's id (below 2**31, a database integer), so every key is unique.
ID_SPAN = 2**31
# Seconds that fit a 64-bit key: years 1834 to 2106. A time beyond (a typing slip,
# year 9999) is kept at the bound rather than failing the publication.
SECONDS = 2**32 - 1


def key_for(published_at, article_id: int) -> int:
    seconds = max(-SECONDS, min(SECONDS, int(published_at.timestamp())))
    return seconds * ID_SPAN + article_id


def article_of(key: int) -> int:
    return key % ID_SPAN


class SearchDocument(models.Model):
    article = models.OneToOneField(
        "articles.ArticlePage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.BigIntegerField(unique=True)
    # The live version indexed (the page's last publication), so a rebuild can skip
    # what is current and resume where it stopped.
    version = models.DateTimeField(null=True)

    def __str__(self):
        return f"search document of article {self.article_id}"
