"""Digests: built from each subscriber's preferences, delivered exactly once through a
real SMTP server, even one that refuses, fails or dies mid-run."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.mail import outbox
from dateline.mail.models import Message
from dateline.mail.smtp import UNCONFIRMED
from dateline.newsletters import digests, tasks
from dateline.newsletters.models import Delivery, Digest, Subscriber

from .conftest import links_in, story, subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def news(homes, sections):
    korea = story(
        homes["en"], "Rail talks resume", countries=["KR"], section=sections["korea"]
    )
    return {
        "korea": korea,
        "korea_it": story(
            homes["it"],
            "Riprendono i colloqui",
            countries=["KR"],
            section=sections["corea"],
            translation_of=korea,
        ),
        "glacier": story(
            homes["en"],
            "A glacier retreats",
            countries=["NP"],
            section=sections["environment"],
            hours_ago=5,
        ),
        "old": story(homes["en"], "Last week's news", countries=["KR"], hours_ago=30),
        "port": story(homes["it"], "Il porto riapre", countries=["JP"]),
    }


def send(settle, **kwargs) -> Digest:
    with settle():
        return digests.digest_send(
            frequency=kwargs.pop("frequency", "daily"),
            enqueue=kwargs.pop("enqueue", tasks.batch_enqueue),
            **kwargs,
        )


def by_recipient(inbox) -> dict:
    return {message["To"]: message for message in inbox.messages}


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def test_each_subscriber_gets_their_editions_countries_and_topics(
    smtp, settle, news, sections
):
    subscriber("all@example.org")
    subscriber(
        "korea@example.org",
        language="it",
        editions=["it", "en"],
        countries=["KR"],
    )
    subscriber(
        "green@example.org", sections=[str(sections["environment"].translation_key)]
    )
    subscriber("china@example.org", countries=["CN"])  # nothing new about China
    subscriber("weekly@example.org", frequency="weekly")
    subscriber("paused@example.org", status=Subscriber.Status.PAUSED)
    subscriber("pending@example.org", status=Subscriber.Status.PENDING)

    send(settle)

    inbox = by_recipient(smtp)
    assert set(inbox) == {"all@example.org", "korea@example.org", "green@example.org"}
    everything = text_of(inbox["all@example.org"])
    assert "Rail talks resume" in everything and "A glacier retreats" in everything
    assert "Last week's news" not in everything  # before the last digest
    assert "Il porto riapre" not in everything  # not in their editions
    # Grouped by section, the newest first, each with its date, lede and link.
    assert everything.index("== Korea ==") < everything.index("Rail talks resume")
    assert everything.index("== Environment ==") < everything.index("A glacier")
    assert "The lede of Rail talks resume." in everything
    assert news["korea"].get_full_url() in everything

    korean = text_of(inbox["korea@example.org"])
    # One version of the story, in the reader's language.
    assert "Riprendono i colloqui" in korean and "Rail talks resume" not in korean
    assert "A glacier retreats" not in korean and "Il porto riapre" not in korean

    green = text_of(inbox["green@example.org"])
    assert "A glacier retreats" in green and "Rail talks" not in green
    assert not Delivery.objects.filter(subscriber__email="china@example.org").exists()


def test_the_mail_is_inlined_html_with_a_text_part_and_list_headers(smtp, settle, news):
    reader = subscriber()
    send(settle)
    [message] = smtp.messages
    html = html_of(message)
    assert "<style" not in html and "<table" in html
    assert 'style="' in html and "Rail talks resume" in html
    assert message.get_body(("plain",)) is not None

    unsubscribe = message["List-Unsubscribe"]
    https, mailto = (part.strip(" <>") for part in unsubscribe.split(","))
    assert https.startswith("http://testserver/en/newsletters/unsubscribe/")
    assert mailto.startswith("mailto:news@localhost?subject=unsubscribe%20")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The visible links are the subscriber's own.
    found = links_in(message)
    assert found["unsubscribe"] == https
    assert found["manage"] in html and https in html
    assert reader.email == message["To"]


def test_the_editors_lead_story_goes_on_top(smtp, settle, homes, news):
    story(homes["en"], "The day's big story", hours_ago=8, digest_lead=True)
    subscriber(countries=["NP"])
    send(settle)
    text = text_of(smtp.messages[0])
    assert text.index("THE DAY'S BIG STORY") < text.index("A glacier retreats")


def test_a_lead_story_alone_sends_nothing(smtp, settle, homes, sections):
    story(homes["en"], "The day's big story", digest_lead=True)
    subscriber(countries=["NP"])
    send(settle)
    assert smtp.messages == []


def test_the_next_digest_starts_after_the_last_one(smtp, settle, homes, news):
    subscriber()
    an_hour_ago = timezone.now() - timedelta(hours=1)
    send(settle, now=an_hour_ago)
    story(homes["en"], "Overnight news", hours_ago=0.5)
    send(settle, now=an_hour_ago + timedelta(days=1))
    first, second = smtp.messages
    assert "Rail talks resume" in text_of(first)
    assert "Overnight news" not in text_of(first)
    assert "Overnight news" in text_of(second)
    assert "Rail talks resume" not in text_of(second)
    assert Digest.objects.count() == 2


def test_a_second_run_the_same_day_sends_nothing_again(smtp, settle, news):
    subscriber()
    send(settle)
    send(settle)
    assert len(smtp.messages) == 1
    assert Digest.objects.get().deliveries.get().message.status == Message.Status.SENT


def test_refused_deliveries_are_retried_or_suppressed_exactly_once(smtp, settle, news):
    for n in range(6):
        subscriber(f"r{n}@example.org")
    smtp.refuse = {
        "r1@example.org": "550 5.1.1 No such user",
        "r2@example.org": "451 4.3.0 Try again later",
    }
    digest = send(settle)
    assert sorted(smtp.recipients) == ["r0@example.org"] + [
        f"r{n}@example.org" for n in range(3, 6)
    ]
    assert digests.digest_counts(digest) == {
        "queued": 1,
        "claimed": 0,
        "handed": 0,
        "sent": 4,
        "refused": 1,
        "suppressed": 0,
        "failed": 0,
    }
    bounced = Subscriber.objects.get(email="r1@example.org")
    assert bounced.status == Subscriber.Status.SUPPRESSED

    send(settle)  # run again: only the deferred one is sent
    assert Counter(smtp.recipients) == {f"r{n}@example.org": 1 for n in (0, 2, 3, 4, 5)}
    assert digests.digest_counts(digest)["sent"] == 5


def test_a_server_that_dies_mid_run_loses_and_repeats_nothing(
    smtp_server, settle, news
):
    smtp_server.start()
    for n in range(7):
        subscriber(f"r{n}@example.org")
    smtp_server.inbox.drop_after = 3  # the fourth DATA is cut off
    send(settle)
    assert len(smtp_server.inbox.recipients) == 3
    smtp_server.stop()
    send(settle)  # the server is down: nothing is lost
    smtp_server.start()
    send(settle)
    assert Counter(smtp_server.inbox.recipients) == {
        f"r{n}@example.org": 1 for n in range(7)
    }


def test_an_interrupted_build_resumes_and_delivers_once(smtp, settle, news, settings):
    settings.DATELINE_NEWSLETTERS = settings.DATELINE_NEWSLETTERS | {"BATCH": 2}
    for n in range(5):
        subscriber(f"r{n}@example.org")

    def interrupt(done):
        raise KeyboardInterrupt  # Ctrl-C after the first batch

    with pytest.raises(KeyboardInterrupt):
        send(settle, progress=interrupt)
    assert len(smtp.recipients) == 2
    send(settle)
    assert Counter(smtp.recipients) == {f"r{n}@example.org": 1 for n in range(5)}


def test_deliveries_left_by_a_dead_worker_are_settled_after_their_lease(
    smtp, settle, news, settings
):
    """A real worker is killed in tests/newsletters/test_worker_killed.py; here the
    rows are left as it leaves them."""
    for name in "abc":
        subscriber(f"{name}@example.org")
    smtp.refuse = {f"{name}@example.org": "451 4.3.0 Later" for name in "abc"}
    digest = send(settle)
    lease = settings.DATELINE_MAIL["LEASE_MINUTES"]
    long_ago = timezone.now() - timedelta(minutes=lease + 1)
    a, b, c = (d.message for d in digest.deliveries.order_by("subscriber__email"))
    # Claimed long ago and never handed over (the worker died before the data).
    Message.objects.filter(pk=a.pk).update(status="claimed", claimed_at=long_ago)
    # Claimed just now: another worker may still be sending it.
    Message.objects.filter(pk=b.pk).update(status="claimed", claimed_at=timezone.now())
    # Handed over long ago: the server read its final dot; the reply was never read.
    Message.objects.filter(pk=c.pk).update(
        status="handed", claimed_at=long_ago, handed_at=long_ago
    )
    send(settle)
    assert smtp.recipients == ["a@example.org"]
    a, b, c = (d.message for d in digest.deliveries.order_by("subscriber__email"))
    assert (a.status, a.last_error) == ("sent", "")
    assert b.status == "claimed"
    assert (c.status, c.last_error, c.sent_at) == ("sent", UNCONFIRMED, long_ago)


def test_a_delivery_marks_its_handover_before_the_server_has_it(
    smtp, settle, news, monkeypatch
):
    reader = subscriber()
    seen = []
    real = outbox.handing_over

    def watching(connection, mark):
        def and_look():
            mark()
            row = Delivery.objects.get(subscriber=reader).message
            seen.append((row.status, bool(row.handed_at), len(smtp.envelopes)))

        return real(connection, and_look)

    monkeypatch.setattr(outbox, "handing_over", watching)
    send(settle)
    assert seen == [("handed", True, 0)]  # marked, and the server holds nothing yet
    delivery = Delivery.objects.get(subscriber=reader)
    assert delivery.message.status == "sent" and len(smtp.envelopes) == 1


def test_a_subscriber_suppressed_after_the_build_is_not_mailed(
    smtp, settle, news, monkeypatch
):
    reader = subscriber()

    def bounce_first(digest_id, first, last, **kwargs):
        Subscriber.objects.filter(pk=reader.pk).update(status="suppressed")
        tasks.batch_enqueue(digest_id, first, last, **kwargs)

    digest = send(settle, enqueue=bounce_first)
    assert smtp.messages == []
    assert digest.deliveries.get().message.status == Message.Status.SUPPRESSED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_sends_and_reports(smtp, news):
    subscriber()
    out = _call("send", "--frequency", "daily", "--no-progress")
    assert "1 sent, 0 refused, 0 failed, 0 suppressed, 0 waiting" in out
    assert smtp.recipients == ["reader@example.org"]


def _call(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("newsletters", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_worker_sends_the_daily_digest_from_its_hour(smtp, settle, homes, settings):
    settings.DATELINE_NEWSLETTERS = settings.DATELINE_NEWSLETTERS | {
        "DAILY_AT": "06:00",
        "WEEKLY_DAY": 1,
    }
    subscriber("daily@example.org")
    subscriber("weekly@example.org", frequency="weekly")
    # Days in the past, so that their articles are published whatever the hour: the
    # Monday of last week and the Thursday after it, whatever weekday today is (a
    # "two days ago" was itself a Monday every Wednesday, and the weekly was due).
    today = timezone.localtime()
    monday = today - timedelta(days=7 + today.weekday())
    day = monday + timedelta(days=3)
    for when in (day, monday):
        hours = (timezone.now() - when.replace(hour=5)).total_seconds() / 3600
        story(homes["en"], f"News of {when:%A}", hours_ago=hours)
    with settle():
        assert tasks.digests_due(day.replace(hour=5, minute=59)) == []
        assert tasks.digests_due(day.replace(hour=6, minute=0)) == ["daily"]
        assert tasks.digests_due(day.replace(hour=6, minute=1)) == []
    assert smtp.recipients == ["daily@example.org"]
    with settle():
        started = tasks.digests_due(monday.replace(hour=7))
    assert started == ["daily", "weekly"]
    assert sorted(smtp.recipients) == [
        "daily@example.org",
        "daily@example.org",
        "weekly@example.org",
    ]


def test_the_worker_resumes_a_run_that_stalled(smtp, settle, news, settings):
    subscriber()
    smtp.refuse = {"reader@example.org": "451 4.3.0 Later"}
    now = timezone.now()
    with settle():
        digests.digest_send(frequency="daily", now=now, enqueue=tasks.batch_enqueue)
    assert smtp.messages == []
    lease = timedelta(minutes=settings.DATELINE_MAIL["LEASE_MINUTES"] + 1)
    Digest.objects.update(built_at=now - lease)
    settings.DATELINE_NEWSLETTERS = settings.DATELINE_NEWSLETTERS | {
        "DAILY_AT": "00:00",
        # Not today's weekday (on a Monday the weekly digest was due too).
        "WEEKLY_DAY": timezone.localtime(now).isoweekday() % 7 + 1,
    }
    with settle():
        assert tasks.digests_due(now) == ["daily"]
    assert smtp.recipients == ["reader@example.org"]


def test_a_digest_in_chinese_reads_back_whole(smtp, settle, homes):
    story(homes["zh-hans"], "草原学校用太阳能供暖", countries=["MN"])
    subscriber("du@example.org", language="zh-hans", editions=["zh-hans"])
    send(settle)
    [message] = smtp.messages
    assert message["Subject"].startswith("Dateline：您的每日摘要")
    assert "草原学校用太阳能供暖" in text_of(message)
    assert "草原学校用太阳能供暖" in html_of(message)
    assert b"\r\n" in smtp.envelopes[0].original_content  # lines end as SMTP wants


def test_only_the_chosen_editions_count_not_the_language_of_the_mails(
    smtp, settle, news
):
    subscriber(language="it", editions=["en"])
    send(settle)
    text = text_of(smtp.messages[0])
    assert "Rail talks resume" in text
    assert "Riprendono i colloqui" not in text and "Il porto riapre" not in text


def test_running_again_reaches_who_subscribed_since_and_nobody_twice(
    smtp, settle, news
):
    subscriber("early@example.org")
    send(settle)
    subscriber("late@example.org", confirmed_at=timezone.now())
    send(settle)
    assert Counter(smtp.recipients) == {"early@example.org": 1, "late@example.org": 1}
    assert "Rail talks resume" in text_of(smtp.messages[1])  # the period's news
