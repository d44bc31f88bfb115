"""The PayPal adapter against the local PayPal fake, over HTTP: what it sends, what it makes of
PayPal's answers and errors, and webhook verification (hostile deliveries first)."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import threading
import uuid
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from edusphere.core.settings import PaymentSettings
from edusphere.payments.models import ProviderName
from edusphere.payments.providers.base import (
    CheckoutRequest,
    OrderRef,
    ProviderError,
    UpdateKind,
    WebhookRejected,
)
from edusphere.payments.providers.paypal import PayPalProvider
from tests.payments.fakes.paypal_api import PayPalFake, paypal_time
from tests.payments.fakes.paypal_fixtures import paypal_payment_settings
from tests.processes import free_port


@pytest.fixture
def provider(paypal_settings: PaymentSettings) -> PayPalProvider:
    return PayPalProvider(paypal_settings)


def checkout(
    amount_cents: int = 1999, currency: str = "USD", key: str | None = None, title: str = "Rust"
) -> CheckoutRequest:
    return CheckoutRequest(
        order_id=uuid.uuid4(),
        course_id=uuid.uuid4(),
        course_title=title,
        amount_cents=amount_cents,
        currency=currency,
        buyer_email="buyer@example.com",
        success_url="https://app.example/orders/return",
        cancel_url="https://app.example/orders/cancel",
        idempotency_key=key or f"checkout-{uuid.uuid4()}",
    )


async def started_order(
    provider: PayPalProvider, fake: PayPalFake, amount_cents: int = 1999, currency: str = "USD", approve: bool = True
) -> OrderRef:
    request = checkout(amount_cents, currency)
    started = await provider.start_checkout(request)
    if approve:
        fake.approve(started.reference)
    return OrderRef(
        order_id=request.order_id,
        reference=started.reference,
        amount_cents=amount_cents,
        currency=currency,
        idempotency_key=request.idempotency_key,
    )


async def paid_capture(
    provider: PayPalProvider, fake: PayPalFake, amount_cents: int = 1999, currency: str = "USD"
) -> str:
    update = await provider.confirm(await started_order(provider, fake, amount_cents, currency))
    assert update is not None
    assert update.payment_reference is not None
    return update.payment_reference


def capture_resource(
    fake: PayPalFake, order_id: uuid.UUID, value: str = "19.99", currency: str = "USD"
) -> dict[str, Any]:
    return {
        "id": "3C679366HH908993F",
        "status": "COMPLETED",
        "amount": {"currency_code": currency, "value": value},
        "final_capture": True,
        "custom_id": str(order_id),
        "supplementary_data": {"related_ids": {"order_id": "5O190127TN364715T"}},
        "links": [{"href": f"{fake.url}/v2/payments/captures/3C679366HH908993F", "rel": "self", "method": "GET"}],
    }


def verify_calls(fake: PayPalFake) -> int:
    return len(fake.request_log("POST", "/v1/notifications/verify-webhook-signature"))


# -- webhooks: hostile deliveries ------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "PAYPAL-AUTH-ALGO",
        "PAYPAL-CERT-URL",
        "PAYPAL-TRANSMISSION-ID",
        "PAYPAL-TRANSMISSION-SIG",
        "PAYPAL-TRANSMISSION-TIME",
    ],
)
async def test_a_delivery_missing_a_signature_header_is_rejected_without_asking_paypal(
    provider: PayPalProvider, paypal_fake: PayPalFake, header: str
) -> None:
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, uuid.uuid4()))
    headers = paypal_fake.signed_headers(body)
    del headers[header]
    with pytest.raises(WebhookRejected, match=header.lower()):
        await provider.parse_webhook(headers, body)
    headers[header] = "   "
    with pytest.raises(WebhookRejected, match=header.lower()):
        await provider.parse_webhook(headers, body)
    assert verify_calls(paypal_fake) == 0


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe{}",
        b"[1, 2]",
        b'"event"',
        b"{}",
        b'{"id": "WH-1", "event_type": "PAYMENT.CAPTURE.COMPLETED"}',
        b'{"id": "WH-1", "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": []}',
        b'{"id": 7, "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {}}',
        b'{"id": "WH-1", "event_type": null, "resource": {}}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": "WH-1", "event_type": "X", "resource": {}, "pad": "' + b"x" * (1024 * 1024) + b'"}',
    ],
    ids=[
        "empty",
        "text",
        "not-utf8",
        "array",
        "string",
        "no-fields",
        "no-resource",
        "resource-list",
        "id-number",
        "type-null",
        "deeply-nested",
        "too-large",
    ],
)
async def test_an_unreadable_body_is_rejected_before_any_call(
    provider: PayPalProvider, paypal_fake: PayPalFake, body: bytes
) -> None:
    with pytest.raises(WebhookRejected):
        await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert verify_calls(paypal_fake) == 0


async def test_a_forged_signature_is_rejected(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, uuid.uuid4()))
    headers = paypal_fake.signed_headers(body)
    # Signed the same way, with a key that is not PayPal's.
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    crc = zlib.crc32(body)
    message = (
        f"{headers['PAYPAL-TRANSMISSION-ID']}|{headers['PAYPAL-TRANSMISSION-TIME']}|{paypal_fake.webhook_id}|{crc}"
    )
    forged = base64.b64encode(other.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    for signature in (forged, "bm90IGEgc2lnbmF0dXJl", "%%%not base64%%%"):
        with pytest.raises(WebhookRejected, match="verification failed"):
            await provider.parse_webhook({**headers, "PAYPAL-TRANSMISSION-SIG": signature}, body)
    assert [status for status, _ in paypal_fake.verifications] == ["FAILURE"] * 3
    assert {reason for _, reason in paypal_fake.verifications} == {"signature does not match"}


async def test_an_altered_body_is_rejected(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    order_id = uuid.uuid4()
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, order_id, "1.00"))
    headers = paypal_fake.signed_headers(body)
    altered = body.replace(b'"1.00"', b'"1000.00"')
    assert altered != body
    with pytest.raises(WebhookRejected, match="verification failed"):
        await provider.parse_webhook(headers, altered)
    assert paypal_fake.verifications == [("FAILURE", "signature does not match")]


async def test_a_delivery_for_another_webhook_is_rejected(paypal_fake: PayPalFake) -> None:
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, uuid.uuid4()))
    # EduSphere configured with another webhook's id: PayPal does not know it as this one's.
    elsewhere = PayPalProvider(paypal_payment_settings(paypal_fake, paypal_webhook_id="WH-SOMEONE-ELSES"))
    with pytest.raises(WebhookRejected, match="verification failed"):
        await elsewhere.parse_webhook(paypal_fake.signed_headers(body), body)
    # A delivery signed for another webhook, presented to this one.
    provider = PayPalProvider(paypal_payment_settings(paypal_fake))
    with pytest.raises(WebhookRejected, match="verification failed"):
        await provider.parse_webhook(paypal_fake.signed_headers(body, webhook_id="WH-SOMEONE-ELSES"), body)
    assert paypal_fake.verifications == [("FAILURE", "unknown webhook id"), ("FAILURE", "signature does not match")]


@pytest.mark.parametrize("age", [dt.timedelta(hours=-1), dt.timedelta(minutes=-6), dt.timedelta(minutes=10)])
async def test_a_late_or_future_delivery_is_rejected(
    provider: PayPalProvider, paypal_fake: PayPalFake, age: dt.timedelta
) -> None:
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, uuid.uuid4()))
    headers = paypal_fake.signed_headers(body, transmission_time=dt.datetime.now(dt.UTC) + age)
    with pytest.raises(WebhookRejected, match="verification failed"):
        await provider.parse_webhook(headers, body)
    assert paypal_fake.verifications == [("FAILURE", "transmission_time outside the tolerance")]


async def test_a_certificate_that_is_not_paypals_is_rejected(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, uuid.uuid4()))
    headers = {**paypal_fake.signed_headers(body), "PAYPAL-CERT-URL": "https://attacker.example/cert.pem"}
    with pytest.raises(WebhookRejected, match="verification failed"):
        await provider.parse_webhook(headers, body)
    assert paypal_fake.verifications == [("FAILURE", "certificate not PayPal's")]


async def test_an_authentic_event_with_an_unreadable_amount_is_rejected(
    provider: PayPalProvider, paypal_fake: PayPalFake
) -> None:
    for value, currency in (("12.345", "USD"), ("12.5", "JPY"), ("lots", "USD"), ("1.00", "XXX")):
        body = paypal_fake.event(
            "PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, uuid.uuid4(), value, currency)
        )
        with pytest.raises(WebhookRejected, match=r"unreadable PAYMENT\.CAPTURE\.COMPLETED"):
            await provider.parse_webhook(paypal_fake.signed_headers(body), body)


async def test_paypal_failing_to_verify_is_a_provider_error_not_a_rejection(paypal_fake: PayPalFake) -> None:
    """PayPal retries a delivery that was not acknowledged: an outage must not look like a forgery."""
    provider = PayPalProvider(paypal_payment_settings(paypal_fake, provider_timeout_seconds=0.3))
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, uuid.uuid4()))
    paypal_fake.fail_next(503, "SERVICE_UNAVAILABLE", "Service Unavailable.", path="verify-webhook-signature")
    with pytest.raises(ProviderError, match="SERVICE_UNAVAILABLE") as raised:
        await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert raised.value.status == 503
    paypal_fake.delay_next(1.0, path="verify-webhook-signature")
    with pytest.raises(ProviderError, match="timed out"):
        await provider.parse_webhook(paypal_fake.signed_headers(body), body)


# -- webhooks: authentic events --------------------------------------------------------------


async def test_a_capture_completed_event_is_paid(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    order_id = uuid.uuid4()
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, order_id, "19.99"))
    update = await provider.parse_webhook({k.lower(): v for k, v in paypal_fake.signed_headers(body).items()}, body)
    assert (update.kind, update.provider, update.event_type) == (
        UpdateKind.PAID,
        ProviderName.PAYPAL,
        "PAYMENT.CAPTURE.COMPLETED",
    )
    assert update.event_id == "capture:3C679366HH908993F"  # the same key as confirm's: one of them applies
    assert (update.order_id, update.reference, update.payment_reference) == (
        order_id,
        "5O190127TN364715T",
        "3C679366HH908993F",
    )
    assert (update.amount_cents, update.currency) == (1999, "USD")
    assert paypal_fake.verifications == [("SUCCESS", "verified")]
    sent = paypal_fake.request_log("POST", "verify-webhook-signature")[0].json
    assert sent["webhook_id"] == paypal_fake.webhook_id
    assert sent["webhook_event"] == json.loads(body)
    assert sent["auth_algo"] == "SHA256withRSA"


async def test_a_jpy_capture_event_has_no_decimals(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", capture_resource(paypal_fake, uuid.uuid4(), "2000", "JPY"))
    update = await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert (update.amount_cents, update.currency) == (2000, "JPY")


async def test_a_custom_id_that_is_no_order_of_ours_gives_no_order_id(
    provider: PayPalProvider, paypal_fake: PayPalFake
) -> None:
    resource = {**capture_resource(paypal_fake, uuid.uuid4()), "custom_id": "invoice-77; DROP TABLE orders"}
    body = paypal_fake.event("PAYMENT.CAPTURE.COMPLETED", resource)
    update = await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert update.kind is UpdateKind.PAID
    assert update.order_id is None


@pytest.mark.parametrize("event_type", ["PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED"])
async def test_a_denied_capture_is_failed(provider: PayPalProvider, paypal_fake: PayPalFake, event_type: str) -> None:
    order_id = uuid.uuid4()
    resource = {
        **capture_resource(paypal_fake, order_id),
        "status": "DECLINED",
        "status_details": {"reason": "DECLINED_BY_RISK_FRAUD_FILTERS"},
    }
    body = paypal_fake.event(event_type, resource)
    update = await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert (update.kind, update.order_id, update.reference) == (UpdateKind.FAILED, order_id, "5O190127TN364715T")
    assert update.message == "DECLINED_BY_RISK_FRAUD_FILTERS"
    assert update.event_id == "declined:5O190127TN364715T"


async def test_a_refunded_event_is_the_refund(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    order_id = uuid.uuid4()
    resource = {
        "id": "1JU08902781691411",
        "amount": {"currency_code": "USD", "value": "5.00"},
        "status": "COMPLETED",
        "custom_id": str(order_id),
        "links": [
            {"href": f"{paypal_fake.url}/v2/payments/refunds/1JU08902781691411", "rel": "self", "method": "GET"},
            {"href": f"{paypal_fake.url}/v2/payments/captures/2GG279541U471931P", "rel": "up", "method": "GET"},
        ],
    }
    body = paypal_fake.event("PAYMENT.CAPTURE.REFUNDED", resource, event_id="WH-REFUND-1")
    update = await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert (update.kind, update.event_id, update.order_id) == (UpdateKind.REFUND, "WH-REFUND-1", order_id)
    assert update.payment_reference == "2GG279541U471931P"
    assert [(r.refund_id, r.amount_cents, r.currency, r.succeeded) for r in update.refunds] == [
        ("1JU08902781691411", 500, "USD", True)
    ]


async def test_a_pending_refund_is_not_counted(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    resource = {"id": "1JU0", "amount": {"currency_code": "EUR", "value": "1.50"}, "status": "PENDING", "links": []}
    body = paypal_fake.event("PAYMENT.CAPTURE.REFUNDED", resource)
    update = await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert update.payment_reference is None
    assert [(r.amount_cents, r.succeeded) for r in update.refunds] == [(150, False)]


async def test_a_voided_order_is_canceled(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    order_id = uuid.uuid4()
    resource = {"id": "5O190127TN364715T", "status": "VOIDED", "purchase_units": [{"custom_id": str(order_id)}]}
    body = paypal_fake.event("CHECKOUT.ORDER.VOIDED", resource)
    update = await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert (update.kind, update.order_id, update.reference) == (UpdateKind.CANCELED, order_id, "5O190127TN364715T")


@pytest.mark.parametrize(
    "event_type", ["CHECKOUT.ORDER.APPROVED", "PAYMENT.CAPTURE.PENDING", "CUSTOMER.DISPUTE.CREATED"]
)
async def test_an_event_type_edusphere_does_not_handle_is_ignored(
    provider: PayPalProvider, paypal_fake: PayPalFake, event_type: str
) -> None:
    body = paypal_fake.event(event_type, {"id": "X1", "anything": [1, {"deep": None}]}, event_id="WH-IGNORED")
    update = await provider.parse_webhook(paypal_fake.signed_headers(body), body)
    assert (update.kind, update.event_id, update.event_type) == (UpdateKind.IGNORED, "WH-IGNORED", event_type)


# -- API errors ------------------------------------------------------------------------------


async def test_a_paypal_error_is_a_provider_error_with_paypals_message(
    provider: PayPalProvider, paypal_fake: PayPalFake
) -> None:
    paypal_fake.fail_next(500, "INTERNAL_SERVER_ERROR", "An internal server error has occurred.")
    with pytest.raises(ProviderError) as raised:
        await provider.start_checkout(checkout())
    assert raised.value.message == "INTERNAL_SERVER_ERROR: An internal server error has occurred."
    assert raised.value.status == 500
    paypal_fake.fail_next(
        422, "UNPROCESSABLE_ENTITY", "The requested action could not be performed.", issue="PAYEE_ACCOUNT_RESTRICTED",
        description="The merchant account is restricted.",
    )  # fmt: skip
    with pytest.raises(ProviderError, match=r"PAYEE_ACCOUNT_RESTRICTED: The merchant account is restricted\."):
        await provider.start_checkout(checkout())
    assert paypal_fake.orders == {}


async def test_paypal_not_answering_in_time_is_a_provider_error(paypal_fake: PayPalFake) -> None:
    provider = PayPalProvider(paypal_payment_settings(paypal_fake, provider_timeout_seconds=0.3))
    paypal_fake.delay_next(1.0, path="/v2/checkout/orders")
    with pytest.raises(ProviderError, match=r"^timed out$"):
        await provider.start_checkout(checkout())


async def test_paypal_unreachable_is_a_provider_error(paypal_fake: PayPalFake) -> None:
    provider = PayPalProvider(paypal_payment_settings(paypal_fake, paypal_api_base=f"http://127.0.0.1:{free_port()}"))
    with pytest.raises(ProviderError, match="could not be reached"):
        await provider.start_checkout(checkout())


async def test_wrong_credentials_are_paypals_refusal(paypal_fake: PayPalFake) -> None:
    provider = PayPalProvider(paypal_payment_settings(paypal_fake, paypal_client_secret="not-the-secret"))
    with pytest.raises(ProviderError, match="invalid_client: Client Authentication failed") as raised:
        await provider.start_checkout(checkout())
    assert raised.value.status == 401
    assert paypal_fake.orders == {}


async def test_the_token_is_fetched_once_and_again_when_it_expires(paypal_fake: PayPalFake) -> None:
    provider = PayPalProvider(paypal_payment_settings(paypal_fake))
    await provider.start_checkout(checkout())
    await provider.start_checkout(checkout())
    assert len(paypal_fake.request_log("POST", "/v1/oauth2/token")) == 1
    # A token within a minute of expiring (the SDK's clock skew, set by the adapter) is replaced
    # before it is used: this one is, after its first second.
    paypal_fake.token_ttl = 61
    short = PayPalProvider(paypal_payment_settings(paypal_fake))
    await short.start_checkout(checkout())
    await asyncio.sleep(2.1)
    await short.start_checkout(checkout())
    assert len(paypal_fake.request_log("POST", "/v1/oauth2/token")) == 3
    token = paypal_fake.request_log("POST", "/v1/oauth2/token")[0]
    assert token.headers["authorization"].startswith("Basic ")


# -- checkout --------------------------------------------------------------------------------


async def test_an_order_carries_the_amount_currency_order_id_and_request_id(
    provider: PayPalProvider, paypal_fake: PayPalFake
) -> None:
    request = checkout(1999, "USD", key="order-key-1", title="Rust for Pythonistas")
    started = await provider.start_checkout(request)
    assert started.redirect_url == f"{paypal_fake.url}/checkoutnow?token={started.reference}"
    (sent,) = paypal_fake.request_log("POST", "/v2/checkout/orders")
    assert sent.request_id == "order-key-1"
    assert sent.json["intent"] == "CAPTURE"
    (unit,) = sent.json["purchase_units"]
    assert unit["amount"] == {"currency_code": "USD", "value": "19.99"}
    assert unit["custom_id"] == unit["reference_id"] == str(request.order_id)
    assert unit["description"] == "Rust for Pythonistas"
    context = sent.json["payment_source"]["paypal"]["experience_context"]
    assert (context["return_url"], context["cancel_url"]) == (request.success_url, request.cancel_url)
    assert paypal_fake.orders[started.reference]["status"] == "PAYER_ACTION_REQUIRED"


async def test_a_jpy_order_has_no_decimals(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    started = await provider.start_checkout(checkout(2000, "JPY"))
    assert paypal_fake.orders[started.reference]["purchase_units"][0]["amount"] == {
        "currency_code": "JPY",
        "value": "2000",
    }


async def test_a_long_title_is_cut_to_paypals_limit(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    started = await provider.start_checkout(checkout(title="é" * 300))
    assert paypal_fake.orders[started.reference]["purchase_units"][0]["description"] == "é" * 127


async def test_the_same_request_id_gives_the_same_order(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    request = checkout(key="same-key")
    first = await provider.start_checkout(request)
    again = await asyncio.gather(*(provider.start_checkout(request) for _ in range(3)))
    assert {started.reference for started in again} == {first.reference}
    assert list(paypal_fake.orders) == [first.reference]
    other = await provider.start_checkout(checkout(key="other-key"))
    assert other.reference != first.reference


# -- confirm ---------------------------------------------------------------------------------


async def test_confirm_before_approval_is_nothing_yet(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    order = await started_order(provider, paypal_fake, approve=False)
    assert await provider.confirm(order) is None
    assert paypal_fake.orders[order.reference]["status"] == "PAYER_ACTION_REQUIRED"
    assert paypal_fake.captures == {}


async def test_confirm_after_approval_captures_once(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    order = await started_order(provider, paypal_fake, 1999, "USD")
    paid = await provider.confirm(order)
    assert paid is not None
    assert (paid.kind, paid.order_id, paid.reference) == (UpdateKind.PAID, order.order_id, order.reference)
    assert (paid.amount_cents, paid.currency) == (1999, "USD")
    (capture_id,) = paypal_fake.captures
    assert (paid.payment_reference, paid.event_id) == (capture_id, f"capture:{capture_id}")
    again = await provider.confirm(order)
    assert again == paid
    assert len(paypal_fake.captures) == 1
    ids = {r.request_id for r in paypal_fake.request_log("POST", "/capture")}
    assert ids == {f"capture-{order.order_id}"}


async def test_confirm_of_an_order_captured_elsewhere_reads_it(
    provider: PayPalProvider, paypal_fake: PayPalFake
) -> None:
    order = await started_order(provider, paypal_fake, 2000, "JPY")
    paypal_fake.capture(order.reference)
    paid = await provider.confirm(order)
    (capture_id,) = paypal_fake.captures
    assert paid is not None
    assert (paid.kind, paid.payment_reference, paid.amount_cents, paid.currency) == (
        UpdateKind.PAID,
        capture_id,
        2000,
        "JPY",
    )
    assert paypal_fake.request_log("GET", f"/v2/checkout/orders/{order.reference}")


async def test_a_declined_payment_is_failed_with_paypals_reason(
    provider: PayPalProvider, paypal_fake: PayPalFake
) -> None:
    order = await started_order(provider, paypal_fake, approve=False)
    paypal_fake.approve(order.reference, decline=True)
    failed = await provider.confirm(order)
    assert failed is not None
    assert failed.kind is UpdateKind.FAILED
    assert failed.message.startswith("The instrument presented  was either declined")
    assert (failed.order_id, failed.reference) == (order.order_id, order.reference)
    assert paypal_fake.captures == {}


async def test_confirm_of_an_unknown_order_is_a_provider_error(
    provider: PayPalProvider, paypal_fake: PayPalFake
) -> None:
    order = OrderRef(order_id=uuid.uuid4(), reference="NOSUCHORDER12345", amount_cents=100, currency="USD",
                     idempotency_key="k")  # fmt: skip
    with pytest.raises(ProviderError, match="RESOURCE_NOT_FOUND") as raised:
        await provider.confirm(order)
    assert raised.value.status == 404


async def test_cancel_asks_nothing_of_paypal(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    order = await started_order(provider, paypal_fake, approve=False)
    before = len(paypal_fake.requests)
    await provider.cancel(order)
    assert len(paypal_fake.requests) == before


# -- refunds ---------------------------------------------------------------------------------


async def test_partial_then_whole_refunds(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    capture_id = await paid_capture(provider, paypal_fake, 1999, "USD")
    part = await provider.refund(capture_id, 500, "USD", "Changed my mind", "refund-1")
    assert (part.amount_cents, part.currency, part.succeeded) == (500, "USD", True)
    assert paypal_fake.captures[capture_id]["status"] == "PARTIALLY_REFUNDED"
    (sent,) = paypal_fake.request_log("POST", "/refund")
    assert sent.request_id == "refund-1"
    assert sent.json == {"amount": {"currency_code": "USD", "value": "5.00"}, "note_to_payer": "Changed my mind"}
    rest = await provider.refund(capture_id, 1499, "USD", "", "refund-2")
    assert (rest.amount_cents, rest.succeeded) == (1499, True)
    assert rest.refund_id != part.refund_id
    assert paypal_fake.captures[capture_id]["status"] == "REFUNDED"


async def test_the_same_refund_key_refunds_once(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    capture_id = await paid_capture(provider, paypal_fake)
    first = await provider.refund(capture_id, 100, "USD", "x", "refund-same")
    again = await provider.refund(capture_id, 100, "USD", "x", "refund-same")
    assert again == first
    assert len(paypal_fake.refunds) == 1


async def test_refunding_more_than_remains_is_refused(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    capture_id = await paid_capture(provider, paypal_fake, 2000, "JPY")
    with pytest.raises(ProviderError, match="REFUND_AMOUNT_EXCEEDED") as raised:
        await provider.refund(capture_id, 2001, "JPY", "", "refund-over")
    assert raised.value.status == 422
    await provider.refund(capture_id, 1500, "JPY", "", "refund-a")
    with pytest.raises(ProviderError, match="REFUND_AMOUNT_EXCEEDED"):
        await provider.refund(capture_id, 501, "JPY", "", "refund-b")
    await provider.refund(capture_id, 500, "JPY", "", "refund-c")
    with pytest.raises(ProviderError, match="CAPTURE_FULLY_REFUNDED"):
        await provider.refund(capture_id, 1, "JPY", "", "refund-d")
    assert sum(int(r["amount"]["value"]) for r in paypal_fake.refunds.values()) == 2000


async def test_a_refund_in_another_currency_is_refused(provider: PayPalProvider, paypal_fake: PayPalFake) -> None:
    capture_id = await paid_capture(provider, paypal_fake, 1999, "USD")
    with pytest.raises(ProviderError, match="REFUND_CAPTURE_CURRENCY_MISMATCH"):
        await provider.refund(capture_id, 100, "EUR", "", "refund-eur")
    assert paypal_fake.refunds == {}


# -- the fake's own webhooks and pages (what the cycle and browser tests rely on) --------------


class _Receiver:
    """An HTTP endpoint collecting what the fake delivers."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/paypal"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    receiver = _Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


