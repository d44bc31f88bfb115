"""Mentions by email (`edusphere.notifications`): a mention not seen within
NOTIFICATIONS_MENTION_DELAY_MINUTES goes in its user's next digest.

- chat_mentions gains `notified_at`, set by the notifications round that decided about the
  mention (queued for the digest, or dropped); the write-behind never writes it.
- `chat_mentions_unnotified` (RunSQL, a partial index as 0014's): the mentions still waiting
  for that decision, by `created_at`, which the round claims (`created_at <= now - delay ...
  FOR UPDATE SKIP LOCKED`). Rows leave it once decided, so it stays as small as the last few
  minutes of mentions whatever the size of the table.
- mention_deliveries: one decided mention waiting for its user's digest (one at most per mention).

The mentions already stored when this runs, but for the last 10 minutes', are marked decided
first (and so never enter the index): they were made before anyone was promised an email for
them, and mailing that backlog on deploy would surprise everyone. The last 10 minutes' go out as
any new mention would.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0016_chat_threads")]

    initial = False

    operations = [
        ops.AddField(
            model_name="ChatMention",
            name="notified_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.RunSQL(
            """
            UPDATE chat_mentions SET notified_at = now() WHERE created_at < now() - interval '10 minutes';
            CREATE INDEX chat_mentions_unnotified ON chat_mentions (created_at) WHERE notified_at IS NULL;
            """,
            reverse_sql="DROP INDEX IF EXISTS chat_mentions_unnotified",
        ),
        ops.CreateModel(
            name="MentionDelivery",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="mention_deliveries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "mention",
                    fields.OneToOneField(
                        "edusphere.ChatMention",
                        source_field="mention_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="delivery",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "mention_deliveries",
                "app": "edusphere",
                "indexes": [Index(fields=["user_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
