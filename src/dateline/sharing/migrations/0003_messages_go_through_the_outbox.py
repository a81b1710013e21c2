# A share's messages go out through the outbox (dateline.mail): each gets its
# message there, with its address and the state it had, and loses its own copy of
# them (docs/decisions/0020-one-house-per-noun.md).

import django.db.models.deletion
from django.db import migrations, models


def to_outbox(apps, schema_editor):
    ShareMessage = apps.get_model("sharing", "ShareMessage")
    Message = apps.get_model("mail", "Message")
    rows = ShareMessage.objects.filter(message__isnull=True)
    while chunk := list(rows[:2000]):
        messages = Message.objects.bulk_create(
            Message(
                kind="share",
                recipient=m.recipient,
                status="handed" if m.status == "sending" and m.handed_at
                else "claimed" if m.status == "sending" else m.status,
                attempts=m.attempts,
                last_error=m.last_error,
                next_attempt_at=m.next_attempt_at,
                claimed_at=m.claimed_at,
                handed_at=m.handed_at,
                sent_at=m.sent_at,
            )
            for m in chunk
        )
        for row, message in zip(chunk, messages, strict=True):
            row.message = message
        ShareMessage.objects.bulk_update(chunk, ["message"])


class Migration(migrations.Migration):

    dependencies = [
        ("mail", "0001_initial"),
        ("sharing", "0002_message_claimed_and_handed"),
    ]

    operations = [
        migrations.AddField(
            model_name="sharemessage",
            name="message",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="share_message",
                to="mail.message",
            ),
        ),
        migrations.RunPython(to_outbox, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="sharemessage", name="sharing_sha_status_a8515b_idx"
        ),
        migrations.RemoveField(model_name="sharemessage", name="attempts"),
        migrations.RemoveField(model_name="sharemessage", name="claimed_at"),
        migrations.RemoveField(model_name="sharemessage", name="handed_at"),
        migrations.RemoveField(model_name="sharemessage", name="last_error"),
        migrations.RemoveField(model_name="sharemessage", name="next_attempt_at"),
        migrations.RemoveField(model_name="sharemessage", name="recipient"),
        migrations.RemoveField(model_name="sharemessage", name="sent_at"),
        migrations.RemoveField(model_name="sharemessage", name="status"),
        migrations.AlterField(
            model_name="sharemessage",
            name="message",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="share_message",
                to="mail.message",
            ),
        ),
    ]
