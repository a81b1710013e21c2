"""The preference centre, "send me a link", and unsubscribing in one click."""

import re

import pytest
from django.test import Client

from dateline.newsletters import links
from dateline.newsletters.models import Subscriber

from .conftest import links_in, path_of, subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_send_me_a_link_reaches_subscribers_only_and_says_the_same(
    client, smtp, settle
):
    subscriber("known@example.org")
    with settle():
        known = client.post("/en/newsletters/link/", {"email": "Known@example.org"})
        unknown = client.post("/en/newsletters/link/", {"email": "who@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert smtp.recipients == ["known@example.org"]
    assert list(links_in(smtp.messages[0])) == ["manage"]


def test_send_me_a_link_explains_a_bad_address(client):
    response = client.post("/en/newsletters/link/", {"email": "nope"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_the_preference_centre_changes_choices_and_pauses(client, sections):
    reader = subscriber(editions=["en"], frequency="daily")
    url = f"/en/newsletters/manage/{links.token_for(reader, 'manage')}/"
    page = client.get(url).content.decode()
    assert "reader@example.org" in page
    assert re.search(r'value="daily"[^>]*checked', page)
    topic = str(sections["environment"].translation_key)
    response = client.post(
        url,
        {
            "editions": ["en", "it"],
            "countries": ["KP"],
            "sections": [topic],
            "frequency": "weekly",
            "paused": "on",
        },
    )
    assert response.status_code == 200
    assert "Your choices are saved." in response.content.decode()
    reader.refresh_from_db()
    assert reader.editions == ["en", "it"] and reader.countries == ["KP"]
    assert reader.sections == [topic] and reader.frequency == "weekly"
    assert reader.status == Subscriber.Status.PAUSED

    client.post(url, {"editions": ["en"], "frequency": "weekly"})
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE


def test_the_preference_centre_refuses_a_bad_choice(client):
    reader = subscriber()
    url = f"/en/newsletters/manage/{links.token_for(reader, 'manage')}/"
    response = client.post(url, {"editions": ["xx"], "frequency": "hourly"})
    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.editions == ["en"] and reader.frequency == "daily"


def test_one_click_unsubscribe_needs_no_cookie_csrf_or_login():
    reader = subscriber()
    url = f"/en/newsletters/unsubscribe/{links.token_for(reader, 'unsubscribe')}/"
    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no token
    response = mail_client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200  # no redirect
    assert "Set-Cookie" not in response.headers or "csrftoken" not in str(
        response.cookies
    )
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    # Idempotent: again, the same answer, nothing changes.
    again = mail_client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert again.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_opening_the_unsubscribe_link_only_shows_a_button(client):
    reader = subscriber()
    url = f"/en/newsletters/unsubscribe/{links.token_for(reader, 'unsubscribe')}/"
    page = client.get(url)
    assert page.status_code == 200
    assert f'action="{url}"' in page.content.decode()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE


def test_an_unsubscribed_reader_can_come_back_from_the_preference_centre(client):
    reader = subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    url = f"/en/newsletters/manage/{links.token_for(reader, 'manage')}/"
    assert "Subscribe again with these choices" in client.get(url).content.decode()
    client.post(url, {"editions": ["en"], "frequency": "breaking"})
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE
    assert reader.frequency == "breaking"


def test_a_suppressed_address_stays_suppressed(client):
    reader = subscriber(status=Subscriber.Status.SUPPRESSED)
    url = f"/en/newsletters/manage/{links.token_for(reader, 'manage')}/"
    client.post(url, {"editions": ["en"], "frequency": "daily"})
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED


def test_a_confirmation_mail_leads_to_the_preference_centre(client, smtp, settle):
    with settle():
        client.post(
            "/it/newsletters/",
            {
                "email": "lettore@example.org",
                "frequency": "daily",
                "editions": ["it"],
                "consent": "on",
            },
        )
    confirm = path_of(links_in(smtp.messages[0])["confirm"])
    assert confirm.startswith("/it/newsletters/confirm/")
    page = client.post(confirm).content.decode()
    assert 'action="/it/newsletters/manage/' in page
    assert 'action="/it/newsletters/unsubscribe/' in page
