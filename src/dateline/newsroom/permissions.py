"""What a translator may publish: translations, never originals."""

from wagtail.models import PagePermissionTester

PUBLISH_ORIGINAL = "articles.publish_original"


class ArticlePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, and one rule of the newsroom: publishing (and
    unpublishing) the original version of a story takes ``publish_original``, which
    editors have and translators do not. A translation needs only the edition's
    publish permission."""

    def _may_publish_this(self) -> bool:
        return (
            self.user.is_superuser
            or self.page.is_translation
            or self.user.has_perm(PUBLISH_ORIGINAL)
        )

    def can_publish(self):
        return super().can_publish() and self._may_publish_this()

    def can_unpublish(self):
        return super().can_unpublish() and self._may_publish_this()


class FolderPermissionTester(PagePermissionTester):
    """An archive folder's: an article written in it (“Write an article”) is an
    original, so the editor's Publish button there takes ``publish_original``.
    Translations are made by wagtail-localize, not in this form."""

    def can_publish_subpage(self):
        return super().can_publish_subpage() and (
            self.user.is_superuser or self.user.has_perm(PUBLISH_ORIGINAL)
        )
