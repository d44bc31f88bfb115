"""The audit log's one table (append-only: the migration adds a trigger refusing UPDATE and
DELETE, so not even a bug in this code can rewrite history)."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from edusphere.audit.actions import AuditAction


class AuditEntry(Model):
    id = fields.UUIDField(primary_key=True)
    # Users are deactivated, never deleted; RESTRICT keeps an entry's actor forever.
    actor: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "edusphere.User", related_name="audit_entries", on_delete=fields.RESTRICT
    )
    action = fields.CharEnumField(AuditAction, max_length=48)
    target_type = fields.CharField(max_length=32)
    target_id = fields.CharField(max_length=64)
    before: dict[str, Any] | None = fields.JSONField(null=True)
    after: dict[str, Any] | None = fields.JSONField(null=True)
    reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_log"
        indexes = (
            ("created_at", "id"),
            ("target_type", "target_id", "created_at"),
            ("actor_id", "created_at"),
            ("action", "created_at"),
        )
