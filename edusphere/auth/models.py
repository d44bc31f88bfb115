"""Accounts and their sessions.

A session is a *family* of refresh tokens: each refresh rotates to a new token in the same
family, so presenting an already-rotated token proves a copy leaked and revokes the family.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    LEARNER = "LEARNER"
    CREATOR = "CREATOR"
    ADMIN = "ADMIN"


class User(Model):
    id = fields.UUIDField(primary_key=True)
    # Stored lower-cased (see service.normalize_email), which makes the unique index
    # case-insensitive; a CHECK constraint in the migration keeps it so.
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=80)
    role = fields.CharEnumField(Role, max_length=16, default=Role.LEARNER)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    avatar_asset: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "edusphere.MediaAsset", related_name="avatars", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "users"
        indexes = (("created_at", "id"),)

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"


class RefreshToken(Model):
    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="refresh_tokens", on_delete=fields.CASCADE
    )
    family_id = fields.UUIDField(db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    rotated_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "refresh_tokens"