async def test_capture_and_refund_send_webhooks_the_adapter_accepts(
    provider: PayPalProvider, paypal_fake: PayPalFake, receiver: _Receiver
) -> None:
    paypal_fake.webhook_url = receiver.url
    order = await started_order(provider, paypal_fake, 1999, "USD")
    paid = await provider.confirm(order)
    assert paid is not None
    assert paid.payment_reference is not None
    refund = await provider.refund(paid.payment_reference, 999, "USD", "", "refund-w")
    deliveries = await paypal_fake.wait_for_deliveries(2)
    assert sorted((d.event_type, d.status) for d in deliveries) == [
        ("PAYMENT.CAPTURE.COMPLETED", 200),
        ("PAYMENT.CAPTURE.REFUNDED", 200),
    ]
    updates = {}
    for headers, body in receiver.received:
        update = await provider.parse_webhook(headers, body)
        updates[update.kind] = update
    assert updates[UpdateKind.PAID].event_id == paid.event_id  # the browser's confirm and the webhook: one event
    assert updates[UpdateKind.PAID].order_id == order.order_id
    assert updates[UpdateKind.PAID].reference == order.reference
    assert updates[UpdateKind.REFUND].payment_reference == paid.payment_reference
    assert updates[UpdateKind.REFUND].refunds == (refund,)


