"""Media: uploaded assets, and what references them (course covers, avatars, lesson videos and files)."""

from uuid import uuid4

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from edusphere.media.models import MediaKind


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0006_payments")]

    initial = False

    operations = [
        ops.CreateModel(
            name="MediaAsset",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "owner",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="owner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="media_assets",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="IMAGE: IMAGE\nVIDEO: VIDEO\nFILE: FILE", enum_type=MediaKind, max_length=16
                    ),
                ),
                ("mime_type", fields.CharField(max_length=100)),
                ("size_bytes", fields.BigIntField()),
                ("sha256", fields.CharField(db_index=True, max_length=64)),
                ("original_name", fields.CharField(default="", max_length=255)),
                ("width", fields.IntField(null=True)),
                ("height", fields.IntField(null=True)),
                ("duration_seconds", fields.FloatField(null=True)),
                ("variants", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("placeholder", fields.TextField(null=True, unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "media_assets",
                "app": "edusphere",
                "indexes": [Index(fields=["owner_id", "created_at"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Course",
            name="cover_asset",
            field=fields.ForeignKeyField(
                "edusphere.MediaAsset",
                source_field="cover_asset_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="covers",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name="Lesson",
            name="asset",
            field=fields.ForeignKeyField(
                "edusphere.MediaAsset",
                source_field="asset_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="lessons",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name="User",
            name="avatar_asset",
            field=fields.ForeignKeyField(
                "edusphere.MediaAsset",
                source_field="avatar_asset_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="avatars",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
