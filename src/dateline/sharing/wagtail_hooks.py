from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin import ShareMessageViewSet
from .printing import pdf_response, print_response
from .views import share

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


@hooks.register("article_page_subpages")
def article_subpages():
    """An article's sub-pages: send to a friend, the printable version, the PDF."""
    return [
        path("share/", lambda page, request: share(request, page), name="share"),
        path(
            "print/", lambda page, request: print_response(request, page), name="print"
        ),
        path("pdf/", lambda page, request: pdf_response(request, page), name="pdf"),
    ]
