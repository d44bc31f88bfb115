"""A local stand-in for Stripe's API, its hosted Checkout page and its webhooks.

Stripe cannot be reached from the test machines, so the adapter is tested against this: a
real HTTP server (stdlib `ThreadingHTTPServer` in its own thread, so it answers whatever the
test's event loop is doing) that speaks the part of Stripe's v1 API EduSphere uses, in
Stripe's shapes: form-encoded bodies in, JSON objects and `{"error": {...}}` out, the
Idempotency-Key honoured as Stripe does (same key and parameters: the first answer again;
same key, other parameters: an `idempotency_error`).

Webhooks are signed for real (`Stripe-Signature: t=...,v1=HMAC-SHA256(secret, "t.body")`) and
POSTed to `webhook_url` by one background sender, in order, after the API answer that caused
them, as Stripe does: an admin's refund call is answered before its webhook arrives, so the
receiving server never waits on itself. Paying (the hosted page's Pay button, or `pay`) is the
exception that makes tests deterministic: it waits for its `checkout.session.completed`
delivery before redirecting/returning (set `hold_webhooks` to see the buyer return first).

Endpoints::

    POST /v1/checkout/sessions              mode=payment, one or more price_data line items
    GET  /v1/checkout/sessions/{id}
    POST /v1/checkout/sessions/{id}/expire  open sessions only (webhook checkout.session.expired)
    POST /v1/refunds                        payment_intent or charge; amount optional (= the rest)
    GET  /v1/refunds?charge=|payment_intent=
    GET  /pay/{session_id}                  the hosted checkout page (course, amount, Pay, Cancel)
    POST /pay/{session_id}                  Pay: paid, webhook, 303 to success_url
    GET  /pay/{session_id}/cancel           303 to cancel_url (the session stays open, as Stripe's)
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import html
import json
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from edusphere.core.settings import PaymentSettings

API_VERSION = "2026-10-28.endive"


@dataclass
class RecordedRequest:
    """One request the fake received (API or hosted page), as it arrived."""

    method: str
    path: str  # without the query
    query: dict[str, Any]  # nested, as `params`
    params: dict[str, Any]  # the form body decoded into nested dicts/lists (Stripe's a[b][0]=...)
    form: list[tuple[str, str]]  # the form body's pairs as sent
    headers: dict[str, str]  # lower-case names
    status: int = 0  # what the fake answered

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("idempotency-key")


@dataclass
class Delivery:
    """One webhook the fake sent (or tried to)."""

    event: dict[str, Any]
    body: bytes
    signature: str
    status: int | None = None  # the receiver's HTTP status; None: not sent / no answer
    response: str = ""
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def type(self) -> str:
        return str(self.event["type"])

    @property
    def event_id(self) -> str:
        return str(self.event["id"])


@dataclass
class _Failure:
    status: int
    message: str
    type: str
    code: str | None
    path: str | None
    should_retry: bool | None


class StripeApiError(Exception):
    """Answered as Stripe's `{"error": {"type", "message", "code", "param"}}`."""

    def __init__(
        self, status: int, message: str, *, type: str = "invalid_request_error", code: str | None = None,
        param: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"error": {"type": type, "message": message}}
        if code:
            self.body["error"]["code"] = code
        if param:
            self.body["error"]["param"] = param


