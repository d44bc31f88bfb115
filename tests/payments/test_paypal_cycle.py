"""The whole purchase through PayPal (the local fake, the official SDK, signatures verified by
the fake's verify-webhook-signature as PayPal's own): checkout -> approval page -> capture on
return -> enrolled -> chat -> refund -> access gone; and hostile deliveries."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from edusphere.chat.rooms import membership, rooms_of_course
from edusphere.core.errors import AppError
from edusphere.core.runtime import Runtime
from edusphere.courses.access import is_enrolled
from edusphere.courses.models import Enrollment
from edusphere.payments import ledger
from edusphere.payments.models import JournalEntry, Order, OrderStatus, PaymentEvent, Refund
from tests.helpers import GraphQLClient, eventually
from tests.payments.factories import admin, buyer, paid_course
from tests.payments.fakes.paypal_api import PayPalFake

CHECKOUT = """mutation($c: ID!) { checkout(courseId: $c, provider: PAYPAL) {
  redirectUrl order { id status amountCents currency } } }"""
CONFIRM = "mutation($o: ID!) { confirmCheckout(orderId: $o) { id status failureMessage } }"
REFUND = """mutation($o: ID!, $a: Int) {
  refundOrder(orderId: $o, amountCents: $a, reason: "Requested by the buyer") { status refundedCents } }"""


@pytest.fixture
def paypal(paypal_fake_server: PayPalFake, app: Any) -> PayPalFake:
    """The session server's PayPal, with this test's logs only."""
    fake = paypal_fake_server
    fake.send_webhooks = True
    fake.webhook_url = f"{app.ctx.base_url}/webhooks/paypal"
    for log in (fake.deliveries, fake.requests, fake.pending_webhooks, fake.verifications):
        log.clear()
    return fake


async def _checkout(gql: GraphQLClient, token: str, course_id: Any) -> tuple[str, str]:
    result = await gql(CHECKOUT, {"c": str(course_id)}, token=token)
    assert not result.errors, result.body
    redirect = result.data["checkout"]["redirectUrl"]
    token_param = parse_qs(urlsplit(redirect).query)["token"][0]
    return result.data["checkout"]["order"]["id"], token_param


async def test_buy_with_paypal_learn_refund_lose_access(
    runtime: Runtime, gql: GraphQLClient, paypal: PayPalFake
) -> None:
    _, course = await paid_course(runtime, 2_000, "JPY")
    learner, boss = await buyer(runtime), await admin(runtime)
    order_id, paypal_order = await _checkout(gql, learner.access_token, course.id)
    created = paypal.request_log("POST", "/v2/checkout/orders")
    assert len(created) == 1
    unit = created[0].json["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "JPY", "value": "2000"}
    assert unit["custom_id"] == order_id
    assert created[0].request_id == f"edusphere-checkout-{order_id}"

    early = await gql(CONFIRM, {"o": order_id}, token=learner.access_token)
    assert early.data["confirmCheckout"]["status"] == "PENDING"  # not approved yet
    paypal.approve(paypal_order)
    confirmed = await gql(CONFIRM, {"o": order_id}, token=learner.access_token)
    assert confirmed.data["confirmCheckout"]["status"] == "PAID"
    assert await is_enrolled(learner.viewer, course.id)
    room = (await rooms_of_course(learner.viewer, str(course.id)))[0]
    assert (await membership(learner.viewer, str(room.id))).room.id == room.id

    # The capture's webhook arrives too: verified, recognised as the same capture.
    deliveries = await paypal.wait_for_deliveries(1)
    assert [(d.event_type, d.status) for d in deliveries] == [("PAYMENT.CAPTURE.COMPLETED", 200)]
    assert await Enrollment.filter(course_id=course.id).count() == 1
    assert await PaymentEvent.filter(order_id=order_id).count() == 1

    part = await gql(REFUND, {"o": order_id, "a": 500}, token=boss.access_token)
    assert part.data["refundOrder"]["status"] == "PARTIALLY_REFUNDED"
    rest = await gql(REFUND, {"o": order_id}, token=boss.access_token)
    assert rest.data["refundOrder"] == {"status": "REFUNDED", "refundedCents": 2_000}
    await paypal.wait_for_deliveries(3)
    await eventually(lambda: all(d.status == 200 for d in paypal.deliveries))
    assert [d.status for d in paypal.deliveries] == [200, 200, 200]
    assert await Refund.filter(order_id=order_id).count() == 2
    refunds = paypal.request_log("POST", "/refund")
    assert [r.json["amount"]["value"] for r in refunds] == ["500", "1500"]
    assert not await is_enrolled(learner.viewer, course.id)
    with pytest.raises(AppError):
        await membership(learner.viewer, str(room.id))
    assert (await Order.get(id=order_id)).status is OrderStatus.REFUNDED
    report = await ledger.check()
    assert report.ok
    assert report.totals == {"JPY": 0}
    assert await JournalEntry.filter(order_id=order_id).count() == 3


async def test_the_webhook_before_the_buyer_returns_enrolls_too(
    runtime: Runtime, gql: GraphQLClient, paypal: PayPalFake
) -> None:
    _, course = await paid_course(runtime, 1_999)
    learner = await buyer(runtime)
    order_id, paypal_order = await _checkout(gql, learner.access_token, course.id)
    paypal.approve(paypal_order)
    paypal.capture(paypal_order)  # captured elsewhere (another tab): the webhook comes first
    await paypal.wait_for_deliveries(1)
    await eventually(lambda: paypal.deliveries[0].status is not None)
    assert paypal.deliveries[0].status == 200
    assert (await Order.get(id=order_id)).status is OrderStatus.PAID
    confirmed = await gql(CONFIRM, {"o": order_id}, token=learner.access_token)
    assert confirmed.data["confirmCheckout"]["status"] == "PAID"
    assert await Enrollment.filter(course_id=course.id).count() == 1


async def test_forged_and_replayed_late_paypal_deliveries_change_nothing(
    runtime: Runtime, gql: GraphQLClient, paypal: PayPalFake, http: httpx.AsyncClient
) -> None:
    _, course = await paid_course(runtime, 1_999)
    learner = await buyer(runtime)
    order_id, paypal_order = await _checkout(gql, learner.access_token, course.id)
    capture = {"id": "CAPFORGED1", "status": "COMPLETED", "custom_id": order_id,
               "amount": {"currency_code": "USD", "value": "19.99"},
               "supplementary_data": {"related_ids": {"order_id": paypal_order}}}  # fmt: skip
    body = paypal.event("PAYMENT.CAPTURE.COMPLETED", capture)
    good = paypal.signed_headers(body)

    async def post(payload: bytes, headers: dict[str, str]) -> int:
        answer = await http.post(
            "/webhooks/paypal", content=payload, headers={**headers, "content-type": "application/json"}
        )
        return answer.status_code

    tampered = body.replace(b"19.99", b"0.01")
    assert await post(tampered, good) == 400
    assert await post(body, {}) == 400
    assert await post(body, paypal.signed_headers(body, webhook_id="WH-SOMEONE-ELSE")) == 400
    assert await post(body, paypal.signed_headers(body, transmission_time="2020-01-01T00:00:00Z")) == 400
    assert await post(b"{oops", paypal.signed_headers(b"{oops")) == 400
    assert await post(body, {**good, "PAYPAL-AUTH-ALGO": "none"}) == 400
    assert (await Order.get(id=order_id)).status is OrderStatus.PENDING
    assert await PaymentEvent.filter(order_id=order_id).count() == 0
    unknown = paypal.event("CUSTOMER.DISPUTE.CREATED", {"dispute_id": "PP-1"})
    assert await post(unknown, paypal.signed_headers(unknown)) == 200
    # PayPal's verification unreachable: 503, PayPal delivers again later.
    paypal.fail_next(503, "INTERNAL_SERVICE_ERROR", "try later", path="verify-webhook-signature")
    assert await post(body, good) == 503
    assert (await Order.get(id=order_id)).status is OrderStatus.PENDING


async def test_a_declined_capture_fails_the_order(runtime: Runtime, gql: GraphQLClient, paypal: PayPalFake) -> None:
    _, course = await paid_course(runtime, 1_999)
    learner = await buyer(runtime)
    order_id, paypal_order = await _checkout(gql, learner.access_token, course.id)
    paypal.approve(paypal_order, decline=True)
    confirmed = await gql(CONFIRM, {"o": order_id}, token=learner.access_token)
    assert confirmed.data["confirmCheckout"]["status"] == "FAILED"
    assert confirmed.data["confirmCheckout"]["failureMessage"]
    assert not await is_enrolled(learner.viewer, course.id)
    await asyncio.sleep(0)
