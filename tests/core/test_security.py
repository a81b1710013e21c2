"""Safe by default: production passes Django's deployment checks, every page carries
its security headers (cached or not), sign-ins are limited, passwords must be strong
and sessions end (docs/security.md)."""

import os
import secrets
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from dateline.pagecache import middleware
from tests.articles.factories import make_article
from tests.helpers import sign_in

pytestmark = pytest.mark.clock

LOGIN = "/admin/login/"


def policy(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy, by directive."""
    header = response["Content-Security-Policy"]
    return {
        name: values for name, *values in (part.split() for part in header.split(";"))
    }


def test_production_settings_pass_the_deployment_checks_without_a_warning(tmp_path):
    result = subprocess.run(  # noqa: S603  (our own command)
        [sys.executable, "-m", "dateline", "check", "--deploy", "--fail-level", "INFO"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATELINE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "BASE_URL": "https://news.example",
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.usefixtures("page_cache")
def test_a_reader_page_has_a_strict_policy_and_the_other_headers_cached_or_not(
    client, homes
):
    article = make_article(home=homes["en"], title="Ferries return to Incheon")
    made, cached = client.get(article.url), client.get(article.url)
    assert (made["X-Cache"], cached["X-Cache"]) == ("miss", "hit")

    for response in (made, cached):
        csp = policy(response)
        assert csp["script-src"] == ["'self'"]  # nothing inline, no nonce used
        assert csp["style-src"] == ["'self'"]
        assert csp["default-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_the_admin_has_its_own_policy_with_wagtail_s_inline_scripts(client, db):
    csp = policy(client.get(LOGIN))
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["frame-ancestors"] == ["'self'"]  # the editor frames its previews
    assert csp["object-src"] == ["'none'"]


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize("cache_seconds", [600, 0])
def test_a_public_page_with_a_nonce_is_made_private_and_not_cached(
    db, settings, cache_seconds, caplog
):
    """A nonce is good for one response: a page that used one is shared by neither
    Django's cache nor the proxy."""
    settings.DATELINE_PAGE_CACHE = {
        **settings.DATELINE_PAGE_CACHE,
        "SECONDS": cache_seconds,
    }
    made = []

    def view(request):
        response = HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")
        response["Cache-Control"] = "public, max-age=60"
        made.append(response)
        return response

    from django.middleware.csp import ContentSecurityPolicyMiddleware

    cached = middleware.PageCacheMiddleware(ContentSecurityPolicyMiddleware(view))
    factory = RequestFactory()
    first = cached(factory.get("/en/with-a-script/"))
    second = cached(factory.get("/en/with-a-script/"))

    assert len(made) == 2  # the second was made again, not served from the cache
    assert first["Cache-Control"] == second["Cache-Control"] == "private, no-cache"
    assert "'nonce-" in first["Content-Security-Policy"]
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]
    assert "used a CSP nonce" in caplog.text


# --- sign-ins ----------------------------------------------------------------------


