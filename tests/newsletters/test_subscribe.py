"""Subscribing: the form, double opt-in through real SMTP, no enumeration, limits."""

import logging
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from dateline.newsletters import links, services
from dateline.newsletters.models import Subscriber
from tests.articles.factories import make_article

from .conftest import form, links_in, path_of, subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_every_article_carries_the_subscribe_form(client, homes, sections):
    article = make_article(home=homes["it"], title="Il porto riapre")
    page = client.get(article.url).content.decode()
    assert 'action="/it/newsletters/"' in page
    assert "Iscriviti ora" in page  # "Subscribe now", in the article's edition
    assert 'name="email"' in page and 'name="frequency"' in page
    assert 'name="sections"' in page and 'value="KR"' in page
    assert 'href="/it/privacy/"' in page


def test_subscribe_page_offers_editions_countries_topics_and_frequency(
    client, sections
):
    page = client.get("/en/newsletters/").content.decode()
    for value in ("daily", "weekly", "breaking", "en", "it", "zh-hans", "es", "KP"):
        assert f'value="{value}"' in page
    assert f'value="{sections["environment"].translation_key}"' in page
    assert "Environment" in page and "North Korea" in page
    assert 'href="/en/privacy/"' in page


def test_double_opt_in_through_real_smtp(client, smtp, settle, sections):
    with settle():
        response = client.post(
            "/en/newsletters/",
            form(
                countries=["KR"],
                sections=[str(sections["environment"].translation_key)],
                frequency="weekly",
            ),
        )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    reader = Subscriber.objects.get()
    assert reader.status == Subscriber.Status.PENDING
    assert (reader.countries, reader.frequency) == (["KR"], "weekly")

    [message] = smtp.messages
    assert smtp.recipients == ["reader@example.org"]
    assert "confirm your subscription" in message["Subject"]
    confirm = path_of(links_in(message)["confirm"])
    # Opening the link (as a mail scanner does) confirms nothing.
    page = client.get(confirm)
    assert (
        page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    )
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.PENDING

    page = client.post(confirm)
    assert page.status_code == 200
    assert "Your subscription is confirmed." in page.content.decode()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE and reader.confirmed_at


def test_the_confirmation_is_in_the_language_of_the_edition(client, smtp, settle):
    with settle():
        client.post("/zh-hans/newsletters/", form(editions=["zh-hans"]))
    [message] = smtp.messages
    assert Subscriber.objects.get().language == "zh-hans"
    assert "/zh-hans/newsletters/confirm/" in links_in(message)["confirm"]
    assert "确认" in message.get_body(("plain",)).get_content()


def test_a_known_address_gets_the_same_answer_and_a_manage_mail(client, smtp, settle):
    with settle():
        new = client.post("/en/newsletters/", form(email="new@example.org"))
    subscriber("old@example.org", countries=["JP"])
    with settle():
        known = client.post("/en/newsletters/", form(email="OLD@example.org"))
    assert new.status_code == known.status_code == 200
    assert _main(new) == _main(known).replace("old@", "new@")

    confirm, manage = smtp.messages
    assert "confirm" in links_in(confirm)
    assert list(links_in(manage)) == ["manage"]
    assert "manage your subscription" in manage["Subject"]
    # A stranger's form does not change a subscriber's choices.
    assert Subscriber.objects.get(email="old@example.org").countries == ["JP"]


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_a_suppressed_address_is_never_mailed(client, smtp, settle):
    subscriber("gone@example.org", status=Subscriber.Status.SUPPRESSED)
    with settle():
        response = client.post("/en/newsletters/", form(email="gone@example.org"))
    assert (
        response.status_code == 200 and "Check your inbox" in response.content.decode()
    )
    assert smtp.messages == []


def test_one_confirmation_per_interval_so_the_form_cannot_flood_an_inbox(
    client, smtp, settle
):
    for _n in range(3):
        with settle():
            client.post("/en/newsletters/", form())
    assert len(smtp.messages) == 1
    Subscriber.objects.update(mailed_at=timezone.now() - timedelta(hours=1))
    with settle():
        client.post("/en/newsletters/", form())
    assert len(smtp.messages) == 2


def test_at_most_four_mails_a_day_to_one_address_from_any_number_of_clients(
    smtp, settle
):
    def ask(n):
        # Each from another client, past the interval since the last mail.
        Subscriber.objects.update(mailed_at=timezone.now() - timedelta(hours=1))
        with settle():
            Client(REMOTE_ADDR=f"198.51.100.{n}").post("/en/newsletters/", form())

    for n in range(8):
        ask(n)
    assert len(smtp.messages) == 4
    # A day after the first, the count starts again.
    Subscriber.objects.update(mail_day_began=timezone.now() - timedelta(hours=25))
    ask(9)
    assert len(smtp.messages) == 5


