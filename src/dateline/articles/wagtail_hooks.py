from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)


@hooks.register("register_admin_urls")
def register_write_article_url():
    return [
        path(
            "dateline/write/",
            admin_views.write_article,
            name="dateline_write_article",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_write_article_menu_item():
    return MenuItem(
        _("Write an article"),
        reverse("dateline_write_article"),
        icon_name="edit",
        order=50,
    )
