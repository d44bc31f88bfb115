"""Media assets: one row per uploaded file, whatever references it.

Stored content-addressed (SHA-256 of the bytes as received): the same file uploaded twice is
stored once, and the row's `sha256` is its storage key. Images are kept only as EduSphere's
own re-encodings (`variants`, metadata stripped), never as the uploaded bytes. Who references
an asset: `courses.cover_asset`, `users.avatar_asset`, `course_lessons.asset` (foreign keys
with SET NULL); `edusphere media gc` removes assets none of them reference after a grace
period.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class MediaKind(StrEnum):
    IMAGE = "IMAGE"  # covers, avatars, lesson images: public, re-encoded variants
    VIDEO = "VIDEO"  # lesson videos (MP4, WebM): protected
    FILE = "FILE"  # lesson files (any type but executables' disguises): protected


class MediaAsset(Model):
    id = fields.UUIDField(primary_key=True)
    owner: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "edusphere.User", related_name="media_assets", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(MediaKind, max_length=16)
    # Decided from the bytes (magic numbers), never from the name or the client's Content-Type.
    mime_type = fields.CharField(max_length=100)
    size_bytes = fields.BigIntField()
    sha256 = fields.CharField(max_length=64, db_index=True)
    # A safe display / download name (no path, no control characters), from the upload's name.
    original_name = fields.CharField(max_length=255, default="")
    width = fields.IntField(null=True)
    height = fields.IntField(null=True)
    duration_seconds = fields.FloatField(null=True)
    # Images: [{"width": 640, "format": "webp", "key": "...", "size": 1234}, ...]
    variants: list[dict[str, object]] = fields.JSONField(default=list)
    # Images: a tiny preview (a data: URI of a few pixels) painted before the image arrives.
    placeholder = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "media_assets"
        indexes = (("owner_id", "created_at"),)
