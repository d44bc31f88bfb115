"""Review: a checkout replaced while its provider call is still in flight, and what refunding
the second paid order of one buyer does to the enrollment the first one paid for."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from edusphere.core.runtime import Runtime
from edusphere.courses.access import is_enrolled
from edusphere.payments.models import Order, OrderStatus
from tests.helpers import GraphQLClient
from tests.payments.factories import admin, buyer, paid_course
from tests.payments.fakes.stripe_api import StripeFake

CHECKOUT = """mutation($c: ID!, $p: PaymentProvider!) { checkout(courseId: $c, provider: $p) {
  redirectUrl enrolled order { id status } } }"""
PAY = "mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { id status } }"
REFUND = """mutation($o: ID!) { refundOrder(orderId: $o, reason: "Paid twice") { id status refundedCents } }"""
PAID = (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED)


async def _wait_for_order(course_id: Any) -> None:
    for _ in range(200):
        if await Order.filter(course_id=course_id).exists():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the first checkout never created its order")


async def test_a_checkout_replaced_mid_provider_call_must_not_hand_out_a_live_session(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake
) -> None:
    """Checkout 1 (STRIPE) commits its PENDING order, then waits on Stripe. Checkout 2 (TEST)
    replaces it: order 1 is CANCELED, but it has no provider_reference yet, so nothing is
    expired at Stripe. Checkout 1 then returns the live Stripe URL of a CANCELED order: the
    buyer can pay both orders (two charges for one course)."""
    _, course = await paid_course(runtime, 4_900)
    learner = await buyer(runtime)
    stripe_fake.delay_next(1.5, path="/v1/checkout/sessions")
    first_task = asyncio.create_task(gql(CHECKOUT, {"c": str(course.id), "p": "STRIPE"}, token=learner.access_token))
    await _wait_for_order(course.id)
    second = await gql(CHECKOUT, {"c": str(course.id), "p": "TEST"}, token=learner.access_token)
    first = await first_task
    assert not second.errors, second.body

    if first.errors:
        return  # refusing the replaced checkout is a correct outcome
    handed_out = first.data["checkout"]
    first_order = await Order.get(id=handed_out["order"]["id"])
    session_id = handed_out["redirectUrl"].removeprefix(f"{stripe_fake.url}/pay/")
    assert first_order.status is OrderStatus.CANCELED
    # The defect: the buyer holds a payable Stripe session for an order EduSphere canceled.
    assert stripe_fake.sessions[session_id]["status"] != "open", (
        "checkout returned a live Stripe session for a CANCELED order; nothing expires it"
    )


async def test_paying_both_then_refunding_the_duplicate_keeps_the_paid_enrollment(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    """The buyer paid on Stripe (webhook late), then bought again with TEST. The late webhook
    marks order 1 PAID ("already enrolled: refund it"). The admin refunds that duplicate in
    full, as told: the whole refund revokes the learner's enrollment although order 2 is
    paid and not refunded."""
    _, course = await paid_course(runtime, 4_900)
    learner, boss = await buyer(runtime), await admin(runtime)
    stripe_fake.hold_webhooks = True
    first = await gql(CHECKOUT, {"c": str(course.id), "p": "STRIPE"}, token=learner.access_token)
    assert not first.errors, first.body
    session_id = first.data["checkout"]["redirectUrl"].removeprefix(f"{stripe_fake.url}/pay/")
    await stripe_fake.pay(session_id)  # paid at Stripe; the webhook is held back

    second = await gql(CHECKOUT, {"c": str(course.id), "p": "TEST"}, token=learner.access_token)
    assert not second.errors, second.body
    second_id = second.data["checkout"]["order"]["id"]
    paid = await gql(PAY, {"o": second_id}, token=learner.access_token)
    assert paid.data["completeTestPayment"]["status"] == "PAID"

    stripe_fake.hold_webhooks = False
    await stripe_fake.settle()
    first_id = first.data["checkout"]["order"]["id"]
    assert (await Order.get(id=first_id)).status is OrderStatus.PAID  # the late payment is honoured
    assert await is_enrolled(learner.viewer, course.id)

    refunded = await gql(REFUND, {"o": first_id}, token=boss.access_token)
    assert not refunded.errors, refunded.body
    assert refunded.data["refundOrder"]["status"] == "REFUNDED"
    await stripe_fake.settle()  # the refund's webhooks, before the assertions (and the teardown)
    assert (await Order.get(id=second_id)).status is OrderStatus.PAID
    # The defect: the learner paid order 2 in full and lost the course.
    assert await is_enrolled(learner.viewer, course.id), "refunding the duplicate revoked the paid enrollment"
