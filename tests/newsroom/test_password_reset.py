"""The admin's forgotten-password link is limited per account and per client, and
answers the same whether or not it sends (docs/security.md)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _ask(client, email, ip="203.0.113.5"):
    return client.post(
        reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=ip
    )


def test_one_account_gets_three_links_an_hour_however_fast_they_are_asked(
    client, smtp, settle
):
    User.objects.create_user("desk", email="desk@agency.example", password="x")
    with settle():  # the links go out through the outbox once this commits
        answers = [
            _ask(client, "desk@agency.example", ip=f"198.51.100.{n}") for n in range(15)
        ]
    assert {a.status_code for a in answers} == {302}
    assert {a.url for a in answers} == {reverse("wagtailadmin_password_reset_done")}
    assert smtp.recipients == ["desk@agency.example"] * 3


def test_one_client_is_held_whichever_accounts_it_asks_for(
    client, smtp, settings, settle
):
    for n in range(12):
        User.objects.create_user(
            f"desk{n}", email=f"desk{n}@agency.example", password="x"
        )
    with settle():
        for n in range(12):
            assert _ask(client, f"desk{n}@agency.example").status_code == 302
    assert len(smtp.recipients) == settings.DATELINE_PASSWORD_RESETS["PER_CLIENT"]
