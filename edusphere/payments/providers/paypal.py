"""PayPal (Orders v2): the buyer approves an order on PayPal, EduSphere captures it.

How it talks to PayPal. Orders (create, get, capture), the refund of a capture and the OAuth
client-credentials token go through PayPal's official SDK, `paypal-server-sdk` (2.x): it
takes another base URL through a `Configuration` whose `get_base_uri` answers
`PAYPAL_API_BASE` (the tests' local fake), it sends `PayPal-Request-Id` on create, capture
and refund, and it caches the token until shortly before it expires. The SDK is synchronous
(`requests`), so each call runs in a worker thread (`asyncio.to_thread`); its answers are read
from the raw JSON, not from its untyped models, so every field EduSphere relies on is checked
here. The SDK has no call for webhook verification (`POST /v1/notifications/verify-webhook-
signature`), so that one is made with `httpx.AsyncClient`, with the SDK's token.

Webhooks are verified by asking PayPal (it checks the signature over transmission id, time,
webhook id and the body's CRC32 with its certificate): EduSphere never trusts a delivery PayPal
did not confirm. A replayed delivery that PayPal still confirms changes nothing: the update's
`event_id` is the exactly-once key (`capture:<capture id>` for a payment, on the buyer's return
and in the webhook alike, so whichever arrives second is a duplicate).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

import httpx
import requests
from apimatic_core.exceptions.auth_validation_exception import AuthValidationException
from paypalserversdk.configuration import Configuration, Server
from paypalserversdk.exceptions.api_exception import ApiException
from paypalserversdk.http.auth.o_auth_2 import ClientCredentialsAuthCredentials
from paypalserversdk.paypal_serversdk_client import PaypalServersdkClient

from edusphere.core.settings import PaymentSettings
from edusphere.payments.models import ProviderName, RefundStatus
from edusphere.payments.money import InvalidAmount, from_decimal_string, to_decimal_string
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

BASE_URLS = {"sandbox": "https://api-m.sandbox.paypal.com", "live": "https://api-m.paypal.com"}

# Refresh the token this long before PayPal says it expires (clock skew, a slow request).
_TOKEN_SKEW_SECONDS = 60
# PayPal's limits on the fields EduSphere fills in.
_DESCRIPTION_MAX = 127
_NOTE_TO_PAYER_MAX = 255
_MESSAGE_MAX = 500  # orders.failure_message
_ID_MAX = 255
_WEBHOOK_BODY_MAX = 1024 * 1024
_HEADER_MAX = 4096
_WEBHOOK_HEADERS = {
    "auth_algo": "paypal-auth-algo",
    "cert_url": "paypal-cert-url",
    "transmission_id": "paypal-transmission-id",
    "transmission_sig": "paypal-transmission-sig",
    "transmission_time": "paypal-transmission-time",
}
# Capture failures that are the buyer's payment being refused, not EduSphere's request.
_DECLINES = frozenset(
    {
        "INSTRUMENT_DECLINED",
        "TRANSACTION_REFUSED",
        "PAYER_CANNOT_PAY",
        "PAYEE_BLOCKED_TRANSACTION",
        "MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED",
        "COMPLIANCE_VIOLATION",
    }
)


class PayPalError(ProviderError):
    """PayPal's error answer, with the first detail's `issue` (ORDER_NOT_APPROVED, ...) that
    decides what `confirm` does, and its description (the buyer-facing reason)."""

    def __init__(self, message: str, *, status: int | None, issue: str = "", description: str = "") -> None:
        super().__init__(message, status=status)
        self.issue = issue
        self.description = description


class _Configuration(Configuration):  # type: ignore[misc]  # the SDK is untyped
    """The SDK's configuration with one base URL for every call (PayPal's, or a local fake)."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._base_url = base_url

    def get_base_uri(self, server: Server = Server.DEFAULT) -> str:
        return self._base_url


