"""Review: a refund event that overtakes the late payment of a canceled order is lost."""

from __future__ import annotations

import httpx

from edusphere.core.runtime import Runtime
from edusphere.courses.access import is_enrolled
from edusphere.payments import ledger
from edusphere.payments.models import Order, OrderStatus
from tests.helpers import GraphQLClient
from tests.payments.factories import buyer, paid_course
from tests.payments.fakes.stripe_api import StripeFake

CHECKOUT = """mutation($c: ID!) { checkout(courseId: $c, provider: STRIPE) {
  redirectUrl order { id status } } }"""
CANCEL = "mutation($o: ID!) { cancelCheckout(orderId: $o) { id status } }"


async def _deliver(http: httpx.AsyncClient, stripe: StripeFake, body: bytes) -> httpx.Response:
    return await http.post(
        "/webhooks/stripe",
        content=body,
        headers={"content-type": "application/json", "stripe-signature": stripe.sign(body)},
    )


async def test_a_refund_that_overtakes_the_late_payment_of_a_canceled_order_is_not_lost(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient
) -> None:
    """The buyer pays on Stripe while cancelling in the app (the session cannot be expired
    any more: it is complete). The payment is refunded at Stripe. Stripe delivers out of
    order: charge.refunded first. `_refunded` answers "IGNORED: order is CANCELED" with 200,
    so the refund is consumed; then checkout.session.completed marks the order PAID (late
    payments are honoured) and enrolls: the learner keeps a course whose money went back,
    and the ledger shows a sale that was refunded."""
    _, course = await paid_course(runtime, 4_900)
    learner = await buyer(runtime)
    stripe_fake.webhook_url = None  # this test delivers the events itself, in Stripe's (any) order
    started = await gql(CHECKOUT, {"c": str(course.id)}, token=learner.access_token)
    assert not started.errors, started.body
    order_id = started.data["checkout"]["order"]["id"]
    session_id = started.data["checkout"]["redirectUrl"].removeprefix(f"{stripe_fake.url}/pay/")
    await stripe_fake.pay(session_id)
    canceled = await gql(CANCEL, {"o": order_id}, token=learner.access_token)
    assert canceled.data["cancelCheckout"]["status"] == "CANCELED"

    intent = stripe_fake.sessions[session_id]["payment_intent"]
    async with httpx.AsyncClient(base_url=stripe_fake.url) as api:
        made = await api.post(
            "/v1/refunds",
            data={"payment_intent": intent},
            headers={"authorization": f"Bearer {stripe_fake.secret_key}"},
        )
    assert made.status_code == 200, made.text
    await stripe_fake.settle()
    by_type = {d.type: d for d in stripe_fake.deliveries}
    for late_first in ("charge.refunded", "refund.created", "checkout.session.completed"):
        answer = await _deliver(http, stripe_fake, by_type[late_first].body)
        assert answer.status_code in (200, 503), answer.text
    # Stripe redelivers whatever was answered 503, after the payment.
    for again in ("charge.refunded", "refund.created"):
        await _deliver(http, stripe_fake, by_type[again].body)

    order = await Order.get(id=order_id)
    assert order.status is OrderStatus.REFUNDED, (
        f"the order is {order.status.value} with {order.refunded_cents} refunded: Stripe refunded all of it"
    )
    assert not await is_enrolled(learner.viewer, course.id)
    assert (await ledger.check()).ok
