"""Breaking news: an editor flags a story; publishing it mails breaking-news
subscribers at once, once, in their edition."""

from collections import Counter

import pytest

from dateline.newsletters.models import Digest

from .conftest import story, subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_publishing_a_breaking_story_mails_breaking_subscribers(
    smtp, settle, homes, sections
):
    subscriber("fast@example.org", frequency="breaking")
    subscriber("korea@example.org", frequency="breaking", countries=["KR"])
    subscriber("japan@example.org", frequency="breaking", countries=["JP"])
    subscriber("daily@example.org", frequency="daily")
    with settle():
        flash = story(
            homes["en"],
            "Border crossing opens",
            hours_ago=0,
            countries=["KR"],
            section=sections["korea"],
            breaking=True,
        )
    assert sorted(smtp.recipients) == ["fast@example.org", "korea@example.org"]
    message = smtp.messages[0]
    assert "breaking news: Border crossing opens" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert flash.get_full_url() in message.get_body(("plain",)).get_content()

    with settle():  # an edit, published again, is not news again
        flash.save_revision().publish()
    assert len(smtp.messages) == 2
    assert Digest.objects.get().article_id == flash.pk


def test_a_translation_reaches_its_editions_readers_only(smtp, settle, homes):
    subscriber("en@example.org", frequency="breaking")
    subscriber("it@example.org", frequency="breaking", language="it", editions=["it"])
    subscriber(
        "both@example.org", frequency="breaking", language="it", editions=["it", "en"]
    )
    with settle():
        flash = story(homes["en"], "Quake hits", hours_ago=0, breaking=True)
    assert sorted(smtp.recipients) == ["both@example.org", "en@example.org"]
    with settle():
        story(
            homes["it"],
            "Terremoto",
            hours_ago=0,
            breaking=True,
            translation_of=flash,
        )
    assert Counter(smtp.recipients) == {
        "en@example.org": 1,
        "both@example.org": 1,
        "it@example.org": 1,
    }
    italian = [m for m in smtp.messages if m["To"] == "it@example.org"][0]
    assert "Terremoto" in italian["Subject"]


def test_an_unflagged_or_old_story_mails_nobody(smtp, settle, homes):
    subscriber(frequency="breaking")
    with settle():
        story(homes["en"], "Ordinary news", hours_ago=0)
        story(homes["en"], "Archive item", hours_ago=48, breaking=True)
    assert smtp.messages == []