def decode_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`a[b][0][c]=x` pairs -> {"a": {"b": [{"c": "x"}]}} (Stripe's form encoding)."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        parts = [head, *re.findall(r"([^\[\]]*)\]", "[" + rest)] if rest else [head]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise StripeApiError(400, f"Invalid array or hash: {key}", param=key)
        node[parts[-1]] = value
    return _listify(root)


def _listify(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    converted = {key: _listify(item) for key, item in value.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def _integer(params: dict[str, Any], key: str, param: str | None = None) -> int:
    value = params.get(key)
    if not isinstance(value, str) or not re.fullmatch(r"-?\d{1,12}", value):
        raise StripeApiError(400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=param or key)
    return int(value)


def _public(obj: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of an object as Stripe shows it (the fake's own keys start with "_")."""
    copy: dict[str, Any] = json.loads(json.dumps({k: v for k, v in obj.items() if not k.startswith("_")}))
    return copy


def _stripe_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


def _money(minor: int, currency: str) -> str:
    zero_decimal = currency.lower() in {"jpy", "krw", "vnd", "clp", "isk", "ugx", "xaf", "xof"}
    return f"{minor} {currency.upper()}" if zero_decimal else f"{minor / 100:.2f} {currency.upper()}"


class _Outbox:
    """Webhook deliveries, sent one at a time in order by one thread."""

    def __init__(self, send: Any) -> None:
        self._send = send
        self._pending: deque[Delivery] = deque()
        self._busy = False
        self._stopping = False
        self.held = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="stripe-fake-webhooks", daemon=True)
        self._thread.start()

    def put(self, delivery: Delivery) -> None:
        with self._cond:
            self._pending.append(delivery)
            self._cond.notify_all()

    def hold(self, held: bool) -> None:
        with self._cond:
            self.held = held
            self._cond.notify_all()

    def clear(self) -> None:
        with self._cond:
            self._pending.clear()

    def wait_idle(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._busy and not self._pending, timeout)

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(10)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._stopping or (self._pending and not self.held))
                if self._stopping:
                    return
                delivery = self._pending.popleft()
                self._busy = True
            try:
                self._send(delivery)
            finally:
                delivery.done.set()
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


class StripeFake:
    """Stripe's API on 127.0.0.1:<free port>. Start with `start()` (or `with StripeFake() as
    fake`); `reset()` forgets everything between tests but keeps the port and secrets."""

    def __init__(
        self, *, secret_key: str | None = None, webhook_secret: str | None = None, webhook_url: str | None = None
    ) -> None:
        self.secret_key = secret_key or f"sk_test_{secrets.token_hex(12)}"
        self.webhook_secret = webhook_secret or f"whsec_{secrets.token_hex(16)}"
        # Where webhooks go; reset() restores `default_webhook_url`.
        self.default_webhook_url = webhook_url
        self.webhook_url = webhook_url
        # The status new refunds get ("succeeded", or "pending" to settle later with settle_refund).
        self.refund_status = "succeeded"
        self.requests: list[RecordedRequest] = []
        self.deliveries: list[Delivery] = []
        self.sessions: dict[str, dict[str, Any]] = {}
        self.payment_intents: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self._idempotent: dict[str, tuple[str, int, dict[str, Any]]] = {}
        self._failures: deque[_Failure] = deque()
        self._delays: deque[tuple[float, str | None]] = deque()
        self._lock = threading.RLock()
        self._generation = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._outbox = _Outbox(self._send)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> StripeFake:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="stripe-fake", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self._outbox.stop()

    def __enter__(self) -> StripeFake:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        with self._lock:
            self._generation += 1
            self._outbox.clear()
            self._outbox.hold(False)
            self.webhook_url = self.default_webhook_url
            self.refund_status = "succeeded"
            for collection in (self.sessions, self.payment_intents, self.charges, self.refunds, self._idempotent):
                collection.clear()
            self.requests.clear()
            self.deliveries.clear()
            self._failures.clear()
            self._delays.clear()

    @property
    def url(self) -> str:
        assert self._server is not None, "StripeFake not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def payment_settings(self, **overrides: Any) -> PaymentSettings:
        """PaymentSettings pointing the Stripe SDK at this fake."""
        values: dict[str, Any] = {
            "stripe_secret_key": self.secret_key,
            "stripe_webhook_secret": self.webhook_secret,
            "stripe_api_base": self.url,
            **overrides,
        }
        return PaymentSettings(**values)

    # -- what tests use --------------------------------------------------------------------

    def fail_next(
        self, status: int, message: str, *, code: str | None = None, type: str | None = None, times: int = 1,
        path: str | None = None, should_retry: bool | None = None,
    ) -> None:  # fmt: skip
        """The next `times` API requests (those whose path starts with `path`, if given) are
        answered `status` with Stripe's error body, doing nothing. `should_retry` sets the
        Stripe-Should-Retry header (the SDK retries 409/5xx by default)."""
        if type is None:
            type = {402: "card_error"}.get(status, "api_error" if status >= 500 else "invalid_request_error")
        with self._lock:
            for _ in range(times):
                self._failures.append(_Failure(status, message, type, code, path, should_retry))

    def delay_next(self, seconds: float, *, times: int = 1, path: str | None = None) -> None:
        """The next `times` API requests wait `seconds` before they are handled (and are then
        handled: a client that timed out has still created what it asked for, as with Stripe)."""
        with self._lock:
            for _ in range(times):
                self._delays.append((seconds, path))

    def sign(self, payload: bytes, timestamp: int | None = None, *, secret: str | None = None) -> str:
        """The Stripe-Signature header for `payload` (now, unless `timestamp`)."""
        moment = int(time.time()) if timestamp is None else timestamp
        signed = f"{moment}.".encode() + payload
        digest = hmac.new((secret or self.webhook_secret).encode(), signed, hashlib.sha256).hexdigest()
        return f"t={moment},v1={digest}"

    def event(self, type: str, obj: dict[str, Any], *, event_id: str | None = None) -> bytes:
        """A Stripe event body (`{"id": "evt_...", "object": "event", "type", "data": {"object"}}`)."""
        return json.dumps(self._event(type, obj, event_id=event_id)).encode()

    def webhook_headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """The headers Stripe sends with `body`, lower-case as Provider.parse_webhook takes them."""
        return {"stripe-signature": self.sign(body, timestamp), "content-type": "application/json"}

    def api_requests(self, method: str | None = None, path: str | None = None) -> list[RecordedRequest]:
        """The recorded API requests (not the hosted page's), optionally one method / path prefix."""
        return [
            r for r in list(self.requests)
            if r.path.startswith("/v1/") and (method is None or r.method == method)
            and (path is None or r.path.startswith(path))
        ]  # fmt: skip

    async def pay(self, session_id: str, *, delayed: bool = False, wait_seconds: float = 10) -> Delivery:
        """What the hosted page's Pay button does: the session is paid (a PaymentIntent and a
        Charge appear) and `checkout.session.completed` is delivered; returns that delivery
        once sent (at once if `hold_webhooks`). `delayed`: a bank debit, completed but unpaid
        until `complete_async_payment`. From an async test: the delivery needs the event
        loop, so the wait runs in a thread."""
        return await asyncio.to_thread(self.pay_blocking, session_id, delayed=delayed, wait_seconds=wait_seconds)

    def pay_blocking(self, session_id: str, *, delayed: bool = False, wait_seconds: float = 10) -> Delivery:
        """`pay` for synchronous callers (never from the event loop the webhook receiver runs in)."""
        delivery = self._pay(session_id, delayed=delayed)
        if not self._outbox.held:
            delivery.done.wait(wait_seconds)
        return delivery

    async def settle(self, wait_seconds: float = 10) -> None:
        """Wait until every queued webhook has been delivered (refunds', expiries')."""
        idle = await asyncio.to_thread(self._outbox.wait_idle, wait_seconds)
        assert idle, "webhooks still queued (hold_webhooks is on, or the receiver hangs)"

    @property
    def hold_webhooks(self) -> bool:
        return self._outbox.held

    @hold_webhooks.setter
    def hold_webhooks(self, held: bool) -> None:
        """True: queue deliveries without sending them (the buyer returns before the webhook);
        False: send what was queued."""
        self._outbox.hold(held)

    def send_event(self, type: str, obj: dict[str, Any]) -> Delivery:
        """Queue a signed event of any type for `webhook_url` (await `settle()` to see it sent)."""
        with self._lock:
            return self._queue(type, obj)

    def settle_refund(self, refund_id: str, status: str) -> Delivery:
        """A pending refund becomes `status` ("succeeded", "failed"): refund.updated, and
        charge.refunded if it succeeded."""
        with self._lock:
            refund = self.refunds[refund_id]
            refund["status"] = status
            charge = self.charges[refund["charge"]]
            if status == "succeeded":
                charge["amount_refunded"] = self._refunded(charge)
                charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
            delivery = self._queue("refund.updated", refund)
            if status == "succeeded":
                self._queue("charge.refunded", self._charge_view(charge))
            return delivery

    def complete_async_payment(self, session_id: str, *, succeeded: bool) -> Delivery:
        """The outcome of a delayed payment (`pay(..., delayed=True)`): the session is paid
        (checkout.session.async_payment_succeeded) or stays unpaid (..._failed)."""
        with self._lock:
            session = self.sessions[session_id]
            if session["status"] != "complete" or session["payment_status"] != "unpaid":
                raise ValueError(f"{session_id} is not awaiting a delayed payment")
            if succeeded:
                self._capture(session)
                return self._queue("checkout.session.async_payment_succeeded", session)
            return self._queue("checkout.session.async_payment_failed", session)

    # -- the API ---------------------------------------------------------------------------

    def _handle_api(self, request: RecordedRequest) -> tuple[int, dict[str, Any], dict[str, str]]:
        generation = self._generation
        delay = self._take(self._delays, request.path)
        if delay is not None:
            time.sleep(delay[0])
        with self._lock:
            if generation != self._generation:
                # Delayed past a reset(): its test is over; it must not create anything in the next.
                return 504, StripeApiError(504, "The fake was reset.", type="api_error").body, {}
            failure = self._take(self._failures, request.path)
            if failure is not None:
                error = StripeApiError(failure.status, failure.message, type=failure.type, code=failure.code)
                headers = (
                    {} if failure.should_retry is None else {"Stripe-Should-Retry": str(failure.should_retry).lower()}
                )
                return failure.status, error.body, headers
            if request.headers.get("authorization") != f"Bearer {self.secret_key}":
                key = request.headers.get("authorization", "").removeprefix("Bearer ")
                return 401, StripeApiError(401, f"Invalid API Key provided: {key[:8]}***").body, {}
            key = request.idempotency_key if request.method == "POST" else None
            fingerprint = json.dumps([request.method, request.path, request.form])
            if key is not None and key in self._idempotent:
                seen, status, body = self._idempotent[key]
                if seen != fingerprint:
                    message = (
                        "Keys for idempotent requests can only be used with the same parameters they were first "
                        f"used with. Try using a key other than '{key}' if you meant to execute a different request."
                    )
                    return 400, StripeApiError(400, message, type="idempotency_error").body, {}
                return status, body, {"Idempotent-Replayed": "true"}
            try:
                # A snapshot, without the fake's own "_" keys: a replay answers what was answered.
                status, body = 200, _public(self._route(request))
            except StripeApiError as error:
                status, body = error.status, error.body
            if key is not None:
                self._idempotent[key] = (fingerprint, status, body)
            return status, body, {}

    def _take(self, queue: deque[Any], path: str) -> Any:
        with self._lock:
            for item in list(queue):
                prefix = item.path if isinstance(item, _Failure) else item[1]
                if prefix is None or path.startswith(prefix):
                    queue.remove(item)
                    return item
            return None

    def _route(self, request: RecordedRequest) -> dict[str, Any]:
        method, path = request.method, request.path
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._create_session(request.params)
        match = re.fullmatch(r"/v1/checkout/sessions/([^/]+)(/expire)?", path)
        if match and method == ("POST" if match[2] else "GET"):
            session = self._session(match[1])
            if match[2]:
                if session["status"] != "open":
                    raise StripeApiError(
                        400,
                        f'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session '
                        f'has a status of "{session["status"]}".',
                    )
                session["status"] = "expired"
                session["url"] = None
                self._queue("checkout.session.expired", session)
            return session
        if method == "POST" and path == "/v1/refunds":
            return self._create_refund(request.params)
        if method == "GET" and path == "/v1/refunds":
            data = [
                r for r in self.refunds.values()
                if r["charge"] == request.query.get("charge", r["charge"])
                and r["payment_intent"] == request.query.get("payment_intent", r["payment_intent"])
            ]  # fmt: skip
            return {"object": "list", "data": data, "has_more": False, "url": "/v1/refunds"}
        raise StripeApiError(
            404, f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at "
            "https://support.stripe.com/."
        )  # fmt: skip

    def _session(self, session_id: str) -> dict[str, Any]:
        session = self.sessions.get(session_id)
        if session is None:
            raise StripeApiError(
                404, f"No such checkout.session: '{session_id}'", code="resource_missing", param="session"
            )
        return session

    def _create_session(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("mode") != "payment":
            raise StripeApiError(400, "This fake only knows mode=payment.", param="mode")
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise StripeApiError(400, "line_items is required in payment mode.", param="line_items")
        currencies, total, lines = set(), 0, []
        for index, item in enumerate(items):
            price = item.get("price_data") if isinstance(item, dict) else None
            product = price.get("product_data") if isinstance(price, dict) else None
            if not isinstance(product, dict) or not product.get("name"):
                raise StripeApiError(400, "Missing required param: line_items[][price_data][product_data][name].",
                                     code="parameter_missing", param=f"line_items[{index}][price_data]")  # fmt: skip
            amount = _integer(price, "unit_amount", f"line_items[{index}][price_data][unit_amount]")
            quantity = _integer(item, "quantity", f"line_items[{index}][quantity]")
            if amount < 0 or quantity < 1:
                raise StripeApiError(400, "Invalid line item amount or quantity.", param=f"line_items[{index}]")
            currency = str(price.get("currency", ""))
            if not re.fullmatch(r"[a-z]{3}", currency):
                raise StripeApiError(400, f"Invalid currency: {currency}.", param=f"line_items[{index}][currency]")
            currencies.add(currency)
            total += amount * quantity
            lines.append({"name": product["name"], "unit_amount": amount, "quantity": quantity})
        if len(currencies) != 1:
            raise StripeApiError(400, "All line items must have the same currency.", param="line_items")
        for required in ("success_url", "cancel_url"):
            if not params.get(required):
                raise StripeApiError(400, f"Missing required param: {required}.", code="parameter_missing",
                                     param=required)  # fmt: skip
        session_id = _stripe_id("cs")
        now = int(time.time())
        session: dict[str, Any] = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": params["cancel_url"],
            "client_reference_id": params.get("client_reference_id"),
            "created": now,
            "currency": currencies.pop(),
            "customer": None,
            "customer_details": {"email": params.get("customer_email")} if params.get("customer_email") else None,
            "customer_email": params.get("customer_email"),
            "expires_at": now + 24 * 3600,
            "livemode": False,
            "metadata": params.get("metadata") or {},
            "mode": "payment",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params["success_url"],
            "url": f"{self.url}/pay/{session_id}",
            # Not in Stripe's session object (line items are their own list); the hosted page's.
            "_lines": lines,
            "_payment_intent_metadata": (params.get("payment_intent_data") or {}).get("metadata") or {},
        }
        self.sessions[session_id] = session
        return session

    def _pay(self, session_id: str, *, delayed: bool = False) -> Delivery:
        with self._lock:
            session = self.sessions.get(session_id)
            if session is None or session["status"] != "open":
                raise StripeApiError(400, "This Checkout Session is no longer available.")
            if delayed:
                session.update(status="complete", url=None)
            else:
                self._capture(session)
            return self._queue("checkout.session.completed", session)

    def _capture(self, session: dict[str, Any]) -> None:
        intent_id, charge_id = _stripe_id("pi"), _stripe_id("ch")
        metadata = dict(session["_payment_intent_metadata"])
        amount, currency = session["amount_total"], session["currency"]
        self.payment_intents[intent_id] = {
            "id": intent_id, "object": "payment_intent", "amount": amount, "amount_received": amount,
            "currency": currency, "latest_charge": charge_id, "metadata": metadata, "status": "succeeded",
        }  # fmt: skip
        self.charges[charge_id] = {
            "id": charge_id, "object": "charge", "amount": amount, "amount_captured": amount, "amount_refunded": 0,
            "captured": True, "currency": currency, "metadata": metadata, "paid": True, "payment_intent": intent_id,
            "refunded": False, "status": "succeeded", "created": int(time.time()),
        }  # fmt: skip
        session.update(status="complete", payment_status="paid", payment_intent=intent_id, url=None)

    def _create_refund(self, params: dict[str, Any]) -> dict[str, Any]:
        charge: dict[str, Any] | None
        if params.get("payment_intent"):
            intent = self.payment_intents.get(params["payment_intent"])
            if intent is None:
                raise StripeApiError(404, f"No such payment_intent: '{params['payment_intent']}'",
                                     code="resource_missing", param="payment_intent")  # fmt: skip
            charge = self.charges[intent["latest_charge"]]
        elif params.get("charge"):
            charge = self.charges.get(params["charge"])
            if charge is None:
                raise StripeApiError(404, f"No such charge: '{params['charge']}'", code="resource_missing",
                                     param="charge")  # fmt: skip
        else:
            raise StripeApiError(400, "One of the following params should be provided for this request: "
                                 "payment_intent or charge.", code="parameter_missing")  # fmt: skip
        remaining = charge["amount"] - self._refunded(charge, pending=True)
        if remaining <= 0:
            raise StripeApiError(400, f"Charge {charge['id']} has already been refunded.",
                                 code="charge_already_refunded")  # fmt: skip
        amount = _integer(params, "amount") if "amount" in params else remaining
        if amount <= 0:
            raise StripeApiError(400, "Invalid positive integer", code="parameter_invalid_integer", param="amount")
        if amount > remaining:
            raise StripeApiError(
                400,
                f"Refund amount ({_money(amount, charge['currency'])}) is greater than unrefunded amount on charge "
                f"({_money(remaining, charge['currency'])})",
                code="amount_too_large",
                param="amount",
            )
        refund_id = _stripe_id("re")
        refund = {
            "id": refund_id, "object": "refund", "amount": amount, "charge": charge["id"], "created": int(time.time()),
            "currency": charge["currency"], "metadata": params.get("metadata") or {},
            "payment_intent": charge["payment_intent"], "reason": params.get("reason"), "status": self.refund_status,
        }  # fmt: skip
        self.refunds[refund_id] = refund
        self._queue("refund.created", refund)
        if refund["status"] == "succeeded":
            charge["amount_refunded"] = self._refunded(charge)
            charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
            self._queue("charge.refunded", self._charge_view(charge))
        return refund

    def _refunded(self, charge: dict[str, Any], *, pending: bool = False) -> int:
        counted = {"succeeded", "pending"} if pending else {"succeeded"}
        return sum(r["amount"] for r in self.refunds.values() if r["charge"] == charge["id"] and r["status"] in counted)

    def _charge_view(self, charge: dict[str, Any]) -> dict[str, Any]:
        """A charge as a charge.refunded event carries it, its refunds embedded (as API
        versions before 2022-11-15 did; see the adapter for the newer ones)."""
        refunds = [r for r in self.refunds.values() if r["charge"] == charge["id"]]
        return {**charge, "refunds": {"object": "list", "data": refunds, "has_more": False}}

    # -- webhooks --------------------------------------------------------------------------

    def _event(self, type: str, obj: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
        return {
            "id": event_id or _stripe_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "data": {"object": _public(obj)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type,
        }

    def _queue(self, type: str, obj: dict[str, Any]) -> Delivery:
        event = self._event(type, obj)
        body = json.dumps(event).encode()
        delivery = Delivery(event=event, body=body, signature="")
        self.deliveries.append(delivery)
        self._outbox.put(delivery)
        return delivery

    def _send(self, delivery: Delivery) -> None:
        # Signed when sent, as Stripe signs each attempt (also without a receiver, for tests
        # that hand `body` and `signature` to the adapter themselves).
        delivery.signature = self.sign(delivery.body)
        url = self.webhook_url
        if url is None:
            delivery.error = "no webhook_url"
            return
        try:
            response = httpx.post(
                url,
                content=delivery.body,
                headers={
                    "Stripe-Signature": delivery.signature,
                    "Content-Type": "application/json; charset=utf-8",
                    "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                },
                timeout=10,
            )
        except httpx.HTTPError as error:
            delivery.error = repr(error)
            return
        delivery.status = response.status_code
        delivery.response = response.text[:2000]

    # -- the hosted page -------------------------------------------------------------------

    def _handle_page(self, request: RecordedRequest) -> tuple[int, str, dict[str, str]]:
        match = re.fullmatch(r"/pay/([^/]+)(/cancel)?", request.path)
        session = self.sessions.get(match[1]) if match else None
        if match is None or session is None:
            return 404, "<!doctype html><title>Not found</title><h1>Not found</h1>", {}
        if match[2]:
            return 303, "", {"Location": session["cancel_url"]}
        if request.method == "POST":
            try:
                delivery = self._pay(session["id"])
            except StripeApiError as error:
                return 409, f"<!doctype html><title>Checkout</title><p>{html.escape(str(error))}</p>", {}
            if not self._outbox.held:
                delivery.done.wait(10)
            success = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
            return 303, "", {"Location": success}
        if session["status"] != "open":
            page = "<p>This Checkout Session is no longer available.</p>"
            return 410, f"<!doctype html><title>Checkout</title>{page}", {}
        items = "".join(
            f"<li><span class='name'>{html.escape(line['name'])}</span> "
            f"<span class='amount'>{_money(line['unit_amount'] * line['quantity'], session['currency'])}</span></li>"
            for line in session["_lines"]
        )
        page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout (Stripe fake)</title></head>
<body><main>
<h1>Pay {html.escape(_money(session["amount_total"], session["currency"]))}</h1>
<ul>{items}</ul>
<form method="post" action="/pay/{html.escape(session["id"])}"><button type="submit">Pay</button></form>
<a href="/pay/{html.escape(session["id"])}/cancel">Cancel</a>
</main></body></html>"""
        return 200, page, {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a timed-out request) is no test failure; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    owner: StripeFake
    # HTTP/1.0: one request per connection, so no client keeps idle sockets in its pool.
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        form = parse_qsl(raw, keep_blank_values=True)
        request = RecordedRequest(
            method=self.command,
            path=parts.path,
            query={},
            params={},
            form=form,
            headers={name.lower(): value for name, value in self.headers.items()},
        )
        self.owner.requests.append(request)
        try:
            request.query = decode_form(parse_qsl(parts.query, keep_blank_values=True))
            request.params = decode_form(form)
        except StripeApiError as error:
            self._reply(error.status, json.dumps(error.body), "application/json", {}, request)
            return
        if parts.path.startswith("/v1/"):
            status, body, headers = self.owner._handle_api(request)
            self._reply(status, json.dumps(body, default=str), "application/json", headers, request)
        else:
            status, text, headers = self.owner._handle_page(request)
            self._reply(status, text, "text/html; charset=utf-8", headers, request)

    def _reply(
        self, status: int, text: str, content_type: str, headers: dict[str, str], request: RecordedRequest
    ) -> None:
        request.status = status
        data = text.encode()
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_{secrets.token_hex(7)}")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)


@contextlib.contextmanager
def running_stripe_fake(**kwargs: Any) -> Iterator[StripeFake]:
    with StripeFake(**kwargs) as fake:
        yield fake
