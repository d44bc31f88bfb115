"""Certificates (`edusphere.certificates`): one per enrollment (the one-to-one's unique index is
what makes issuing exactly-once under concurrent completions), with the names copied at issue.

Numbered 0020 and depending on 0018_chat_search: 0019 is being written beside it (the lead
re-chains at merge).
"""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0019_chat_search_side_table")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Certificate",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "enrollment",
                    fields.OneToOneField(
                        "edusphere.Enrollment",
                        source_field="enrollment_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="certificate",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("learner_name", fields.CharField(max_length=80)),
                ("course_title", fields.CharField(max_length=120)),
                ("creator_name", fields.CharField(max_length=80)),
                ("issued_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "certificates", "app": "edusphere", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
