"""The admin dashboard's figures, read across the domains.

Each figure is one cheap statement (an aggregate over an index or a small table, or one Redis
call), and they run concurrently: outside a transaction every Tortoise query takes its own
connection from the pool, so the dashboard costs about its slowest figure (counting the users
by role: one pass over `users`), not their sum.

- Enrollments are the courses' `enrollment_count`s summed: kept exact in the transaction of
  every enrollment and revocation, and 10,000 courses are cheaper to add up than every
  enrollment to count.
- Users by role and sales by day read covering indexes (migration 0009) alone.
- Mail is the outbox's figures (`edusphere.mail.outbox.figures`): what waits, what is being
  sent, the dead letters and how long the oldest due message has waited.
- Sales are by the UTC day an order was placed and count paid orders (refunded ones
  included), as `orderTotals` does for the same dates: a day's row is what
  `orderTotals(filter: {createdAfter: day, createdBefore: next day})` reports as paidOrders,
  amountCents and refundedCents.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from tortoise import connections

from edusphere.auth.models import Role
from edusphere.chat import activity, writebehind
from edusphere.chat.models import MessageReport, ReportStatus
from edusphere.core.errors import bad_input
from edusphere.core.runtime import Runtime
from edusphere.courses.models import CourseStatus
from edusphere.mail import outbox
from edusphere.payments.orders import PAID_STATES

DEFAULT_DAYS = 30
MAX_DAYS = 365
DEFAULT_CURRENCY = "USD"  # a window without sales still charts something
CHAT_MINUTES = 60


@dataclass(frozen=True)
class RoleCount:
    role: Role
    count: int
    active: int


@dataclass(frozen=True)
class CourseStatusCount:
    status: CourseStatus
    count: int


@dataclass(frozen=True)
class SalesDay:
    day: str
    currency: str
    orders: int
    revenue_cents: int
    refunded_cents: int


@dataclass(frozen=True)
class ChatMinute:
    minute: datetime
    messages: int


@dataclass(frozen=True)
class WriteBehindFigures:
    backlog: int
    pending: int
    lag_seconds: float | None
    dead_letters: int


@dataclass(frozen=True)
class MailFigures:
    pending: int
    sending: int
    dead: int
    dead_last_hour: int
    oldest_pending_seconds: float | None


@dataclass(frozen=True)
class Dashboard:
    users_by_role: list[RoleCount]
    courses_by_status: list[CourseStatusCount]
    enrollments: int
    sales_by_day: list[SalesDay]
    open_sockets: int
    chat_messages_per_minute: list[ChatMinute]
    write_behind: WriteBehindFigures
    open_reports: int
    mail: MailFigures


def check_days(days: int | None) -> int:
    if days is None:
        return DEFAULT_DAYS
    if not 1 <= days <= MAX_DAYS:
        raise bad_input(f"days must be between 1 and {MAX_DAYS}", field="days")
    return days


async def dashboard(rt: Runtime, days: int | None) -> Dashboard:
    window = check_days(days)
    today = datetime.now(UTC).date()
    async with asyncio.TaskGroup() as group:
        users = group.create_task(users_by_role())
        courses = group.create_task(courses_by_status())
        enrollments = group.create_task(active_enrollments())
        sales = group.create_task(sales_by_day(today - timedelta(days=window - 1), today))
        sockets = group.create_task(activity.open_sockets(rt))
        minutes = group.create_task(activity.posts_per_minute(rt, CHAT_MINUTES))
        backlog = group.create_task(write_behind(rt))
        reports = group.create_task(open_reports())
        mail = group.create_task(mail_figures())
    return Dashboard(
        users_by_role=users.result(),
        courses_by_status=courses.result(),
        enrollments=enrollments.result(),
        sales_by_day=sales.result(),
        open_sockets=sockets.result(),
        chat_messages_per_minute=[ChatMinute(minute, count) for minute, count in minutes.result()],
        write_behind=backlog.result(),
        open_reports=reports.result(),
        mail=mail.result(),
    )


async def users_by_role() -> list[RoleCount]:
    """Every role, in the enum's order, with 0 where there is nobody (counted from the
    `users (role, is_active)` index)."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT role, is_active, count(*) AS n FROM users GROUP BY role, is_active"
    )
    count = {role: [0, 0] for role in Role}
    for row in rows:
        figures = count[Role(row["role"])]
        figures[0] += int(row["n"])
        if row["is_active"]:
            figures[1] += int(row["n"])
    return [RoleCount(role, total, active) for role, (total, active) in count.items()]


