from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import twofactor, views


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
