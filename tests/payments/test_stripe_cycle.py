"""The whole purchase through Stripe (the local fake, the official SDK, real signatures):
checkout -> hosted page -> signed webhook -> enrolled -> chat -> refund -> access gone; and the
deliveries a real provider makes: duplicated, concurrent, out of order, forged, late."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest

from edusphere.chat.rooms import membership, rooms_of_course
from edusphere.core.errors import AppError
from edusphere.core.runtime import Runtime
from edusphere.courses.access import is_enrolled
from edusphere.courses.models import Enrollment
from edusphere.payments import ledger
from edusphere.payments.models import JournalEntry, Order, OrderStatus, PaymentEvent, Refund
from tests.helpers import GraphQLClient
from tests.payments.factories import admin, buyer, paid_course
from tests.payments.fakes.stripe_api import StripeFake

CHECKOUT = """mutation($c: ID!, $code: String) { checkout(courseId: $c, provider: STRIPE, couponCode: $code) {
  redirectUrl enrolled order { id status amountCents currency } } }"""
CONFIRM = "mutation($o: ID!) { confirmCheckout(orderId: $o) { id status failureMessage } }"
REFUND = """mutation($o: ID!, $a: Int, $r: String) { refundOrder(orderId: $o, amountCents: $a, reason: $r) {
  id status refundedCents } }"""


async def _checkout(gql: GraphQLClient, token: str, course_id: Any) -> dict[str, Any]:
    result = await gql(CHECKOUT, {"c": str(course_id)}, token=token)
    assert not result.errors, result.body
    checkout: dict[str, Any] = result.data["checkout"]
    return checkout


def _session_id(stripe: StripeFake, redirect: str) -> str:
    prefix = f"{stripe.url}/pay/"
    assert redirect.startswith(prefix), redirect
    return redirect.removeprefix(prefix)


async def _post(http: httpx.AsyncClient, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"content-type": "application/json"} | ({"stripe-signature": signature} if signature else {})
    return await http.post("/webhooks/stripe", content=body, headers=headers)


async def test_buy_learn_refund_lose_access(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    _, course = await paid_course(runtime, 4_900, "EUR")
    learner, boss = await buyer(runtime), await admin(runtime)
    started = await _checkout(gql, learner.access_token, course.id)
    order_id = started["order"]["id"]
    session_id = _session_id(stripe_fake, started["redirectUrl"])

    created = stripe_fake.api_requests("POST", "/v1/checkout/sessions")
    assert len(created) == 1
    params = created[0].params
    assert params["mode"] == "payment"
    assert params["client_reference_id"] == order_id
    assert params["metadata"]["order_id"] == order_id
    assert params["line_items"][0]["price_data"]["unit_amount"] == "4900"
    assert params["line_items"][0]["price_data"]["currency"] == "eur"
    assert params["success_url"].endswith(f"/checkout/return?order={order_id}")
    assert created[0].idempotency_key == f"edusphere-checkout-{order_id}"
    again = await _checkout(gql, learner.access_token, course.id)
    assert again["redirectUrl"] == started["redirectUrl"]
    assert len(stripe_fake.api_requests("POST", "/v1/checkout/sessions")) == 1

    delivery = await stripe_fake.pay(session_id)
    assert delivery.status == 200, delivery.response
    assert await is_enrolled(learner.viewer, course.id)
    room = (await rooms_of_course(learner.viewer, str(course.id)))[0]
    assert (await membership(learner.viewer, str(room.id))).room.id == room.id
    paid = await Order.get(id=order_id)
    assert paid.status is OrderStatus.PAID
    assert paid.payment_reference is not None
    assert paid.payment_reference.startswith("pi_")

    # The same event delivered again (Stripe re-signs each attempt): acknowledged, nothing changes.
    repeat = await _post(http, delivery.body, stripe_fake.sign(delivery.body))
    assert repeat.status_code == 200
    assert repeat.json() == {"received": True, "duplicate": True}
    assert await Enrollment.filter(course_id=course.id).count() == 1
    assert await JournalEntry.filter(order_id=order_id).count() == 1

    part = await gql(REFUND, {"o": order_id, "a": 1_000, "r": "Goodwill"}, token=boss.access_token)
    assert part.data["refundOrder"]["status"] == "PARTIALLY_REFUNDED"
    await stripe_fake.settle()
    refunds = stripe_fake.api_requests("POST", "/v1/refunds")
    assert [r.params["amount"] for r in refunds] == ["1000"]
    assert refunds[0].idempotency_key == f"edusphere-refund-{order_id}-0-1000"
    assert await Refund.filter(order_id=order_id).count() == 1  # the API answer and the webhook: one refund
    assert (await Refund.get(order_id=order_id)).reason == "Goodwill"
    assert await is_enrolled(learner.viewer, course.id)

    rest = await gql(REFUND, {"o": order_id, "r": "The rest"}, token=boss.access_token)
    assert rest.data["refundOrder"]["status"] == "REFUNDED"
    await stripe_fake.settle()
    assert [r.params.get("amount") for r in stripe_fake.api_requests("POST", "/v1/refunds")] == ["1000", "3900"]
    assert await Refund.filter(order_id=order_id).count() == 2
    assert not await is_enrolled(learner.viewer, course.id)
    with pytest.raises(AppError):
        await membership(learner.viewer, str(room.id))
    final = await Order.get(id=order_id)
    assert final.refunded_cents == 4_900
    assert final.status is OrderStatus.REFUNDED
    report = await ledger.check()
    assert report.ok
    assert report.totals == {"EUR": 0}
    assert all(d.status == 200 for d in stripe_fake.deliveries), [(d.type, d.status) for d in stripe_fake.deliveries]


async def test_the_buyer_back_before_the_webhook_is_enrolled_by_confirm(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake
) -> None:
    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    started = await _checkout(gql, learner.access_token, course.id)
    stripe_fake.hold_webhooks = True
    await stripe_fake.pay(_session_id(stripe_fake, started["redirectUrl"]))
    confirmed = await gql(CONFIRM, {"o": started["order"]["id"]}, token=learner.access_token)
    assert confirmed.data["confirmCheckout"]["status"] == "PAID"
    assert await is_enrolled(learner.viewer, course.id)
    stripe_fake.hold_webhooks = False
    await stripe_fake.settle()
    assert [d.status for d in stripe_fake.deliveries] == [200]
    assert await Enrollment.filter(course_id=course.id).count() == 1
    assert await JournalEntry.filter(order_id=started["order"]["id"]).count() == 1
    outcomes = await PaymentEvent.filter(order_id=started["order"]["id"]).values_list("outcome", flat=True)
    assert sorted(outcomes) == ["IGNORED: already PAID", "PAID"]


async def test_a_hundred_concurrent_deliveries_of_one_event_enroll_once(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    started = await _checkout(gql, learner.access_token, course.id)
    stripe_fake.hold_webhooks = True
    delivery = await stripe_fake.pay(_session_id(stripe_fake, started["redirectUrl"]))
    signature = stripe_fake.sign(delivery.body)
    answers = await asyncio.gather(*(_post(http, delivery.body, signature) for _ in range(100)))
    assert {a.status_code for a in answers} == {200}
    assert sum(1 for a in answers if not a.json()["duplicate"]) == 1
    assert await Enrollment.filter(course_id=course.id).count() == 1
    assert await JournalEntry.filter(order_id=started["order"]["id"]).count() == 1
    assert (await ledger.check()).ok


async def test_out_of_order_events_never_move_an_order_backwards(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    _, course = await paid_course(runtime, 2_000)
    learner = await buyer(runtime)
    started = await _checkout(gql, learner.access_token, course.id)
    order_id = started["order"]["id"]
    session_id = _session_id(stripe_fake, started["redirectUrl"])
    stripe_fake.hold_webhooks = True
    completed = await stripe_fake.pay(session_id)
    session = json.loads(completed.body)["data"]["object"]
    intent = session["payment_intent"]

    refund = {"id": "re_early", "object": "refund", "amount": 2_000, "currency": "usd", "status": "succeeded",
              "payment_intent": intent, "charge": "ch_early", "metadata": {"order_id": order_id}}  # fmt: skip
    early = stripe_fake.event("refund.updated", refund)
    deferred = await _post(http, early, stripe_fake.sign(early))
    assert deferred.status_code == 503
    assert deferred.headers["retry-after"] == "60"
    assert await PaymentEvent.filter(order_id=order_id).count() == 0

    expired = stripe_fake.event(
        "checkout.session.expired", {**session, "status": "expired", "payment_status": "unpaid"}
    )
    assert (await _post(http, expired, stripe_fake.sign(expired))).status_code == 200
    assert (await Order.get(id=order_id)).status is OrderStatus.CANCELED
    # The buyer had paid: the late completion is honoured.
    assert (await _post(http, completed.body, stripe_fake.sign(completed.body))).status_code == 200
    assert (await Order.get(id=order_id)).status is OrderStatus.PAID
    assert await is_enrolled(learner.viewer, course.id)
    # An expiry after the payment changes nothing.
    late = stripe_fake.event("checkout.session.expired", {**session, "status": "expired"})
    assert (await _post(http, late, stripe_fake.sign(late))).status_code == 200
    assert (await Order.get(id=order_id)).status is OrderStatus.PAID
    # The refund, delivered again, now applies.
    assert (await _post(http, early, stripe_fake.sign(early))).status_code == 200
    assert (await Order.get(id=order_id)).status is OrderStatus.REFUNDED
    assert not await is_enrolled(learner.viewer, course.id)
    assert (await ledger.check()).ok


async def test_forged_stale_and_malformed_deliveries_change_nothing(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    started = await _checkout(gql, learner.access_token, course.id)
    stripe_fake.hold_webhooks = True
    delivery = await stripe_fake.pay(_session_id(stripe_fake, started["redirectUrl"]))
    body = delivery.body
    old = int(time.time()) - 301
    cases = [
        (body, None),
        (body, "t=1,v1=deadbeef"),
        (body, stripe_fake.sign(body, secret="whsec_someone_else")),
        (body, stripe_fake.sign(body, timestamp=old)),
        (body.replace(b"4900", b"4901"), stripe_fake.sign(body)),
        (b"{not json", stripe_fake.sign(b"{not json")),
        (b"[]", stripe_fake.sign(b"[]")),
        (b"\xff\xfe", stripe_fake.sign(b"\xff\xfe")),
    ]
    for payload, signature in cases:
        answer = await _post(http, payload, signature)
        assert answer.status_code == 400, (payload[:40], signature, answer.text)
        assert answer.json()["error"]["code"] == "BAD_USER_INPUT"
    huge = b'{"a":"' + b"x" * 300_000 + b'"}'
    assert (await _post(http, huge, stripe_fake.sign(huge))).status_code == 413
    unknown = stripe_fake.event("customer.created", {"id": "cus_1", "object": "customer"})
    assert (await _post(http, unknown, stripe_fake.sign(unknown))).status_code == 200
    assert (await http.get("/webhooks/stripe")).status_code == 405
    assert (await Order.get(id=started["order"]["id"])).status is OrderStatus.PENDING
    assert not await is_enrolled(learner.viewer, course.id)
    assert await PaymentEvent.filter(order_id=started["order"]["id"]).count() == 0


async def test_a_provider_failure_fails_the_order_and_a_retry_starts_afresh(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake
) -> None:
    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    stripe_fake.fail_next(402, "Your account cannot take payments in this currency.", should_retry=False)
    failed = await gql(CHECKOUT, {"c": str(course.id)}, token=learner.access_token)
    assert failed.error_code == "PROVIDER_ERROR"
    assert "cannot take payments" in failed.errors[0]["message"]
    first = await Order.get(buyer_id=learner.viewer.id)
    assert first.status is OrderStatus.FAILED
    assert first.failure_message is not None
    assert "cannot take payments" in first.failure_message

    retried = await _checkout(gql, learner.access_token, course.id)
    assert retried["order"]["id"] != str(first.id)
    keys = [r.idempotency_key for r in stripe_fake.api_requests("POST", "/v1/checkout/sessions")]
    assert keys[-1] == f"edusphere-checkout-{retried['order']['id']}"
    assert str(first.id) not in keys[-1]
    assert not await is_enrolled(learner.viewer, course.id)


async def test_an_address_sending_junk_is_cut_off_before_verification(
    runtime: Runtime, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    from edusphere.payments.webhooks import REFUSED_LIMIT

    junk = b'{"id": "evt_junk", "object": "event"}'
    for _ in range(REFUSED_LIMIT):
        assert (await _post(http, junk, "t=1,v1=00")).status_code == 400
    cut = await _post(http, junk, "t=1,v1=00")
    assert cut.status_code == 429
    assert cut.json()["error"]["code"] == "RATE_LIMITED"
    assert int(cut.headers["retry-after"]) > 0
    # Even a good delivery from there waits out the window; the other provider's door is its own.
    other = await http.post("/webhooks/paypal", content=junk, headers={"content-type": "application/json"})
    assert other.status_code == 400
