from uuid import uuid4

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from edusphere.audit.actions import AuditAction
from edusphere.chat.models import ReportStatus


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0007_media")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AuditEntry",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "actor",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="actor_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="audit_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "action",
                    fields.CharEnumField(
                        description="USER_ROLE_CHANGED: user.role_changed\nUSER_DEACTIVATED: user.deactivated\nUSER_REACTIVATED: user.reactivated\nUSER_SESSIONS_ENDED: user.sessions_ended\nCOURSE_UNPUBLISHED: course.unpublished\nCOURSE_ARCHIVED: course.archived\nCOURSE_RESTORED: course.restored\nCOURSE_FEATURED: course.featured\nCOURSE_UNFEATURED: course.unfeatured\nENROLLMENT_REVOKED: enrollment.revoked\nREVIEW_HIDDEN: review.hidden\nREVIEW_RESTORED: review.restored\nREVIEW_DELETED: review.deleted\nORDER_REFUNDED: order.refunded\nREPORT_DISMISSED: report.dismissed\nREPORT_ACTIONED: report.actioned\nMESSAGE_DELETED: message.deleted\nMEMBER_MUTED: member.muted\nMEMBER_UNMUTED: member.unmuted",
                        enum_type=AuditAction,
                        max_length=48,
                    ),
                ),
                ("target_type", fields.CharField(max_length=32)),
                ("target_id", fields.CharField(max_length=64)),
                ("before", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ("after", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ("reason", fields.TextField(default="", unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "audit_log",
                "app": "edusphere",
                "indexes": [
                    Index(fields=["created_at", "id"]),
                    Index(fields=["target_type", "target_id", "created_at"]),
                    Index(fields=["actor_id", "created_at"]),
                    Index(fields=["action", "created_at"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ChatMute",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="chat_mutes",
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
                        related_name="chat_mutes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "muted_by",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="muted_by_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="chat_mutes_given",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("reason", fields.CharField(default="", max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("ends_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("lifted_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "chat_mutes",
                "app": "edusphere",
                "indexes": [Index(fields=["course_id", "user_id", "ends_at"]), Index(fields=["ends_at"])],
                "pk_attr": "id",
                "table_description": "While `ends_at` is in the future and it is not lifted, the user reads the course's rooms",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="MessageReport",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "room",
                    fields.ForeignKeyField(
                        "edusphere.Room",
                        source_field="room_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("message_id", fields.UUIDField()),
                ("message_seq", fields.BigIntField()),
                ("message_body", fields.TextField(unique=False)),
                (
                    "author",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reported_messages",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "reporter",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="reporter_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="message_reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("reason", fields.CharField(max_length=500)),
                (
                    "status",
                    fields.CharEnumField(
                        default=ReportStatus.OPEN,
                        description="OPEN: OPEN\nDISMISSED: DISMISSED\nACTIONED: ACTIONED",
                        enum_type=ReportStatus,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("resolved_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "resolved_by",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="resolved_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="resolved_reports",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("resolution", fields.CharField(default="", max_length=32)),
            ],
            options={
                "table": "chat_message_reports",
                "app": "edusphere",
                "unique_together": (("message_id", "reporter"),),
                "indexes": [
                    Index(fields=["status", "created_at", "id"]),
                    Index(fields=["created_at", "id"]),
                    Index(fields=["message_id"]),
                ],
                "pk_attr": "id",
                "table_description": "A member's report of one message. The message may still be only in Redis (written",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Course",
            name="featured_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name="Course",
            index=Index(fields=["status", "created_at", "id"]),
        ),
        ops.AddIndex(
            model_name="Course",
            index=Index(fields=["status", "title", "id"]),
        ),
        ops.AddIndex(
            model_name="Order",
            index=Index(fields=["created_at", "id"]),
        ),
        ops.AddIndex(
            model_name="Order",
            index=Index(fields=["status", "created_at", "id"]),
        ),
        ops.AddIndex(
            model_name="Order",
            index=Index(fields=["course_id", "created_at", "id"]),
        ),
        ops.AddField(
            model_name="Review",
            name="hidden_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="Review",
            name="hidden_reason",
            field=fields.CharField(default="", max_length=500),
        ),
        ops.AddIndex(
            model_name="Review",
            index=Index(fields=["created_at", "id"]),
        ),
        # The audit log is append-only: PostgreSQL itself refuses to change or remove an entry.
        ops.RunSQL(
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END $$;
            CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
            """,
            reverse_sql="DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log; "
            "DROP FUNCTION IF EXISTS audit_log_append_only()",
        ),
        # Admin searches match part of an email, a name or a title: trigram indexes keep
        # `ILIKE '%term%'` an index scan at 100,000 users (pg_trgm is a trusted extension).
        ops.RunSQL(
            """
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE INDEX users_email_trgm ON users USING gin (email gin_trgm_ops);
            CREATE INDEX users_display_name_trgm ON users USING gin (display_name gin_trgm_ops);
            CREATE INDEX courses_title_trgm ON courses USING gin (title gin_trgm_ops);
            CREATE INDEX users_role_created ON users (role, created_at, id);
            CREATE INDEX users_email_id ON users (email, id);
            CREATE INDEX users_display_name_id ON users (display_name, id);
            CREATE INDEX courses_featured ON courses (featured_at DESC) WHERE featured_at IS NOT NULL;
            CREATE INDEX reviews_hidden ON reviews (hidden_at, id) WHERE hidden_at IS NOT NULL;
            CREATE INDEX chat_mutes_active ON chat_mutes (user_id, course_id, ends_at) WHERE lifted_at IS NULL;
            """,
            reverse_sql="DROP INDEX IF EXISTS users_email_trgm, users_display_name_trgm, courses_title_trgm, "
            "users_role_created, users_email_id, users_display_name_id, courses_featured, reviews_hidden, "
            "chat_mutes_active",
        ),
    ]
