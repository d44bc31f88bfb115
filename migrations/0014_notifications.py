"""Course notifications (`edusphere.notifications`): announcements to fan out, deliveries waiting
for a learner's digest, each learner's digest clock, and the per-course choice (all / none).

Partial indexes, RunSQL as 0008 and 0010 (the models need not know them):
- `course_announcements_unfanned`: the announcements whose fan-out is not finished (few);
- `course_announcements_fanned`: the purge of old ones;
- `notification_recipients_due`: the digest's claim (`due_at <= now ORDER BY due_at ... SKIP
  LOCKED`) over the learners something waits for only;
- `enrollments_course_active_learner`: a course's active learners in id order, the fan-out's
  keyset walk (the unique index is learner first).

Numbered 0014 and depending on 0012_mail for now: 0013_email_flows is being written beside it.
"""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0013_email_flows")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CourseAnnouncement",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="announcements",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "room",
                    fields.ForeignKeyField(
                        "edusphere.Room",
                        source_field="room_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="announcements",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("posted_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("fanout_cursor", fields.UUIDField(null=True)),
                ("fanned_out_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "course_announcements", "app": "edusphere", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AnnouncementDelivery",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="announcement_deliveries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "announcement",
                    fields.ForeignKeyField(
                        "edusphere.CourseAnnouncement",
                        source_field="announcement_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="deliveries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "announcement_deliveries",
                "app": "edusphere",
                "unique_together": (("user", "announcement"),),
                "indexes": [Index(fields=["announcement_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CourseNotificationSetting",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="course_notification_settings",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notification_settings",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("enabled", fields.BooleanField(default=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "course_notification_settings",
                "app": "edusphere",
                "unique_together": (("user", "course"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="NotificationRecipient",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.OneToOneField(
                        "edusphere.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notification_recipient",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("last_sent_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("due_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "notification_recipients", "app": "edusphere", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.RunSQL(
            """
            CREATE INDEX course_announcements_unfanned ON course_announcements (posted_at) WHERE fanned_out_at IS NULL;
            CREATE INDEX course_announcements_fanned ON course_announcements (fanned_out_at)
                WHERE fanned_out_at IS NOT NULL;
            CREATE INDEX notification_recipients_due ON notification_recipients (due_at) WHERE due_at IS NOT NULL;
            CREATE INDEX enrollments_course_active_learner ON enrollments (course_id, learner_id)
                WHERE revoked_at IS NULL;
            """,
            reverse_sql="DROP INDEX IF EXISTS course_announcements_unfanned, course_announcements_fanned, "
            "notification_recipients_due, enrollments_course_active_learner",
        ),
    ]
