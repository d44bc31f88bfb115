"""A local PayPal for the tests: PayPal cannot be reached from here, and the adapter, the order
cycle and the browser tests all need one that behaves like it.

A stdlib `ThreadingHTTPServer` on a free port plays the parts of PayPal's REST API that
EduSphere uses, with JSON shaped like PayPal's reference: OAuth client credentials, Orders v2
(create with `PayPal-Request-Id` idempotency, get, capture: 422 ORDER_NOT_APPROVED before the
buyer approved, ORDER_ALREADY_CAPTURED after another capture), captures' refunds (refusing more
than remains) and webhook verification that really verifies: the fake holds an RSA key pair,
signs each webhook as PayPal does (SHA256withRSA over
"transmission_id|transmission_time|webhook_id|crc32(body)"), serves its certificate at the
cert URL it signs with, and `verify-webhook-signature` checks signature, webhook id and the
transmission time's age; a forged, altered or late delivery fails.

The buyer's side is a minimal approval page, `GET /checkoutnow?token=<order id>`: "Pay with
PayPal (fake)" approves the order and 303-redirects to return_url?token=...&PayerID=...;
"Cancel" redirects to cancel_url?token=....

Captures and refunds send signed webhooks (PAYMENT.CAPTURE.COMPLETED, PAYMENT.CAPTURE.REFUNDED)
to `webhook_url` from a thread, after `webhook_delay` seconds; with `send_webhooks = False` (or
no `webhook_url`) they wait in `pending_webhooks` until `flush_webhooks()`, so a test can make
the browser arrive first.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import functools
import html
import json
import secrets
import string
import threading
import time
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

AUTH_ALGO = "SHA256withRSA"
# PayPal's currencies without minor units (the rest of those EduSphere sells have two).
ZERO_DECIMAL = frozenset({"JPY", "HUF", "TWD", "KRW"})
UNPROCESSABLE = "The requested action could not be performed, semantically incorrect, or failed business validation."
INVALID_REQUEST = "Request is not well-formed, syntactically incorrect, or violates schema."
NOT_FOUND = "The specified resource does not exist."
AUTH_FAILED = "Authentication failed due to invalid authentication credentials or a missing Authorization header."


@functools.cache
def _signing_key() -> tuple[rsa.RSAPrivateKey, bytes]:
    """One key pair and self-signed certificate per test process (generating is the slow part)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "messageverificationcerts.paypal.fake")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return key, certificate.public_bytes(serialization.Encoding.PEM)


def paypal_id(length: int = 17) -> str:
    """PayPal's ids look like 5O190127TN364715T."""
    return "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(length))


