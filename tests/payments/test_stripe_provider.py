"""The Stripe adapter against the local Stripe fake, over real HTTP: webhook verification and
translation (hostile deliveries first), then checkout, confirm, cancel, refunds and the
provider's failures."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from edusphere.payments.models import ProviderName
from edusphere.payments.providers.base import (
    CheckoutRequest,
    OrderRef,
    PaymentUpdate,
    ProviderError,
    UpdateKind,
    WebhookRejected,
)
from edusphere.payments.providers.stripe import StripeProvider
from tests.payments.fakes.stripe_api import StripeFake
from tests.processes import free_port

ORDER_ID = uuid.UUID("0b8e3c1e-7d3a-4a53-9d55-2f0a7c9e1b11")


def checkout_request(**overrides: Any) -> CheckoutRequest:
    values: dict[str, Any] = {
        "order_id": ORDER_ID,
        "course_id": uuid.UUID("5d1f7f8e-2b1c-4f6e-8d1a-9c3b2a1e0f00"),
        "course_title": "Rust for <Pythonistas> & friends",
        "amount_cents": 1999,
        "currency": "USD",
        "buyer_email": "buyer@example.com",
        "success_url": "http://app.test/orders/return?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://app.test/orders/canceled",
        "idempotency_key": f"checkout:{uuid.uuid4()}",
        **overrides,
    }
    return CheckoutRequest(**values)


def order_ref(reference: str, request: CheckoutRequest) -> OrderRef:
    return OrderRef(request.order_id, reference, request.amount_cents, request.currency, request.idempotency_key)


def session_object(**overrides: Any) -> dict[str, Any]:
    """A paid checkout session as Stripe's checkout.session.completed carries it."""
    return {
        "id": "cs_test_a1",
        "object": "checkout.session",
        "amount_total": 1999,
        "currency": "usd",
        "client_reference_id": str(ORDER_ID),
        "metadata": {"order_id": str(ORDER_ID)},
        "payment_intent": "pi_test_1",
        "payment_status": "paid",
        "status": "complete",
        **overrides,
    }


def refund_object(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "re_test_1",
        "object": "refund",
        "amount": 500,
        "currency": "usd",
        "charge": "ch_test_1",
        "payment_intent": "pi_test_1",
        "metadata": {"order_id": str(ORDER_ID)},
        "status": "succeeded",
        **overrides,
    }


@asynccontextmanager
async def provider_for(fake: StripeFake, **settings: Any) -> AsyncIterator[StripeProvider]:
    retries = settings.pop("max_network_retries", 0)
    provider = StripeProvider(fake.payment_settings(**settings), max_network_retries=retries)
    try:
        yield provider
    finally:
        await provider.aclose()


async def rejected(provider: StripeProvider, headers: dict[str, str], body: bytes) -> str:
    with pytest.raises(WebhookRejected) as caught:
        await provider.parse_webhook(headers, body)
    return caught.value.reason


async def parsed(provider: StripeProvider, fake: StripeFake, body: bytes) -> PaymentUpdate:
    return await provider.parse_webhook(fake.webhook_headers(body), body)


# -- webhooks: what must be refused ------------------------------------------------------------


