from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin import ShareMessageViewSet

share_messages = ShareMessageViewSet("share_messages")


@hooks.register("register_admin_viewset")
def register_share_messages():
    return share_messages


@hooks.register("register_reports_menu_item")
def register_share_messages_menu_item():
    return MenuItem(
        _("Sent to a friend"),
        reverse(share_messages.get_url_name("index")),
        name="dateline-share-messages",
        icon_name="mail",
        order=900,
    )
