import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from edusphere.chat.models import RoomKind


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0002_courses")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Room",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="rooms",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("slug", fields.CharField(max_length=40)),
                ("name", fields.CharField(max_length=80)),
                (
                    "kind",
                    fields.CharEnumField(
                        default=RoomKind.DISCUSSION,
                        description="DISCUSSION: DISCUSSION\nANNOUNCEMENTS: ANNOUNCEMENTS",
                        enum_type=RoomKind,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "chat_rooms",
                "app": "edusphere",
                "unique_together": (("course", "slug"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ChatEvent",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "room",
                    fields.ForeignKeyField(
                        "edusphere.Room",
                        source_field="room_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("seq", fields.BigIntField()),
                ("kind", fields.CharField(max_length=16)),
                ("message_id", fields.UUIDField()),
                ("data", fields.JSONField(encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "chat_events",
                "app": "edusphere",
                "unique_together": (("room", "seq"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ChatMessage",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "room",
                    fields.ForeignKeyField(
                        "edusphere.Room",
                        source_field="room_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="messages",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("seq", fields.BigIntField()),
                (
                    "author",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="chat_messages",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("client_id", fields.CharField(max_length=64)),
                ("body", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("edited_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("deleted", fields.BooleanField(default=False)),
                ("last_event_seq", fields.BigIntField()),
            ],
            options={
                "table": "chat_messages",
                "app": "edusphere",
                "unique_together": (("room", "seq"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="MessageVersion",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "message",
                    fields.ForeignKeyField(
                        "edusphere.ChatMessage",
                        source_field="message_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="versions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("event_seq", fields.BigIntField()),
                ("body", fields.TextField(unique=False)),
                ("replaced_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "chat_message_versions",
                "app": "edusphere",
                "unique_together": (("message", "event_seq"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReadMarker",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "room",
                    fields.ForeignKeyField(
                        "edusphere.Room",
                        source_field="room_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="read_markers",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="read_markers",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("seq", fields.BigIntField()),
            ],
            options={
                "table": "chat_read_markers",
                "app": "edusphere",
                "unique_together": (("room", "user"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
