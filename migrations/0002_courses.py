from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from edusphere.courses.models import CourseStatus, EnrollmentSource, LessonKind, Level


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Category",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("slug", fields.CharField(unique=True, max_length=64)),
                ("name", fields.CharField(max_length=120)),
            ],
            options={"table": "categories", "app": "edusphere", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Course",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ("slug", fields.CharField(unique=True, max_length=120)),
                ("title", fields.CharField(max_length=120)),
                ("subtitle", fields.CharField(default="", max_length=200)),
                ("description", fields.TextField(default="", unique=False)),
                (
                    "category",
                    fields.ForeignKeyField(
                        "edusphere.Category",
                        source_field="category_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="courses",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "level",
                    fields.CharEnumField(
                        default=Level.BEGINNER,
                        description="BEGINNER: BEGINNER\nINTERMEDIATE: INTERMEDIATE\nADVANCED: ADVANCED",
                        enum_type=Level,
                        max_length=16,
                    ),
                ),
                ("language", fields.CharField(default="en", max_length=8)),
                ("price_cents", fields.IntField(default=0)),
                ("currency", fields.CharField(default="USD", max_length=3)),
                (
                    "status",
                    fields.CharEnumField(
                        default=CourseStatus.DRAFT,
                        db_index=True,
                        description="DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nARCHIVED: ARCHIVED",
                        enum_type=CourseStatus,
                        max_length=16,
                    ),
                ),
                (
                    "creator",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="creator_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="courses",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("cover_image", fields.CharField(null=True, max_length=255)),
                ("rating_sum", fields.IntField(default=0)),
                ("rating_count", fields.IntField(default=0)),
                ("rating_avg", fields.FloatField(default=0)),
                ("enrollment_count", fields.IntField(default=0)),
                ("published_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "courses",
                "app": "edusphere",
                "indexes": [
                    Index(fields=["status", "published_at", "id"]),
                    Index(fields=["status", "rating_avg", "id"]),
                    Index(fields=["status", "enrollment_count", "id"]),
                    Index(fields=["status", "price_cents", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Enrollment",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "learner",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="learner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="enrollments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="enrollments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "source",
                    fields.CharEnumField(
                        description="FREE: FREE\nPURCHASE: PURCHASE\nADMIN: ADMIN",
                        enum_type=EnrollmentSource,
                        max_length=16,
                    ),
                ),
                ("enrolled_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "enrollments",
                "app": "edusphere",
                "unique_together": (("learner", "course"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Module",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="modules",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("title", fields.CharField(max_length=120)),
                ("position", fields.IntField()),
            ],
            options={
                "table": "course_modules",
                "app": "edusphere",
                "indexes": [Index(fields=["course_id", "position"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Lesson",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "module",
                    fields.ForeignKeyField(
                        "edusphere.Module",
                        source_field="module_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lessons",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("title", fields.CharField(max_length=120)),
                (
                    "kind",
                    fields.CharEnumField(
                        default=LessonKind.TEXT,
                        description="TEXT: TEXT\nVIDEO: VIDEO\nFILE: FILE",
                        enum_type=LessonKind,
                        max_length=8,
                    ),
                ),
                ("body", fields.TextField(default="", unique=False)),
                ("video_url", fields.CharField(null=True, max_length=500)),
                ("duration_seconds", fields.IntField(default=0)),
                ("is_preview", fields.BooleanField(default=False)),
                ("position", fields.IntField()),
            ],
            options={
                "table": "course_lessons",
                "app": "edusphere",
                "indexes": [Index(fields=["module_id", "position"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LessonProgress",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "learner",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="learner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lesson_progress",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "lesson",
                    fields.ForeignKeyField(
                        "edusphere.Lesson",
                        source_field="lesson_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="progress",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="progress",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("completed_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "lesson_progress",
                "app": "edusphere",
                "unique_together": (("learner", "lesson"),),
                "indexes": [Index(fields=["learner_id", "course_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Review",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "learner",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="learner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reviews",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reviews",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("rating", fields.SmallIntField()),
                ("body", fields.TextField(default="", unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "reviews",
                "app": "edusphere",
                "unique_together": (("learner", "course"),),
                "indexes": [Index(fields=["course_id", "created_at", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunSQL(
            """
            ALTER TABLE courses ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(subtitle, '')), 'B') ||
                setweight(to_tsvector('english', coalesce(description, '')), 'C')
            ) STORED;
            CREATE INDEX courses_search_vector_idx ON courses USING GIN (search_vector);
            ALTER TABLE courses ADD CONSTRAINT courses_price_not_negative CHECK (price_cents >= 0);
            ALTER TABLE courses ADD CONSTRAINT courses_rating_figures CHECK (rating_count >= 0 AND rating_sum >= 0);
            ALTER TABLE reviews ADD CONSTRAINT reviews_rating_range CHECK (rating BETWEEN 1 AND 5);
            """,
            reverse_sql="""
            ALTER TABLE reviews DROP CONSTRAINT reviews_rating_range;
            ALTER TABLE courses DROP CONSTRAINT courses_rating_figures;
            ALTER TABLE courses DROP CONSTRAINT courses_price_not_negative;
            DROP INDEX courses_search_vector_idx;
            ALTER TABLE courses DROP COLUMN search_vector;
            """,
        ),
    ]
