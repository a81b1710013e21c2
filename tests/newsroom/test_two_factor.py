"""Two-step sign-in for editors: set up with an authenticator app's code, asked
for after the password in each new session, backup codes that work once, wrong
codes slowed down (docs/security.md)."""

import re
import time
from base64 import b32encode
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dateline.newsroom import twofactor
from tests.helpers import sign_in

ADMIN = "/admin/"


class App:
    """An authenticator app: the code of the current time step, or of the next step
    not used yet (a code is good once: django-otp refuses it again)."""

    def __init__(self, device: TOTPDevice):
        self.device = device

    def code(self) -> str:
        self.device.refresh_from_db()
        now = int(time.time()) // self.device.step
        ahead = max(now, self.device.last_t + 1) - now
        return f"{totp(self.device.bin_key, self.device.step, 0, 6, ahead):06d}"


@pytest.fixture
def app(editor):
    """An editor who has set up two-step sign-in."""
    device = twofactor.pending_device(editor)
    app = App(device)
    assert twofactor.confirm(editor, device, app.code())
    return app


def unthrottle(device):
    """As if the second a wrong code costs had passed."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )


def test_an_editor_sets_it_up_with_a_code_from_the_app(client, editor):
    client.force_login(editor)
    page = client.get(reverse("newsroom_two_factor_setup"))
    assert page.status_code == 200
    assert "<svg" in page.text  # the QR code
    key = re.search(r"<code>([A-Z2-7]+)</code>", page.text).group(1)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert key == b32encode(device.bin_key).decode()
    assert "secret=" + key in device.config_url
    # Reloading keeps the same key: the app has already scanned it.
    assert key in client.get(reverse("newsroom_two_factor_setup")).text

    refused = client.post(reverse("newsroom_two_factor_setup"), {"code": "000000"})
    assert "This code is not right" in refused.text
    assert not twofactor.enabled(editor)

    unthrottle(device)
    done = client.post(
        reverse("newsroom_two_factor_setup"), {"code": App(device).code()}
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert twofactor.enabled(editor)
    # This session has shown a code: the admin is open.
    assert client.get(ADMIN).status_code == 200


def test_a_new_session_is_asked_for_a_code_after_the_password(client, app):
    assert sign_in(client).status_code == 302
    asked = client.get(ADMIN + "pages/")
    verify = reverse("newsroom_two_factor_verify")
    assert asked.status_code == 302
    assert asked["Location"] == f"{verify}?next=%2Fadmin%2Fpages%2F"
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    # Nor can an API of the admin be reached around it.
    assert client.get(reverse("wagtailadmin_pages:search")).status_code == 302

    wrong = client.post(verify + "?next=/admin/pages/", {"code": "123456"})
    assert wrong.status_code == 200
    assert "This code is not right" in wrong.text
    # A wrong code slows the next try: at once, even the right one is refused.
    assert client.post(verify, {"code": app.code()}).status_code == 200

    unthrottle(app.device)
    done = client.post(verify, {"code": app.code(), "next": "/admin/pages/"})
    assert done["Location"] == "/admin/pages/"
    assert client.get(ADMIN).status_code == 200


def test_a_backup_code_works_once(client, editor, app):
    codes = list(
        editor.staticdevice_set.get().token_set.values_list("token", flat=True)
    )
    verify = reverse("newsroom_two_factor_verify")
    assert sign_in(client).status_code == 302
    assert client.post(verify, {"code": codes[0]}).status_code == 302
    assert client.get(ADMIN).status_code == 200

    client.logout()
    assert sign_in(client).status_code == 302
    assert client.post(verify, {"code": codes[0]}).status_code == 200
    assert client.get(ADMIN).status_code == 302
    assert editor.staticdevice_set.get().token_set.count() == 9


def test_a_code_is_asked_for_the_admin_only(client, app, homes):
    assert sign_in(client).status_code == 302
    assert client.get("/en/").status_code == 200


def test_the_next_address_must_be_the_site_s_own(client, app):
    assert sign_in(client).status_code == 302
    response = client.post(
        reverse("newsroom_two_factor_verify"),
        {"code": app.code(), "next": "https://elsewhere.example/admin/"},
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_turning_it_off_takes_a_current_code(client, editor, app):
    client.force_login(editor)
    verify = reverse("newsroom_two_factor_verify")
    client.post(verify, {"code": app.code()})
    off = reverse("newsroom_two_factor_disable")

    assert client.post(off, {"code": "000000"}).status_code == 400
    assert twofactor.enabled(editor)
    unthrottle(app.device)
    assert client.post(off, {"code": app.code()})["Location"] == reverse(
        "wagtailadmin_account"
    )
    assert not twofactor.enabled(editor)

    client.logout()
    assert sign_in(client).status_code == 302
    assert client.get(ADMIN).status_code == 200  # the password alone again


def test_the_account_page_offers_it(client, editor):
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_account"))
    assert "Set up two-step sign-in" in page.text
    assert reverse("newsroom_two_factor_setup") in page.text


def test_an_administrator_turns_it_off_for_an_editor_who_lost_everything(editor, app):
    out = StringIO()
    call_command("two_step_off", "desk", stdout=out)
    assert out.getvalue() == "Two-step sign-in is off for desk.\n"
    assert not twofactor.enabled(editor)
    with pytest.raises(CommandError, match="There is no user “nobody”"):
        call_command("two_step_off", "nobody")
