"""Email verification, password reset and email change (issue 15, points 4-6).

- `users.email_verified_at`: when the owner proved they read mail at their address.
- `email_tokens`: the single-use links' secrets, as SHA-256 hashes (`edusphere.auth.email_tokens`).
- Accounts that exist when this runs are marked verified now. They signed up before EduSphere
  could check an address; left unverified, every creator would find publishing refused and
  every learner buying refused until they found the resend button, for a check nobody had asked
  them for. New accounts (from here on) verify by the link mailed at sign-up.
"""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from edusphere.audit.actions import AuditAction
from edusphere.auth.models import EmailTokenPurpose


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0012_mail")]

    initial = False

    operations = [
        ops.CreateModel(
            name="EmailToken",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="email_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "purpose",
                    fields.CharEnumField(
                        description="VERIFY_EMAIL: VERIFY_EMAIL\nPASSWORD_RESET: PASSWORD_RESET\nEMAIL_CHANGE: EMAIL_CHANGE",
                        enum_type=EmailTokenPurpose,
                        max_length=16,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("email", fields.CharField(max_length=254)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "email_tokens",
                "app": "edusphere",
                "indexes": [Index(fields=["user_id", "purpose", "created_at"])],
                "pk_attr": "id",
                "table_description": "A single-use secret mailed in a link, kept only as its SHA-256.",
            },
            bases=["Model"],
        ),
        ops.AlterField(
            model_name="AuditEntry",
            name="action",
            field=fields.CharEnumField(
                description="USER_ROLE_CHANGED: user.role_changed\nUSER_DEACTIVATED: user.deactivated\nUSER_REACTIVATED: user.reactivated\nUSER_SESSIONS_ENDED: user.sessions_ended\nUSER_VERIFICATION_RESENT: user.verification_resent\nUSER_PASSWORD_RESET_SENT: user.password_reset_sent\nCOURSE_UNPUBLISHED: course.unpublished\nCOURSE_ARCHIVED: course.archived\nCOURSE_RESTORED: course.restored\nCOURSE_FEATURED: course.featured\nCOURSE_UNFEATURED: course.unfeatured\nENROLLMENT_REVOKED: enrollment.revoked\nREVIEW_HIDDEN: review.hidden\nREVIEW_RESTORED: review.restored\nREVIEW_DELETED: review.deleted\nORDER_REFUNDED: order.refunded\nREPORT_DISMISSED: report.dismissed\nREPORT_ACTIONED: report.actioned\nMESSAGE_DELETED: message.deleted\nMEMBER_MUTED: member.muted\nMEMBER_UNMUTED: member.unmuted",
                enum_type=AuditAction,
                max_length=48,
            ),
        ),
        ops.AddField(
            model_name="User",
            name="email_verified_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.RunSQL(
            "UPDATE users SET email_verified_at = now() WHERE email_verified_at IS NULL",
            reverse_sql="SELECT 1",
        ),
    ]
