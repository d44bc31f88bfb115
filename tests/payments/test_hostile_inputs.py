"""Client-chosen values that reach payments: each gets a clear error and changes nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.payments import checkout
from edusphere.payments.models import Order, OrderStatus, PaymentEvent, ProviderName
from tests.helpers import GraphQLClient
from tests.payments.factories import buyer, paid_course
from tests.payments.fakes.stripe_api import StripeFake

ESTIMATE = """query($p: Int!, $c: String!) { feeEstimate(priceCents: $p, currency: $c) {
  amountCents platformFeeCents creatorEarningsCents } }"""


async def test_fee_estimates_refuse_hostile_prices(runtime: Runtime, gql: GraphQLClient) -> None:
    learner = await buyer(runtime)
    token = learner.access_token
    for price, currency in ((-1, "USD"), (10_000_01, "USD"), (2**31 - 1, "USD"), (100, "XYZ"), (100, "usd\u0007"),
                            (100, "x" * 10_000)):  # fmt: skip
        result = await gql(ESTIMATE, {"p": price, "c": currency}, token=token)
        assert result.error_code == "BAD_USER_INPUT", (price, currency[:10])
    ok = await gql(ESTIMATE, {"p": 4_900, "c": "usd"}, token=token)
    assert ok.data["feeEstimate"] == {"amountCents": 4_900, "platformFeeCents": 490, "creatorEarningsCents": 4_410}
    assert (await gql(ESTIMATE, {"p": 100, "c": "USD"})).error_code == "UNAUTHENTICATED"


async def test_order_lists_refuse_hostile_pages(runtime: Runtime, gql: GraphQLClient) -> None:
    learner = await buyer(runtime)
    for first in (0, -1, 101, 2**31 - 1):
        result = await gql("query($f: Int) { myOrders(first: $f) { edges { cursor } } }", {"f": first},
                           token=learner.access_token)  # fmt: skip
        assert result.error_code == "BAD_USER_INPUT", first
    forged = await gql('{ myOrders(after: "eyJmb3JnZWQiOnRydWV9") { edges { cursor } } }', token=learner.access_token)
    assert forged.error_code == "BAD_USER_INPUT"
    admin_only = await gql("{ orders { edges { cursor } } }", token=learner.access_token)
    assert admin_only.error_code == "FORBIDDEN"
    assert (await gql("{ myEarnings { csv } }", token=learner.access_token)).error_code == "FORBIDDEN"


async def test_a_paid_amount_that_is_not_the_orders_is_refused(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: object
) -> None:
    import httpx

    assert isinstance(http, httpx.AsyncClient)
    _, course = await paid_course(runtime, 4_900)
    learner = await buyer(runtime)
    started = await gql("mutation($c: ID!) { checkout(courseId: $c, provider: STRIPE) { order { id } redirectUrl } }",
                        {"c": str(course.id)}, token=learner.access_token)  # fmt: skip
    order_id = started.data["checkout"]["order"]["id"]
    session_id = started.data["checkout"]["redirectUrl"].rsplit("/", 1)[1]
    cheap = {"id": session_id, "object": "checkout.session", "client_reference_id": order_id,
             "metadata": {"order_id": order_id}, "payment_status": "paid", "status": "complete",
             "amount_total": 1, "currency": "usd", "payment_intent": "pi_cheap"}  # fmt: skip
    body = stripe_fake.event("checkout.session.completed", cheap)
    answer = await http.post("/webhooks/stripe", content=body, headers={"stripe-signature": stripe_fake.sign(body)})
    assert answer.status_code == 200
    assert (await Order.get(id=order_id)).status is OrderStatus.PENDING
    event = await PaymentEvent.get(order_id=order_id)
    assert event.outcome.startswith("REFUSED: paid 1 USD")


async def test_a_provider_that_times_out_fails_the_order(runtime: Runtime, stripe_fake: StripeFake) -> None:
    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    quick = replace(runtime.settings.payments, provider_timeout_seconds=0.3)
    impatient = Runtime(settings=replace(runtime.settings, payments=quick), redis=runtime.redis)
    stripe_fake.delay_next(2.0, times=5, path="/v1/checkout/sessions")
    try:
        with pytest.raises(AppError) as failed:
            await checkout.checkout(impatient, learner.viewer, str(course.id), ProviderName.STRIPE, None)
    finally:
        for provider in impatient.caches.get("payments-providers", {}).values():
            await provider.aclose()  # type: ignore[attr-defined]
    assert failed.value.code is ErrorCode.PROVIDER_ERROR
    order = await Order.get(buyer_id=learner.viewer.id)
    assert order.status is OrderStatus.FAILED
    assert order.failure_message == "timed out"
