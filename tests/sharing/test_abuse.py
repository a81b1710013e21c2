"""Send to a friend must not become a spam relay: floods get exactly the limits."""

import pytest
from django.test import RequestFactory

from dateline.core.clients import client_address
from dateline.sharing.models import ShareMessage

from .conftest import form_data
from .test_send import share_url

pytestmark = pytest.mark.clock


@pytest.fixture
def flood(client, article, smtp, settle):
    """Post the form ``n`` times; return the status codes."""

    def post(n, **per_post):
        codes = []
        for i in range(n):
            changes = {k: v(i) if callable(v) else v for k, v in per_post.items()}
            extra = {"REMOTE_ADDR": changes.pop("ip", "203.0.113.7")}
            for header in [name for name in changes if name.startswith("HTTP_")]:
                extra[header] = changes.pop(header)
            with settle():
                response = client.post(
                    share_url(article), form_data(**changes), **extra
                )
            codes.append(response.status_code)
        return codes

    return post


def test_one_address_sends_five_messages_an_hour(flood, smtp):
    codes = flood(
        12,
        sender_email=lambda i: f"sender{i}@example.org",
        recipients=lambda i: f"friend{i}@example.net",
    )
    assert codes == [200] * 5 + [429] * 7
    assert len(smtp.envelopes) == 5


def test_one_sender_sends_five_messages_an_hour_from_anywhere(client, flood, smtp):
    codes = flood(
        8,
        ip=lambda i: f"198.51.100.{i}",
        recipients=lambda i: f"friend{i}@example.net",
    )
    assert codes == [200] * 5 + [429] * 3
    assert len(smtp.envelopes) == 5


def test_three_recipients_count_as_three(flood, smtp):
    codes = flood(
        3,
        recipients=lambda i: ",".join(f"f{i}{n}@example.net" for n in range(3)),
    )
    # 3 sent, then 3 more would make 6 (over 5): refused whole, nothing partial.
    assert codes == [200, 429, 429]
    assert len(smtp.envelopes) == 3


def test_the_daily_limit(settings, flood, smtp):
    settings.DATELINE_SHARING = settings.DATELINE_SHARING | {
        "PER_HOUR": 100,
        "PER_DAY": 7,
    }
    codes = flood(10, recipients=lambda i: f"friend{i}@example.net")
    assert codes.count(200) == 7
    assert len(smtp.envelopes) == 7


def test_the_site_wide_hourly_cap(settings, flood, smtp):
    settings.DATELINE_SHARING = settings.DATELINE_SHARING | {"SITE_PER_HOUR": 4}
    codes = flood(
        6,
        ip=lambda i: f"198.51.100.{i}",
        sender_email=lambda i: f"sender{i}@example.org",
        recipients=lambda i: f"friend{i}@example.net",
    )
    assert codes == [200] * 4 + [429] * 2
    assert len(smtp.envelopes) == 4


def test_a_limit_refusal_says_why(client, article, flood):
    flood(5, recipients=lambda i: f"friend{i}@example.net")
    response = client.post(
        share_url(article),
        form_data(recipients="late@example.net"),
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 429
    assert "You can send 5 articles an hour and 20 a day." in response.content.decode()


def test_the_same_recipient_gets_an_article_once_a_day(flood, smtp, client, article):
    codes = flood(
        3,
        ip=lambda i: f"198.51.100.{i}",
        sender_email=lambda i: f"sender{i}@example.org",
    )
    assert codes == [200, 429, 429]
    assert smtp.recipients == ["ben@example.net"]
    # A new address in the same form still goes; the repeated one is named.
    response = client.post(
        share_url(article),
        form_data(recipients="ben@example.net, cy@example.com"),
        REMOTE_ADDR="198.51.100.99",
    )
    html = response.content.decode()
    assert "Not sent again to ben@example.net" in html
    assert ShareMessage.objects.filter(message__recipient="cy@example.com").exists()


@pytest.mark.parametrize(
    ("hops", "header", "client"),
    [
        (1, "198.51.100.4", "198.51.100.4"),
        (1, "6.6.6.6, 198.51.100.4", "198.51.100.4"),  # the client's own, ignored
        (2, "6.6.6.6, 198.51.100.4, 10.0.0.2", "198.51.100.4"),
        (2, "198.51.100.4", "198.51.100.4"),
    ],
)
def test_only_the_address_our_proxy_wrote_counts(settings, hops, header, client):
    settings.DATELINE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.DATELINE_TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header
    )
    assert client_address(request) == client


def test_a_client_rotating_forwarded_for_is_still_one_client(settings, flood, smtp):
    settings.DATELINE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    codes = flood(
        7,
        sender_email=lambda i: f"sender{i}@example.org",
        recipients=lambda i: f"friend{i}@example.net",
        HTTP_X_FORWARDED_FOR=lambda i: f"203.0.113.{i}, 198.51.100.4",
    )
    assert codes.count(200) == 5  # the hourly limit of one client
    assert set(codes[5:]) == {429}


def test_behind_a_proxy_the_limits_count_the_header_address(settings, flood, smtp):
    settings.DATELINE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.4"
    )
    assert client_address(request) == "198.51.100.4"
    # Every post comes from the proxy (REMOTE_ADDR); the header tells readers apart.
    codes = flood(
        7,
        sender_email=lambda i: f"sender{i}@example.org",
        recipients=lambda i: f"friend{i}@example.net",
        HTTP_X_REAL_IP=lambda i: f"198.51.100.{i}",
    )
    assert codes == [200] * 7
