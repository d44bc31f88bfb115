"""One certificate per enrollment.

The names are copied when it is issued (what was certified stays what the page and the image
show: a creator renaming the course later does not rewrite a learner's certificate). Whether it
is valid is never stored: it is the enrollment's state (`revoked_at`, set by a whole refund or an
admin), so revoking an enrollment revokes its certificate without a write here, and restoring
the enrollment (the learner buys the course again) makes it valid again.
"""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.models import Model

from edusphere.courses.models import Enrollment


class Certificate(Model):
    # uuid4: 122 random bits, the id in the public URL cannot be guessed or walked.
    id = fields.UUIDField(primary_key=True, default=uuid4)
    enrollment: fields.OneToOneRelation[Enrollment] = fields.OneToOneField(
        "edusphere.Enrollment", related_name="certificate", on_delete=fields.CASCADE
    )
    learner_name = fields.CharField(max_length=80)
    course_title = fields.CharField(max_length=120)
    creator_name = fields.CharField(max_length=80)
    issued_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "certificates"