async def courses_by_status() -> list[CourseStatusCount]:
    rows = await connections.get("default").execute_query_dict(
        "SELECT status, count(*) AS n FROM courses GROUP BY status"
    )
    found = {row["status"]: int(row["n"]) for row in rows}
    return [CourseStatusCount(status, found.get(status.value, 0)) for status in CourseStatus]


async def active_enrollments() -> int:
    rows = await connections.get("default").execute_query_dict(
        "SELECT coalesce(sum(enrollment_count), 0)::bigint AS n FROM courses"
    )
    return int(rows[0]["n"])


async def sales_by_day(first: date, last: date) -> list[SalesDay]:
    """One row per UTC day from `first` to `last` and currency (every currency sold in the
    window, or the default one), oldest first, days without sales as zeros."""
    rows = await connections.get("default").execute_query_dict(
        """
        WITH days AS (
            SELECT d::date AS day FROM generate_series($1::date, $2::date, interval '1 day') AS d
        ), sales AS (
            SELECT (created_at AT TIME ZONE 'UTC')::date AS day, currency, count(*) AS orders,
                   sum(amount_cents) AS revenue, sum(refunded_cents) AS refunded
            FROM orders
            WHERE created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND status = ANY($3::text[])
            GROUP BY 1, 2
        ), currencies AS (
            SELECT DISTINCT currency FROM sales
            UNION ALL
            SELECT $4::text WHERE NOT EXISTS (SELECT 1 FROM sales)
        )
        SELECT to_char(days.day, 'YYYY-MM-DD') AS day, c.currency, coalesce(s.orders, 0) AS orders,
               coalesce(s.revenue, 0) AS revenue, coalesce(s.refunded, 0) AS refunded
        FROM days CROSS JOIN currencies c
        LEFT JOIN sales s ON s.day = days.day AND s.currency = c.currency
        ORDER BY days.day, c.currency
        """,
        [first, last, sorted(status.value for status in PAID_STATES), DEFAULT_CURRENCY],
    )
    return [
        SalesDay(row["day"], row["currency"], int(row["orders"]), int(row["revenue"]), int(row["refunded"]))
        for row in rows
    ]


async def open_reports() -> int:
    """Reports waiting for a moderator (an index-only count on (status, created_at, id))."""
    return await MessageReport.filter(status=ReportStatus.OPEN).count()


async def mail_figures() -> MailFigures:
    found = await outbox.figures()
    return MailFigures(
        pending=found.pending,
        sending=found.sending,
        dead=found.dead,
        dead_last_hour=found.dead_last_hour,
        oldest_pending_seconds=found.oldest_pending_seconds,
    )


async def write_behind(rt: Runtime) -> WriteBehindFigures:
    """From `chat.writebehind.status`: what is in the stream beyond the entries a consumer
    holds (the trim may leave one written entry behind, so the backlog can read one high
    while events wait), and nothing at all when no event waits (its lag is then 0)."""
    status = await writebehind.status(rt.redis, rt.keys)
    waiting = status.pending > 0 or status.lag_seconds > 0
    return WriteBehindFigures(
        backlog=max(0, status.stream_length - status.pending) if waiting else 0,
        pending=status.pending,
        lag_seconds=status.lag_seconds if waiting else None,
        dead_letters=status.dead_letters,
    )
