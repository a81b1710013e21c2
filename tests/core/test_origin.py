"""Forms on cached pages carry no CSRF token: their views check where a POST comes
from instead (dateline.core.origin)."""

import pytest
from django.test import Client

from tests.newsletters.conftest import form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sections")]


def post(headers: dict):
    # enforce_csrf_checks: the token check is on, as in a browser.
    client = Client(enforce_csrf_checks=True)
    return client.post("/en/newsletters/", form(), headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},
        {},  # not a browser: nothing a cross-site form could send
    ],
)
def test_a_subscription_from_our_own_pages_needs_no_token(headers):
    response = post(headers)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
    ],
)
def test_a_subscription_posted_from_another_site_is_refused(headers):
    from dateline.newsletters.models import Subscriber

    response = post(headers)
    assert response.status_code == 403
    assert "This cannot be done from here" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_trusted_origin_passes(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.agency.example"]
    assert post({"Origin": "https://www.agency.example"}).status_code == 200


def test_other_forms_keep_their_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/newsletters/link/", {"email": "reader@example.org"})
    assert response.status_code == 403
