"""The admin asks an editor who has two-step sign-in for a code before anything else
(docs/security.md)."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor

# What an editor may reach between their password and their code.
OPEN = ("newsroom_two_factor_verify", "wagtailadmin_logout", "wagtailadmin_login")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(reverse("wagtailadmin_home"))
            and request.user.is_authenticated
            and not request.user.is_verified()
            and request.path not in {reverse(name) for name in OPEN}
            and twofactor.enabled(request.user)
        ):
            verify = reverse("newsroom_two_factor_verify")
            return redirect(f"{verify}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
