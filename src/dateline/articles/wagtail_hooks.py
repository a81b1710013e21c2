from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.pages import base_page_viewset
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..core.languages import edition_name
from . import admin_views
from .admin_listing import ArticleListingViewSet
from .admin_search import RecentFirstPageSearchView, recent_first
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


# Wagtail's view set of every page type: its search view is the admin's Search box.
base_page_viewset.search_view_class = RecentFirstPageSearchView


@hooks.register("construct_explorer_page_queryset")
def explorer_search_recent_first(parent_page, pages, request):
    return recent_first(pages)


@hooks.register("construct_page_chooser_queryset")
def chooser_search_recent_first(pages, request):
    return recent_first(pages)


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet("articles")


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
    """“Write an article”, with one entry per edition."""
    url = reverse("dateline_write_article")
    editions = [
        MenuItem(
            edition_name(code),
            f"{url}?edition={code}",
            name=f"write-{code}",
            icon_name="edit",
            order=n,
        )
        for n, (code, _name) in enumerate(settings.LANGUAGES)
    ]
    return SubmenuMenuItem(
        _("Write an article"),
        Menu(items=editions),
        name="write-an-article",
        icon_name="edit",
        order=50,
    )