class PayPalProvider:
    name = ProviderName.PAYPAL

    def __init__(self, settings: PaymentSettings) -> None:
        if not settings.paypal_enabled:
            raise ValueError("PayPal needs PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID")
        self.base_url = (settings.paypal_api_base or BASE_URLS[settings.paypal_environment]).rstrip("/")
        self._webhook_id = str(settings.paypal_webhook_id)
        self._timeout = settings.provider_timeout_seconds
        self._token: Any = None
        self._token_lock = threading.Lock()
        credentials = ClientCredentialsAuthCredentials(
            o_auth_client_id=settings.paypal_client_id,
            o_auth_client_secret=settings.paypal_client_secret,
            o_auth_token_provider=self._fetch_token,
            o_auth_clock_skew=_TOKEN_SKEW_SECONDS,
        )
        self._client = PaypalServersdkClient(
            config=_Configuration(
                self.base_url,
                timeout=self._timeout,
                max_retries=0,
                client_credentials_auth_credentials=credentials,
            )
        )

    # -- the Provider protocol -------------------------------------------------------------

    async def start_checkout(self, request: CheckoutRequest) -> CheckoutStarted:
        body = {
            "intent": "CAPTURE",
            "purchase_units": [
                {
                    "reference_id": str(request.order_id),
                    "custom_id": str(request.order_id),
                    "description": request.course_title[:_DESCRIPTION_MAX],
                    "amount": {
                        "currency_code": request.currency,
                        "value": to_decimal_string(request.amount_cents, request.currency),
                    },
                }
            ],
            "payment_source": {
                "paypal": {
                    "experience_context": {
                        "return_url": request.success_url,
                        "cancel_url": request.cancel_url,
                        # The buyer pays on PayPal's page; EduSphere captures on their return.
                        "user_action": "PAY_NOW",
                        "shipping_preference": "NO_SHIPPING",
                    }
                }
            },
        }
        order = await self._call(
            lambda: self._client.orders.create_order(
                {"body": body, "paypal_request_id": request.idempotency_key, "prefer": "return=representation"}
            )
        )
        reference = _identifier(order.get("id"), "order id")
        for link in _list(order.get("links")):
            if isinstance(link, dict) and link.get("rel") in ("payer-action", "approve"):
                href = link.get("href")
                if isinstance(href, str) and href.startswith(("https://", "http://")):
                    return CheckoutStarted(reference=reference, redirect_url=href)
        raise ProviderError("PayPal's order has no approval link")

    async def confirm(self, order: OrderRef) -> PaymentUpdate | None:
        try:
            answer = await self._call(
                lambda: self._client.orders.capture_order(
                    {
                        "id": order.reference,
                        "paypal_request_id": f"capture-{order.order_id}",
                        "prefer": "return=representation",
                    }
                )
            )
        except PayPalError as error:
            if error.issue == "ORDER_NOT_APPROVED":
                return None  # the buyer has not approved yet (or came back by another way)
            if error.issue in _DECLINES:
                return PaymentUpdate(
                    provider=self.name,
                    event_id=f"declined:{order.reference}",
                    event_type="PAYMENT.CAPTURE.DECLINED",
                    kind=UpdateKind.FAILED,
                    order_id=order.order_id,
                    reference=order.reference,
                    message=(error.description or error.message)[:_MESSAGE_MAX],
                )
            if error.issue != "ORDER_ALREADY_CAPTURED":
                raise
            # Captured before, under another request id: the order says how.
            answer = await self._call(lambda: self._client.orders.get_order({"id": order.reference}))
        return self._capture_update(answer, order)

    async def cancel(self, order: OrderRef) -> None:
        """Nothing to do: an order the buyer never approved cannot be captured and expires."""

    async def refund(
        self, payment_reference: str, amount_cents: int, currency: str, reason: str, idempotency_key: str
    ) -> RefundState:
        body: dict[str, Any] = {
            "amount": {"currency_code": currency, "value": to_decimal_string(amount_cents, currency)}
        }
        if reason:
            body["note_to_payer"] = reason[:_NOTE_TO_PAYER_MAX]
        answer = await self._call(
            lambda: self._client.payments.refund_captured_payment(
                {
                    "capture_id": payment_reference,
                    "body": body,
                    "paypal_request_id": idempotency_key,
                    "prefer": "return=representation",
                }
            )
        )
        try:
            return _refund_state(answer, default_amount=(amount_cents, currency))
        except (_Unreadable, InvalidAmount) as error:
            raise ProviderError(f"PayPal's refund is unreadable: {error}") from None

    async def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> PaymentUpdate:
        lowered = {str(key).lower(): value for key, value in headers.items()}
        signature: dict[str, str] = {}
        for field, header in _WEBHOOK_HEADERS.items():
            value = lowered.get(header)
            if not isinstance(value, str) or not value.strip():
                raise WebhookRejected(f"missing {header} header")
            if len(value) > _HEADER_MAX:
                raise WebhookRejected(f"{header} header too long")
            signature[field] = value.strip()
        event = _read_event(body)
        await self._verify(signature, body)
        try:
            return self._translate(event)
        except (_Unreadable, InvalidAmount) as error:
            raise WebhookRejected(f"unreadable {event['event_type']} event: {error}") from None

    # -- PayPal's answers ------------------------------------------------------------------

    def _capture_update(self, order_json: dict[str, Any], order: OrderRef) -> PaymentUpdate | None:
        """The order after a capture: PAID when its capture completed, FAILED when declined,
        None while PayPal still holds it (PENDING: the webhook tells the rest)."""
        try:
            units = _list(order_json.get("purchase_units"))
            unit = units[0] if units and isinstance(units[0], dict) else {}
            captures = _list(_dict(unit.get("payments")).get("captures"))
            if not captures:
                return None
            capture = _dict(captures[0])
            status = capture.get("status")
            if status in ("DECLINED", "FAILED"):
                reason = _dict(capture.get("status_details")).get("reason")
                return PaymentUpdate(
                    provider=self.name,
                    event_id=f"declined:{order.reference}",
                    event_type="PAYMENT.CAPTURE.DECLINED",
                    kind=UpdateKind.FAILED,
                    order_id=order.order_id,
                    reference=order.reference,
                    message=(str(reason) if reason else "PayPal declined the payment")[:_MESSAGE_MAX],
                )
            if status != "COMPLETED":
                return None
            capture_id = _identifier(capture.get("id"), "capture id")
            amount_cents, currency = _amount(capture.get("amount"))
            custom = capture.get("custom_id") or unit.get("custom_id")
        except (_Unreadable, InvalidAmount) as error:
            raise ProviderError(f"PayPal's capture is unreadable: {error}") from None
        return PaymentUpdate(
            provider=self.name,
            event_id=f"capture:{capture_id}",
            event_type="PAYMENT.CAPTURE.COMPLETED",
            kind=UpdateKind.PAID,
            order_id=_order_id(custom) or order.order_id,
            reference=order.reference,
            payment_reference=capture_id,
            amount_cents=amount_cents,
            currency=currency,
        )

    def _translate(self, event: dict[str, Any]) -> PaymentUpdate:
        event_id = _identifier(event.get("id"), "event id")
        event_type: str = event["event_type"]
        resource: dict[str, Any] = event["resource"]
        if event_type == "PAYMENT.CAPTURE.COMPLETED":
            capture_id = _identifier(resource.get("id"), "capture id")
            amount_cents, currency = _amount(resource.get("amount"))
            return PaymentUpdate(
                provider=self.name,
                event_id=f"capture:{capture_id}",
                event_type=event_type,
                kind=UpdateKind.PAID,
                order_id=_order_id(resource.get("custom_id")),
                reference=_related_order(resource),
                payment_reference=capture_id,
                amount_cents=amount_cents,
                currency=currency,
            )
        if event_type in ("PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED"):
            reference = _related_order(resource)
            reason = _dict(resource.get("status_details")).get("reason") or event.get("summary")
            return PaymentUpdate(
                provider=self.name,
                event_id=f"declined:{reference}" if reference else event_id,
                event_type=event_type,
                kind=UpdateKind.FAILED,
                order_id=_order_id(resource.get("custom_id")),
                reference=reference,
                payment_reference=_optional_identifier(resource.get("id")),
                message=(str(reason) if reason else "PayPal declined the payment")[:_MESSAGE_MAX],
            )
        if event_type == "PAYMENT.CAPTURE.REFUNDED":
            refund = _refund_state(resource, default_amount=None)
            return PaymentUpdate(
                provider=self.name,
                event_id=event_id,
                event_type=event_type,
                kind=UpdateKind.REFUND,
                order_id=_order_id(resource.get("custom_id")),
                payment_reference=_up_capture(resource),
                refunds=(refund,),
            )
        if event_type == "CHECKOUT.ORDER.VOIDED":
            units = _list(resource.get("purchase_units"))
            custom = _dict(units[0]).get("custom_id") if units else None
            return PaymentUpdate(
                provider=self.name,
                event_id=event_id,
                event_type=event_type,
                kind=UpdateKind.CANCELED,
                order_id=_order_id(custom),
                reference=_identifier(resource.get("id"), "order id"),
            )
        return PaymentUpdate(provider=self.name, event_id=event_id, event_type=event_type, kind=UpdateKind.IGNORED)

    # -- calls -----------------------------------------------------------------------------

    def _fetch_token(self, _last: Any, auth_manager: Any) -> Any:
        """The SDK's token provider: called when there is no token or it is about to expire.
        Unlike the SDK's default, lets PayPal's refusal (invalid_client) through, and keeps
        the token for the one call the SDK does not make (webhook verification)."""
        token = auth_manager.fetch_token()
        with self._token_lock:
            self._token = token
        return token

    def _bearer(self) -> str:
        if not self._client.oauth_2.is_valid():  # fetches a token when there is none or it expired
            raise ProviderError("PayPal gave no access token")
        with self._token_lock:
            return str(self._token.access_token)

    async def _call(self, call: Callable[[], Any]) -> dict[str, Any]:
        """One SDK call in a worker thread; its JSON answer, or PayPal's error as ProviderError."""
        try:
            response = await asyncio.to_thread(call)
        except ApiException as error:
            raise _paypal_error(error.response_code, error.response.text) from None
        except AuthValidationException:
            raise ProviderError("PayPal gave no usable access token") from None
        except requests.Timeout:
            raise ProviderError("timed out") from None
        except requests.RequestException as error:
            raise ProviderError(f"PayPal could not be reached ({type(error).__name__})") from None
        try:
            answer = json.loads(response.text)
        except (TypeError, ValueError):
            answer = None
        if not isinstance(answer, dict):
            raise ProviderError("PayPal answered something that is not a JSON object")
        return answer

    async def _verify(self, signature: dict[str, str], body: bytes) -> None:
        """Ask PayPal whether it sent this delivery. The event goes back byte for byte (spliced
        into the request, not re-serialised) so that PayPal's CRC32 is over what it signed."""
        try:
            token = await asyncio.to_thread(self._bearer)
        except ApiException as error:
            raise _paypal_error(error.response_code, error.response.text) from None
        except requests.Timeout:
            raise ProviderError("timed out") from None
        except requests.RequestException as error:
            raise ProviderError(f"PayPal could not be reached ({type(error).__name__})") from None
        fields = {**signature, "webhook_id": self._webhook_id}
        content = json.dumps(fields)[:-1].encode() + b', "webhook_event": ' + body + b"}"
        try:
            async with httpx.AsyncClient(base_url=self.base_url, timeout=self._timeout) as client:
                response = await client.post(
                    "/v1/notifications/verify-webhook-signature",
                    content=content,
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                )
        except httpx.TimeoutException:
            raise ProviderError("timed out") from None
        except httpx.HTTPError as error:
            raise ProviderError(f"PayPal could not be reached ({type(error).__name__})") from None
        if response.status_code in (400, 422):
            # PayPal could not even read the signature fields: they came from the delivery.
            raise WebhookRejected(f"PayPal refused to verify the delivery: {_paypal_error(422, response.text)}")
        if response.status_code >= 300:
            raise _paypal_error(response.status_code, response.text)
        try:
            status = response.json().get("verification_status")
        except (ValueError, AttributeError):
            raise ProviderError("PayPal's verification answer is unreadable") from None
        if status != "SUCCESS":
            raise WebhookRejected("signature verification failed")


