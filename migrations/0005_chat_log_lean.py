"""A leaner chat log for the write-behind, which writes every message (measured: 20k messages/s
before, over 50k/s after, together with time-ordered message ids):

- chat_events keeps only edits and deletes. A post is its chat_messages row (same room and seq),
  so the log no longer stores each message a second time as JSON. Posts already logged are
  dropped from chat_events; their chat_messages rows were written in the same transaction.
- chat_messages.author_id loses its database constraint: the author is always the authenticated
  sender and users are deactivated, never deleted, while the per-row check cost a fifth of the
  insert.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0004_categories")]

    initial = False

    operations = [
        ops.RunSQL("DELETE FROM chat_events WHERE kind = 'MESSAGE_POSTED'"),
        ops.RemoveField(model_name="ChatEvent", name="data"),
        # AlterField records the change in the migration state but leaves the constraint in place.
        ops.RunSQL("ALTER TABLE chat_messages DROP CONSTRAINT IF EXISTS chat_messages_author_id_fkey"),
        ops.AlterField(
            model_name="ChatMessage",
            name="author",
            field=fields.ForeignKeyField(
                "edusphere.User",
                source_field="author_id",
                db_constraint=False,
                to_field="id",
                related_name="chat_messages",
                on_delete=OnDelete.NO_ACTION,
            ),
        ),
    ]
