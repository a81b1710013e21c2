"""The admin's Newsletters menu: subscribers and send runs."""

import csv
import io

import pytest

from dateline.newsletters import digests
from dateline.newsletters.models import Subscriber
from dateline.newsletters.tasks import batch_enqueue

from .conftest import story, subscriber

pytestmark = pytest.mark.django_db


def test_subscribers_can_be_searched_and_filtered(client, editor):
    client.force_login(editor)
    subscriber("ana@example.org", frequency="weekly")
    subscriber("ben@example.net")
    subscriber("cai@example.org", status=Subscriber.Status.SUPPRESSED)
    page = client.get("/admin/subscribers/?q=example.org").content.decode()
    assert "ana@example.org" in page and "cai@example.org" in page
    assert "ben@example.net" not in page
    page = client.get("/admin/subscribers/?status=suppressed").content.decode()
    assert "cai@example.org" in page and "ana@example.org" not in page
    page = client.get("/admin/subscribers/?frequency=weekly").content.decode()
    assert "ana@example.org" in page and "ben@example.net" not in page


def test_a_subscribers_data_can_be_exported_as_csv(client, editor):
    client.force_login(editor)
    subscriber("ana@example.org", countries=["KR"])
    subscriber("ben@example.net")
    response = client.get("/admin/subscribers/?q=ana&export=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [row["E-mail address"] for row in rows] == ["ana@example.org"]
    assert "KR" in rows[0]["Countries"]


def test_a_subscriber_is_deleted_on_request_but_never_added_by_hand(client, editor):
    client.force_login(editor)
    reader = subscriber()
    assert client.get("/admin/subscribers/new/").status_code in (302, 403)
    response = client.post(f"/admin/subscribers/delete/{reader.pk}/")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_send_runs_show_their_counts_and_the_digest_as_sent(
    client, editor, smtp, settle, homes
):
    client.force_login(editor)
    story(homes["en"], "Rail talks resume")
    subscriber("a@example.org")
    subscriber("b@example.org")
    smtp.refuse = {"b@example.org": "550 5.1.1 No such user"}
    with settle():
        digest = digests.digest_send(frequency="daily", enqueue=batch_enqueue)
    page = client.get("/admin/newsletter_runs/").content.decode()
    assert str(digest) in page
    sample = client.get(f"/admin/newsletter_runs/sample/{digest.pk}/")
    assert sample["Content-Security-Policy"] == "sandbox"
    assert "Rail talks resume" in sample.content.decode()
    assert "newsletter.invalid" not in sample.content.decode()
    listing = client.get("/admin/newsletter_runs/").context["object_list"]
    [row] = listing
    assert (row.sent, row.failed, row.suppressed, row.queued) == (1, 1, 0, 0)


def test_the_newsletters_admin_needs_a_login(client):
    assert client.get("/admin/subscribers/").status_code == 302
    assert client.get("/admin/newsletter_runs/sample/1/").status_code == 302
