"""Newsletter pages: subscribe, confirm, preferences, unsubscribe, send me a link.

Thin: a form checks, a service writes. Every POST is rate limited per client; the
answer to an address never tells whether it is subscribed.
"""

import functools

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from dateline.core.clients import client_address
from dateline.core.limits import allow
from dateline.core.origin import cross_origin_protected
from dateline.core.views import too_many_requests

from . import links, services
from .forms import LinkForm, ManageForm, SubscribeForm
from .models import Subscriber


def _message(request, title: str, text: str, *, status: int = 200, **context):
    context = {"title": title, "text": text, **context}
    return render(request, "newsletters/message.html", context, status=status)


def _limited(request, scope: str) -> bool:
    conf = services.config()
    if scope == "link":  # requests carrying a signed link
        limit, seconds = conf["LINKS_PER_MINUTE"], 60
    else:
        limit, seconds = conf["PER_HOUR"], 3600
    return not allow(
        f"newsletters.{scope}", client_address(request), limit=limit, seconds=seconds
    )


def _from_link(request, token: str, purpose: str):
    """The subscriber a link names, or the page that says why it does not work."""
    try:
        subscriber = links.subscriber_for(token, purpose)
    except links.Expired:
        return None, _message(
            request,
            _("This link has expired"),
            _("Links in our e-mails work for a limited time. Ask for a new one:"),
            status=410,
            link_form=LinkForm(),
        )
    if subscriber is None:
        return None, _message(
            request,
            _("This link does not work"),
            _(
                "It may have been copied incompletely, or the subscription was "
                "deleted. You can subscribe again, or ask for a new link:"
            ),
            status=404,
            link_form=LinkForm(),
        )
    return subscriber, None


def from_link(purpose: str):
    """The view gets the subscriber its signed link names. A POST is rate limited;
    a link that does not work gets the page that says why."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, token):
            if request.method == "POST" and _limited(request, "link"):
                return too_many_requests(request)
            subscriber, refusal = _from_link(request, token, purpose)
            return refusal or view(request, subscriber, token)

        return wrapped

    return decorate


def _button_page(request, *, title: str, text: str, button: str, action: str):
    """A page whose button does what the link's GET must not: mail scanners open
    links, people press buttons."""
    context = {"title": title, "text": text, "button": button, "action": action}
    return render(request, "newsletters/button_page.html", context)


def _preferences(data: dict) -> dict:
    return {
        "editions": data["editions"],
        "countries": data["countries"],
        "sections": data["sections"],
        "frequency": data["frequency"],
    }


@cross_origin_protected  # its form is on cached pages: no token (core/origin.py)
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        if _limited(request, "subscribe"):
            return too_many_requests(request)
        form = SubscribeForm(request.POST)
        if form.is_valid():
            services.subscription_request(
                email=form.cleaned_data["email"],
                language=get_language(),
                **_preferences(form.cleaned_data),
            )
            return _message(
                request,
                _("Check your inbox"),
                _(
                    "We have sent a message to the address you gave. Open the link "
                    "in it to confirm your subscription; until then you receive "
                    "nothing else. If nothing arrives, check your spam folder."
                ),
            )
        status = 400
    else:
        form, status = SubscribeForm(), 200
    return render(
        request,
        "newsletters/subscribe_page.html",
        {"form": form, "link_form": LinkForm()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@from_link("confirm")
def confirm(request, subscriber, token):
    if request.method == "GET":
        return _button_page(
            request,
            title=_("Confirm your subscription"),
            text=_(
                "One more step: press the button to start receiving our newsletter."
            ),
            button=_("Confirm my subscription"),
            action=reverse("newsletters:confirm", args=[token]),
        )
    subscriber = services.subscription_confirm(subscriber=subscriber)
    if subscriber.status != Subscriber.Status.ACTIVE:
        return _message(
            request,
            _("This link does not work"),
            _("This subscription can no longer be confirmed. Please subscribe again."),
            status=404,
        )
    return _manage_page(request, subscriber, saved=_("Your subscription is confirmed."))


def _manage_page(request, subscriber, *, form=None, saved="", status=200):
    if form is None:
        form = ManageForm(
            initial={
                "editions": subscriber.editions,
                "countries": subscriber.countries,
                "sections": subscriber.sections,
                "frequency": subscriber.frequency,
                "paused": subscriber.status == Subscriber.Status.PAUSED,
            }
        )
    context = {
        "form": form,
        "subscriber": subscriber,
        "saved": saved,
        "token": links.token_for(subscriber, "manage"),
        "unsubscribe_token": links.token_for(subscriber, "unsubscribe"),
    }
    return render(request, "newsletters/manage_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
@from_link("manage")
def manage(request, subscriber, token):
    if request.method == "GET":
        return _manage_page(request, subscriber)
    form = ManageForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, subscriber, form=form, status=400)
    subscriber = services.subscription_update(
        subscriber=subscriber,
        paused=form.cleaned_data["paused"],
        **_preferences(form.cleaned_data),
    )
    return _manage_page(request, subscriber, saved=_("Your choices are saved."))


@csrf_exempt  # RFC 8058: the mail client POSTs with no cookie and no form
@require_http_methods(["GET", "POST"])
@from_link("unsubscribe")
def unsubscribe(request, subscriber, token):
    if request.method == "GET":
        return _button_page(
            request,
            title=_("Unsubscribe"),
            text=_(
                "Press the button and you will receive no more newsletters from us."
            ),
            button=_("Unsubscribe"),
            action=reverse("newsletters:unsubscribe", args=[token]),
        )
    services.subscription_cancel(subscriber=subscriber)
    return _message(
        request,
        _("You are unsubscribed"),
        _("You will receive no more newsletters from %(site)s.")
        % {"site": settings.WAGTAIL_SITE_NAME},
        manage_token=links.token_for(subscriber, "manage"),
    )


@require_http_methods(["GET", "POST"])
def link(request):
    """ "Send me a link to manage my subscription"."""
    if request.method == "GET":
        return _message(
            request,
            _("Manage your subscription"),
            _("Give your address and we will e-mail you a link to your choices."),
            link_form=LinkForm(),
        )
    if _limited(request, "subscribe"):
        return too_many_requests(request)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _message(
            request,
            _("Manage your subscription"),
            _("Give your address and we will e-mail you a link to your choices."),
            status=400,
            link_form=form,
        )
    services.manage_link_request(email=form.cleaned_data["email"])
    return _message(
        request,
        _("Check your inbox"),
        _(
            "If this address is subscribed, a link to manage the subscription is on "
            "its way. It works for %(days)d days."
        )
        % {"days": services.config()["MANAGE_DAYS"]},
    )
