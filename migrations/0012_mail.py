"""The mail outbox (`edusphere.mail`), and the partial indexes its worker and figures read.

- `mail_outbox_due`: every claim (`status IN (PENDING, SENDING) AND next_attempt_at <= now()
  ORDER BY next_attempt_at ... FOR UPDATE SKIP LOCKED`) and the pending figures, over the rows
  still to send only; the SENT history never enters it.
- `mail_outbox_dead`: the dead letters, newest first; `mail_outbox_sent`: the purge of old
  sent messages.
"""

from uuid import uuid4

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from edusphere.mail.models import MailKind, OutboxStatus


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0011_ledger")]

    initial = False

    operations = [
        ops.CreateModel(
            name="OutboxMessage",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ("message_id", fields.CharField(unique=True, max_length=255)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="VERIFY_EMAIL: VERIFY_EMAIL\nPASSWORD_RESET: PASSWORD_RESET\nEMAIL_CHANGE_CONFIRM: EMAIL_CHANGE_CONFIRM\nEMAIL_CHANGED_NOTICE: EMAIL_CHANGED_NOTICE\nRECEIPT: RECEIPT\nREFUND_RECEIPT: REFUND_RECEIPT\nCOURSE_ANNOUNCEMENTS: COURSE_ANNOUNCEMENTS\nTEST: TEST",
                        enum_type=MailKind,
                        max_length=32,
                    ),
                ),
                ("sender", fields.CharField(max_length=320)),
                ("to_address", fields.CharField(max_length=254)),
                ("to_name", fields.CharField(default="", max_length=200)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="mail",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("subject", fields.CharField(max_length=500)),
                ("html", fields.TextField(unique=False)),
                ("text", fields.TextField(unique=False)),
                ("headers", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                (
                    "status",
                    fields.CharEnumField(
                        default=OutboxStatus.PENDING,
                        description="PENDING: PENDING\nSENDING: SENDING\nSENT: SENT\nDEAD: DEAD",
                        enum_type=OutboxStatus,
                        max_length=16,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("next_attempt_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("claimed_until", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("claimed_by", fields.CharField(null=True, max_length=200)),
                ("last_error", fields.CharField(null=True, max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("sent_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("dead_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "mail_outbox",
                "app": "edusphere",
                "indexes": [Index(fields=["user_id", "kind", "created_at"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunSQL(
            """
            CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status IN ('PENDING', 'SENDING');
            CREATE INDEX mail_outbox_dead ON mail_outbox (dead_at) WHERE status = 'DEAD';
            CREATE INDEX mail_outbox_sent ON mail_outbox (sent_at) WHERE status = 'SENT';
            """,
            reverse_sql="DROP INDEX IF EXISTS mail_outbox_due, mail_outbox_dead, mail_outbox_sent",
        ),
    ]
