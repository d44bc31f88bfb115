"""What EduSphere asks of a payment provider, and the provider-neutral shapes that come back.

A provider adapter (Stripe, PayPal, TEST) translates between its API and these shapes; the
order state machine (`payments.orders`) only ever sees `PaymentUpdate`s, whether they come
from a verified webhook, from confirming a checkout on the buyer's return, or from the TEST
provider's confirmation page. That is what makes the three paths one: every state change is
`orders.apply_update(update)`, exactly once per `(provider, event_id)`.

Exceptions::

    Exception
     ├── WebhookRejected   the delivery is not authentic or not readable (400, nothing changes)
     └── ProviderError     the provider refused or did not answer (its message is kept on the
                           order; the caller's transaction decides what changes)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from edusphere.payments.models import ProviderName, RefundStatus


class WebhookRejected(Exception):
    """A webhook delivery failed verification or parsing; `reason` is safe to answer with."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProviderError(Exception):
    """The provider answered with an error, or not in time. `message` is the provider's own
    (or "timed out"), suitable to show the buyer and to keep on the order."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class CheckoutRequest:
    """Everything comes from the server's records (the order), never from the client."""

    order_id: UUID
    course_id: UUID
    course_title: str
    amount_cents: int
    currency: str  # ISO 4217, upper case
    buyer_email: str
    success_url: str  # the app's return page for this order
    cancel_url: str
    # Per order: a retried or concurrent call for the same order gets the same checkout.
    idempotency_key: str


@dataclass(frozen=True)
class CheckoutStarted:
    reference: str  # Stripe Checkout Session id / PayPal order id / TEST order id
    redirect_url: str  # where the browser goes to pay


@dataclass(frozen=True)
class OrderRef:
    """An order as a provider needs to see it again (confirm, cancel)."""

    order_id: UUID
    reference: str
    amount_cents: int
    currency: str
    idempotency_key: str


class UpdateKind(StrEnum):
    PAID = "PAID"  # money captured for the order
    AWAITING = "AWAITING"  # the buyer finished; the money is on its way (a bank debit clearing)
    CANCELED = "CANCELED"  # the checkout expired or the buyer gave up; nothing was charged
    FAILED = "FAILED"  # the payment was declined / could not be captured
    REFUND = "REFUND"  # the refunds of the order's payment, as the provider now states them
    IGNORED = "IGNORED"  # an authentic event EduSphere does not act on (acknowledged with 2xx)


@dataclass(frozen=True)
class RefundState:
    refund_id: str
    amount_cents: int
    currency: str
    # Only SUCCEEDED counts; a refund may also fail after it succeeded (it is then reversed).
    status: RefundStatus

    @property
    def succeeded(self) -> bool:
        return self.status is RefundStatus.SUCCEEDED


@dataclass(frozen=True)
class PaymentUpdate:
    provider: ProviderName
    event_id: str  # unique per provider: the exactly-once key
    event_type: str  # the provider's own name, e.g. "checkout.session.completed"
    kind: UpdateKind
    order_id: UUID | None = None  # from client_reference_id / metadata / custom_id
    reference: str | None = None  # the checkout (session id, PayPal order id)
    payment_reference: str | None = None  # what a refund is made against (PaymentIntent, capture id)
    amount_cents: int | None = None  # what was captured (PAID)
    currency: str | None = None
    refunds: tuple[RefundState, ...] = ()  # REFUND: every refund of the payment known so far
    message: str = ""  # FAILED: the provider's reason


class Provider(Protocol):
    name: ProviderName

    async def start_checkout(self, request: CheckoutRequest) -> CheckoutStarted:
        """Create the provider's checkout for an order; idempotent per `idempotency_key`."""
        ...

    async def confirm(self, order: OrderRef) -> PaymentUpdate | None:
        """On the buyer's return: settle what the provider knows now (PayPal captures the
        approved order; Stripe reads the session). None when there is nothing to apply yet."""
        ...

    async def cancel(self, order: OrderRef) -> None:
        """Best effort: make an abandoned checkout unpayable (Stripe expires the session)."""
        ...

    async def refund(
        self, payment_reference: str, amount_cents: int, currency: str, reason: str, idempotency_key: str
    ) -> RefundState:
        """Refund part or all of a captured payment."""
        ...

    async def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> PaymentUpdate:
        """Verify a delivery (raises WebhookRejected: missing or wrong signature, stale
        timestamp, unreadable body) and translate it; an authentic event of a type EduSphere
        does not handle is an IGNORED update. Stripe verifies locally (HMAC); PayPal asks its
        verify-webhook-signature API. `headers` keys are lower case."""
        ...
