from django.db import models


class PageGeneration(models.Model):
    """When a reader path was last purged from the caches (dateline.pagecache):
    a page cached before is never served again. Every process of the site reads it,
    so a purge made by one (the worker, an editor's request) reaches all of them."""

    EVERYTHING = "*"

    # The path's MD5 in hex, or EVERYTHING for every path at once.
    path = models.CharField(max_length=32, primary_key=True)
    generation = models.BigIntegerField()
    purged_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self):
        return f"{self.path}: {self.generation}"
