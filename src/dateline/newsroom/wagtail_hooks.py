from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from . import twofactor, views, visibility
from .permissions import readable


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-step/", views.setup, name="newsroom_two_factor_setup"),
        path("two-step/verify/", views.verify, name="newsroom_two_factor_verify"),
        path("two-step/off/", views.disable, name="newsroom_two_factor_disable"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    on = twofactor.enabled(request.user)
    return {
        "url": reverse("newsroom_two_factor_setup"),
        "label": _("Two-step sign-in: on") if on else _("Set up two-step sign-in"),
        "help_text": _(
            "After your password, a code from an authenticator app on your phone."
        ),
    }


@hooks.register("construct_page_chooser_queryset")
def readable_pages_only(pages, request):
    """The page chooser and its search: the pages the user may read."""
    # As a subquery: the chooser searches what this returns, and a search filters
    # only on the fields it indexes.
    return pages.filter(pk__in=Page.objects.filter(readable(request.user)).values("pk"))


# After Wagtail's (a later registration of an action replaces an earlier one).
for action_class in visibility.BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=1)
