"""Forgiving catalog search and damped ranking (`edusphere.courses.catalog`).

- Typo-tolerant search (`word_similarity`, the `<%` operator), symbol terms such as "c++", "c#",
  ".net", "node.js" (`ILIKE '%c++%'`: the english tsvector keeps only "c" and "net") and
  search-as-you-type use the GIN trigram indexes 0008 made on `courses.title` and
  `users.display_name` (trigrams are case-folded, so one index serves ILIKE and similarity);
  `pg_trgm` is asked for again only so this migration states what it needs.
- `pg_trgm.word_similarity_threshold` = 0.5 for the database (the default 0.6 misses a dropped
  letter in a short word: "spansh" is 0.57 like "Spanish"); sessions opened after the migration
  take it. A role that does not own the database keeps the default (a notice, not a failure).
- `courses.rating_score`, a STORED generated Bayesian (damped) average of the stored figures,
  (C*m + rating_sum) / (C + rating_count) with C = 10 ratings and m = 4.0 (`catalog.RATING_PRIOR_*`
  say why): generated, so every path that changes `rating_sum`/`rating_count` (reviews, the demo
  and scale seeds, moderation) keeps it exact without a line of its own, and indexable for the
  RATING sort (`courses_published_rating_score`).
- `courses.title_vector`, a STORED generated tsvector of title (A) and subtitle (B) with a GIN
  index: the any-word fallback matches there, not in descriptions, where a common word
  ("learning") is in nearly every course and would rank the whole catalog (90 ms at 10,000
  courses through `search_vector`, a fraction of it here).
- The POPULAR sort counts each course's enrollments of the last 30 days through 0009's
  `enrollments_course_enrolled` (course_id, enrolled_at, id): no index of its own.

Adding the STORED columns rewrites `courses` once (well under a second at 10,000 courses).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0020_certificates")]

    initial = False

    operations = [
        ops.RunSQL(
            """
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            DO $$ BEGIN
                EXECUTE format('ALTER DATABASE %I SET pg_trgm.word_similarity_threshold = 0.5', current_database());
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE NOTICE 'pg_trgm.word_similarity_threshold left at its default: not the database owner';
            END $$;
            ALTER TABLE courses ADD COLUMN rating_score double precision
                GENERATED ALWAYS AS ((10 * 4.0 + rating_sum) / (10 + rating_count)::double precision) STORED;
            ALTER TABLE courses ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(subtitle, '')), 'B')
            ) STORED;
            CREATE INDEX courses_title_vector ON courses USING GIN (title_vector);
            CREATE INDEX courses_published_rating_score ON courses (rating_score DESC, id DESC)
                WHERE status = 'PUBLISHED';
            """,
            reverse_sql="""
            DO $$ BEGIN
                EXECUTE format('ALTER DATABASE %I RESET pg_trgm.word_similarity_threshold', current_database());
            EXCEPTION WHEN insufficient_privilege THEN NULL;
            END $$;
            DROP INDEX IF EXISTS courses_published_rating_score;
            DROP INDEX IF EXISTS courses_title_vector;
            ALTER TABLE courses DROP COLUMN IF EXISTS title_vector;
            ALTER TABLE courses DROP COLUMN IF EXISTS rating_score;
            """,
        ),
    ]
