"""Two-factor sign-in in the admin (twofactor.py holds the writes)."""

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import twofactor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "wagtailadmin_home"


@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: a code from the editor's app, or a backup code."""
    if not twofactor.enabled(request.user) or request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = twofactor.check(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "code", _("This code is not right, or has been used. Try the next one.")
        )
    return TemplateResponse(
        request,
        "newsroom/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@require_http_methods(["GET", "POST"])
def setup(request):
    """Scan the QR code with an authenticator app, type its code: two-factor sign-in
    is on, and the backup codes are shown, once."""
    if twofactor.enabled(request.user):
        return TemplateResponse(
            request, "newsroom/two_factor_on.html", {"form": CodeForm()}
        )
    device = twofactor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = twofactor.confirm(request.user, device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return TemplateResponse(
                request, "newsroom/two_factor_codes.html", {"codes": codes}
            )
        form.add_error(
            "code",
            _(
                "This code is not right. Check your phone's clock, and type the "
                "code it shows now."
            ),
        )
    return TemplateResponse(
        request,
        "newsroom/two_factor_setup.html",
        {
            "form": form,
            "qr_code": twofactor.qr_code(device),
            "key": b32encode(device.bin_key).decode(),
        },
    )


@require_http_methods(["POST"])
def disable(request):
    """Back to a password alone, confirmed with a current code."""
    form = CodeForm(request.POST)
    if form.is_valid() and twofactor.check(request.user, form.cleaned_data["code"]):
        twofactor.disable(request.user)
        messages.success(request, _("Two-step sign-in is off."))
        return redirect("wagtailadmin_account")
    form.add_error(
        "code", _("This code is not right, or has been used. Try the next one.")
    )
    return TemplateResponse(
        request, "newsroom/two_factor_on.html", {"form": form}, status=400
    )
