from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """Which article a source file became, so a re-import updates it, never duplicates.

    ``content_hash`` lets an interrupted or repeated import skip unchanged files. Keys
    are per edition: ``en`` and ``it`` may both have a ``2018-10-15-korea.txt``.
    """

    edition = models.CharField(_("edition"), max_length=15, default="en")
    source_key = models.CharField(_("source"), max_length=500)
    content_hash = models.CharField(_("content hash"), max_length=64)
    page = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "source_key"], name="importeditem_unique_source"
            )
        ]
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")

    def __str__(self):
        return f"{self.edition}:{self.source_key}"
