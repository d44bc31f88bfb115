"""Load-test data: `edusphere seed --scale --users 100000 --courses 10000`.

The admin's lists must stay fast at 100,000 users and 10,000 courses, and measuring that needs
that much data in seconds, not the minutes row-by-row inserts (or one Argon2 hash per account)
would take. Every table is filled by one `INSERT … SELECT` over `generate_series` inside
PostgreSQL, so nothing crosses the wire but the statements:

- users: 1 admin per 20,000 (at least one), a creator per four courses, the rest learners;
  one in fifty deactivated; varied names and email domains (so searches select realistic
  fractions), created over three years. Every account has the same password
  (`SCALE_PASSWORD`, hashed once): they are load-test accounts.
- courses: 85 % published, 10 % drafts, 5 % archived; a tenth priced in EUR, the rest USD;
  three in eleven free; one module of two lessons each.
- enrollments: 0-6 per learner (3 on average), skewed to the older courses (a few are
  popular, most are not); reviews for three in ten (one in a hundred hidden by an admin);
  the course's rating and enrollment figures recomputed from them.
- orders: one PAID order per enrollment in a paid course (one in fifty wholly refunded, its
  enrollment revoked; one in fifty half refunded), plus canceled, failed and pending
  checkouts, over the providers; each paid order's SALE and each refund's REFUND entry in the
  ledger, so `edusphere payments check` holds.

Row identities are derived from their number (`md5('scale-user:42')::uuid`), so rows refer to
each other by formula instead of by lookup. The whole set is made in one transaction; it is
made once: a second run with the same numbers finds it and changes nothing, and a run with
other numbers is refused (seed a fresh database to change the size).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from edusphere.auth import passwords
from edusphere.core.errors import bad_input, conflict
from edusphere.core.settings import PasswordHashing
from edusphere.courses.demo import ADJECTIVES, CATEGORIES, FORMATS, PRICES, ensure_categories

SCALE_PASSWORD = "scale password 123"  # noqa: S105 - published on purpose: load-test accounts only
EMAIL_DOMAIN = "scale.example"  # every seeded account's domain ends so (RFC 2606 reserves .example)
ADMIN_EMAIL = f"scale-admin-1@ops.{EMAIL_DOMAIN}"
FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Ava", "Elijah", "Sophia", "Lucas", "Mia",
               "Mateo", "Isabella", "Levi", "Aria", "Kenji", "Yuki", "Priya", "Arjun", "Fatima", "Omar", "Chloe",
               "Hugo", "Lea", "Jonas", "Ines", "Tomas", "Sara", "Mehmet", "Elif", "Wei", "Lin", "Ana", "Diego",
               "Zoe", "Finn", "Nora", "Ivan", "Olga", "Kofi"]  # fmt: skip
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
              "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
              "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis",
              "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill",
              "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
              "Carter", "Roberts", "Schmidt"]  # fmt: skip
DOMAINS = [f"{name}.{EMAIL_DOMAIN}" for name in ("mail", "inbox", "post", "school", "work", "uni", "home")]
REVIEW_BODIES = ["Clear and useful.", "Loved the exercises.", "Good pace.", "", "Worth it.", "Too basic for me.",
                 "The best course on the subject I have taken.", "Audio could be better.", "",
                 "Exactly what I needed for my job."]  # fmt: skip
RATINGS = [5, 5, 5, 4, 4, 4, 3, 3, 2, 1]
PROVIDERS = ["STRIPE", "STRIPE", "STRIPE", "STRIPE", "STRIPE", "PAYPAL", "PAYPAL", "PAYPAL", "TEST", "TEST"]
USERS_PER_ADMIN = 20_000
COURSES_PER_CREATOR = 4
FEE_PER_MILLE = 100  # the seeded orders' platform fee: 10 %, as PLATFORM_FEE_PERCENT's default


@dataclass(frozen=True)
class ScalePlan:
    """How many of each kind of account, from the numbers asked for."""

    users: int
    courses: int

    @property
    def admins(self) -> int:
        return max(1, self.users // USERS_PER_ADMIN)

    @property
    def creators(self) -> int:
        return max(1, min(self.users - self.admins - 1, -(-self.courses // COURSES_PER_CREATOR)))

    @property
    def learners(self) -> int:
        return self.users - self.admins - self.creators


@dataclass(frozen=True)
class ScaleReport:
    created: bool
    users: int
    courses: int
    enrollments: int
    reviews: int
    orders: int
    seconds: float


def check_plan(users: int, courses: int) -> ScalePlan:
    if not 3 <= users <= 10_000_000:
        raise bad_input("--users must be between 3 and 10,000,000", field="users")
    if not 1 <= courses <= 1_000_000:
        raise bad_input("--courses must be between 1 and 1,000,000", field="courses")
    return ScalePlan(users, courses)


async def seed_scale(params: PasswordHashing, users: int, courses: int) -> ScaleReport:
    """Make the load-test data set (see the module docstring), or find it made."""
    plan = check_plan(users, courses)
    started = time.perf_counter()
    existing = await _existing()
    if existing is not None:
        if existing != (plan.users, plan.courses):
            raise conflict(
                f"This database already holds scale data of {existing[0]} users and {existing[1]} courses; "
                "seed a fresh database for another size"
            )
        return await _report(False, started)
    categories = [category.id for category in await ensure_categories()]
    password_hash = await passwords.hash_password(params, SCALE_PASSWORD)
    async with in_transaction() as db:
        await db.execute_script(_FUNCTIONS)
        await _users(db, plan, password_hash)
        await _courses(db, plan, categories)
        await _enrollments(db, plan)
        await _orders(db, plan)
        await db.execute_script(_FIGURES)
    # Fresh statistics for the planner and the GIN indexes' pending lists merged: without this
    # a just-loaded table is read by sequential scans until autovacuum comes by.
    await connections.get("default").execute_script(
        "VACUUM ANALYZE users, courses, course_modules, course_lessons, enrollments, reviews, orders, refunds, "
        "journal_entries, ledger_lines"
    )
    return await _report(True, started)


async def _existing() -> tuple[int, int] | None:
    rows = await connections.get("default").execute_query_dict(
        "SELECT (SELECT count(*) FROM users WHERE email LIKE $1) AS users, "
        "(SELECT count(*) FROM courses WHERE slug LIKE 'scale-course-%') AS courses",
        [f"%@%{EMAIL_DOMAIN}"],
    )
    found = int(rows[0]["users"]), int(rows[0]["courses"])
    return found if any(found) else None


async def _report(created: bool, started: float) -> ScaleReport:
    row = (
        await connections.get("default").execute_query_dict(
            """
            SELECT (SELECT count(*) FROM users WHERE email LIKE $1) AS users,
                   (SELECT count(*) FROM courses WHERE slug LIKE 'scale-course-%') AS courses,
                   (SELECT count(*) FROM enrollments e JOIN courses c ON c.id = e.course_id
                     WHERE c.slug LIKE 'scale-course-%') AS enrollments,
                   (SELECT count(*) FROM reviews r JOIN courses c ON c.id = r.course_id
                     WHERE c.slug LIKE 'scale-course-%') AS reviews,
                   (SELECT count(*) FROM orders WHERE provider_reference LIKE 'scale\\_%') AS orders
            """,
            [f"%@%{EMAIL_DOMAIN}"],
        )
    )[0]
    return ScaleReport(
        created=created,
        users=int(row["users"]),
        courses=int(row["courses"]),
        enrollments=int(row["enrollments"]),
        reviews=int(row["reviews"]),
        orders=int(row["orders"]),
        seconds=time.perf_counter() - started,
    )


# Inlined by PostgreSQL (plain SQL functions); pg_temp: they vanish with the connection.
_FUNCTIONS = """
CREATE OR REPLACE FUNCTION pg_temp.h(key text) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT ('x' || substr(md5(key), 1, 8))::bit(32)::bigint $$;
CREATE OR REPLACE FUNCTION pg_temp.u(key text) RETURNS double precision LANGUAGE sql IMMUTABLE
    AS $$ SELECT pg_temp.h(key) / 4294967296.0 $$;
