# A delivery's way out moves to the outbox (dateline.mail): each delivery gets its
# message there, with the state it had, and loses its own copy of the state
# (docs/decisions/0020-one-house-per-noun.md).

import django.db.models.deletion
from django.db import migrations, models

STATUS = {"queued": "queued", "sending": "claimed", "sent": "sent",
          "failed": "failed", "suppressed": "suppressed"}


def to_outbox(apps, schema_editor):
    Delivery = apps.get_model("newsletters", "Delivery")
    Message = apps.get_model("mail", "Message")
    rows = Delivery.objects.filter(message__isnull=True).select_related(
        "subscriber", "digest"
    )
    while chunk := list(rows[:2000]):
        messages = Message.objects.bulk_create(
            Message(
                kind="digest",
                recipient=d.subscriber.email,
                status="handed" if d.status == "sending" and d.handed_at
                else STATUS[d.status],
                attempts=d.attempts,
                last_error=d.last_error,
                claimed_at=d.claimed_at,
                handed_at=d.handed_at,
                sent_at=d.sent_at,
            )
            for d in chunk
        )
        for delivery, message in zip(chunk, messages, strict=True):
            delivery.message = message
        Delivery.objects.bulk_update(chunk, ["message"])


class Migration(migrations.Migration):

    dependencies = [
        ("mail", "0001_initial"),
        ("newsletters", "0003_subscriber_mails_per_day"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="message",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="delivery",
                to="mail.message",
            ),
        ),
        migrations.RunPython(to_outbox, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="delivery", name="newsletters_digest__5755da_idx"
        ),
        migrations.RemoveIndex(
            model_name="delivery", name="newsletters_subscri_cc27ba_idx"
        ),
        migrations.RemoveField(model_name="delivery", name="attempts"),
        migrations.RemoveField(model_name="delivery", name="claimed_at"),
        migrations.RemoveField(model_name="delivery", name="handed_at"),
        migrations.RemoveField(model_name="delivery", name="last_error"),
        migrations.RemoveField(model_name="delivery", name="sent_at"),
        migrations.RemoveField(model_name="delivery", name="status"),
        migrations.AlterField(
            model_name="delivery",
            name="message",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="delivery",
                to="mail.message",
            ),
        ),
    ]
