"""Permission policies for admin listings of rows the site writes itself."""

from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnly(ModelPermissionPolicy):
    """Rows written by the site, never by hand: they can only be viewed."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class NoAdd(ModelPermissionPolicy):
    """Rows that come from readers (subscribers): editors may view, change and
    delete them, never create one, which would skip the reader's consent."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
