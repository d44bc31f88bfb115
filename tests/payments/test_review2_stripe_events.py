"""Review 2: real-world Stripe event shapes the adapter and the state machine mistranslate.

- A refund that succeeded and then failed (Stripe documents `succeeded -> failed`: the bank
  sent the money back) stays counted: the order stays REFUNDED, the learner stays revoked, the
  ledger keeps a refund that never left the platform.
- A bank debit (async payment method) still in flight after 25 hours is swept to CANCELED,
  although the buyer has paid and Stripe will say so (ACH/SEPA take days).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from edusphere.core.runtime import Runtime
from edusphere.payments import ledger
from edusphere.payments.models import Order, OrderStatus, Refund
from edusphere.payments.sweeper import PENDING_LIFETIME, PendingOrderSweeper
from tests.helpers import GraphQLClient
from tests.payments.factories import admin, buyer, paid_course
from tests.payments.fakes.stripe_api import StripeFake

CHECKOUT = """mutation($c: ID!) { checkout(courseId: $c, provider: STRIPE) {
  redirectUrl order { id status } } }"""
REFUND = """mutation($o: ID!, $a: Int) {
  refundOrder(orderId: $o, amountCents: $a, reason: "Goodwill") { id status refundedCents } }"""


async def _bought(gql: GraphQLClient, stripe: StripeFake, token: str, course_id: Any, *, delayed: bool = False) -> str:
    result = await gql(CHECKOUT, {"c": str(course_id)}, token=token)
    assert not result.errors, result.body
    started = result.data["checkout"]
    session_id = started["redirectUrl"].removeprefix(f"{stripe.url}/pay/")
    delivery = await stripe.pay(session_id, delayed=delayed)
    assert delivery.status == 200, delivery.response
    order_id: str = started["order"]["id"]
    return order_id


async def test_a_refund_that_fails_after_succeeding_is_no_longer_counted(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    _, course = await paid_course(runtime, 4_900, "EUR")
    learner, boss = await buyer(runtime), await admin(runtime)
    order_id = await _bought(gql, stripe_fake, learner.access_token, course.id)

    part = await gql(REFUND, {"o": order_id, "a": 1_000}, token=boss.access_token)
    assert part.data["refundOrder"]["status"] == "PARTIALLY_REFUNDED", part.body
    await stripe_fake.settle()
    refund = await Refund.get(order_id=order_id)

    # Stripe: "a refund can fail after it succeeded" (refund.updated, status failed; newer API
    # versions also send refund.failed): the 10 EUR came back to the platform.
    failed = stripe_fake.settle_refund(refund.provider_refund_id, "failed")
    await stripe_fake.settle()
    assert failed.status == 200, failed.response

    order = await Order.get(id=order_id)
    assert order.refunded_cents == 0, "a failed refund still counts as money returned to the buyer"
    assert order.status is OrderStatus.PAID
    assert (await ledger.check()).ok


async def test_a_bank_debit_still_in_flight_is_not_swept_as_abandoned(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    _, course = await paid_course(runtime, 4_900, "EUR")
    learner = await buyer(runtime)
    order_id = await _bought(gql, stripe_fake, learner.access_token, course.id, delayed=True)
    assert (await Order.get(id=order_id)).status is OrderStatus.PENDING  # completed, unpaid: the debit runs

    # SEPA / ACH debits take up to several business days; the sweep runs at 25 hours.
    await Order.filter(id=order_id).update(created_at=datetime.now(UTC) - PENDING_LIFETIME - timedelta(hours=1))
    await PendingOrderSweeper(runtime, interval_seconds=3600).sweep()

    swept = await Order.get(id=order_id)
    assert swept.status is OrderStatus.PENDING, (
        "the sweeper canceled an order whose buyer completed the Stripe checkout and whose payment is on its way"
    )


async def test_an_admins_refund_that_stripe_answers_pending_keeps_who_asked_and_why(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    _, course = await paid_course(runtime, 4_900, "EUR")
    learner, boss = await buyer(runtime), await admin(runtime)
    order_id = await _bought(gql, stripe_fake, learner.access_token, course.id)
    stripe_fake.refund_status = "pending"  # Stripe answers many refunds (bank transfers, some cards) pending
    asked = await gql(
        "mutation($o: ID!, $r: String) { refundOrder(orderId: $o, amountCents: 1000, reason: $r) { id } }",
        {"o": order_id, "r": "Course cancelled"},
        token=boss.access_token,
    )
    assert not asked.errors, asked.body
    await stripe_fake.settle()
    assert len(stripe_fake.api_requests("POST", "/v1/refunds")) == 1
    assert (await Order.get(id=order_id)).refunded_cents == 0  # pending: not counted yet (right)
    created = list(stripe_fake.refunds.values())
    assert len(created) == 1
    stripe_fake.settle_refund(created[0]["id"], "succeeded")
    await stripe_fake.settle()

    refund = await Refund.get(order_id=order_id)
    assert (refund.reason, refund.requested_by_id) == ("Course cancelled", boss.viewer.id), (  # type: ignore[attr-defined]
        "the admin's reason and name are lost when the refund succeeds later, by webhook"
    )