def test_form_errors_are_explained_and_nothing_is_stored(client):
    response = client.post(
        "/en/newsletters/", form(email="not-an-address", consent="", editions=[])
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in page
    assert "Please agree, or we cannot send anything." in page
    assert "Choose at least one edition." in page
    assert not Subscriber.objects.exists()


def test_the_hidden_field_stops_robots(client, smtp, settle):
    with settle():
        response = client.post("/en/newsletters/", form(leave_empty="http://spam"))
    assert response.status_code == 400
    assert not Subscriber.objects.exists() and smtp.messages == []


def test_a_subscription_posted_from_another_site_is_refused():
    # The form is on cached pages, with no token: the view checks the origin
    # instead (tests/core/test_origin.py).
    response = Client(enforce_csrf_checks=True).post(
        "/en/newsletters/", form(), headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_subscribing_is_rate_limited_per_client(client, settings, settle):
    settings.DATELINE_NEWSLETTERS = settings.DATELINE_NEWSLETTERS | {"PER_HOUR": 2}
    codes = []
    for n in range(3):
        with settle():
            codes.append(
                client.post(
                    "/en/newsletters/", form(email=f"r{n}@example.org")
                ).status_code
            )
    assert codes == [200, 200, 429]
    assert Subscriber.objects.count() == 2


def test_links_expire_and_forged_links_do_not_work(client, monkeypatch):
    reader = subscriber(status=Subscriber.Status.PENDING)
    token = links.token_for(reader, "confirm")
    assert client.get(f"/en/newsletters/confirm/{token}/").status_code == 200
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/en/newsletters/confirm/{forged}/").status_code == 404
    # A link for another purpose is no confirmation link.
    manage = links.token_for(reader, "manage")
    assert client.get(f"/en/newsletters/confirm/{manage}/").status_code == 404

    eight_days_ago = time.time() - 8 * 86400
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: eight_days_ago)
        stale = links.token_for(reader, "confirm")
    response = client.post(f"/en/newsletters/confirm/{stale}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.PENDING


def test_deleting_a_subscriber_voids_its_links(client):
    reader = subscriber()
    token = links.token_for(reader, "manage")
    reader.delete()
    subscriber()  # the same address, subscribed again: a new secret
    assert client.get(f"/en/newsletters/manage/{token}/").status_code == 404


def test_unconfirmed_subscriptions_are_purged(settings):
    fresh = subscriber("fresh@example.org", status=Subscriber.Status.PENDING)
    stale = subscriber("stale@example.org", status=Subscriber.Status.PENDING)
    active = subscriber("active@example.org")
    old = timezone.now() - timedelta(
        days=settings.DATELINE_NEWSLETTERS["PENDING_DAYS"] + 1
    )
    Subscriber.objects.filter(pk__in=[stale.pk, active.pk]).update(created_at=old)
    assert services.subscribers_purge() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, active.pk}


def test_no_address_reaches_the_logs(client, smtp, settle, caplog):
    caplog.set_level(logging.DEBUG)
    subscriber("known@example.org")
    with settle():
        client.post("/en/newsletters/", form(email="new@example.org"))
        client.post("/en/newsletters/", form(email="known@example.org"))
    services.subscriber_suppress(email="known@example.org", reason="bounce")
    # Dateline's and Django's records; "mail.log" is the test's own SMTP server.
    logged = [r.getMessage() for r in caplog.records if r.name != "mail.log"]
    assert logged and not [line for line in logged if "@example.org" in line]


def test_the_privacy_page_says_what_is_kept_in_each_edition(client, settings):
    page = client.get("/es/privacy/").content.decode()
    days = settings.DATELINE_NEWSLETTERS["PENDING_DAYS"]
    assert f"Una dirección que no se confirma en {days} días se borra." in page
    assert 'href="/es/newsletters/"' in client.get("/es/").content.decode()


def test_the_purge_command_deletes_unconfirmed_subscriptions():
    from io import StringIO

    from django.core.management import call_command

    stale = subscriber(status=Subscriber.Status.PENDING)
    Subscriber.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    out = StringIO()
    call_command("newsletters", "purge", stdout=out)
    assert "1 row(s) deleted." in out.getvalue()
    assert not Subscriber.objects.exists()
