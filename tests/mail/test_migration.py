"""An upgrade keeps every message: deliveries and shares made before the outbox get
their message in it, with the state they had (decision 0020)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.articles.factories import make_article

BEFORE = [
    ("newsletters", "0003_subscriber_mails_per_day"),
    ("sharing", "0002_message_claimed_and_handed"),
]
AFTER = [
    ("newsletters", "0004_deliveries_go_through_the_outbox"),
    ("sharing", "0003_messages_go_through_the_outbox"),
]


def migrate(targets=None):
    """Migrate to these targets (default: the latest); the models as they were
    there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_upgrade_moves_every_message_into_the_outbox(homes):
    article = make_article(home=homes["en"], title="Rail link talks resume")
    old = migrate(BEFORE)
    when = timezone.now() - timedelta(hours=1)
    subscriber = old.get_model("newsletters", "Subscriber").objects.create(
        email="ana@example.org", status="active", language="en", editions=["en"]
    )
    digest = old.get_model("newsletters", "Digest").objects.create(
        frequency="daily", key="2026-12-01", period_end=when
    )
    version = old.get_model("newsletters", "DigestVersion").objects.create(
        digest=digest, signature="s", language="en", subject="S", html="h", text="t"
    )
    old.get_model("newsletters", "Delivery").objects.create(
        digest=digest,
        subscriber=subscriber,
        version=version,
        status="sending",
        attempts=1,
        claimed_at=when,
        handed_at=when,
    )
    share = old.get_model("sharing", "Share").objects.create(
        article_id=article.pk, sender_name="Ben", sender_email="ben@example.net"
    )
    old.get_model("sharing", "ShareMessage").objects.create(
        share=share, recipient="cy@example.com", status="sent", attempts=2, sent_at=when
    )

    new = migrate(AFTER)
    migrate()  # the latest again, for the rest of the suite
    delivery = new.get_model("newsletters", "Delivery").objects.get()
    share_message = new.get_model("sharing", "ShareMessage").objects.get()
    Message = new.get_model("mail", "Message")
    sent_to_a_friend = Message.objects.get(pk=share_message.message_id)
    digest_message = Message.objects.get(pk=delivery.message_id)
    assert (digest_message.kind, digest_message.recipient) == (
        "digest",
        "ana@example.org",
    )
    # Handed over by a sender that stopped: settled as sent, never sent again.
    assert (digest_message.status, digest_message.handed_at) == ("handed", when)
    assert (sent_to_a_friend.kind, sent_to_a_friend.recipient) == (
        "share",
        "cy@example.com",
    )
    assert (sent_to_a_friend.status, sent_to_a_friend.attempts) == ("sent", 2)
    assert Message.objects.count() == 2