# -- reading JSON ----------------------------------------------------------------------------


class _Unreadable(ValueError):
    """A field of PayPal's JSON that is missing or not what PayPal documents."""


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _identifier(value: object, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > _ID_MAX:
        raise _Unreadable(f"no {what}")
    return value


def _optional_identifier(value: object) -> str | None:
    return value if isinstance(value, str) and value and len(value) <= _ID_MAX else None


def _amount(value: object) -> tuple[int, str]:
    amount = _dict(value)
    currency, text = amount.get("currency_code"), amount.get("value")
    if not isinstance(currency, str) or len(currency) != 3 or not isinstance(text, str) or len(text) > 32:
        raise _Unreadable("no amount")
    currency = currency.upper()
    return from_decimal_string(text, currency), currency


def _order_id(value: object) -> UUID | None:
    """custom_id is EduSphere's order id; another integration on the same PayPal account may
    put anything there, which is no order of ours."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return UUID(value)
    except ValueError:
        return None


def _related_order(resource: dict[str, Any]) -> str | None:
    related = _dict(_dict(resource.get("supplementary_data")).get("related_ids"))
    return _optional_identifier(related.get("order_id"))


def _up_capture(refund: dict[str, Any]) -> str | None:
    """The capture a refund belongs to: its HATEOAS "up" link, .../v2/payments/captures/{id}."""
    for link in _list(refund.get("links")):
        href = _dict(link).get("href")
        if _dict(link).get("rel") == "up" and isinstance(href, str) and "/captures/" in href:
            return _optional_identifier(href.rstrip("/").rsplit("/", 1)[-1])
    return None


def _refund_state(refund: dict[str, Any], *, default_amount: tuple[int, str] | None) -> RefundState:
    """A refund resource; `return=minimal` answers carry no amount, then it is what was asked."""
    refund_id = _identifier(refund.get("id"), "refund id")
    if "amount" in refund or default_amount is None:
        amount_cents, currency = _amount(refund.get("amount"))
    else:
        amount_cents, currency = default_amount
    return RefundState(
        refund_id=refund_id,
        amount_cents=amount_cents,
        currency=currency,
        status={"COMPLETED": RefundStatus.SUCCEEDED, "PENDING": RefundStatus.PENDING}.get(
            str(refund.get("status")), RefundStatus.FAILED
        ),
    )


def _read_event(body: bytes) -> dict[str, Any]:
    """The delivery as PayPal's event shape, before anything is asked of PayPal."""
    if len(body) > _WEBHOOK_BODY_MAX:
        raise WebhookRejected("body too large")
    try:
        event = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise WebhookRejected("body is not JSON") from None
    if not isinstance(event, dict):
        raise WebhookRejected("body is not a PayPal event")
    if not isinstance(event.get("id"), str) or not event["id"] or len(event["id"]) > _ID_MAX:
        raise WebhookRejected("event has no id")
    if not isinstance(event.get("event_type"), str) or not event["event_type"] or len(event["event_type"]) > 100:
        raise WebhookRejected("event has no event_type")
    if not isinstance(event.get("resource"), dict):
        raise WebhookRejected("event has no resource")
    return event


def _paypal_error(status: int, text: object) -> PayPalError:
    """PayPal's error body: {name, message, details: [{issue, description}]} for the REST
    APIs, {error, error_description} for OAuth."""
    try:
        body = json.loads(text) if isinstance(text, str | bytes) else None
    except (ValueError, RecursionError):
        body = None
    body = _dict(body)
    details = _list(body.get("details"))
    first = _dict(details[0]) if details else {}
    issue = first.get("issue") if isinstance(first.get("issue"), str) else ""
    description = first.get("description") if isinstance(first.get("description"), str) else ""
    name, message = body.get("name") or body.get("error"), body.get("message") or body.get("error_description")
    if isinstance(name, str) and isinstance(message, str):
        text_ = f"{name}: {message}"
    elif isinstance(name, str) or isinstance(message, str):
        text_ = str(name or message)
    else:
        text_ = f"PayPal answered HTTP {status}"
    if issue or description:
        text_ += f" ({': '.join(part for part in (issue, description) if part)})"
    return PayPalError(
        text_[:_MESSAGE_MAX], status=status, issue=str(issue), description=str(description)[:_MESSAGE_MAX]
    )