async def test_webhook_without_signature_is_rejected(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    body = stripe_fake.event("checkout.session.completed", session_object())
    assert "no Stripe-Signature" in await rejected(stripe_provider, {}, body)
    assert "no Stripe-Signature" in await rejected(stripe_provider, {"stripe-signature": ""}, body)


async def test_webhook_signed_with_another_secret_is_rejected(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    body = stripe_fake.event("checkout.session.completed", session_object())
    header = stripe_fake.sign(body, secret="whsec_someone_else")
    assert "No signatures found matching" in await rejected(stripe_provider, {"stripe-signature": header}, body)


async def test_tampered_body_is_rejected(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    body = stripe_fake.event("checkout.session.completed", session_object())
    header = stripe_fake.sign(body)
    tampered = body.replace(b'"amount_total": 1999', b'"amount_total": 1')
    assert tampered != body
    assert "No signatures found matching" in await rejected(stripe_provider, {"stripe-signature": header}, tampered)


async def test_stale_and_future_timestamps_are_rejected(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    body = stripe_fake.event("checkout.session.completed", session_object())
    now = int(time.time())
    stale = stripe_fake.sign(body, timestamp=now - 301)
    assert "tolerance" in await rejected(stripe_provider, {"stripe-signature": stale}, body)
    future = stripe_fake.sign(body, timestamp=now + 400)
    assert "tolerance" in await rejected(stripe_provider, {"stripe-signature": future}, body)
    # Within the 300 s either way, a correctly signed delivery is fine.
    update = await stripe_provider.parse_webhook({"stripe-signature": stripe_fake.sign(body, now - 290)}, body)
    assert update.kind is UpdateKind.PAID


async def test_one_valid_signature_among_several_is_enough(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    """Stripe sends a v1 value per active secret while a secret is being rolled."""
    body = stripe_fake.event("checkout.session.completed", session_object())
    now = int(time.time())
    valid = stripe_fake.sign(body, now).split(",v1=")[1]
    other = stripe_fake.sign(body, now, secret="whsec_old").split(",v1=")[1]
    header = f"t={now},v1={other},v1={valid},v0=ignored"
    assert (await stripe_provider.parse_webhook({"stripe-signature": header}, body)).kind is UpdateKind.PAID
    only_wrong = f"t={now},v1={other},v1={'0' * 64}"
    assert "No signatures found matching" in await rejected(stripe_provider, {"stripe-signature": only_wrong}, body)


@pytest.mark.parametrize(
    "header",
    [
        "garbage",
        "t=,v1=abc",
        "t=soon,v1=abc",
        "v1=abc",
        "t=1700000000",
        "t=1700000000,v0=abc",
        "t=1700000000,v1=\u00e9\u00e9\u00e9",
        "t=" + "9" * 5000 + ",v1=abc",
        ",,,=,==",
    ],
)
async def test_malformed_signature_headers_are_rejected(
    stripe_provider: StripeProvider, stripe_fake: StripeFake, header: str
) -> None:
    body = stripe_fake.event("checkout.session.completed", session_object())
    assert "Stripe-Signature" in await rejected(stripe_provider, {"stripe-signature": header}, body)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"{not json", "not JSON"),
        (b"", "not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
        (b'{"id": ' + b"1" * 5000 + b"}", "not JSON"),
        (b'["an", "array"]', "not a Stripe event"),
        (b'"just a string"', "not a Stripe event"),
        (b'{"id": "ch_1", "object": "charge"}', "not a Stripe event"),
        (b'{"object": "event", "type": "checkout.session.completed"}', "not a Stripe event"),
        (b'{"id": "evt_1", "object": "event", "type": 42}', "not a Stripe event"),
        (b'{"id": "' + b"e" * 300 + b'", "object": "event", "type": "x"}', "not a Stripe event"),
        (b'{"id": "evt_1", "object": "event", "type": "checkout.session.completed"}', "not a Stripe event"),
        (b'{"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": []}', "not a Stripe event"),
        (
            b'{"id": "evt_1", "object": "event", "type": "charge.refunded", "data": {"object": "ch_1"}}',
            "not a Stripe event",
        ),
    ],
)
async def test_signed_bodies_that_are_not_events_are_rejected(
    stripe_provider: StripeProvider, stripe_fake: StripeFake, body: bytes, reason: str
) -> None:
    """Signed correctly (a leaked secret, or a bug on Stripe's side): still no exception other
    than WebhookRejected, and the reason says what is wrong."""
    assert reason in await rejected(stripe_provider, {"stripe-signature": stripe_fake.sign(body)}, body)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount_total": 10**30}, "amount_total"),
        ({"amount_total": 1e308}, "amount_total"),
        ({"amount_total": "1999"}, "amount_total"),
        ({"amount_total": True}, "amount_total"),
        ({"amount_total": -1}, "amount_total"),
        ({"amount_total": 19.99}, "amount_total"),
        ({"amount_total": None}, "amount_total"),
        ({"currency": 840}, "currency"),
        ({"currency": "dollars"}, "currency"),
        ({"payment_intent": 12}, "payment_intent"),
        ({"payment_intent": None}, "payment_intent"),
        ({"payment_intent": {"object": "payment_intent"}}, "payment_intent.id"),
        ({"id": None}, "object.id"),
        ({"id": "cs_" + "x" * 300}, "object.id"),
        ({"payment_status": ["paid"]}, "payment_status"),
        ({"metadata": "not an object"}, "metadata"),
    ],
)
async def test_paid_session_with_hostile_fields_is_rejected(
    stripe_provider: StripeProvider, stripe_fake: StripeFake, overrides: dict[str, Any], field: str
) -> None:
    session = session_object(**overrides)
    body = stripe_fake.event("checkout.session.completed", session)
    reason = await rejected(stripe_provider, stripe_fake.webhook_headers(body), body)
    assert "unreadable checkout.session.completed" in reason
    assert field in reason


@pytest.mark.parametrize(
    "overrides",
    [
        {"client_reference_id": "not-a-uuid", "metadata": {}},
        {"client_reference_id": None, "metadata": {"order_id": "'; DROP TABLE orders; --"}},
        {"client_reference_id": 12345},
        {"client_reference_id": "x" * 10_000},
        {"metadata": {"order_id": str(uuid.uuid4())}},  # two different orders
    ],
)
async def test_sessions_naming_no_edusphere_order_are_ignored(
    stripe_provider: StripeProvider, stripe_fake: StripeFake, overrides: dict[str, Any]
) -> None:
    """Authentic, but another integration's session on the same account (or nonsense): not
    acted on, acknowledged so Stripe stops redelivering."""
    body = stripe_fake.event("checkout.session.completed", session_object(**overrides))
    update = await parsed(stripe_provider, stripe_fake, body)
    assert update.kind is UpdateKind.IGNORED
    assert update.order_id is None
    assert update.event_type == "checkout.session.completed"


@pytest.mark.parametrize(
    ("event_type", "obj", "field"),
    [
        ("refund.updated", refund_object(amount=2**40), "object.amount"),
        ("refund.updated", refund_object(id=None), "object.id"),
        ("refund.created", refund_object(currency=None), "object.currency"),
        ("charge.refunded", {"id": "ch_1", "object": "charge", "currency": "usd", "amount": 1999,
                             "refunds": {"data": [{"id": "re_1", "amount": "5", "currency": "usd"}]}}, "amount"),
        ("charge.refunded", {"id": "ch_1", "object": "charge", "currency": "usd", "amount": 1999,
                             "refunds": {"data": "all of them"}}, "refunds.data"),
        ("charge.refunded", {"id": "ch_1", "object": "charge", "currency": "usd", "amount": 1999,
                             "refunds": {"data": [], "has_more": "no"}}, "has_more"),
        ("charge.refunded", {"object": "charge"}, "id"),
    ],
)  # fmt: skip
async def test_refund_events_with_hostile_fields_are_rejected(
    stripe_provider: StripeProvider, stripe_fake: StripeFake, event_type: str, obj: dict[str, Any], field: str
) -> None:
    body = stripe_fake.event(event_type, obj)
    reason = await rejected(stripe_provider, stripe_fake.webhook_headers(body), body)
    assert f"unreadable {event_type}" in reason
    assert field in reason


async def test_unknown_event_types_are_ignored(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    for event_type, obj in [
        ("customer.created", {"id": "cus_1", "object": "customer"}),
        ("payment_intent.succeeded", {"id": "pi_1", "amount": "not even checked"}),
        ("x" * 100, {}),
    ]:
        body = stripe_fake.event(event_type, obj, event_id="evt_unknown")
        update = await parsed(stripe_provider, stripe_fake, body)
        assert update == PaymentUpdate(
            provider=ProviderName.STRIPE, event_id="evt_unknown", event_type=event_type, kind=UpdateKind.IGNORED
        )


# -- webhooks: translation ---------------------------------------------------------------------


async def test_completed_paid_session_is_paid(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    body = stripe_fake.event("checkout.session.completed", session_object(), event_id="evt_paid")
    assert await parsed(stripe_provider, stripe_fake, body) == PaymentUpdate(
        provider=ProviderName.STRIPE,
        event_id="evt_paid",
        event_type="checkout.session.completed",
        kind=UpdateKind.PAID,
        order_id=ORDER_ID,
        reference="cs_test_a1",
        payment_reference="pi_test_1",
        amount_cents=1999,
        currency="USD",
    )
    # An expanded PaymentIntent is the same payment.
    body = stripe_fake.event("checkout.session.completed", session_object(payment_intent={"id": "pi_test_1"}))
    assert (await parsed(stripe_provider, stripe_fake, body)).payment_reference == "pi_test_1"


async def test_session_outcomes(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    unpaid = session_object(payment_status="unpaid", payment_intent=None)
    cases = [
        ("checkout.session.completed", unpaid, UpdateKind.AWAITING),  # a bank debit clearing
        ("checkout.session.async_payment_succeeded", session_object(), UpdateKind.PAID),
        ("checkout.session.async_payment_failed", unpaid, UpdateKind.FAILED),
        ("checkout.session.expired", session_object(status="expired", payment_status="unpaid"), UpdateKind.CANCELED),
    ]
    for event_type, session, kind in cases:
        update = await parsed(stripe_provider, stripe_fake, stripe_fake.event(event_type, session))
        assert (update.event_type, update.kind) == (event_type, kind)
        if kind is not UpdateKind.IGNORED:
            assert (update.order_id, update.reference) == (ORDER_ID, "cs_test_a1")
    failed = await parsed(
        stripe_provider, stripe_fake, stripe_fake.event("checkout.session.async_payment_failed", unpaid)
    )
    assert failed.message


async def test_refund_events_carry_the_refunds(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    pending = refund_object(id="re_test_2", amount=300, status="pending")
    charge = {
        "id": "ch_test_1",
        "object": "charge",
        "amount": 1999,
        "amount_refunded": 500,
        "currency": "usd",
        "payment_intent": "pi_test_1",
        "metadata": {"order_id": str(ORDER_ID)},
        "refunds": {"object": "list", "data": [refund_object(), pending], "has_more": False},
    }
    update = await parsed(stripe_provider, stripe_fake, stripe_fake.event("charge.refunded", charge))
    assert (update.kind, update.order_id, update.payment_reference, update.currency) == (
        UpdateKind.REFUND, ORDER_ID, "pi_test_1", "USD",
    )  # fmt: skip
    assert [(r.refund_id, r.amount_cents, r.succeeded) for r in update.refunds] == [
        ("re_test_1", 500, True),
        ("re_test_2", 300, False),
    ]
    # Without metadata the payment still names the order's payment.
    bare = {key: value for key, value in charge.items() if key != "metadata"}
    update = await parsed(stripe_provider, stripe_fake, stripe_fake.event("charge.refunded", bare))
    assert (update.order_id, update.payment_reference) == (None, "pi_test_1")

    for event_type in ("refund.created", "refund.updated"):
        update = await parsed(stripe_provider, stripe_fake, stripe_fake.event(event_type, pending))
        assert (update.kind, update.event_type, update.order_id, update.payment_reference) == (
            UpdateKind.REFUND, event_type, ORDER_ID, "pi_test_1",
        )  # fmt: skip
        assert [(r.refund_id, r.amount_cents, r.currency, r.succeeded) for r in update.refunds] == [
            ("re_test_2", 300, "USD", False)
        ]


async def test_charge_refunded_without_embedded_refunds_lists_them(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    """Current API versions no longer embed a charge's refunds: the adapter lists them."""
    request = checkout_request()
    started = await stripe_provider.start_checkout(request)
    await stripe_fake.pay(started.reference)
    paid = await stripe_provider.confirm(order_ref(started.reference, request))
    assert paid is not None
    assert paid.payment_reference is not None
    refund = await stripe_provider.refund(paid.payment_reference, 700, "USD", "asked", "refund:1")
    charge = next(iter(stripe_fake.charges.values()))
    body = stripe_fake.event("charge.refunded", charge)  # no "refunds" key
    update = await parsed(stripe_provider, stripe_fake, body)
    assert update.refunds == (refund,)
    assert stripe_fake.api_requests("GET", "/v1/refunds")[-1].query == {"charge": charge["id"], "limit": "100"}
    stripe_fake.fail_next(500, "Something went wrong on Stripe's end.", should_retry=False)
    # Stripe failed, not the delivery: a ProviderError (the route answers 503, Stripe redelivers).
    with pytest.raises(ProviderError, match="could not list the refunds"):
        await stripe_provider.parse_webhook(stripe_fake.webhook_headers(body), body)


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    received: list[tuple[dict[str, str], bytes]] = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/stripe", received
    finally:
        server.shutdown()
        server.server_close()


async def test_fake_delivers_signed_webhooks_the_adapter_accepts(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    """The whole round: checkout, the hosted page's Pay button (a browser's form post), the
    signed webhook over HTTP, the redirect to the success URL; then a refund's webhooks."""
    with webhook_receiver() as (url, received):
        stripe_fake.webhook_url = url
        request = checkout_request()
        started = await stripe_provider.start_checkout(request)
        async with httpx.AsyncClient() as browser:
            page = await browser.get(started.redirect_url)
            assert page.status_code == 200
            assert "Rust for &lt;Pythonistas&gt; &amp; friends" in page.text
            assert "19.99 USD" in page.text
            assert ">Pay</button>" in page.text
            assert ">Cancel</a>" in page.text
            paid = await browser.post(started.redirect_url)
        assert paid.status_code == 303
        assert paid.headers["location"] == f"http://app.test/orders/return?session={started.reference}"
        assert len(received) == 1  # delivered before the buyer is sent back
        headers, body = received[0]
        assert headers["content-type"].startswith("application/json")
        update = await stripe_provider.parse_webhook(headers, body)
        assert (update.kind, update.order_id, update.reference, update.amount_cents) == (
            UpdateKind.PAID, ORDER_ID, started.reference, 1999,
        )  # fmt: skip
        assert stripe_fake.deliveries[0].status == 200

        assert update.payment_reference is not None
        await stripe_provider.refund(update.payment_reference, 1999, "USD", "duplicate purchase", "refund:all")
        await stripe_fake.settle()
        types = [json.loads(body)["type"] for _, body in received]
        assert types == ["checkout.session.completed", "refund.created", "charge.refunded"]
        refunded = await stripe_provider.parse_webhook(*received[2])
        assert [(r.amount_cents, r.succeeded) for r in refunded.refunds] == [(1999, True)]


async def test_hosted_page_cancel_and_unknown_sessions(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    request = checkout_request()
    started = await stripe_provider.start_checkout(request)
    async with httpx.AsyncClient() as browser:
        canceled = await browser.get(f"{started.redirect_url}/cancel")
        assert (canceled.status_code, canceled.headers["location"]) == (303, request.cancel_url)
        assert (await browser.get(f"{stripe_fake.url}/pay/cs_test_nope")).status_code == 404
        await stripe_provider.cancel(order_ref(started.reference, request))
        assert (await browser.get(started.redirect_url)).status_code == 410
        assert (await browser.post(started.redirect_url)).status_code == 409
    assert stripe_fake.sessions[started.reference]["payment_status"] == "unpaid"


# -- checkout, confirm, cancel -------------------------------------------------------------------


async def test_checkout_session_carries_the_order(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    request = checkout_request()
    started = await stripe_provider.start_checkout(request)
    (sent,) = stripe_fake.api_requests("POST", "/v1/checkout/sessions")
    assert sent.idempotency_key == request.idempotency_key
    assert sent.headers["authorization"] == f"Bearer {stripe_fake.secret_key}"
    order, course = str(request.order_id), str(request.course_id)
    assert sent.params == {
        "mode": "payment",
        "line_items": [
            {
                "quantity": "1",
                "price_data": {
                    "currency": "usd",
                    "unit_amount": "1999",
                    "product_data": {"name": "Rust for <Pythonistas> & friends"},
                },
            }
        ],
        "client_reference_id": order,
        "metadata": {"order_id": order, "course_id": course},
        "payment_intent_data": {"metadata": {"order_id": order, "course_id": course}},
        "customer_email": "buyer@example.com",
        "success_url": request.success_url,
        "cancel_url": request.cancel_url,
    }
    assert started.reference.startswith("cs_")
    assert started.redirect_url == f"{stripe_fake.url}/pay/{started.reference}"


async def test_same_idempotency_key_gives_the_same_session(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    request = checkout_request()
    first = await stripe_provider.start_checkout(request)
    again = await stripe_provider.start_checkout(request)
    assert again == first
    assert len(stripe_fake.sessions) == 1
    assert [r.idempotency_key for r in stripe_fake.api_requests("POST")] == [request.idempotency_key] * 2
    # The same key with other parameters is Stripe's idempotency_error, not a second session.
    with pytest.raises(ProviderError) as caught:
        await stripe_provider.start_checkout(checkout_request(idempotency_key=request.idempotency_key, amount_cents=1))
    assert caught.value.status == 400
    assert "same parameters" in caught.value.message
    other = await stripe_provider.start_checkout(checkout_request())
    assert other.reference != first.reference


async def test_confirm_follows_the_session(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    request = checkout_request(currency="JPY", amount_cents=2000)
    started = await stripe_provider.start_checkout(request)
    ref = order_ref(started.reference, request)
    assert await stripe_provider.confirm(ref) is None  # open: nothing to apply yet
    await stripe_fake.pay(started.reference)
    intent = stripe_fake.sessions[started.reference]["payment_intent"]
    assert await stripe_provider.confirm(ref) == PaymentUpdate(
        provider=ProviderName.STRIPE,
        event_id=f"session:{started.reference}:paid",
        event_type="checkout.session.retrieve",
        kind=UpdateKind.PAID,
        order_id=ORDER_ID,
        reference=started.reference,
        payment_reference=intent,
        amount_cents=2000,
        currency="JPY",
    )

    expiring = checkout_request()
    started = await stripe_provider.start_checkout(expiring)
    ref = order_ref(started.reference, expiring)
    await stripe_provider.cancel(ref)
    assert stripe_fake.sessions[started.reference]["status"] == "expired"
    update = await stripe_provider.confirm(ref)
    assert update is not None
    assert (update.kind, update.event_id) == (UpdateKind.CANCELED, f"session:{started.reference}:expired")


async def test_confirm_refuses_another_orders_or_unknown_session(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    request = checkout_request()
    started = await stripe_provider.start_checkout(request)
    someone_else = OrderRef(uuid.uuid4(), started.reference, 1999, "USD", "k")
    with pytest.raises(ProviderError, match="another order"):
        await stripe_provider.confirm(someone_else)
    with pytest.raises(ProviderError) as caught:
        await stripe_provider.confirm(order_ref("cs_test_unknown", request))
    assert (caught.value.status, caught.value.message) == (404, "No such checkout.session: 'cs_test_unknown'")


async def test_cancel_is_best_effort(
    stripe_provider: StripeProvider, stripe_fake: StripeFake, caplog: pytest.LogCaptureFixture
) -> None:
    request = checkout_request()
    started = await stripe_provider.start_checkout(request)
    await stripe_fake.pay(started.reference)
    with caplog.at_level(logging.WARNING, logger="edusphere.payments"):
        await stripe_provider.cancel(order_ref(started.reference, request))  # paid: Stripe refuses
        stripe_fake.fail_next(503, "Stripe is down", should_retry=False)
        await stripe_provider.cancel(order_ref("cs_test_other", request))
    assert stripe_fake.sessions[started.reference]["status"] == "complete"
    levels = {(r.levelname, "could not expire" in r.getMessage()) for r in caplog.records if r.name.startswith("edu")}
    assert levels == {("WARNING", True)}


# -- refunds ---------------------------------------------------------------------------------


async def paid_payment(provider: StripeProvider, fake: StripeFake, amount: int = 1999) -> str:
    request = checkout_request(amount_cents=amount)
    started = await provider.start_checkout(request)
    await fake.pay(started.reference)
    update = await provider.confirm(order_ref(started.reference, request))
    assert update is not None
    assert update.payment_reference is not None
    return update.payment_reference


async def test_partial_then_whole_refund_and_no_more(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    payment = await paid_payment(stripe_provider, stripe_fake)
    first = await stripe_provider.refund(payment, 500, "USD", "partly unhappy", "refund:a")
    assert (first.amount_cents, first.currency, first.succeeded) == (500, "USD", True)
    sent = stripe_fake.api_requests("POST", "/v1/refunds")[-1]
    assert sent.params == {"payment_intent": payment, "amount": "500", "metadata": {"reason": "partly unhappy"}}
    assert sent.idempotency_key == "refund:a"
    # Retried with the same key: the same refund, not a second one.
    assert await stripe_provider.refund(payment, 500, "USD", "partly unhappy", "refund:a") == first
    with pytest.raises(ProviderError) as caught:
        await stripe_provider.refund(payment, 1500, "USD", "too much", "refund:b")
    assert caught.value.status == 400
    assert "greater than unrefunded amount" in caught.value.message
    rest = await stripe_provider.refund(payment, 1499, "USD", "the rest", "refund:c")
    assert (rest.amount_cents, rest.succeeded) == (1499, True)
    with pytest.raises(ProviderError, match="already been refunded"):
        await stripe_provider.refund(payment, 1, "USD", "again", "refund:d")
    assert sorted(r["amount"] for r in stripe_fake.refunds.values()) == [500, 1499]


async def test_pending_refund_is_not_yet_counted(stripe_provider: StripeProvider, stripe_fake: StripeFake) -> None:
    payment = await paid_payment(stripe_provider, stripe_fake)
    stripe_fake.refund_status = "pending"
    state = await stripe_provider.refund(payment, 1999, "USD", "asked", "refund:p")
    assert not state.succeeded
    delivery = stripe_fake.settle_refund(state.refund_id, "succeeded")
    await stripe_fake.settle()
    update = await stripe_provider.parse_webhook({"stripe-signature": delivery.signature}, delivery.body)
    assert [(r.refund_id, r.succeeded) for r in update.refunds] == [(state.refund_id, True)]


async def test_refund_of_unknown_payment_or_in_another_currency(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    with pytest.raises(ProviderError) as caught:
        await stripe_provider.refund("pi_test_unknown", 100, "USD", "x", "refund:u")
    assert (caught.value.status, caught.value.message) == (404, "No such payment_intent: 'pi_test_unknown'")
    payment = await paid_payment(stripe_provider, stripe_fake)
    # Stripe refunds in the charge's currency whatever the caller thought; the state tells.
    state = await stripe_provider.refund(payment, 100, "EUR", "x", "refund:e")
    assert (state.amount_cents, state.currency) == (100, "USD")


# -- the provider failing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (500, "Something went wrong on Stripe's end."),
        (402, "Your card was declined."),
        (429, "Too many requests hit the API too quickly."),
    ],
)
async def test_provider_errors_keep_stripes_message(stripe_fake: StripeFake, status: int, message: str) -> None:
    async with provider_for(stripe_fake) as provider:
        stripe_fake.fail_next(status, message)
        with pytest.raises(ProviderError) as caught:
            await provider.start_checkout(checkout_request())
    assert (caught.value.status, caught.value.message) == (status, message)
    assert stripe_fake.sessions == {}


async def test_server_error_is_retried_with_the_same_key(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    stripe_fake.fail_next(500, "Something went wrong on Stripe's end.")
    request = checkout_request()
    await stripe_provider.start_checkout(request)
    assert [(r.status, r.idempotency_key) for r in stripe_fake.api_requests()] == [
        (500, request.idempotency_key),
        (200, request.idempotency_key),
    ]
    stripe_fake.fail_next(500, "Still down.", times=3)
    with pytest.raises(ProviderError, match="Still down"):
        await stripe_provider.start_checkout(checkout_request())


async def test_timeout_is_a_provider_error(stripe_fake: StripeFake) -> None:
    async with provider_for(stripe_fake, provider_timeout_seconds=0.5) as provider:
        stripe_fake.delay_next(1.5)
        started = time.monotonic()
        with pytest.raises(ProviderError) as caught:
            await provider.start_checkout(checkout_request())
        assert time.monotonic() - started < 1.4
    assert (caught.value.message, caught.value.status) == ("timed out", None)


async def test_timed_out_create_retried_finds_the_first_session(stripe_fake: StripeFake) -> None:
    """The timed-out request was still carried out by Stripe; the retry's same key finds it."""
    async with provider_for(stripe_fake, provider_timeout_seconds=0.5, max_network_retries=1) as provider:
        stripe_fake.delay_next(0.8)
        started = await provider.start_checkout(checkout_request())
    assert list(stripe_fake.sessions) == [started.reference]
    assert len(stripe_fake.api_requests("POST")) == 2


async def test_unreachable_stripe_and_wrong_key(stripe_fake: StripeFake) -> None:
    async with provider_for(stripe_fake, stripe_api_base=f"http://127.0.0.1:{free_port()}") as provider:
        with pytest.raises(ProviderError) as caught:
            await provider.start_checkout(checkout_request())
    assert (caught.value.message, caught.value.status) == ("could not reach Stripe", None)
    async with provider_for(stripe_fake, stripe_secret_key="sk_test_wrong") as provider:
        with pytest.raises(ProviderError) as caught:
            await provider.refund("pi_test_1", 100, "USD", "x", "refund:k")
    assert caught.value.status == 401
    assert caught.value.message.startswith("Invalid API Key provided")


async def test_adaptive_pricing_compares_the_sessions_own_currency(
    stripe_provider: StripeProvider, stripe_fake: StripeFake
) -> None:
    """The buyer paid in EUR for a USD session: the order is compared in USD."""
    converted = session_object(
        amount_total=1850,
        currency="eur",
        currency_conversion={"amount_total": 1999, "source_currency": "usd", "fx_rate": "0.925"},
    )
    update = await parsed(stripe_provider, stripe_fake, stripe_fake.event("checkout.session.completed", converted))
    assert (update.kind, update.amount_cents, update.currency) == (UpdateKind.PAID, 1999, "USD")
    broken = session_object(currency_conversion={"amount_total": "lots", "source_currency": "usd"})
    body = stripe_fake.event("checkout.session.completed", broken)
    assert "amount_total" in await rejected(stripe_provider, stripe_fake.webhook_headers(body), body)