def paypal_time(moment: dt.datetime | None = None) -> str:
    return (moment or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class _Refusal(Exception):
    """An error answer in PayPal's shape."""

    def __init__(self, status: int, name: str, message: str, issue: str | None = None, description: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"name": name, "message": message, "debug_id": paypal_id(13).lower()}
        if issue:
            self.body["details"] = [{"issue": issue, "description": description or message}]
            self.body["links"] = [
                {
                    "href": f"https://developer.paypal.com/docs/api/orders/v2/#error-{issue}",
                    "rel": "information_link",
                    "method": "GET",
                }
            ]


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received. `headers` have lower-case names."""

    method: str
    path: str  # without the query string
    query: dict[str, str]
    json: Any  # the parsed JSON body, or None
    headers: dict[str, str]

    @property
    def request_id(self) -> str | None:
        return self.headers.get("paypal-request-id")


@dataclass
class Delivery:
    """A webhook the fake sent: `status` is the receiver's HTTP status, or None with `error`."""

    event_type: str
    body: bytes
    headers: dict[str, str]
    status: int | None = None
    error: str | None = None


@dataclass
class _Injection:
    path: str | None  # substring of the path it applies to; None: any API call
    status: int = 0
    body: dict[str, Any] = field(default_factory=dict)
    delay: float = 0.0


class PayPalFake:
    """PayPal's API on 127.0.0.1. Use as a context manager (or start()/close()).

    Inspect `orders` / `captures` / `refunds` (PayPal-shaped dicts by id), `requests`
    (RecordedRequest, in order), `deliveries` (webhooks sent) and `verifications`
    ((status, reason) of each verify call).
    """

    def __init__(self, *, webhook_url: str | None = None, tolerance_seconds: float = 300.0) -> None:
        self.client_id = "fake-client-" + secrets.token_hex(6)
        self.client_secret = "fake-secret-" + secrets.token_hex(12)
        self.webhook_id = "WH-" + paypal_id(17)
        self.webhook_url = webhook_url
        self.send_webhooks = True
        self.webhook_delay = 0.0
        self.tolerance_seconds = tolerance_seconds
        self.token_ttl = 32400  # PayPal's: nine hours
        self.orders: dict[str, dict[str, Any]] = {}
        self.captures: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.requests: list[RecordedRequest] = []
        self.deliveries: list[Delivery] = []
        self.pending_webhooks: list[tuple[str, bytes]] = []
        self.verifications: list[tuple[str, str]] = []
        self._lock = threading.RLock()
        self._tokens: dict[str, float] = {}
        self._idempotent: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        self._injections: list[_Injection] = []
        self._declined: set[str] = set()
        self._capture_orders: dict[str, str] = {}  # capture id -> order id
        self._signed: dict[str, int] = {}  # canonical JSON of a signed body -> crc32 of its bytes
        self._key, self._certificate = _signing_key()
        self._cert_name = "CERT-360caa42-fca2a594-" + secrets.token_hex(4)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._senders: list[threading.Thread] = []

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> PayPalFake:
        fake = self

        class Handler(_Handler):
            paypal = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="paypal-fake", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        for sender in self._senders:
            sender.join(timeout=5)

    def __enter__(self) -> PayPalFake:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        assert self._server is not None, "the fake is not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def cert_url(self) -> str:
        return f"{self.url}/v1/notifications/certs/{self._cert_name}"

    # -- what tests do ---------------------------------------------------------------------

    def approve(self, order_id: str, *, payer_id: str | None = None, decline: bool = False) -> None:
        """The buyer approves on PayPal's page. `decline`: their instrument will be refused at
        capture (422 INSTRUMENT_DECLINED)."""
        with self._lock:
            order = self.orders[order_id]
            if order["status"] not in ("CREATED", "PAYER_ACTION_REQUIRED", "APPROVED"):
                raise ValueError(f"order {order_id} is {order['status']}")
            order["status"] = "APPROVED"
            order["update_time"] = paypal_time()
            payer = payer_id or paypal_id(13)
            order["payer"] = {
                "name": {"given_name": "Fake", "surname": "Buyer"},
                "email_address": "buyer@paypal.fake",
                "payer_id": payer,
                "address": {"country_code": "US"},
            }
            order["payment_source"] = {
                "paypal": {
                    "email_address": "buyer@paypal.fake",
                    "account_id": payer,
                    "account_status": "VERIFIED",
                    "name": {"given_name": "Fake", "surname": "Buyer"},
                }
            }
            if decline:
                self._declined.add(order_id)

    def capture(self, order_id: str) -> dict[str, Any]:
        """Capture an approved order as if someone else did (another request id): the
        adapter's own capture then meets ORDER_ALREADY_CAPTURED."""
        status, body = self._capture(order_id, "external-" + secrets.token_hex(8), representation=True)
        if status >= 300:
            raise ValueError(body)
        return body

    def fail_next(
        self,
        status: int,
        name: str,
        message: str,
        *,
        issue: str | None = None,
        description: str = "",
        path: str | None = None,
    ) -> None:
        """The next API call (whose path contains `path`, if given; never the OAuth token or the
        certificate) answers with this PayPal error instead."""
        refusal = _Refusal(status, name, message, issue, description)
        with self._lock:
            self._injections.append(_Injection(path=path, status=status, body=refusal.body))

    def delay_next(self, seconds: float, *, path: str | None = None) -> None:
        """The next API call (as for fail_next) is answered only after `seconds`."""
        with self._lock:
            self._injections.append(_Injection(path=path, delay=seconds))

    def expire_tokens(self) -> None:
        """Every access token issued so far is refused (401) from now on."""
        with self._lock:
            self._tokens.clear()

    def signed_headers(
        self,
        body: bytes,
        *,
        transmission_time: str | dt.datetime | None = None,
        transmission_id: str | None = None,
        webhook_id: str | None = None,
    ) -> dict[str, str]:
        """The headers PayPal sends with `body`, signed with the fake's key. Override the time
        (a late replay) or the webhook id (another webhook's delivery) to make bad ones."""
        when = transmission_time if isinstance(transmission_time, str) else paypal_time(transmission_time)
        tid = transmission_id or str(secrets.token_hex(16))
        crc = zlib.crc32(body)
        message = f"{tid}|{when}|{webhook_id or self.webhook_id}|{crc}".encode()
        signature = self._key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        with contextlib.suppress(ValueError, UnicodeDecodeError, RecursionError), self._lock:
            self._signed[_canonical(json.loads(body))] = crc
        return {
            "PAYPAL-AUTH-ALGO": AUTH_ALGO,
            "PAYPAL-CERT-URL": self.cert_url,
            "PAYPAL-TRANSMISSION-ID": tid,
            "PAYPAL-TRANSMISSION-SIG": base64.b64encode(signature).decode(),
            "PAYPAL-TRANSMISSION-TIME": when,
        }

    def event(
        self,
        event_type: str,
        resource: dict[str, Any],
        *,
        event_id: str | None = None,
        summary: str | None = None,
        resource_type: str | None = None,
    ) -> bytes:
        """A webhook event body as PayPal sends it (not signed: see signed_headers)."""
        kinds = {"PAYMENT.CAPTURE": "capture", "CHECKOUT.ORDER": "checkout-order"}
        kind = resource_type or ("refund" if event_type.endswith("REFUNDED") else None)
        kind = kind or next((v for k, v in kinds.items() if event_type.startswith(k)), "resource")
        event = {
            "id": event_id or "WH-" + paypal_id(8) + "-" + paypal_id(17),
            "event_version": "1.0",
            "create_time": paypal_time(),
            "resource_type": kind,
            "resource_version": "2.0",
            "event_type": event_type,
            "summary": summary or f"{event_type.replace('.', ' ').title()}",
            "resource": resource,
            "links": [
                {"href": f"{self.url}/v1/notifications/webhooks-events/EVENT", "rel": "self", "method": "GET"},
                {
                    "href": f"{self.url}/v1/notifications/webhooks-events/EVENT/resend",
                    "rel": "resend",
                    "method": "POST",
                },
            ],
        }
        return json.dumps(event).encode()

    def deliver(self, body: bytes, headers: dict[str, str] | None = None) -> Delivery:
        """POST a webhook to `webhook_url` now (signed unless `headers` are given), blocking:
        from a test in the server's event loop, run it with `asyncio.to_thread`."""
        assert self.webhook_url, "no webhook_url"
        sent = headers if headers is not None else self.signed_headers(body)
        event_type = str(_dict(_loads(body)).get("event_type", ""))
        delivery = Delivery(event_type=event_type, body=body, headers=sent)
        try:
            response = httpx.post(
                self.webhook_url, content=body, headers={**sent, "Content-Type": "application/json"}, timeout=10
            )
            delivery.status = response.status_code
        except httpx.HTTPError as error:
            delivery.error = f"{type(error).__name__}: {error}"
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    def flush_webhooks(self) -> list[Delivery]:
        """Send every pending webhook now (blocking, as deliver)."""
        with self._lock:
            pending, self.pending_webhooks = self.pending_webhooks, []
        return [self.deliver(body) for _, body in pending]

    async def wait_for_deliveries(self, count: int, within: float = 10.0) -> list[Delivery]:
        """Wait (without blocking the event loop) until `count` webhooks have been sent."""
        deadline = time.monotonic() + within
        while len(self.deliveries) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.deliveries)} of {count} webhooks delivered")
            await asyncio.sleep(0.02)
        return list(self.deliveries)

    def request_log(self, method: str, path_part: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and path_part in r.path]

    # -- PayPal's side ---------------------------------------------------------------------

    def _emit(self, event_type: str, resource: dict[str, Any]) -> None:
        body = self.event(event_type, resource)
        if not self.send_webhooks or not self.webhook_url:
            with self._lock:
                self.pending_webhooks.append((event_type, body))
            return

        def send() -> None:
            if self.webhook_delay:
                time.sleep(self.webhook_delay)
            self.deliver(body)

        sender = threading.Thread(target=send, name="paypal-fake-webhook", daemon=True)
        self._senders.append(sender)
        sender.start()

    def _injection(self, path: str) -> _Injection | None:
        with self._lock:
            for i, injection in enumerate(self._injections):
                if injection.path is None or injection.path in path:
                    return self._injections.pop(i)
        return None

    def _token(self, headers: dict[str, str], form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if headers.get("authorization") != f"Basic {expected}":
            return 401, {"error": "invalid_client", "error_description": "Client Authentication failed"}
        if form.get("grant_type") != ["client_credentials"]:
            return 400, {"error": "unsupported_grant_type", "error_description": "Grant Type is NULL"}
        token = "A21AA" + secrets.token_urlsafe(48)
        with self._lock:
            self._tokens[token] = time.monotonic() + self.token_ttl
        return 200, {
            "scope": "https://uri.paypal.com/services/payments/refund https://uri.paypal.com/services/checkout",
            "access_token": token,
            "token_type": "Bearer",
            "app_id": "APP-80W284485P519543T",
            "expires_in": self.token_ttl,
            "nonce": paypal_time() + secrets.token_hex(8),
        }

    def _authorized(self, headers: dict[str, str]) -> bool:
        value = headers.get("authorization", "")
        if not value.startswith("Bearer "):
            return False
        with self._lock:
            expiry = self._tokens.get(value.removeprefix("Bearer "))
        return expiry is not None and expiry > time.monotonic()

    def _idempotent_call(self, scope: str, request_id: str | None, make: Any) -> tuple[int, dict[str, Any]]:
        """PayPal-Request-Id: the same id (within an operation) answers what the first call did."""
        if request_id is None:
            status, body = make()
            return int(status), body
        with self._lock:
            known = self._idempotent.get((scope, request_id))
            if known is not None:
                return (200 if known[0] == 201 else known[0]), json.loads(json.dumps(known[1]))
            status, body = make()
            if status < 300:
                self._idempotent[(scope, request_id)] = (status, json.loads(json.dumps(body)))
            return int(status), body

    def _create_order(self, body: Any, representation: bool) -> tuple[int, dict[str, Any]]:
        request = _dict(body)
        if request.get("intent") not in ("CAPTURE", "AUTHORIZE"):
            raise _Refusal(400, "INVALID_REQUEST", INVALID_REQUEST, "MISSING_REQUIRED_PARAMETER", "intent is required")
        units = request.get("purchase_units")
        if not isinstance(units, list) or len(units) != 1 or not isinstance(units[0], dict):
            raise _Refusal(400, "INVALID_REQUEST", INVALID_REQUEST, "MISSING_REQUIRED_PARAMETER", "purchase_units")
        unit = json.loads(json.dumps(units[0]))
        _minor(unit.get("amount"))
        for key, limit in (("custom_id", 127), ("description", 127), ("reference_id", 256)):
            if key in unit and (not isinstance(unit[key], str) or len(unit[key]) > limit):
                raise _Refusal(400, "INVALID_REQUEST", INVALID_REQUEST, "INVALID_STRING_LENGTH", f"{key} too long")
        unit.setdefault("reference_id", "default")
        unit["payee"] = {"email_address": "merchant@paypal.fake", "merchant_id": "FAKEMERCHANT1"}
        experience = _dict(_dict(_dict(request.get("payment_source")).get("paypal")).get("experience_context"))
        context = experience or _dict(request.get("application_context"))
        if not isinstance(context.get("return_url"), str) or not isinstance(context.get("cancel_url"), str):
            raise _Refusal(422, "UNPROCESSABLE_ENTITY", UNPROCESSABLE, "MISSING_RETURN_URL", "return_url is required")
        order_id = paypal_id()
        now = paypal_time()
        rel = "payer-action" if experience else "approve"
        order: dict[str, Any] = {
            "id": order_id,
            "intent": request["intent"],
            "status": "PAYER_ACTION_REQUIRED" if experience else "CREATED",
            "purchase_units": [unit],
            "create_time": now,
            "update_time": now,
            "links": [
                {"href": f"{self.url}/v2/checkout/orders/{order_id}", "rel": "self", "method": "GET"},
                {"href": f"{self.url}/checkoutnow?token={order_id}", "rel": rel, "method": "GET"},
                {"href": f"{self.url}/v2/checkout/orders/{order_id}", "rel": "update", "method": "PATCH"},
                {"href": f"{self.url}/v2/checkout/orders/{order_id}/capture", "rel": "capture", "method": "POST"},
            ],
            "_return_url": context["return_url"],
            "_cancel_url": context["cancel_url"],
        }
        with self._lock:
            self.orders[order_id] = order
        return 201, self._order_view(order, representation)

    def _order_view(self, order: dict[str, Any], representation: bool = True) -> dict[str, Any]:
        view = {k: v for k, v in order.items() if not k.startswith("_")}
        if not representation:
            view = {"id": view["id"], "status": view["status"], "links": view["links"]}
        copy: dict[str, Any] = json.loads(json.dumps(view))  # callers may not touch the fake's state
        return copy

    def _get_order(self, order_id: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            order = self.orders.get(order_id)
            if order is None:
                raise _Refusal(
                    404, "RESOURCE_NOT_FOUND", NOT_FOUND, "INVALID_RESOURCE_ID", "Specified resource ID does not exist."
                )
            return 200, self._order_view(order)

    def _capture(self, order_id: str, request_id: str | None, representation: bool) -> tuple[int, dict[str, Any]]:
        def make() -> tuple[int, dict[str, Any]]:
            order = self.orders.get(order_id)
            if order is None:
                raise _Refusal(
                    404, "RESOURCE_NOT_FOUND", NOT_FOUND, "INVALID_RESOURCE_ID", "Specified resource ID does not exist."
                )
            if order["status"] == "COMPLETED":
                raise _Refusal(
                    422,
                    "UNPROCESSABLE_ENTITY",
                    UNPROCESSABLE,
                    "ORDER_ALREADY_CAPTURED",
                    "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
                )
            if order["status"] != "APPROVED":
                raise _Refusal(
                    422,
                    "UNPROCESSABLE_ENTITY",
                    UNPROCESSABLE,
                    "ORDER_NOT_APPROVED",
                    "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':"
                    "'approve' url returned as part of the HATEOAS links within the Create Order call or provide "
                    "a valid payment_source in the request.",
                )
            if order_id in self._declined:
                raise _Refusal(
                    422,
                    "UNPROCESSABLE_ENTITY",
                    UNPROCESSABLE,
                    "INSTRUMENT_DECLINED",
                    "The instrument presented  was either declined by the processor or bank, or it can't be "
                    "used for this payment.",
                )
            unit = order["purchase_units"][0]
            amount = dict(unit["amount"])
            fee = _fee(amount)
            capture_id = paypal_id()
            now = paypal_time()
            capture: dict[str, Any] = {
                "id": capture_id,
                "status": "COMPLETED",
                "amount": amount,
                "final_capture": True,
                "seller_protection": {"status": "ELIGIBLE", "dispute_categories": ["ITEM_NOT_RECEIVED"]},
                "seller_receivable_breakdown": {
                    "gross_amount": amount,
                    "paypal_fee": fee,
                    "net_amount": _subtract(amount, fee),
                },
                "links": [
                    {"href": f"{self.url}/v2/payments/captures/{capture_id}", "rel": "self", "method": "GET"},
                    {"href": f"{self.url}/v2/payments/captures/{capture_id}/refund", "rel": "refund", "method": "POST"},
                    {"href": f"{self.url}/v2/checkout/orders/{order_id}", "rel": "up", "method": "GET"},
                ],
                "create_time": now,
                "update_time": now,
            }
            if "custom_id" in unit:
                capture["custom_id"] = unit["custom_id"]
            unit["payments"] = {"captures": [capture]}
            order["status"] = "COMPLETED"
            order["update_time"] = now
            self.captures[capture_id] = capture
            self._capture_orders[capture_id] = order_id
            resource = {
                **json.loads(json.dumps(capture)),
                "supplementary_data": {"related_ids": {"order_id": order_id}},
            }
            self._emit("PAYMENT.CAPTURE.COMPLETED", resource)
            return 201, self._order_view(order, representation)

        with self._lock:
            return self._idempotent_call(f"capture:{order_id}", request_id, make)

    def _refund(
        self, capture_id: str, body: Any, request_id: str | None, representation: bool
    ) -> tuple[int, dict[str, Any]]:
        def make() -> tuple[int, dict[str, Any]]:
            capture = self.captures.get(capture_id)
            if capture is None:
                raise _Refusal(
                    404, "RESOURCE_NOT_FOUND", NOT_FOUND, "INVALID_RESOURCE_ID", "Specified resource ID does not exist."
                )
            request = _dict(body)
            currency = capture["amount"]["currency_code"]
            captured = _minor(capture["amount"])
            done = sum(_minor(r["amount"]) for r in self.refunds.values() if r["_capture_id"] == capture_id)
            remaining = captured - done
            if remaining <= 0:
                raise _Refusal(
                    422,
                    "UNPROCESSABLE_ENTITY",
                    UNPROCESSABLE,
                    "CAPTURE_FULLY_REFUNDED",
                    "The capture has already been fully refunded",
                )
            if "amount" in request:
                amount = _dict(request["amount"])
                if amount.get("currency_code") != currency:
                    raise _Refusal(
                        422,
                        "UNPROCESSABLE_ENTITY",
                        UNPROCESSABLE,
                        "REFUND_CAPTURE_CURRENCY_MISMATCH",
                        "Refund must be in the same currency as the capture.",
                    )
                wanted = _minor(amount)
                if wanted <= 0:
                    raise _Refusal(400, "INVALID_REQUEST", INVALID_REQUEST, "INVALID_PARAMETER_VALUE", "amount")
                if wanted > remaining:
                    raise _Refusal(
                        422,
                        "UNPROCESSABLE_ENTITY",
                        UNPROCESSABLE,
                        "REFUND_AMOUNT_EXCEEDED",
                        "The refund amount must be less than or equal to the capture amount that has not yet "
                        "been refunded.",
                    )
                amount = {"currency_code": currency, "value": str(amount["value"])}
            else:
                wanted, amount = remaining, _amount_of(remaining, currency)
            refund_id = paypal_id()
            now = paypal_time()
            refund: dict[str, Any] = {
                "id": refund_id,
                "amount": amount,
                "seller_payable_breakdown": {
                    "gross_amount": amount,
                    "paypal_fee": _amount_of(0, currency),
                    "net_amount": amount,
                    "total_refunded_amount": _amount_of(done + wanted, currency),
                },
                "status": "COMPLETED",
                "create_time": now,
                "update_time": now,
                "links": [
                    {"href": f"{self.url}/v2/payments/refunds/{refund_id}", "rel": "self", "method": "GET"},
                    {"href": f"{self.url}/v2/payments/captures/{capture_id}", "rel": "up", "method": "GET"},
                ],
                "_capture_id": capture_id,
            }
            for key in ("note_to_payer", "custom_id", "invoice_id"):
                if isinstance(request.get(key), str):
                    refund[key] = request[key]
            self.refunds[refund_id] = refund
            capture["status"] = "REFUNDED" if done + wanted == captured else "PARTIALLY_REFUNDED"
            capture["update_time"] = now
            view = {k: v for k, v in refund.items() if not k.startswith("_")}
            self._emit("PAYMENT.CAPTURE.REFUNDED", json.loads(json.dumps(view)))
            if not representation:
                view = {"id": refund_id, "status": "COMPLETED", "links": view["links"]}
            return 201, json.loads(json.dumps(view))

        with self._lock:
            return self._idempotent_call(f"refund:{capture_id}", request_id, make)

    def _verify(self, body: Any) -> tuple[int, dict[str, Any]]:
        request = _dict(body)
        names = ("auth_algo", "cert_url", "transmission_id", "transmission_sig", "transmission_time", "webhook_id")
        missing = [n for n in names if not isinstance(request.get(n), str) or not request[n]]
        if not isinstance(request.get("webhook_event"), dict):
            missing.append("webhook_event")
        if missing:
            return 400, {
                "name": "VALIDATION_ERROR",
                "message": "Invalid request - see details",
                "debug_id": paypal_id(13).lower(),
                "details": [
                    {"field": f"/{n}", "location": "body", "issue": "MISSING_REQUIRED_PARAMETER"} for n in missing
                ],
            }
        reason = self._check_signature(request)
        with self._lock:
            self.verifications.append(("FAILURE" if reason else "SUCCESS", reason or "verified"))
        return 200, {"verification_status": "FAILURE" if reason else "SUCCESS"}

    def _check_signature(self, request: dict[str, Any]) -> str | None:
        """Why the delivery is not authentic, or None."""
        if request["auth_algo"] != AUTH_ALGO:
            return "unknown auth_algo"
        if request["cert_url"] != self.cert_url:
            return "certificate not PayPal's"
        if request["webhook_id"] != self.webhook_id:
            return "unknown webhook id"
        try:
            sent = dt.datetime.fromisoformat(request["transmission_time"].replace("Z", "+00:00"))
        except ValueError:
            return "unreadable transmission_time"
        if sent.tzinfo is None:
            return "transmission_time without a zone"
        if abs((dt.datetime.now(dt.UTC) - sent).total_seconds()) > self.tolerance_seconds:
            return "transmission_time outside the tolerance"
        event = request["webhook_event"]
        canonical = _canonical(event)
        with self._lock:
            crc = self._signed.get(canonical)
        if crc is None:  # not a body the fake signed (altered): the CRC of what came
            crc = zlib.crc32(canonical.encode())
        message = f"{request['transmission_id']}|{request['transmission_time']}|{request['webhook_id']}|{crc}"
        try:
            signature = base64.b64decode(request["transmission_sig"], validate=True)
            certificate = x509.load_pem_x509_certificate(self._certificate)
            public_key = certificate.public_key()
            assert isinstance(public_key, rsa.RSAPublicKey)
            public_key.verify(signature, message.encode(), padding.PKCS1v15(), hashes.SHA256())
        except (ValueError, InvalidSignature):
            return "signature does not match"
        return None

    # -- the buyer's pages -----------------------------------------------------------------

    def _approval_page(self, order_id: str) -> tuple[int, str]:
        with self._lock:
            order = self.orders.get(order_id)
        if order is None:
            return 404, "<!doctype html><title>PayPal (fake)</title><p>This checkout does not exist.</p>"
        unit = order["purchase_units"][0]
        token = html.escape(order_id)
        amount = html.escape(f"{unit['amount']['value']} {unit['amount']['currency_code']}")
        description = html.escape(str(unit.get("description", "")))
        if order["status"] not in ("CREATED", "PAYER_ACTION_REQUIRED", "APPROVED"):
            return 200, f"<!doctype html><title>PayPal (fake)</title><p>This checkout is {order['status']}.</p>"
        return 200, (
            "<!doctype html><html><head><meta charset='utf-8'><title>PayPal (fake)</title></head><body>"
            f"<h1>PayPal (fake)</h1><p class='description'>{description}</p><p class='amount'>{amount}</p>"
            f"<form method='post' action='/checkoutnow/approve'><input type='hidden' name='token' value='{token}'>"
            "<button type='submit'>Pay with PayPal (fake)</button></form>"
            f"<form method='post' action='/checkoutnow/cancel'><input type='hidden' name='token' value='{token}'>"
            "<button type='submit'>Cancel</button></form></body></html>"
        )

    def _approval_redirect(self, order_id: str, approve: bool) -> str | None:
        with self._lock:
            order = self.orders.get(order_id)
            if order is None:
                return None
            if approve:
                if order["status"] in ("CREATED", "PAYER_ACTION_REQUIRED", "APPROVED"):
                    self.approve(order_id)
                payer = _dict(order.get("payer")).get("payer_id", "")
                return _with_query(order["_return_url"], token=order_id, PayerID=str(payer))
            return _with_query(order["_cancel_url"], token=order_id)


class _Handler(BaseHTTPRequestHandler):
    paypal: PayPalFake
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read `fake.requests`."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        fake = self.paypal
        parts = urlsplit(self.path)
        path = parts.path
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        content_type = headers.get("content-type", "")
        form = parse_qs(raw.decode("latin-1")) if "x-www-form-urlencoded" in content_type else {}
        parsed = _loads(raw) if "json" in content_type else None
        with fake._lock:
            fake.requests.append(RecordedRequest(method, path, query, parsed, headers))
        try:
            self._route(method, path, query, raw, parsed, headers, form)
        except _Refusal as refusal:
            self._json(refusal.status, refusal.body)

    def _route(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        raw: bytes,
        body: Any,
        headers: dict[str, str],
        form: dict[str, list[str]],
    ) -> None:
        fake = self.paypal
        segments = [s for s in path.split("/") if s]
        if method == "POST" and path == "/v1/oauth2/token":
            self._json(*fake._token(headers, form))
            return
        if method == "GET" and path.startswith("/v1/notifications/certs/"):
            if path.rsplit("/", 1)[-1] != fake._cert_name:
                self._send(404, b"not found", "text/plain")
                return
            self._send(200, fake._certificate, "application/x-pem-file")
            return
        if path == "/checkoutnow" and method == "GET":
            status, page = fake._approval_page(query.get("token", ""))
            self._send(status, page.encode(), "text/html; charset=utf-8")
            return
        if path in ("/checkoutnow/approve", "/checkoutnow/cancel") and method == "POST":
            token = (form.get("token") or [""])[0]
            target = fake._approval_redirect(token, approve=path.endswith("approve"))
            if target is None:
                self._send(404, b"This checkout does not exist.", "text/plain")
                return
            self.send_response(303)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not path.startswith("/v"):  # a browser's /favicon.ico and the like: not the API
            self._send(404, b"not found", "text/plain")
            return
        # The API proper: bearer token, then the tests' injections, then PayPal's behaviour.
        if not fake._authorized(headers):
            self._json(401, {"name": "AUTHENTICATION_FAILURE", "message": AUTH_FAILED, "links": []})
            return
        injection = fake._injection(path)
        if injection is not None:
            if injection.delay:
                time.sleep(injection.delay)
            if injection.status:
                self._json(injection.status, injection.body)
                return
        representation = "return=representation" in headers.get("prefer", "")
        request_id = headers.get("paypal-request-id")
        if raw and body is None:
            raise _Refusal(400, "INVALID_REQUEST", INVALID_REQUEST, "MALFORMED_REQUEST_JSON", "not JSON")
        match (method, segments):
            case ("POST", ["v2", "checkout", "orders"]):
                self._json(
                    *fake._idempotent_call("create-order", request_id, lambda: fake._create_order(body, representation))
                )
            case ("GET", ["v2", "checkout", "orders", order_id]):
                self._json(*fake._get_order(order_id))
            case ("POST", ["v2", "checkout", "orders", order_id, "capture"]):
                self._json(*fake._capture(order_id, request_id, representation))
            case ("GET", ["v2", "payments", "captures", capture_id]):
                with fake._lock:
                    capture = fake.captures.get(capture_id)
                if capture is None:
                    raise _Refusal(404, "RESOURCE_NOT_FOUND", NOT_FOUND, "INVALID_RESOURCE_ID", capture_id)
                self._json(200, capture)
            case ("POST", ["v2", "payments", "captures", capture_id, "refund"]):
                self._json(*fake._refund(capture_id, body, request_id, representation))
            case ("GET", ["v2", "payments", "refunds", refund_id]):
                with fake._lock:
                    refund = fake.refunds.get(refund_id)
                if refund is None:
                    raise _Refusal(404, "RESOURCE_NOT_FOUND", NOT_FOUND, "INVALID_RESOURCE_ID", refund_id)
                self._json(200, {k: v for k, v in refund.items() if not k.startswith("_")})
            case ("POST", ["v1", "notifications", "verify-webhook-signature"]):
                self._json(*fake._verify(body))
            case _:
                raise _Refusal(404, "RESOURCE_NOT_FOUND", NOT_FOUND, "INVALID_RESOURCE_ID", path)

    def _json(self, status: int, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(body).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        # The client may have given up (a test's timeout): nobody is left to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)


def _loads(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _places(currency: str) -> int:
    return 0 if currency in ZERO_DECIMAL else 2


def _minor(amount: Any) -> int:
    """An amount object in minor units, refused as PayPal refuses it."""
    amount = _dict(amount)
    currency, value = amount.get("currency_code"), amount.get("value")
    if not isinstance(currency, str) or len(currency) != 3 or not isinstance(value, str):
        raise _Refusal(400, "INVALID_REQUEST", INVALID_REQUEST, "MISSING_REQUIRED_PARAMETER", "amount")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _Refusal(400, "INVALID_REQUEST", INVALID_REQUEST, "INVALID_PARAMETER_SYNTAX", "amount value") from None
    if not number.is_finite() or number < 0:
        raise _Refusal(400, "INVALID_REQUEST", INVALID_REQUEST, "INVALID_PARAMETER_VALUE", "amount value")
    places = _places(currency)
    if places == 0 and "." in value:
        raise _Refusal(
            422, "UNPROCESSABLE_ENTITY", UNPROCESSABLE, "DECIMALS_NOT_SUPPORTED", "Currency does not support decimals."
        )
    if "." in value and len(value.split(".", 1)[1]) > places:
        raise _Refusal(
            422,
            "UNPROCESSABLE_ENTITY",
            UNPROCESSABLE,
            "DECIMAL_PRECISION",
            "If the currency supports decimals, only two decimal place precision is supported.",
        )
    return int(number.scaleb(places))


def _amount_of(minor: int, currency: str) -> dict[str, str]:
    places = _places(currency)
    value = str(minor) if places == 0 else f"{minor // 100}.{minor % 100:02d}"
    return {"currency_code": currency, "value": value}


def _fee(amount: dict[str, str]) -> dict[str, str]:
    """PayPal's fee, roughly: 3.49% (at least one minor unit)."""
    minor = _minor(amount)
    return _amount_of(max(1, minor * 349 // 10000), amount["currency_code"])


def _subtract(amount: dict[str, str], fee: dict[str, str]) -> dict[str, str]:
    return _amount_of(_minor(amount) - _minor(fee), amount["currency_code"])


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = parts.query + ("&" if parts.query else "") + urlencode(params)
    return urlunsplit(parts._replace(query=query))
