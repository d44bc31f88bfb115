"""Chat's second release: threads, lesson questions, reactions, pins, mentions, direct rooms
and attachments.

- chat_messages gains a reply's `thread_id`, a root's `reply_count` and `last_reply_at`, a
  question's `lesson_id` and `answer_id`, `pinned_at` and the `reactions` summary; the
  write-behind keeps them in the message's newest state like its body.
- chat_reactions: who reacted with what (versioned rows, see the model); chat_mentions: who was
  mentioned where (an index for `myMentions` and unread mentions), and the message's `mentions`.
- Partial indexes (RunSQL, as 0008 and 0015): a thread's replies in seq order; a room's roots in
  seq order (the timeline leaves replies to their threads); a lesson's questions; the questions
  still waiting for an answer; a room's pins. Each covers only the rows it serves, so a plain
  post pays for one of them (`chat_messages_room_roots`).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from edusphere.chat.models import RoomKind


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0015_orders_provider")]

    initial = False

    operations = [
        ops.AddField(model_name="Room", name="member_a_id", field=fields.UUIDField(null=True)),
        ops.AddField(model_name="Room", name="member_b_id", field=fields.UUIDField(null=True)),
        ops.AlterField(
            model_name="Room",
            name="kind",
            field=fields.CharEnumField(
                description="DISCUSSION: DISCUSSION\nANNOUNCEMENTS: ANNOUNCEMENTS\nDIRECT: DIRECT",
                enum_type=RoomKind,
                default=RoomKind.DISCUSSION,
                max_length=16,
            ),
        ),
        ops.CreateModel(
            name="ChatSettings",
            fields=[
                (
                    "course",
                    fields.OneToOneField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="chat_settings",
                        on_delete=OnDelete.CASCADE,
                        primary_key=True,
                    ),
                ),
                ("learner_direct_messages", fields.BooleanField(default=False)),
            ],
            options={"table": "chat_settings", "app": "edusphere", "pk_attr": "course_id"},
            bases=["Model"],
        ),
        ops.RunSQL(
            "CREATE INDEX chat_rooms_direct_members ON chat_rooms (course_id, member_a_id, member_b_id)"
            " WHERE kind = 'DIRECT'",
            reverse_sql="DROP INDEX IF EXISTS chat_rooms_direct_members",
        ),
        ops.AddField(model_name="ChatMessage", name="thread_id", field=fields.UUIDField(null=True)),
        ops.AddField(model_name="ChatMessage", name="reply_count", field=fields.IntField(default=0)),
        ops.AddField(
            model_name="ChatMessage",
            name="last_reply_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(model_name="ChatMessage", name="lesson_id", field=fields.UUIDField(null=True)),
        ops.AddField(model_name="ChatMessage", name="answer_id", field=fields.UUIDField(null=True)),
        ops.AddField(
            model_name="ChatMessage",
            name="pinned_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(model_name="ChatMessage", name="reactions", field=fields.JSONField(default=list)),
        ops.AddField(model_name="ChatMessage", name="mentions", field=fields.JSONField(default=list)),
        ops.AddField(model_name="ChatMessage", name="mentions_here", field=fields.BooleanField(default=False)),
        ops.AddField(model_name="ChatMessage", name="attachment_ids", field=fields.JSONField(default=list)),
        ops.CreateModel(
            name="ChatAttachment",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("asset_id", fields.UUIDField()),
                ("message_id", fields.UUIDField()),
                ("room_id", fields.UUIDField()),
            ],
            options={
                "table": "chat_attachments",
                "app": "edusphere",
                "unique_together": (("asset_id", "message_id"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ChatMention",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("user_id", fields.UUIDField()),
                ("message_id", fields.UUIDField()),
                ("room_id", fields.UUIDField()),
                ("seq", fields.BigIntField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "chat_mentions",
                "app": "edusphere",
                "unique_together": (("user_id", "message_id"),),
                "indexes": [Index(fields=["user_id", "created_at", "id"]), Index(fields=["room_id", "user_id", "seq"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ChatReaction",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("message_id", fields.UUIDField()),
                ("user_id", fields.UUIDField()),
                ("emoji", fields.CharField(max_length=64)),
                ("present", fields.BooleanField(default=True)),
                ("event_seq", fields.BigIntField()),
            ],
            options={
                "table": "chat_reactions",
                "app": "edusphere",
                "unique_together": (("message_id", "user_id", "emoji"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunSQL(
            "CREATE INDEX chat_messages_thread ON chat_messages (thread_id, seq) WHERE thread_id IS NOT NULL",
            reverse_sql="DROP INDEX IF EXISTS chat_messages_thread",
        ),
        ops.RunSQL(
            "CREATE INDEX chat_messages_room_roots ON chat_messages (room_id, seq) WHERE thread_id IS NULL",
            reverse_sql="DROP INDEX IF EXISTS chat_messages_room_roots",
        ),
        ops.RunSQL(
            "CREATE INDEX chat_messages_lesson ON chat_messages (lesson_id, created_at, id)"
            " WHERE lesson_id IS NOT NULL AND thread_id IS NULL",
            reverse_sql="DROP INDEX IF EXISTS chat_messages_lesson",
        ),
        ops.RunSQL(
            "CREATE INDEX chat_messages_unanswered ON chat_messages (room_id, created_at, id)"
            " WHERE lesson_id IS NOT NULL AND thread_id IS NULL AND answer_id IS NULL AND NOT deleted",
            reverse_sql="DROP INDEX IF EXISTS chat_messages_unanswered",
        ),
        ops.RunSQL(
            "CREATE INDEX chat_messages_pinned ON chat_messages (room_id, pinned_at) WHERE pinned_at IS NOT NULL",
            reverse_sql="DROP INDEX IF EXISTS chat_messages_pinned",
        ),
    ]
