"""What chat keeps in PostgreSQL, written behind from Redis.

Every post, edit and delete takes the next number of the room's one `seq` counter, so a client
resuming from an old seq is replayed edits and deletes too. The room's log is therefore two
tables that never share a seq: `ChatMessage`, one row per post (its `seq`), holding the message's
current state (body, edited, deleted), and `ChatEvent`, one row per later edit or delete. A post
is written once, not once as a log entry and again as a state: at chat volume that row is the
write-behind's whole cost. Every later change of a message (an edit, a delete, a reply counted
by its root, a reaction, a pin, an answer marked) is a `ChatEvent` and leaves the message's row
in its newest state. `MessageVersion` keeps the bodies an edit replaced. `ReadMarker` is
how far each member has read. `MessageReport` is a member's report of a message to the
moderators, and `ChatMute` a period during which a member of a course may read but not post.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from edusphere.auth.models import User
from edusphere.courses.models import Course


class RoomKind(StrEnum):
    DISCUSSION = "DISCUSSION"
    ANNOUNCEMENTS = "ANNOUNCEMENTS"  # only the course's creator and admins post
    DIRECT = "DIRECT"  # private, between `member_a` and `member_b`


class Room(Model):
    id = fields.UUIDField(primary_key=True)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="rooms", on_delete=fields.CASCADE
    )
    slug = fields.CharField(max_length=40)
    name = fields.CharField(max_length=80)
    kind = fields.CharEnumField(RoomKind, max_length=16, default=RoomKind.DISCUSSION)
    # A DIRECT room's two members, the smaller id first; its slug is derived from both, so the
    # course's (course, slug) uniqueness makes one room per pair.
    member_a_id = fields.UUIDField(null=True)
    member_b_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "chat_rooms"
        unique_together = (("course", "slug"),)


class ChatSettings(Model):
    """A course's chat settings, chosen by its creator (a course without a row has the defaults)."""

    course: fields.OneToOneRelation[Course] = fields.OneToOneField(
        "edusphere.Course", related_name="chat_settings", on_delete=fields.CASCADE, primary_key=True
    )
    learner_direct_messages = fields.BooleanField(default=False)  # learners may write to each other

    class Meta:
        table = "chat_settings"


class ChatEvent(Model):
    id = fields.BigIntField(primary_key=True)
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "edusphere.Room", related_name="events", on_delete=fields.CASCADE
    )
    seq = fields.BigIntField()
    kind = fields.CharField(max_length=16)  # MESSAGE_EDITED or MESSAGE_DELETED
    message_id = fields.UUIDField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "chat_events"
        unique_together = (("room", "seq"),)


class ChatMessage(Model):
    id = fields.UUIDField(primary_key=True)
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "edusphere.Room", related_name="messages", on_delete=fields.CASCADE
    )
    seq = fields.BigIntField()
    # No database constraint: every message's author is the authenticated sender, and users are
    # deactivated, never deleted. The per-row check (a locking lookup in users) was a fifth of
    # the write-behind's PostgreSQL time.
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="chat_messages", on_delete=fields.NO_ACTION, db_constraint=False
    )
    client_id = fields.CharField(max_length=64)
    body = fields.TextField()
    created_at = fields.DatetimeField()
    edited_at = fields.DatetimeField(null=True)
    deleted = fields.BooleanField(default=False)
    last_event_seq = fields.BigIntField()
    # Threads (one level): a reply names its root; a root counts its replies not deleted.
    thread_id = fields.UUIDField(null=True)
    reply_count = fields.IntField(default=0)
    last_reply_at = fields.DatetimeField(null=True)
    # A lesson question: a root tied to a lesson of the room's course, and the reply marked as
    # its answer. Ids, not foreign keys: the row is written behind, and a question outlives a
    # lesson's deletion as a plain message.
    lesson_id = fields.UUIDField(null=True)
    answer_id = fields.UUIDField(null=True)
    pinned_at = fields.DatetimeField(null=True)
    # The summary clients see ([{emoji, count, users: first few}]); who reacted is ChatReaction.
    reactions: fields.Field[list[dict[str, object]]] = fields.JSONField(default=list)
    # Members named as <@id> ([{id, display_name}]); <!here> in an announcement.
    mentions: fields.Field[list[dict[str, object]]] = fields.JSONField(default=list)
    mentions_here = fields.BooleanField(default=False)
    attachment_ids: fields.Field[list[str]] = fields.JSONField(default=list)

    class Meta:
        table = "chat_messages"
        unique_together = (("room", "seq"),)


