"""Stripe Checkout behind the provider contract (`providers.base`).

The buyer pays on Stripe's hosted Checkout page; EduSphere learns the outcome from a signed
webhook or, on the buyer's return, by reading the Checkout Session (`confirm`), whichever
comes first. Every order travels with the session three ways (`client_reference_id`, the
session's metadata and the PaymentIntent's metadata) so that each event about it, a session's,
a charge's or a refund's, can be traced back without asking Stripe.

Everything Stripe sends, answers and webhook bodies alike, is read as plain JSON and checked
field by field (`_Reader`): a body that is authentic but not what Stripe documents is refused
with `WebhookRejected` (or, when it is about no EduSphere order, IGNORED), never an exception
of another kind.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Mapping
from typing import Any, NoReturn
from uuid import UUID

import httpx
import stripe

from edusphere.core.settings import PaymentSettings
from edusphere.payments.models import ProviderName, RefundStatus
from edusphere.payments.providers.base import (
    CheckoutRequest,
    CheckoutStarted,
    OrderRef,
    PaymentUpdate,
    ProviderError,
    RefundState,
    UpdateKind,
    WebhookRejected,
)

log = logging.getLogger(__name__)

# Stripe's own: signed deliveries older than this are replays (also refused this far ahead).
WEBHOOK_TOLERANCE_SECONDS = 300
# Columns these values end up in (payment_events.event_id/event_type, orders.*_reference).
_MAX_ID = 255
_MAX_TYPE = 100
_MAX_MESSAGE = 500
# Stripe's metadata values are limited to 500 characters.
_MAX_METADATA = 500
# Amounts land in 32-bit integer columns; Stripe's own ceiling is lower (99999999).
_MAX_AMOUNT = 2**31 - 1
_CURRENCY = re.compile(r"[A-Za-z]{3}")

_SESSION_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
    }
)
_REFUND_EVENTS = frozenset({"refund.created", "refund.updated", "refund.failed"})
_STRIPE_REFUND_STATUS = {
    "succeeded": RefundStatus.SUCCEEDED,
    "pending": RefundStatus.PENDING,
    "requires_action": RefundStatus.PENDING,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}


class _Unreadable(Exception):
    """A field of something Stripe sent is missing or of the wrong type."""


class _NotOurs(Exception):
    """An authentic object that names no EduSphere order (another integration's session)."""


class _Reader:
    """Typed access to one JSON object from Stripe, naming the path of what is wrong."""

    def __init__(self, value: object, path: str) -> None:
        if not isinstance(value, dict):
            raise _Unreadable(f"{path} is not an object")
        self._data: dict[str, Any] = value
        self._path = path

    def child(self, key: str) -> _Reader:
        return _Reader(self._data.get(key), f"{self._path}.{key}")

    def optional_child(self, key: str) -> _Reader | None:
        value = self._data.get(key)
        return None if value is None else _Reader(value, f"{self._path}.{key}")

    def string(self, key: str, *, max_length: int = _MAX_ID) -> str:
        value = self.optional_string(key, max_length=max_length)
        if value is None:
            raise _Unreadable(f"{self._path}.{key} is missing")
        return value

    def optional_string(self, key: str, *, max_length: int = _MAX_ID) -> str | None:
        value = self._data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value or len(value) > max_length:
            raise _Unreadable(f"{self._path}.{key} is not a string of 1 to {max_length} characters")
        return value

    def amount(self, key: str) -> int:
        value = self._data.get(key)
        # bool is an int to Python, and floats (1e308) are not minor units.
        if type(value) is not int or not 0 <= value <= _MAX_AMOUNT:
            raise _Unreadable(f"{self._path}.{key} is not an amount")
        return value

    def currency(self, key: str) -> str:
        value = self._data.get(key)
        if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
            raise _Unreadable(f"{self._path}.{key} is not a currency code")
        return value.upper()

    def reference(self, key: str) -> str | None:
        """An id, or the expanded object carrying it (`payment_intent` may be either)."""
        value = self._data.get(key)
        if isinstance(value, dict):
            return self.child(key).string("id")
        return self.optional_string(key)

    def flag(self, key: str) -> bool:
        """A boolean; absent counts as False."""
        value = self._data.get(key, False)
        if not isinstance(value, bool):
            raise _Unreadable(f"{self._path}.{key} is not a boolean")
        return value

    def list_of(self, key: str) -> list[_Reader]:
        value = self._data.get(key)
        if not isinstance(value, list):
            raise _Unreadable(f"{self._path}.{key} is not a list")
        return [_Reader(item, f"{self._path}.{key}[{index}]") for index, item in enumerate(value)]

    def order_id(self, *keys: str) -> UUID | None:
        """The order this object names, from the first of `keys` present (dotted for
        metadata); None when it names none. Raises _NotOurs when it names something that is
        not an EduSphere order id, or two different ones."""
        found: set[UUID] = set()
        for key in keys:
            holder: _Reader | None = self
            name = key
            if "." in key:
                parent, name = key.split(".", 1)
                holder = self.optional_child(parent)
            if holder is None:
                continue
            value = holder._data.get(name)
            if value is None or value == "":
                continue
            if not isinstance(value, str) or len(value) > 64:
                raise _NotOurs(f"{self._path}.{key} is not an EduSphere order id")
            try:
                found.add(UUID(value))
            except ValueError:
                raise _NotOurs(f"{self._path}.{key} is not an EduSphere order id") from None
        if len(found) > 1:
            raise _NotOurs(f"{self._path} names two different orders")
        return next(iter(found), None)


class _HTTPXClient(stripe.HTTPXClient):
    """The SDK's httpx transport, handing its form-encoded body to httpx as `content`: it
    passes the encoded string as `data`, which httpx 0.28 deprecates (a DeprecationWarning
    on every POST, an error under the test suite's warning filter) and 1.0 removes."""

    def _get_request_args_kwargs(self, method: str, url: str, headers: Mapping[str, str], post_data: Any) -> list[Any]:
        args, kwargs = super()._get_request_args_kwargs(method, url, headers, post_data)
        data = kwargs.pop("data", None)
        if isinstance(data, str | bytes):
            kwargs["content"] = data
        elif data:
            kwargs["data"] = data
        return [args, kwargs]


def _refund_state(refund: _Reader) -> RefundState:
    return RefundState(
        refund_id=refund.string("id"),
        amount_cents=refund.amount("amount"),
        currency=refund.currency("currency"),
        # "pending" and "requires_action" may still succeed; they count once they have. A
        # refund may fail (or be canceled) even after it succeeded.
        status=_STRIPE_REFUND_STATUS.get(refund.optional_string("status") or "", RefundStatus.PENDING),
    )


class StripeProvider:
    """`Provider` for Stripe Checkout; one per process (it holds an HTTP connection pool,
    released by `aclose`)."""

    name = ProviderName.STRIPE

    def __init__(self, settings: PaymentSettings, *, max_network_retries: int = 2) -> None:
        if not settings.stripe_secret_key or not settings.stripe_webhook_secret:
            raise ValueError("StripeProvider needs stripe_secret_key and stripe_webhook_secret")
        self._webhook_secret = settings.stripe_webhook_secret
        self._http = _HTTPXClient(timeout=settings.provider_timeout_seconds)
        # Retries (connection errors, timeouts, 409/5xx) resend the same Idempotency-Key, so a
        # retried create can only ever find the first one's result.
        self._client = stripe.StripeClient(
            settings.stripe_secret_key,
            base_addresses={"api": settings.stripe_api_base.rstrip("/")} if settings.stripe_api_base else None,
            http_client=self._http,
            max_network_retries=max_network_retries,
        )

    async def aclose(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]

    # -- API calls -------------------------------------------------------------------------

    async def start_checkout(self, request: CheckoutRequest) -> CheckoutStarted:
        order_id = str(request.order_id)
        metadata = {"order_id": order_id, "course_id": str(request.course_id)}
        try:
            session = await self._client.v1.checkout.sessions.create_async(
                {
                    "mode": "payment",
                    "line_items": [
                        {
                            "quantity": 1,
                            "price_data": {
                                "currency": request.currency.lower(),
                                "unit_amount": request.amount_cents,
                                "product_data": {"name": request.course_title},
                            },
                        }
                    ],
                    "client_reference_id": order_id,
                    "metadata": metadata,
                    "payment_intent_data": {"metadata": metadata},
                    "customer_email": request.buyer_email,
                    "success_url": request.success_url,
                    "cancel_url": request.cancel_url,
                },
                {"idempotency_key": request.idempotency_key},
            )
        except Exception as error:
            _raise_provider_error(error, "create a checkout session")
        try:
            reader = _Reader(session.to_dict(), "session")
            return CheckoutStarted(reference=reader.string("id"), redirect_url=reader.string("url", max_length=2048))
        except _Unreadable as error:
            raise ProviderError(f"Stripe answered with an unreadable checkout session ({error})") from None

    async def confirm(self, order: OrderRef) -> PaymentUpdate | None:
        try:
            session = await self._client.v1.checkout.sessions.retrieve_async(order.reference)
        except Exception as error:
            _raise_provider_error(error, "read the checkout session")
        try:
            reader = _Reader(session.to_dict(), "session")
            session_id = reader.string("id")
            named = reader.order_id("client_reference_id", "metadata.order_id")
            if named is not None and named != order.order_id:
                raise _NotOurs("the session belongs to another order")
            if reader.optional_string("payment_status") == "paid":
                return self._session_update(
                    reader, f"session:{session_id}:paid", "checkout.session.retrieve", order.order_id
                )
            if reader.optional_string("status") == "expired":
                return PaymentUpdate(
                    provider=self.name,
                    event_id=f"session:{session_id}:expired",
                    event_type="checkout.session.retrieve",
                    kind=UpdateKind.CANCELED,
                    order_id=order.order_id,
                    reference=session_id,
                )
            return None
        except (_Unreadable, _NotOurs) as error:
            raise ProviderError(f"Stripe answered with an unusable checkout session ({error})") from None

    async def cancel(self, order: OrderRef) -> None:
        """Expire the session so a tab left open cannot pay an order EduSphere gave up on.
        Stripe refuses for a session that is no longer open (paid, already expired): then
        the webhook or `confirm` tells the rest, and nothing here needs to fail."""
        try:
            await self._client.v1.checkout.sessions.expire_async(order.reference)
        except Exception as error:
            log.warning("Stripe: could not expire checkout session %s of order %s: %s", order.reference,
                        order.order_id, _message(error))  # fmt: skip

    async def refund(
        self, payment_reference: str, amount_cents: int, currency: str, reason: str, idempotency_key: str
    ) -> RefundState:
        try:
            refund = await self._client.v1.refunds.create_async(
                {
                    "payment_intent": payment_reference,
                    "amount": amount_cents,
                    "metadata": {"reason": reason[:_MAX_METADATA]},
                },
                {"idempotency_key": idempotency_key},
            )
        except Exception as error:
            _raise_provider_error(error, "refund")
        try:
            state = _refund_state(_Reader(refund.to_dict(), "refund"))
        except _Unreadable as error:
            raise ProviderError(f"Stripe answered with an unreadable refund ({error})") from None
        if state.currency != currency.upper():
            # Made all the same (Stripe refunds in the charge's currency): the state says so.
            log.warning("Stripe refund %s is in %s, not %s", state.refund_id, state.currency, currency.upper())
        return state

    # -- webhooks --------------------------------------------------------------------------

    async def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> PaymentUpdate:
        event = self._verified_event(headers.get("stripe-signature"), body)
        try:
            event_id = event.string("id")
            event_type = event.string("type", max_length=_MAX_TYPE)
            if event_type not in _SESSION_EVENTS | _REFUND_EVENTS | {"charge.refunded"}:
                return self._ignored(event_id, event_type)
            obj = event.child("data").child("object")
        except _Unreadable as error:
            raise WebhookRejected(f"not a Stripe event: {error}") from None
        try:
            if event_type in _SESSION_EVENTS:
                return self._session_event(event_id, event_type, obj)
            if event_type == "charge.refunded":
                return await self._charge_refunded(event_id, event_type, obj)
            refund = _refund_state(obj)
            return PaymentUpdate(
                provider=self.name,
                event_id=event_id,
                event_type=event_type,
                kind=UpdateKind.REFUND,
                order_id=obj.order_id("metadata.order_id"),
                payment_reference=obj.reference("payment_intent"),
                currency=refund.currency,
                refunds=(refund,),
            )
        except _NotOurs as error:
            log.info("Stripe event %s (%s) ignored: %s", event_id, event_type, error)
            return self._ignored(event_id, event_type)
        except _Unreadable as error:
            raise WebhookRejected(f"unreadable {event_type} event: {error}") from None

    def _verified_event(self, header: str | None, body: bytes) -> _Reader:
        if not header:
            raise WebhookRejected("no Stripe-Signature header")
        try:
            payload = body.decode("utf-8")
        except UnicodeDecodeError:
            raise WebhookRejected("the body is not UTF-8") from None
        try:
            stripe.WebhookSignature.verify_header(payload, header, self._webhook_secret, WEBHOOK_TOLERANCE_SECONDS)
        except stripe.SignatureVerificationError as error:
            raise WebhookRejected(f"bad Stripe-Signature: {error.user_message}") from None
        except (TypeError, ValueError):
            # hmac.compare_digest refuses non-ASCII text in a forged v1 value.
            raise WebhookRejected("bad Stripe-Signature: unreadable signature") from None
        # The SDK only refuses old timestamps; one from the future is no more credible. (The
        # header parsed as the SDK just did: its first `t=` item.)
        items = [item.split("=", 2) for item in header.split(",")]
        timestamp = int(next(item[1] for item in items if item[0] == "t"))
        if timestamp > time.time() + WEBHOOK_TOLERANCE_SECONDS:
            raise WebhookRejected("bad Stripe-Signature: timestamp outside the tolerance zone")
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):
            # ValueError also covers integers longer than Python converts (4300 digits).
            raise WebhookRejected("the body is not JSON") from None
        if not isinstance(data, dict) or data.get("object") != "event":
            raise WebhookRejected("the body is not a Stripe event")
        return _Reader(data, "event")

    def _session_event(self, event_id: str, event_type: str, session: _Reader) -> PaymentUpdate:
        order_id = session.order_id("client_reference_id", "metadata.order_id")
        session_id = session.string("id")
        if event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
            if session.optional_string("payment_status") != "paid":
                # Completed but unpaid: a delayed method (bank debit) whose outcome is the
                # async_payment_succeeded/failed event still to come; the order waits for it.
                return PaymentUpdate(
                    provider=self.name, event_id=event_id, event_type=event_type, kind=UpdateKind.AWAITING,
                    order_id=order_id, reference=session_id,
                )  # fmt: skip
            return self._session_update(session, event_id, event_type, order_id)
        kind = UpdateKind.FAILED if event_type == "checkout.session.async_payment_failed" else UpdateKind.CANCELED
        return PaymentUpdate(
            provider=self.name,
            event_id=event_id,
            event_type=event_type,
            kind=kind,
            order_id=order_id,
            reference=session_id,
            message="The payment failed." if kind is UpdateKind.FAILED else "",
        )

    def _session_update(self, session: _Reader, event_id: str, event_type: str, order_id: UUID | None) -> PaymentUpdate:
        payment_reference = session.reference("payment_intent")
        if payment_reference is None:
            raise _Unreadable("session.payment_intent is missing")
        # With Adaptive Pricing the buyer pays in their own currency: `amount_total` and
        # `currency` are then theirs, and `currency_conversion` holds the amount in the
        # session's own currency (the order's), which is what the order is compared with.
        conversion = session.optional_child("currency_conversion")
        if conversion is not None:
            amount, currency = conversion.amount("amount_total"), conversion.currency("source_currency")
        else:
            amount, currency = session.amount("amount_total"), session.currency("currency")
        return PaymentUpdate(
            provider=self.name,
            event_id=event_id,
            event_type=event_type,
            kind=UpdateKind.PAID,
            order_id=order_id,
            reference=session.string("id"),
            payment_reference=payment_reference,
            amount_cents=amount,
            currency=currency,
        )

    async def _charge_refunded(self, event_id: str, event_type: str, charge: _Reader) -> PaymentUpdate:
        """Every refund of the charge. Since API version 2022-11-15 Stripe no longer embeds
        `refunds` in a charge; then they are listed from the API."""
        charge_id = charge.string("id")
        currency = charge.currency("currency")
        embedded = charge.optional_child("refunds")
        if embedded is not None and embedded.flag("has_more") is False:
            refunds = [_refund_state(item) for item in embedded.list_of("data")]
        else:
            refunds = await self._list_refunds(charge_id)
        return PaymentUpdate(
            provider=self.name,
            event_id=event_id,
            event_type=event_type,
            kind=UpdateKind.REFUND,
            order_id=charge.order_id("metadata.order_id"),
            payment_reference=charge.reference("payment_intent"),
            amount_cents=charge.amount("amount"),
            currency=currency,
            refunds=tuple(refunds),
        )

    async def _list_refunds(self, charge_id: str) -> list[RefundState]:
        try:
            page = await self._client.v1.refunds.list_async({"charge": charge_id, "limit": 100})
            listing = _Reader(page.to_dict(), "refunds")
            return [_refund_state(item) for item in listing.list_of("data")]
        except _Unreadable:
            raise
        except Exception as error:
            # The delivery is authentic; Stripe is what failed: answered 503 (not counted as a
            # refused delivery), so that Stripe delivers the event again later.
            raise ProviderError(f"could not list the refunds of {charge_id}: {_message(error)}") from None

    def _ignored(self, event_id: str, event_type: str) -> PaymentUpdate:
        return PaymentUpdate(provider=self.name, event_id=event_id, event_type=event_type, kind=UpdateKind.IGNORED)


def _message(error: BaseException) -> str:
    """What to tell the buyer or the admin: Stripe's own message, or what went wrong on the way."""
    if isinstance(error, stripe.APIConnectionError) and error.http_status is None:
        cause = error.__cause__
        if isinstance(cause, httpx.TimeoutException):
            return "timed out"
        return "could not reach Stripe"
    if isinstance(error, stripe.StripeError):
        return (error.user_message or "Stripe refused the request")[:_MAX_MESSAGE]
    return f"unexpected answer from Stripe ({type(error).__name__})"


def _raise_provider_error(error: Exception, doing: str) -> NoReturn:
    status = error.http_status if isinstance(error, stripe.StripeError) else None
    message = _message(error)
    log.warning("Stripe: could not %s: %s (HTTP %s)", doing, message, status)
    raise ProviderError(message, status=status) from error
