"""Indexes for the admin's course, review and enrollment lists (issue 14), measured on 10,000
courses, 100,000 reviews and 300,000 enrollments: each turns a scan of the whole table (or a
top-N sort of it) into an index range, so the lists stay under 50 ms p99.

- `reviews.body` trigrams: `adminReviews(search)` is `body ILIKE '%term%'` (as titles and
  emails, migration 0008); without it every search read all 100,000 bodies (100-250 ms). And
  finer statistics for `body`: with the default (100) PostgreSQL guesses at least 1% of the
  reviews match any term, so for a rare one ("4242": 20 reviews, all old) it walked the whole
  newest-first index waiting for 21 matches (88 ms) instead of asking the trigram index (0.2 ms).
- `reviews (rating, created_at, id)`: `ratingMax` counted by an index-only scan, not a read of
  every row.
- `enrollments (course_id, enrolled_at, id)`: a course's enrollments, newest first (the only
  index had learner_id first, so each page read all enrollments).
- `courses (created_at, id)`, `(title, id)`, `(enrollment_count, id)`: `adminCourses` without a
  status filter (the indexes of 0002/0008 lead with status) in its four orders.

RunSQL only, as 0008's search indexes: the models need not know them.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0008_admin")]

    initial = False

    operations = [
        ops.RunSQL(
            """
            CREATE INDEX reviews_body_trgm ON reviews USING gin (body gin_trgm_ops);
            ALTER TABLE reviews ALTER COLUMN body SET STATISTICS 1000;
            CREATE INDEX reviews_rating_created ON reviews (rating, created_at, id);
            CREATE INDEX enrollments_course_enrolled ON enrollments (course_id, enrolled_at, id);
            CREATE INDEX courses_created_id ON courses (created_at, id);
            CREATE INDEX courses_title_id ON courses (title, id);
            CREATE INDEX courses_enrollment_count_id ON courses (enrollment_count, id);
            """,
            reverse_sql="ALTER TABLE reviews ALTER COLUMN body SET STATISTICS -1; "
            "DROP INDEX IF EXISTS reviews_body_trgm, reviews_rating_created, enrollments_course_enrolled, "
            "courses_created_id, courses_title_id, courses_enrollment_count_id",
        ),
    ]