class ChatMention(Model):
    """An index of who was mentioned where, for `myMentions` and the unread-mention counts:
    written behind, insert-only for chat. The message's own `mentions` are the truth (an edit
    that drops a name leaves a row here that the queries no longer match).

    `notified_at` is the notifications domain's: set once it has decided whether the mention
    goes by email (queued for the user's digest, or dropped: seen, edited away, deleted...). The
    write-behind never writes it (a replayed insert leaves it as it is), and the partial index
    `chat_mentions_unnotified` (migration 0017) holds only the rows still waiting for that."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.UUIDField()
    message_id = fields.UUIDField()
    room_id = fields.UUIDField()
    seq = fields.BigIntField()
    created_at = fields.DatetimeField()
    notified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "chat_mentions"
        unique_together = (("user_id", "message_id"),)
        indexes = (("user_id", "created_at", "id"), ("room_id", "user_id", "seq"))


class ChatAttachment(Model):
    """Which room an uploaded asset is attached in (see `chat.attachments`)."""

    id = fields.BigIntField(primary_key=True)
    asset_id = fields.UUIDField()
    message_id = fields.UUIDField()
    room_id = fields.UUIDField()

    class Meta:
        table = "chat_attachments"
        unique_together = (("asset_id", "message_id"),)


class ChatReaction(Model):
    """One user's reaction with one emoji, versioned like a message's state: `present` false
    once taken back, and a row only changes for a newer `event_seq`, so the write-behind's
    batches may commit in any order."""

    id = fields.BigIntField(primary_key=True)
    message_id = fields.UUIDField()
    user_id = fields.UUIDField()
    emoji = fields.CharField(max_length=64)
    present = fields.BooleanField(default=True)
    event_seq = fields.BigIntField()

    class Meta:
        table = "chat_reactions"
        unique_together = (("message_id", "user_id", "emoji"),)


class MessageVersion(Model):
    id = fields.BigIntField(primary_key=True)
    message: fields.ForeignKeyRelation[ChatMessage] = fields.ForeignKeyField(
        "edusphere.ChatMessage", related_name="versions", on_delete=fields.CASCADE
    )
    event_seq = fields.BigIntField()
    body = fields.TextField()
    replaced_at = fields.DatetimeField()

    class Meta:
        table = "chat_message_versions"
        unique_together = (("message", "event_seq"),)


class ReadMarker(Model):
    id = fields.BigIntField(primary_key=True)
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "edusphere.Room", related_name="read_markers", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="read_markers", on_delete=fields.CASCADE
    )
    seq = fields.BigIntField()

    class Meta:
        table = "chat_read_markers"
        unique_together = (("room", "user"),)


class ReportStatus(StrEnum):
    OPEN = "OPEN"
    DISMISSED = "DISMISSED"  # looked at, nothing wrong
    ACTIONED = "ACTIONED"  # the message was deleted or its author muted


class MessageReport(Model):
    """A member's report of one message. The message may still be only in Redis (written
    behind), so it is named by id, not by a foreign key; its body and author are copied at
    report time, so the evidence survives an edit or a delete."""

    id = fields.UUIDField(primary_key=True)
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "edusphere.Room", related_name="reports", on_delete=fields.CASCADE
    )
    message_id = fields.UUIDField()
    message_seq = fields.BigIntField()
    message_body = fields.TextField()
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="reported_messages", on_delete=fields.CASCADE
    )
    reporter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="message_reports", on_delete=fields.CASCADE
    )
    reason = fields.CharField(max_length=500)
    status = fields.CharEnumField(ReportStatus, max_length=16, default=ReportStatus.OPEN)
    created_at = fields.DatetimeField(auto_now_add=True)
    resolved_at = fields.DatetimeField(null=True)
    resolved_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="resolved_reports", null=True, on_delete=fields.SET_NULL
    )
    # What the moderator did: DISMISS, DELETE_MESSAGE, MUTE_AUTHOR or DELETE_AND_MUTE.
    resolution = fields.CharField(max_length=32, default="")

    class Meta:
        table = "chat_message_reports"
        unique_together = (("message_id", "reporter"),)
        indexes = (("status", "created_at", "id"), ("created_at", "id"), ("message_id",))


class ChatMute(Model):
    """While `ends_at` is in the future and it is not lifted, the user reads the course's rooms
    but posts, edits and types in none of them."""

    id = fields.UUIDField(primary_key=True)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="chat_mutes", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="chat_mutes", on_delete=fields.CASCADE
    )
    muted_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="chat_mutes_given", on_delete=fields.CASCADE
    )
    reason = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    ends_at = fields.DatetimeField()
    lifted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "chat_mutes"
        indexes = (("course_id", "user_id", "ends_at"), ("ends_at",))
