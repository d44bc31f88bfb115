"""The admin dashboard through GraphQL over HTTP, on real PostgreSQL and Redis. Hostile input first."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from edusphere.auth.models import Role, User
from edusphere.chat import activity
from edusphere.chat.keys import DEAD_LETTERS
from edusphere.chat.models import MessageReport, ReportStatus
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Course, CourseStatus
from edusphere.payments.models import Order, OrderStatus, ProviderName
from tests.chat.factories import classroom
from tests.courses import factories as courses
from tests.helpers import GraphQLClient, make_user

DASHBOARD = """query($d: Int) { adminDashboard(days: $d) {
  usersByRole { role count active }
  coursesByStatus { status count }
  enrollments
  salesByDay { day currency orders revenueCents refundedCents }
  openSockets
  chatMessagesPerMinute { minute messages }
  writeBehind { backlog pending lagSeconds deadLetters }
  openReports } }"""
TOTALS = "query($f: OrderFilter) { orderTotals(filter: $f) { currency paidOrders amountCents refundedCents } }"
SEND = """mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) { seq } }"""


async def _dashboard(gql: GraphQLClient, token: str, days: int | None = None) -> Any:
    return (await gql(DASHBOARD, {"d": days}, token=token)).ok()["adminDashboard"]


async def test_only_admins_see_the_dashboard(runtime: Runtime, gql: GraphQLClient) -> None:
    assert (await gql(DASHBOARD)).error_code == "UNAUTHENTICATED"
    for role in (Role.LEARNER, Role.CREATOR):
        someone = await make_user(runtime, role)
        result = await gql(DASHBOARD, token=someone.access_token)
        assert result.error_code == "FORBIDDEN"
        assert result.data is None


@pytest.mark.parametrize("days", [0, 366, -1, 2**31 - 1, -(2**31)])
async def test_days_out_of_range_are_refused(runtime: Runtime, gql: GraphQLClient, days: int) -> None:
    boss = await make_user(runtime, Role.ADMIN)
    result = await gql(DASHBOARD, {"d": days}, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == "days"


async def test_an_empty_marketplace_lists_every_role_and_status_and_a_zero_day_per_day(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    boss = await make_user(runtime, Role.ADMIN)
    board = await _dashboard(gql, boss.access_token)
    assert board["usersByRole"] == [
        {"role": "LEARNER", "count": 0, "active": 0},
        {"role": "CREATOR", "count": 0, "active": 0},
        {"role": "ADMIN", "count": 1, "active": 1},
    ]
    assert board["coursesByStatus"] == [{"status": s.value, "count": 0} for s in CourseStatus]
    assert board["enrollments"] == 0
    assert board["openReports"] == 0
    days = board["salesByDay"]
    assert len(days) == 30  # the default window
    today = datetime.now(UTC).date()
    assert [d["day"] for d in days] == [str(today - timedelta(days=29 - n)) for n in range(30)]
    assert {(d["currency"], d["orders"], d["revenueCents"], d["refundedCents"]) for d in days} == {("USD", 0, 0, 0)}
    assert [d["day"] for d in await _sales(gql, boss.access_token, 1)] == [str(today)]
    assert len(await _sales(gql, boss.access_token, 365)) == 365


async def _sales(gql: GraphQLClient, token: str, days: int) -> list[dict[str, Any]]:
    sales: list[dict[str, Any]] = (await _dashboard(gql, token, days))["salesByDay"]
    return sales


async def test_users_courses_and_active_enrollments_are_counted(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_user(runtime, Role.ADMIN)
    author = await courses.creator(runtime)
    published = await courses.course(author)
    await courses.course(author, publish=False)
    archived = await courses.course(author)
    await Course.filter(id=archived.id).update(status=CourseStatus.ARCHIVED)
    learners = [await make_user(runtime) for _ in range(3)]
    gone = await make_user(runtime)
    await User.filter(id=gone.user.id).update(is_active=False)
    kept = [await enrollment.enroll(someone.viewer, str(published.id)) for someone in learners]
    await enrollment.revoke(runtime, str(kept[0].id))
    board = await _dashboard(gql, boss.access_token)
    assert board["usersByRole"] == [
        {"role": "LEARNER", "count": 4, "active": 3},
        {"role": "CREATOR", "count": 1, "active": 1},
        {"role": "ADMIN", "count": 1, "active": 1},
    ]
    assert board["coursesByStatus"] == [
        {"status": "DRAFT", "count": 1},
        {"status": "PUBLISHED", "count": 1},
        {"status": "ARCHIVED", "count": 1},
    ]
    assert board["enrollments"] == 2  # the revoked one is not counted


async def test_sales_by_day_fill_every_day_and_currency_and_agree_with_order_totals(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    boss = await make_user(runtime, Role.ADMIN)
    author = await courses.creator(runtime)
    usd = await courses.course(author, price_cents=4_900)
    eur = await courses.course(author, price_cents=2_000, currency="EUR")
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)

    async def order(course: Course, days_ago: int, status: OrderStatus, refunded: int = 0) -> None:
        await Order.create(
            buyer_id=boss.user.id, course_id=course.id, provider=ProviderName.TEST, status=status,
            list_price_cents=course.price_cents, amount_cents=course.price_cents, refunded_cents=refunded,
            currency=course.currency, created_at=today - timedelta(days=days_ago),
        )  # fmt: skip

    await order(usd, 0, OrderStatus.PAID)
    await order(usd, 0, OrderStatus.PARTIALLY_REFUNDED, refunded=900)
    await order(usd, 0, OrderStatus.CANCELED)  # not a sale
    await order(eur, 2, OrderStatus.REFUNDED, refunded=2_000)
    await order(usd, 3, OrderStatus.PENDING)  # not a sale
    await order(usd, 10, OrderStatus.PAID)  # outside a 7-day window
    days = await _sales(gql, boss.access_token, 7)
    assert len(days) == 7 * 2  # every day, once per currency seen in the window
    assert [(d["day"], d["currency"]) for d in days] == sorted((d["day"], d["currency"]) for d in days)
    figures = {(d["day"], d["currency"]): (d["orders"], d["revenueCents"], d["refundedCents"]) for d in days}
    day = str(today.date())
    two_ago = str((today - timedelta(days=2)).date())
    assert figures[(day, "USD")] == (2, 9_800, 900)
    assert figures[(day, "EUR")] == (0, 0, 0)
    assert figures[(two_ago, "EUR")] == (1, 2_000, 2_000)
    assert sum(f[0] for f in figures.values()) == 3
    # A day's row is orderTotals for that day.
    midnight = today.replace(hour=0)
    one_day = {"createdAfter": midnight.isoformat(), "createdBefore": (midnight + timedelta(days=1)).isoformat()}
    totals = (await gql(TOTALS, {"f": one_day}, token=boss.access_token)).ok()["orderTotals"]
    assert [(t["currency"], t["paidOrders"], t["amountCents"], t["refundedCents"]) for t in totals] == [
        ("USD", 2, 9_800, 900)
    ]
    assert len(await _sales(gql, boss.access_token, 30)) == 30 * 2


async def test_chat_figures_come_from_every_process(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_user(runtime, Role.ADMIN)
    for _ in range(4):
        activity.count_post(runtime)
    await activity.flush(runtime, "dashboard-test")
    # Another process's report, in the shape its reporter writes.
    await runtime.redis.hset(activity._sockets_key(runtime), "other-process", f"5 {time.time():.0f}")
    board = await _dashboard(gql, boss.access_token)
    assert board["openSockets"] >= 5
    minutes = board["chatMessagesPerMinute"]
    assert len(minutes) == 60
    assert minutes[-1]["messages"] >= 4
    stamps = [datetime.fromisoformat(m["minute"]) for m in minutes]
    assert stamps == sorted(stamps)
    assert all(b - a == timedelta(minutes=1) for a, b in itertools.pairwise(stamps))


async def test_write_behind_backlog_dead_letters_and_open_reports(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_user(runtime, Role.ADMIN)
    quiet = (await _dashboard(gql, boss.access_token))["writeBehind"]
    assert quiet == {"backlog": 0, "pending": 0, "lagSeconds": None, "deadLetters": 0}
    room = await classroom(runtime)
    # The test server runs no write-behind consumer: what is sent waits in the stream.
    for n in range(3):
        sent = await gql(SEND, {"r": room.room_id, "b": f"hello {n}", "c": f"c{n}"}, token=room.learner.access_token)
        assert sent.ok()
    await runtime.redis.xadd(runtime.keys(DEAD_LETTERS), {"entry": "1-0", "what": "post", "error": "DataError"})
    for reporter in (room.creator, await make_user(runtime)):
        await MessageReport.create(
            room_id=room.room.id, message_id=uuid4(), message_seq=1, message_body="spam",
            author_id=room.learner.user.id, reporter_id=reporter.user.id, reason="Spam",
        )  # fmt: skip
    await MessageReport.create(
        room_id=room.room.id, message_id=uuid4(), message_seq=2, message_body="ok", author_id=room.learner.user.id,
        reporter_id=room.creator.user.id, reason="Rude", status=ReportStatus.DISMISSED,
    )  # fmt: skip
    board = await _dashboard(gql, boss.access_token)
    figures = board["writeBehind"]
    assert figures["backlog"] == 3
    assert figures["pending"] == 0
    assert figures["lagSeconds"] is not None
    assert figures["lagSeconds"] >= 0
    assert figures["deadLetters"] == 1
    assert board["openReports"] == 2
