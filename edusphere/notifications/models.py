"""What course notifications keep in PostgreSQL.

- `CourseAnnouncement`: one row per post in a course's ANNOUNCEMENTS room, written by the chat
  write-behind in the transaction that writes the post's `chat_messages` row (same id), so an
  announcement is noticed exactly when it becomes durable, whatever order the write-behind's
  batches commit in. `fanned_out_at` is set once every enrolled learner has a delivery row;
  `fanout_cursor` is how far the fan-out got (learner ids are walked in order, a batch per
  transaction, so a course of 10,000 learners never holds locks for long).
- `AnnouncementDelivery`: one announcement waiting for one learner's next digest; deleted by
  the digest that lists it (or drops it: the learner left the course or opted out since).
- `MentionDelivery`: one chat mention (`chat_mentions`) waiting for its user's next digest: written
  by the round that finds the mention due (`mention_delay_minutes` after its message, unseen, still
  naming the user) in the transaction that marks the mention `notified_at`; deleted by the
  digest that lists it or drops it (seen, edited away or deleted since, access lost, opted out).
- `NotificationRecipient`: per learner, when their last digest went out and when the next is
  due (NULL: nothing waits). The digest locks these rows (`FOR UPDATE SKIP LOCKED`), so several
  processes never mail a learner twice, and `due_at` keeps the one-mail-per-hour promise.
- `CourseNotificationSetting`: a user's choice for one course, for its announcements and for
  the mentions of them in its rooms; no row means "all" (the default), `enabled = false`
  means "none".
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from edusphere.auth.models import User
from edusphere.chat.models import ChatMention, Room
from edusphere.courses.models import Course


class CourseAnnouncement(Model):
    # The chat message's id (chat_messages has no foreign key to point at: it is written behind).
    id = fields.UUIDField(primary_key=True)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="announcements", on_delete=fields.CASCADE
    )
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "edusphere.Room", related_name="announcements", on_delete=fields.CASCADE
    )
    posted_at = fields.DatetimeField()
    fanout_cursor = fields.UUIDField(null=True)
    fanned_out_at = fields.DatetimeField(null=True)

    class Meta:
        table = "course_announcements"
        # The partial indexes (not yet fanned out; fanned out, for the purge) are the migration's.


class AnnouncementDelivery(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="announcement_deliveries", on_delete=fields.CASCADE
    )
    announcement: fields.ForeignKeyRelation[CourseAnnouncement] = fields.ForeignKeyField(
        "edusphere.CourseAnnouncement", related_name="deliveries", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "announcement_deliveries"
        unique_together = (("user", "announcement"),)
        indexes = (("announcement_id",),)


class MentionDelivery(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="mention_deliveries", on_delete=fields.CASCADE
    )
    # One row per mention at most: a mention names one user, and it is queued once.
    mention: fields.OneToOneRelation[ChatMention] = fields.OneToOneField(
        "edusphere.ChatMention", related_name="delivery", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "mention_deliveries"
        indexes = (("user_id",),)


class NotificationRecipient(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "edusphere.User", related_name="notification_recipient", on_delete=fields.CASCADE
    )
    last_sent_at = fields.DatetimeField(null=True)
    due_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification_recipients"


class CourseNotificationSetting(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="course_notification_settings", on_delete=fields.CASCADE
    )
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="notification_settings", on_delete=fields.CASCADE
    )
    enabled = fields.BooleanField(default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "course_notification_settings"
        unique_together = (("user", "course"),)