async def test_webhooks_wait_when_sending_is_off(
    provider: PayPalProvider, paypal_fake: PayPalFake, receiver: _Receiver
) -> None:
    paypal_fake.webhook_url = receiver.url
    paypal_fake.send_webhooks = False
    await provider.confirm(await started_order(provider, paypal_fake))
    await asyncio.sleep(0.1)
    assert receiver.received == []
    assert [event_type for event_type, _ in paypal_fake.pending_webhooks] == ["PAYMENT.CAPTURE.COMPLETED"]
    (delivery,) = await asyncio.to_thread(paypal_fake.flush_webhooks)
    assert delivery.status == 200
    assert len(receiver.received) == 1
    assert paypal_fake.pending_webhooks == []


async def test_the_approval_page_approves_and_returns_or_cancels(
    provider: PayPalProvider, paypal_fake: PayPalFake
) -> None:
    paid_order = await started_order(provider, paypal_fake, approve=False)
    canceled_order = await started_order(provider, paypal_fake, approve=False)
    async with httpx.AsyncClient(base_url=paypal_fake.url) as browser:
        page = await browser.get("/checkoutnow", params={"token": paid_order.reference})
        assert page.status_code == 200
        assert "Pay with PayPal (fake)" in page.text
        assert "Cancel" in page.text
        assert "19.99 USD" in page.text
        approved = await browser.post("/checkoutnow/approve", data={"token": paid_order.reference})
        assert approved.status_code == 303
        payer = paypal_fake.orders[paid_order.reference]["payer"]["payer_id"]
        assert approved.headers["location"] == (
            f"https://app.example/orders/return?token={paid_order.reference}&PayerID={payer}"
        )
        canceled = await browser.post("/checkoutnow/cancel", data={"token": canceled_order.reference})
        assert canceled.status_code == 303
        assert canceled.headers["location"] == f"https://app.example/orders/cancel?token={canceled_order.reference}"
        missing = await browser.get("/checkoutnow", params={"token": "<script>"})
        assert missing.status_code == 404
        assert "<script>" not in missing.text
    assert paypal_fake.orders[paid_order.reference]["status"] == "APPROVED"
    assert paypal_fake.orders[canceled_order.reference]["status"] == "PAYER_ACTION_REQUIRED"
    assert (await provider.confirm(paid_order)) is not None
    assert (await provider.confirm(canceled_order)) is None


async def test_the_fake_serves_its_certificate(paypal_fake: PayPalFake) -> None:
    body = paypal_fake.event("X.Y", {})
    cert_url = paypal_fake.signed_headers(body, transmission_time=paypal_time())["PAYPAL-CERT-URL"]
    async with httpx.AsyncClient() as client:
        answer = await client.get(cert_url)
    assert answer.status_code == 200
    assert answer.text.startswith("-----BEGIN CERTIFICATE-----")
