"""Review 2: `ledger.check()` (`edusphere payments check`) claims to find "orders whose state and
ledger disagree (PAID without a SALE, refunds without entries)". It compares only the clearing
lines with `orders.amount_cents` / `orders.refunded_cents`, so these go unnoticed:

- a refund row with no REFUND entry (the refunds table is never read);
- a SALE entry whose fee and creator lines do not match the order's fee (`fee_cents`);
- an order's REFUND entry pointing at another order's refund.

Each test makes one inconsistency directly in SQL and expects the check to report it.
"""

from __future__ import annotations

from typing import Any

from tortoise import connections

from edusphere.core.runtime import Runtime
from edusphere.payments import ledger
from edusphere.payments.models import EntryKind, JournalEntry, Order, Refund
from tests.helpers import GraphQLClient
from tests.payments.factories import admin, buyer, paid_course

CHECKOUT = "mutation($c: ID!) { checkout(courseId: $c, provider: TEST) { order { id } } }"
PAY = "mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { id status } }"
REFUND = """mutation($o: ID!, $a: Int) {
  refundOrder(orderId: $o, amountCents: $a, reason: "Goodwill") { id status } }"""


async def _paid_order(runtime: Runtime, gql: GraphQLClient, course_id: Any) -> str:
    learner = await buyer(runtime)
    started = await gql(CHECKOUT, {"c": str(course_id)}, token=learner.access_token)
    assert not started.errors, started.body
    order_id: str = started.data["checkout"]["order"]["id"]
    paid = await gql(PAY, {"o": order_id}, token=learner.access_token)
    assert paid.data["completeTestPayment"]["status"] == "PAID", paid.body
    return order_id


async def test_a_refund_without_a_ledger_entry_is_reported(runtime: Runtime, gql: GraphQLClient) -> None:
    _, course = await paid_course(runtime, 4_900)
    order_id = await _paid_order(runtime, gql, course.id)
    assert (await ledger.check()).ok
    await Refund.create(
        order_id=order_id, provider="TEST", provider_refund_id="lost", amount_cents=1_000, currency="USD"
    )
    report = await ledger.check()
    assert not report.ok, "a refund with no REFUND entry passes the check"
    assert order_id in report.mismatched_orders


async def test_a_sale_whose_fee_is_not_the_orders_is_reported(runtime: Runtime, gql: GraphQLClient) -> None:
    _, course = await paid_course(runtime, 4_900)
    order_id = await _paid_order(runtime, gql, course.id)
    order = await Order.get(id=order_id)
    assert order.fee_cents == 490
    sale = await JournalEntry.get(order_id=order_id, kind=EntryKind.SALE)
    db = connections.get("default")
    # Still balanced, but the platform keeps 590 of a sale whose fee is 490.
    await db.execute_query(
        "UPDATE ledger_lines SET amount_cents = amount_cents - 100 WHERE entry_id = $1 AND account = $2",
        [sale.id, ledger.FEES],
    )
    await db.execute_query(
        "UPDATE ledger_lines SET amount_cents = amount_cents + 100 WHERE entry_id = $1 AND account LIKE 'creator:%'",
        [sale.id],
    )
    report = await ledger.check()
    assert not report.ok, "a SALE whose fee line is not the order's fee passes the check"
    assert order_id in report.mismatched_orders


async def test_a_refund_entry_naming_another_orders_refund_is_reported(runtime: Runtime, gql: GraphQLClient) -> None:
    _, course = await paid_course(runtime, 4_900)
    first, second = await _paid_order(runtime, gql, course.id), await _paid_order(runtime, gql, course.id)
    boss = await admin(runtime)
    for order_id in (first, second):
        refunded = await gql(REFUND, {"o": order_id, "a": 1_000}, token=boss.access_token)
        assert refunded.data["refundOrder"]["status"] == "PARTIALLY_REFUNDED", refunded.body
    assert (await ledger.check()).ok
    one = await JournalEntry.get(order_id=first, kind=EntryKind.REFUND)
    other = await JournalEntry.get(order_id=second, kind=EntryKind.REFUND)
    db = connections.get("default")
    await db.execute_query(
        "UPDATE journal_entries SET refund_id = CASE WHEN id = $1 THEN $3::uuid ELSE $4::uuid END WHERE id IN ($1, $2)",
        [one.id, other.id, other.refund_id, one.refund_id],  # type: ignore[attr-defined]
    )
    report = await ledger.check()
    assert not report.ok, "REFUND entries of one order naming another order's refund pass the check"