def test_an_address_with_too_many_failed_sign_ins_is_paused(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert sign_in(client, "wrong").status_code == 200  # the form again
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    assert "Too many failed sign-ins" in locked.text
    assert "paused for 15 minutes" in locked.text

    # Even the right password is refused from there, for now...
    assert sign_in(client, "a long and right password").status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but the editor can still sign in from elsewhere.
    response = sign_in(client, "a long and right password", address="198.51.100.4")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_rotating_forwarded_for_behind_our_proxy_does_not_lift_the_pause(
    client, editor, settings
):
    """Behind one proxy of ours, the client is the address it appended: what the
    client wrote to the left of it is not a new client (finding 4 of issue 25)."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.DATELINE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.DATELINE_TRUSTED_PROXY_HOPS = 1

    def through_proxy(password, n):
        return client.post(
            LOGIN,
            {"username": "desk", "password": password},
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
        )

    assert [through_proxy("wrong", n).status_code for n in range(3)] == [
        200,
        200,
        429,
    ]
    for n in range(3, 13):
        assert through_proxy("wrong", n).status_code == 429
    assert through_proxy("a long and right password", 13).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_sign_in_resets_the_count_of_failures(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    sign_in(client, "wrong")
    sign_in(client, "wrong")
    assert sign_in(client, "a long and right password").status_code == 302
    client.logout()
    sign_in(client, "wrong")
    sign_in(client, "wrong")
    assert sign_in(client, "a long and right password").status_code == 302


def test_the_lockout_page_is_translated(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 1
    sign_in(client, "wrong")
    response = client.post(
        LOGIN,
        {"username": "desk", "password": "wrong"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="it",
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins" not in response.text


@pytest.mark.parametrize("remember", [False, True])
def test_a_session_ends_after_the_hours_set(client, editor, settings, remember):
    """Without "remember me" the cookie goes when the browser closes; with it, or
    with the browser left open, the session ends on the server after the hours
    set (SESSION_HOURS)."""
    form = {"username": "desk", "password": "a long and right password"}
    client.post(LOGIN, form | ({"remember": "on"} if remember else {}))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["max-age"] == (12 * 60 * 60 if remember else "")

    session = Session.objects.get(session_key=cookie.value)
    lasts = session.expire_date - timezone.now()
    assert timedelta(hours=11, minutes=59) < lasts <= timedelta(hours=12)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-Pw1!", "at least 12 characters"),
        ("password1234", "too common"),
        ("482915736401", "entirely numeric"),
        ("desk@agency.example", "too similar"),
    ],
)
def test_a_weak_password_is_refused_with_its_reason(editor, password, reason):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, editor)
    assert reason in " ".join(refused.value.messages)


def test_the_admin_s_form_refuses_a_weak_password(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newdesk",
            "email": "new@agency.example",
            "first_name": "New",
            "last_name": "Desk",
            "password1": "short-Pw1!",
            "password2": "short-Pw1!",
        },
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.text
    assert not get_user_model().objects.filter(username="newdesk").exists()


def test_security_txt_names_the_contact_and_expires(client, settings, db):
    assert client.get("/.well-known/security.txt").status_code == 404  # no contact
    settings.DATELINE_SECURITY_CONTACT = "mailto:security@agency.example"
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(
        line.split(": ", 1) for line in response.content.decode().splitlines()
    )
    assert fields["Contact"] == "mailto:security@agency.example"
    expires = datetime.fromisoformat(fields["Expires"])
    assert timedelta(days=170) < expires - timezone.now() < timedelta(days=366)
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"


# --- public POSTs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "endpoint", ["subscribe", "manage-link", "manage", "one-click unsubscribe", "share"]
)
def test_every_public_post_is_limited_with_a_429_that_says_when(
    client, homes, settings, settle, endpoint
):
    from dateline.newsletters.links import token_for
    from tests.newsletters.conftest import form, subscriber
    from tests.sharing.conftest import form_data

    settings.DATELINE_NEWSLETTERS = settings.DATELINE_NEWSLETTERS | {
        "PER_HOUR": 1,
        "LINKS_PER_MINUTE": 1,
    }
    settings.DATELINE_SHARING = settings.DATELINE_SHARING | {"PER_HOUR": 1}
    reader = subscriber()
    article = make_article(home=homes["en"], title="Ferries return to Incheon")
    path, data = {
        "subscribe": ("/en/newsletters/", form(email="new@example.org")),
        "manage-link": ("/en/newsletters/link/", {"email": reader.email}),
        "manage": (
            f"/en/newsletters/manage/{token_for(reader, 'manage')}/",
            form(email=reader.email),
        ),
        "one-click unsubscribe": (
            f"/en/newsletters/unsubscribe/{token_for(reader, 'unsubscribe')}/",
            {"List-Unsubscribe": "One-Click"},
        ),
        "share": (article.url + "share/", form_data()),
    }[endpoint]

    with settle():
        assert client.post(path, data).status_code < 400
        limited = client.post(path, data)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "<h1>" in limited.text  # a page of the site, saying why