CREATE OR REPLACE FUNCTION pg_temp.user_id(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT md5('scale-user:' || n)::uuid $$;
CREATE OR REPLACE FUNCTION pg_temp.course_id(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT md5('scale-course:' || n)::uuid $$;
"""


async def _users(db: BaseDBAsyncClient, plan: ScalePlan, password_hash: str) -> None:
    await db.execute_query(
        """
        INSERT INTO users (id, email, display_name, role, password_hash, is_active, created_at, updated_at,
                           email_verified_at)
        SELECT pg_temp.user_id(n),
               CASE WHEN n <= $1 THEN 'scale-admin-' || n || '@ops.' || $9
                    ELSE lower(f.name || '.' || l.name) || n || '@' || ($8::text[])[1 + n % array_length($8::text[], 1)]
               END,
               f.name || ' ' || l.name,
               CASE WHEN n <= $1 THEN 'ADMIN' WHEN n <= $1 + $2 THEN 'CREATOR' ELSE 'LEARNER' END,
               $4, n <= $1 OR n % 50 <> 0, at, at, at
        FROM generate_series(1, $3::bigint) AS n
        CROSS JOIN LATERAL (SELECT ($5::text[])[1 + pg_temp.h('first:' || n) % array_length($5::text[], 1)] AS name) f
        CROSS JOIN LATERAL (SELECT ($6::text[])[1 + pg_temp.h('last:' || n) % array_length($6::text[], 1)] AS name) l
        CROSS JOIN LATERAL (
            SELECT now() - interval '3 years' * ($3 - n) / $3 - interval '1 second' * (pg_temp.h('at:' || n) % $7)
                AS at
        ) t
        """,
        [plan.admins, plan.creators, plan.users, password_hash, FIRST_NAMES, LAST_NAMES, 3600,
         DOMAINS, EMAIL_DOMAIN],
    )  # fmt: skip


async def _courses(db: BaseDBAsyncClient, plan: ScalePlan, categories: list[int]) -> None:
    topics = [topic for _, names in CATEGORIES.values() for topic in names]
    category_of_topic = [categories[i] for i, (_, names) in enumerate(CATEGORIES.values()) for _ in names]
    await db.execute_query(
        """
        INSERT INTO courses (id, slug, title, subtitle, description, level, language, price_cents, currency,
                             status, rating_sum, rating_count, rating_avg, enrollment_count, published_at,
                             created_at, updated_at, category_id, creator_id)
        SELECT pg_temp.course_id(n), 'scale-course-' || lpad(n::text, 6, '0'),
               left(replace(($4::text[])[1 + pg_temp.h('format:' || n) % array_length($4::text[], 1)], '{}', topic)
                    || ' ' || n, 120),
               'A ' || ($5::text[])[1 + n % array_length($5::text[], 1)] || ' course on ' || lower(topic),
               '## What you will learn' || chr(10) || chr(10) || 'This course teaches **' || topic
                   || '** step by step, with exercises and real projects.',
               (ARRAY['BEGINNER', 'INTERMEDIATE', 'ADVANCED'])[1 + n % 3],
               (ARRAY['en', 'en', 'en', 'en', 'de', 'fr', 'es', 'pt-BR'])[1 + pg_temp.h('lang:' || n) % 8],
               ($6::int[])[1 + pg_temp.h('price:' || n) % array_length($6::int[], 1)],
               CASE WHEN n % 10 = 7 THEN 'EUR' ELSE 'USD' END,
               status, 0, 0, 0, 0,
               CASE WHEN status <> 'DRAFT' THEN at + interval '1 day' END, at, at,
               ($3::int[])[1 + t], pg_temp.user_id($7 + 1 + (n - 1) % $8)
        FROM generate_series(1, $1::bigint) AS n
        CROSS JOIN LATERAL (SELECT pg_temp.h('topic:' || n) % array_length($2::text[], 1) AS t) pick
        CROSS JOIN LATERAL (SELECT ($2::text[])[1 + pick.t] AS topic) named
        CROSS JOIN LATERAL (
            SELECT CASE WHEN n % 20 = 0 THEN 'ARCHIVED' WHEN n % 10 = 3 THEN 'DRAFT' ELSE 'PUBLISHED' END AS status,
                   now() - interval '3 years' * ($1 - n + 1) / $1 - interval '1 minute' * (pg_temp.h('at:' || n) % 600)
                       AS at
        ) s
        """,
        [plan.courses, topics, category_of_topic, FORMATS, ADJECTIVES, PRICES, plan.admins, plan.creators],
    )
    await db.execute_query(
        """
        INSERT INTO course_modules (id, course_id, title, position)
        SELECT md5('scale-module:' || n)::uuid, pg_temp.course_id(n), 'Part 1: the essentials', 1
        FROM generate_series(1, $1::bigint) AS n
        """,
        [plan.courses],
    )
    await db.execute_query(
        """
        INSERT INTO course_lessons (id, module_id, title, kind, body, duration_seconds, is_preview, position)
        SELECT md5('scale-lesson:' || n || ':' || k)::uuid, md5('scale-module:' || n)::uuid, 'Lesson 1.' || k,
               'TEXT', 'Notes for lesson 1.' || k || '.', 300 + pg_temp.h('d:' || n || k) % 1200, k = 1, k
        FROM generate_series(1, $1::bigint) AS n CROSS JOIN generate_series(1, 2) AS k
        """,
        [plan.courses],
    )


async def _enrollments(db: BaseDBAsyncClient, plan: ScalePlan) -> None:
    """The learner-course pairs first (a temporary table: enrollments, reviews and orders are
    all made from it), drafts left out (nobody can enroll in one)."""
    await db.execute_query(
        """
        CREATE TEMPORARY TABLE scale_pairs ON COMMIT DROP AS
        SELECT DISTINCT ON (learner, course) learner, course, c.id AS course_id, c.price_cents, c.currency,
               c.creator_id, c.published_at + (now() - c.published_at) * pg_temp.u('when:' || learner || ':' || j)
                   AS enrolled_at,
               pg_temp.h('fate:' || learner || ':' || course) AS fate
        FROM generate_series($1::bigint + 1, $2::bigint) AS learner
        CROSS JOIN generate_series(1, 6) AS j
        CROSS JOIN LATERAL (SELECT 1 + floor($3 * pg_temp.u('course:' || learner || ':' || j) ^ 2)::bigint AS course)
            picked
        JOIN courses c ON c.id = pg_temp.course_id(picked.course)
        WHERE j <= pg_temp.h('count:' || learner) % 7 AND c.status <> 'DRAFT'
        """,
        [plan.admins + plan.creators, plan.users, plan.courses],
    )
    await db.execute_script(
        """
        INSERT INTO enrollments (id, learner_id, course_id, source, enrolled_at, revoked_at)
        SELECT md5('scale-enrollment:' || learner || ':' || course)::uuid, pg_temp.user_id(learner), course_id,
               CASE WHEN price_cents > 0 THEN 'PURCHASE' ELSE 'FREE' END, enrolled_at,
               CASE WHEN price_cents > 0 AND fate % 50 = 0 THEN enrolled_at + interval '2 days' END
        FROM scale_pairs
        """
    )
    # Three in ten learners review (not those refunded: they lost the course).
    await db.execute_query(
        """
        INSERT INTO reviews (id, learner_id, course_id, rating, body, hidden_at, hidden_reason, created_at, updated_at)
        SELECT md5('scale-review:' || learner || ':' || course)::uuid, pg_temp.user_id(learner), course_id,
               ($1::int[])[1 + (fate / 7) % array_length($1::int[], 1)],
               ($2::text[])[1 + (fate / 13) % array_length($2::text[], 1)],
               CASE WHEN fate % 100 = 1 THEN review_at END,
               CASE WHEN fate % 100 = 1 THEN 'Spam: advertises another site' ELSE '' END,
               review_at, review_at
        FROM scale_pairs
        CROSS JOIN LATERAL (SELECT least(enrolled_at + interval '1 day' * (fate % 30), now()) AS review_at) r
        WHERE fate % 10 < 3 AND NOT (price_cents > 0 AND fate % 50 = 0)
        """,
        [RATINGS, REVIEW_BODIES],
    )


async def _orders(db: BaseDBAsyncClient, plan: ScalePlan) -> None:
    """A paid order per purchase (some refunded), the checkouts that never paid, and the
    ledger entries of every sale and refund (the shapes `payments.ledger` posts)."""
    await db.execute_query(
        """
        CREATE TEMPORARY TABLE scale_orders ON COMMIT DROP AS
        SELECT md5('scale-order:' || learner || ':' || course)::uuid AS id, pg_temp.user_id(learner) AS buyer_id,
               course_id, creator_id, price_cents AS amount, currency,
               ($1::text[])[1 + (fate / 3) % array_length($1::text[], 1)] AS provider,
               (price_cents * $2 + 500) / 1000 AS fee,
               CASE WHEN fate % 50 = 0 THEN 'REFUNDED' WHEN fate % 50 = 1 THEN 'PARTIALLY_REFUNDED' ELSE 'PAID' END
                   AS status,
               CASE WHEN fate % 50 = 0 THEN price_cents WHEN fate % 50 = 1 THEN price_cents / 2 ELSE 0 END
                   AS refunded,
               enrolled_at - interval '2 minutes' AS created_at, enrolled_at AS paid_at
        FROM scale_pairs WHERE price_cents > 0
        """,
        [PROVIDERS, FEE_PER_MILLE],
    )
    await db.execute_script(
        """
        INSERT INTO orders (id, buyer_id, course_id, provider, status, list_price_cents, discount_cents, amount_cents,
                            refunded_cents, currency, fee_cents, coupon_redeemed, provider_reference,
                            payment_reference, receipt_number, created_at, updated_at, paid_at, refunded_at)
        SELECT id, buyer_id, course_id, provider, status, amount, 0, amount, refunded, currency, fee, false,
               'scale_cs_' || replace(id::text, '-', ''), 'scale_pi_' || replace(id::text, '-', ''),
               'ES-' || to_char(paid_at AT TIME ZONE 'UTC', 'YYYYMMDD') || '-'
                   || upper(substr(replace(id::text, '-', ''), 1, 10)),
               created_at, paid_at, paid_at, CASE WHEN status = 'REFUNDED' THEN paid_at + interval '2 days' END
        FROM scale_orders;

        INSERT INTO refunds (id, order_id, provider, provider_refund_id, amount_cents, currency, status, reason,
                             created_at)
        SELECT md5('scale-refund:' || id)::uuid, id, provider, 'scale_re_' || replace(id::text, '-', ''), refunded,
               currency, 'SUCCEEDED', 'Requested by the buyer', paid_at + interval '2 days'
        FROM scale_orders WHERE refunded > 0;

        INSERT INTO journal_entries (id, kind, order_id, refund_id, creator_id, course_id, memo, posted_at)
        SELECT md5('scale-sale:' || id)::uuid, 'SALE', id, NULL, creator_id, course_id, 'Sale of order ' || id, paid_at
        FROM scale_orders
        UNION ALL
        SELECT md5('scale-refund-entry:' || id)::uuid, 'REFUND', id, md5('scale-refund:' || id)::uuid, creator_id,
               course_id, 'Refund scale_re_' || replace(id::text, '-', '') || ' of order ' || id
                   || ': Requested by the buyer', paid_at + interval '2 days'
        FROM scale_orders WHERE refunded > 0;

        INSERT INTO ledger_lines (entry_id, account, amount_cents, currency)
        SELECT entry, account, amount, currency FROM (
            SELECT md5('scale-sale:' || id)::uuid AS entry, line.account, line.amount, currency, line.n
            FROM scale_orders CROSS JOIN LATERAL (VALUES
                (1, 'clearing:' || provider, amount), (2, 'platform:fees', -fee),
                (3, 'creator:' || creator_id, -(amount - fee))) AS line(n, account, amount)
            UNION ALL
            SELECT md5('scale-refund-entry:' || id)::uuid, line.account, line.amount, currency, line.n
            FROM scale_orders
            -- the fee given back: all of it for a whole refund, else its share (ledger.refunded_fee)
            CROSS JOIN LATERAL (SELECT CASE WHEN refunded >= amount THEN fee
                                            ELSE (fee * refunded * 2 + amount) / (2 * amount) END AS back) b
            CROSS JOIN LATERAL (VALUES
                (1, 'clearing:' || provider, -refunded), (2, 'platform:fees', b.back),
                (3, 'creator:' || creator_id, refunded - b.back)) AS line(n, account, amount)
            WHERE refunded > 0
        ) lines
        WHERE amount <> 0
        ORDER BY entry, n;
        """
    )
    # Checkouts that never paid: canceled, failed and (at most one per buyer and course) pending.
    await db.execute_query(
        """
        INSERT INTO orders (id, buyer_id, course_id, provider, status, list_price_cents, discount_cents, amount_cents,
                            refunded_cents, currency, fee_cents, coupon_redeemed, provider_reference,
                            failure_message, created_at, updated_at, canceled_at)
        SELECT md5('scale-unpaid:' || learner)::uuid, pg_temp.user_id(learner), c.id,
               ($4::text[])[1 + pg_temp.h('p:' || learner) % array_length($4::text[], 1)], kind.status,
               c.price_cents, 0, c.price_cents, 0, c.currency, 0, false,
               'scale_cs_' || md5('scale-unpaid:' || learner),
               CASE WHEN kind.status = 'FAILED' THEN 'Your card was declined.' END, at, at,
               CASE WHEN kind.status = 'CANCELED' THEN at + interval '30 minutes' END
        FROM generate_series($1::bigint + 1, $2::bigint) AS learner
        CROSS JOIN LATERAL (SELECT CASE WHEN learner % 53 = 0 THEN 'PENDING' WHEN learner % 17 = 0 THEN 'FAILED'
                                        WHEN learner % 6 = 0 THEN 'CANCELED' END AS status) kind
        JOIN courses c ON c.id = pg_temp.course_id(1 + pg_temp.h('unpaid:' || learner) % $3)
        CROSS JOIN LATERAL (SELECT greatest(c.created_at, now() - interval '400 days')
                                   + (now() - greatest(c.created_at, now() - interval '400 days'))
                                     * pg_temp.u('unpaid-at:' || learner) AS at) t
        WHERE kind.status IS NOT NULL AND c.price_cents > 0 AND c.status = 'PUBLISHED'
        ON CONFLICT DO NOTHING
        """,
        [plan.admins + plan.creators, plan.users, plan.courses, PROVIDERS],
    )


# The courses' figures from what was made (visible reviews, active enrollments).
_FIGURES = """
UPDATE courses c SET rating_sum = r.s, rating_count = r.n, rating_avg = r.s::float / r.n
FROM (SELECT course_id, sum(rating) AS s, count(*) AS n FROM reviews WHERE hidden_at IS NULL GROUP BY course_id) r
WHERE r.course_id = c.id AND c.slug LIKE 'scale-course-%';
UPDATE courses c SET enrollment_count = e.n
FROM (SELECT course_id, count(*) AS n FROM enrollments WHERE revoked_at IS NULL GROUP BY course_id) e
WHERE e.course_id = c.id AND c.slug LIKE 'scale-course-%';
"""
