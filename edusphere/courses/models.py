"""Courses and what hangs off them.

`courses.search_vector` lives only in the database (added by the migration, unknown to Tortoise,
so it never writes it): a generated tsvector over title (weight A), subtitle (B) and description
(C) with a GIN index. Rating figures are kept as an exact integer sum and
count, updated in SQL in the transaction that changes a review; `rating_avg` is derived from them in
the same statement so it can be sorted and indexed.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from edusphere.auth.models import User


class Level(StrEnum):
    BEGINNER = "BEGINNER"
    INTERMEDIATE = "INTERMEDIATE"
    ADVANCED = "ADVANCED"


class CourseStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    ARCHIVED = "ARCHIVED"


class LessonKind(StrEnum):
    TEXT = "TEXT"
    VIDEO = "VIDEO"
    FILE = "FILE"


class EnrollmentSource(StrEnum):
    FREE = "FREE"
    PURCHASE = "PURCHASE"
    ADMIN = "ADMIN"


class Category(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=120)

    class Meta:
        table = "categories"


class Course(Model):
    id = fields.UUIDField(primary_key=True)
    slug = fields.CharField(max_length=120, unique=True)
    title = fields.CharField(max_length=120)
    subtitle = fields.CharField(max_length=200, default="")
    description = fields.TextField(default="")
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "edusphere.Category", related_name="courses", null=True, on_delete=fields.SET_NULL
    )
    level = fields.CharEnumField(Level, max_length=16, default=Level.BEGINNER)
    language = fields.CharField(max_length=8, default="en")
    price_cents = fields.IntField(default=0)
    currency = fields.CharField(max_length=3, default="USD")
    status = fields.CharEnumField(CourseStatus, max_length=16, default=CourseStatus.DRAFT, db_index=True)
    creator: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="courses", on_delete=fields.RESTRICT
    )
    cover_image = fields.CharField(max_length=255, null=True)
    # An uploaded cover (media domain); `cover_image` stays for external URLs from before.
    cover_asset: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "edusphere.MediaAsset", related_name="covers", null=True, on_delete=fields.SET_NULL
    )
    rating_sum = fields.IntField(default=0)
    rating_count = fields.IntField(default=0)
    rating_avg = fields.FloatField(default=0)
    enrollment_count = fields.IntField(default=0)
    published_at = fields.DatetimeField(null=True)
    # Set by an admin: the course leads the catalog's first page (newest featured first).
    featured_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "courses"
        indexes = (
            ("status", "published_at", "id"),
            ("status", "rating_avg", "id"),
            ("status", "enrollment_count", "id"),
            ("status", "price_cents", "id"),
            ("status", "created_at", "id"),
            ("status", "title", "id"),
        )

    @property
    def is_free(self) -> bool:
        return self.price_cents == 0


class Module(Model):
    id = fields.UUIDField(primary_key=True)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="modules", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=120)
    position = fields.IntField()
    # Drip release: the module's lessons open to a learner this many days after they enrolled
    # (0: at once). Checked 0..3650 by `validation.check_opens_after_days` and by the table.
    opens_after_days = fields.IntField(default=0, db_default=0)

    class Meta:
        table = "course_modules"
        indexes = (("course_id", "position"),)


class Lesson(Model):
    id = fields.UUIDField(primary_key=True)
    module: fields.ForeignKeyRelation[Module] = fields.ForeignKeyField(
        "edusphere.Module", related_name="lessons", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=120)
    kind = fields.CharEnumField(LessonKind, max_length=8, default=LessonKind.TEXT)
    body = fields.TextField(default="")
    video_url = fields.CharField(max_length=500, null=True)
    # VIDEO and FILE lessons: the uploaded video or file (media domain), protected.
    asset: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "edusphere.MediaAsset", related_name="lessons", null=True, on_delete=fields.SET_NULL
    )
    duration_seconds = fields.IntField(default=0)
    is_preview = fields.BooleanField(default=False)
    position = fields.IntField()

    class Meta:
        table = "course_lessons"
        indexes = (("module_id", "position"),)


class Enrollment(Model):
    id = fields.UUIDField(primary_key=True)
    learner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="enrollments", on_delete=fields.CASCADE
    )
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="enrollments", on_delete=fields.CASCADE
    )
    source = fields.CharEnumField(EnrollmentSource, max_length=16)
    enrolled_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "enrollments"
        unique_together = (("learner", "course"),)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LessonProgress(Model):
    id = fields.UUIDField(primary_key=True)
    learner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="lesson_progress", on_delete=fields.CASCADE
    )
    lesson: fields.ForeignKeyRelation[Lesson] = fields.ForeignKeyField(
        "edusphere.Lesson", related_name="progress", on_delete=fields.CASCADE
    )
    # Denormalised from lesson -> module -> course so "percent complete" is one indexed count.
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="progress", on_delete=fields.CASCADE
    )
    completed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "lesson_progress"
        unique_together = (("learner", "lesson"),)
        indexes = (("learner_id", "course_id"),)


class Review(Model):
    id = fields.UUIDField(primary_key=True)
    learner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="reviews", on_delete=fields.CASCADE
    )
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="reviews", on_delete=fields.CASCADE
    )
    rating = fields.SmallIntField()
    body = fields.TextField(default="")
    # Hidden by an admin: out of the course's reviews and rating figures until restored.
    hidden_at = fields.DatetimeField(null=True)
    hidden_reason = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "reviews"
        unique_together = (("learner", "course"),)
        indexes = (("course_id", "created_at", "id"), ("created_at", "id"))
