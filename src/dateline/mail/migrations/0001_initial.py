# The outbox (docs/decisions/0020-one-house-per-noun.md).

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Message",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20, verbose_name="kind")),
                ("recipient", models.EmailField(max_length=254, verbose_name="recipient")),
                ("data", models.JSONField(blank=True, default=dict)),
                ("status", models.CharField(choices=[("queued", "Queued"), ("claimed", "Sending"), ("handed", "Handed over"), ("sent", "Sent"), ("refused", "Refused by the server"), ("suppressed", "Not sent (suppressed)"), ("failed", "Failed")], default="queued", max_length=10, verbose_name="status")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("last_error", models.CharField(blank=True, max_length=200, verbose_name="last error")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="next attempt")),
                ("claimed_at", models.DateTimeField(blank=True, null=True)),
                ("handed_at", models.DateTimeField(blank=True, null=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
            ],
            options={
                "verbose_name": "e-mail",
                "verbose_name_plural": "e-mails",
                "indexes": [models.Index(fields=["status", "next_attempt_at"], name="mail_messag_status_dcb6df_idx"), models.Index(fields=["kind", "status"], name="mail_messag_kind_ccfcc1_idx")],
            },
        ),
    ]
