"""Accounts, their sessions and the single-use links mailed to them.

A session is a *family* of refresh tokens: each refresh rotates to a new token in the same
family, so presenting an already-rotated token proves a copy leaked and revokes the family.

An `EmailToken` is the secret in a link we mail (verify the address, reset the password, confirm
a new address); see `edusphere.auth.email_tokens`.
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
    # When the owner proved they read mail at `email` (a link we sent there was followed); null
    # until then. Unverified accounts may learn free courses but not publish or buy
    # (`auth.verification.require_verified`).
    email_verified_at = fields.DatetimeField(null=True)
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


class EmailTokenPurpose(StrEnum):
    VERIFY_EMAIL = "VERIFY_EMAIL"
    PASSWORD_RESET = "PASSWORD_RESET"  # noqa: S105 - a purpose, not a password
    EMAIL_CHANGE = "EMAIL_CHANGE"


class EmailToken(Model):
    """A single-use secret mailed in a link, kept only as its SHA-256.

    The token itself has 256 random bits, so a fast digest makes a leaked table useless (as
    for refresh tokens); `edusphere.auth.email_tokens` issues and consumes them."""

    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="email_tokens", on_delete=fields.CASCADE
    )
    purpose = fields.CharEnumField(EmailTokenPurpose, max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True)
    # The address the link was mailed to: for EMAIL_CHANGE the new address, for the others the
    # account's address then (a link sent to an address the account no longer has is void).
    email = fields.CharField(max_length=254)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "email_tokens"
        indexes = (("user_id", "purpose", "created_at"),)
