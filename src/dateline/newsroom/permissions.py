"""Page permissions in the newsroom: what a translator may publish (translations,
never originals), and which pages a user may explore, said so that a big archive
answers fast."""

import os

from django.db.models import Q
from django.utils import timezone
from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import (
    PagePermissionPolicy as WagtailPagePermissionPolicy,
)

PUBLISH_ORIGINAL = "articles.publish_original"


def may_publish_originals(user) -> bool:
    """Editors and chief editors (and superusers, who have every permission)."""
    return user.has_perm(PUBLISH_ORIGINAL)


class ArticlePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, and one rule of the newsroom: publishing (and
    unpublishing) the original version of a story takes ``publish_original``, which
    editors have and translators do not. A translation needs only the edition's
    publish permission."""

    def _may_publish_this(self) -> bool:
        # The permission first: it is cached on the user; the story costs a query.
        return may_publish_originals(self.user) or self.page.is_translation

    def can_publish(self):
        # A translation waits for its original, whoever publishes it.
        return (
            super().can_publish()
            and self._may_publish_this()
            and self.page.original_is_out()
        )

    def can_unpublish(self):
        return super().can_unpublish() and self._may_publish_this()

    def can_delete(self, ignore_bulk=False):
        # Deleting (and so moving) an original is the desk's, as publishing it is;
        # its author may still delete a draft that never went out.
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        return self._may_publish_this() or (
            self.page.owner_id == self.user.pk and not self.page.first_published_at
        )


class FolderPermissionTester(PagePermissionTester):
    """An archive folder's: an article written in it (“Write an article”) is an
    original, so the editor's Publish button there takes ``publish_original``.
    Translations are made by wagtail-localize, not in this form."""

    def can_publish_subpage(self):
        return super().can_publish_subpage() and may_publish_originals(self.user)


class PagePermissionPolicy(WagtailPagePermissionPolicy):
    """Wagtail's page permissions, with the pages a user may explore said as path
    ranges. Wagtail says them with ``LIKE 'path%'``, which SQLite cannot answer
    from the path index: every admin listing read the whole page table to find the
    pages of one edition (docs/decisions/0010-admin-at-scale.md)."""

    EXPLORE = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}

    def explorable_instances(self, user):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        manager = self.model._default_manager
        codenames = self._get_permission_codenames(self.EXPLORE)
        permissions = self.get_cached_permissions_for_user(user)
        pages = [perm.page for perm in permissions]
        if not pages:
            return manager.none()
        where = Q(pk__in=[])
        for page in {
            p.page.path: p.page
            for p in permissions
            if p.permission.codename in codenames
        }.values():
            where |= subtree(page.path)
        # Their ancestors, to reach them, from the first common ancestor of their
        # parents (as Wagtail's first_common_ancestor_of) down.
        steplen = self.model.steplen
        common = os.path.commonprefix([page.path[:-steplen] for page in pages])
        common = common[: len(common) // steplen * steplen]
        ancestors = {
            page.path[:end]
            for page in pages
            for end in range(max(len(common), steplen), len(page.path), steplen)
        }
        if ancestors:
            where |= Q(path__in=ancestors)
        # Of those, only the pages the user may read (readable): explorer, page
        # search, admin API and site history all list what this returns.
        return manager.filter(where).filter(readable(user))


def subtree(path: str, prefix: str = "") -> Q:
    """The page at ``path`` and its descendants, as a range of the path index
    (paths are made of 0-9 and A-Z); ``prefix`` reaches a page through a relation
    (``"page__"``)."""
    return Q(
        **{
            f"{prefix}path__gte": path,
            f"{prefix}path__lte": path + "Z" * (255 - len(path)),
        }
    )


TRANSLATE = "wagtail_localize.submit_translation"


def may_read(user, page) -> bool:
    """Whether a newsroom member may read a page's text in the admin: one they may
    edit (their edition's, or their own draft), or one out for readers.
    Translators (and editors) may also read what is published under embargo, which
    they are to translate; a draft, a scheduled or an in-review article of another
    edition they may not (docs/newsroom.md)."""
    if page.permissions_for_user(user).can_edit():
        return True
    if not page.live:
        return False
    published_at = getattr(page.specific_deferred, "published_at", None)
    if published_at is not None and published_at > timezone.now():
        return user.has_perm(TRANSLATE)
    return True


def editable(user, prefix: str = "") -> Q:
    """The pages a member may edit, as a condition: those under a page they have
    ``change`` on, and their own (Wagtail's ``add`` lets an author edit theirs)."""
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    where = Q(**{f"{prefix}owner": user})
    policy = policy_registry.get_by_type(Page)
    for permission in policy.get_cached_permissions_for_user(user):
        if permission.permission.codename == "change_page":
            where |= subtree(permission.page.path, prefix)
    return where


def readable(
    user, prefix: str = "", published_at: str = "articlepage__published_at"
) -> Q:
    """The pages whose headline and status a member may see in the admin's
    listings, searches, choosers, API and history, as a condition (may_read, said
    for a whole listing): the pages they may edit, and those out for readers; with
    ``submit_translation`` (translators, editors) also those published under
    embargo. A colleague's draft, scheduled, in-review or withdrawn article of an
    edition where they may not edit is not there (docs/newsroom.md)."""
    if not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    out = Q(**{f"{prefix}live": True})
    if not user.has_perm(TRANSLATE):
        out &= ~Q(**{f"{prefix}{published_at}__gt": timezone.now()})
    return editable(user, prefix) | out


def editions_open_to(user) -> list:
    """The locales of the editions in which ``user`` may add pages."""
    from wagtail.models import Page

    return [
        home.locale_id
        for home in Page.objects.filter(depth=2)
        if home.permissions_for_user(user).can_add_subpage()
    ]
