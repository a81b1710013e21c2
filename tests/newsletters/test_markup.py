"""Every newsletter page, in each state a reader meets, and every mail Dateline
sends (confirmation, link, digest, breaking news, Send to a friend), through the W3C
Nu HTML checker: zero errors. And the headers mail checkers read (RFC 5322's Date,
RFC 3834's Auto-Submitted)."""

from email.utils import parsedate_to_datetime

import pytest

from dateline.newsletters import digests
from dateline.newsletters.tasks import batch_enqueue
from tests.checkers import nu_errors
from tests.sharing.conftest import form_data

from .conftest import form, links_in, path_of, story, subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def test_every_newsletter_page_and_mail_is_valid_html(
    client, smtp, settle, homes, sections, settings
):
    pages = {"subscribe": client.get("/it/newsletters/").content}
    pages["subscribe, with errors"] = client.post(
        "/en/newsletters/", form(email="not an address", consent="")
    ).content
    pages["link"] = client.get("/en/newsletters/link/").content
    pages["link, with errors"] = client.post(
        "/en/newsletters/link/", {"email": "nope"}
    ).content
    with settle():
        pages["check your inbox"] = client.post("/en/newsletters/", form()).content
    [confirmation] = smtp.messages
    confirm = path_of(links_in(confirmation)["confirm"])
    pages["confirm"] = client.get(confirm).content
    pages["confirmed"] = client.post(confirm).content
    subscriber("member@example.org")
    with settle():
        client.post("/en/newsletters/link/", {"email": "member@example.org"})
    manage = smtp.messages[-1]
    pages["preferences"] = client.get(path_of(links_in(manage)["manage"])).content

    subscriber("daily@example.org", frequency="daily", editions=["en", "zh-hans"])
    subscriber("flash@example.org", frequency="breaking")
    story(homes["en"], "Rail talks resume", section=sections["korea"], countries=["KR"])
    story(homes["zh-hans"], "铁路会谈恢复", hours_ago=3)
    with settle():
        digests.digest_send(frequency="daily", enqueue=batch_enqueue)
    with settle():
        article = story(homes["en"], "Border opens", hours_ago=0, breaking=True)
    settings.DATELINE_SHARING = settings.DATELINE_SHARING | {"MIN_SECONDS": 0}
    with settle():
        pages["shared"] = client.post(article.url + "share/", form_data()).content
    pages["share, with errors"] = client.post(
        article.url + "share/", form_data(recipients="")
    ).content

    mails = {
        f"mail {number}: {message['Subject']}": html_of(message)
        for number, message in enumerate(smtp.messages)
    }
    subjects = " ".join(mails)
    for kind in ("confirm", "manage", "daily digest", "breaking news", "Border opens"):
        assert kind in subjects
    assert nu_errors(pages | mails) == []


def test_mail_dates_name_a_zone_and_form_mail_is_auto_generated(
    client, smtp, settle, homes
):
    with settle():
        client.post("/en/newsletters/", form())
    subscriber("daily@example.org", frequency="daily")
    story(homes["en"], "Rail talks resume")
    with settle():
        digests.digest_send(frequency="daily", enqueue=batch_enqueue)
    confirmation, digest = smtp.messages
    for message in (confirmation, digest):
        # RFC 5322 §4.3: "GMT" is an obsolete zone, never to be generated.
        assert "GMT" not in message["Date"]
        assert parsedate_to_datetime(message["Date"]).utcoffset() is not None
    # Sent because a web form asked (RFC 3834): generated, not a reply.
    assert confirmation["Auto-Submitted"] == "auto-generated"
