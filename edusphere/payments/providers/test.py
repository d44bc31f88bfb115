"""The TEST provider, for development: no money moves.

Checkout sends the browser to the app's own confirmation page (`/checkout/test/<order id>`),
labelled as a test payment; its Pay and Cancel buttons call `completeTestPayment`, which hands
`orders.apply_update` the same `PaymentUpdate` a provider's webhook would. Settings refuse it
in production, and the service refuses it wherever it is switched off.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from edusphere.payments.models import ProviderName, RefundStatus
from edusphere.payments.providers.base import (
    CheckoutRequest,
    CheckoutStarted,
    OrderRef,
    PaymentUpdate,
    RefundState,
    UpdateKind,
    WebhookRejected,
)


class TestProvider:
    name = ProviderName.TEST
    __test__ = False  # not a pytest class

    def __init__(self, public_base_url: str) -> None:
        self.base = public_base_url.rstrip("/")

    async def start_checkout(self, request: CheckoutRequest) -> CheckoutStarted:
        return CheckoutStarted(f"test_{request.order_id}", f"{self.base}/checkout/test/{request.order_id}")

    async def confirm(self, order: OrderRef) -> PaymentUpdate | None:
        return None  # the confirmation page decides

    async def cancel(self, order: OrderRef) -> None:
        return None

    async def refund(
        self, payment_reference: str, amount_cents: int, currency: str, reason: str, idempotency_key: str
    ) -> RefundState:
        # Deterministic per idempotency key, as a real provider's would be.
        refund_id = f"test_refund_{uuid.uuid5(uuid.NAMESPACE_URL, idempotency_key).hex[:16]}"
        return RefundState(
            refund_id=refund_id, amount_cents=amount_cents, currency=currency, status=RefundStatus.SUCCEEDED
        )

    async def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> PaymentUpdate:
        raise WebhookRejected("The TEST provider sends no webhooks")

    def outcome(self, order: OrderRef, approve: bool) -> PaymentUpdate:
        """What the confirmation page's button means, as a provider event."""
        if approve:
            return PaymentUpdate(
                provider=self.name,
                event_id=f"test:{order.order_id}:paid",
                event_type="test.payment.succeeded",
                kind=UpdateKind.PAID,
                order_id=order.order_id,
                reference=order.reference,
                payment_reference=f"test_pay_{order.order_id.hex}",
                amount_cents=order.amount_cents,
                currency=order.currency,
            )
        return PaymentUpdate(
            provider=self.name,
            event_id=f"test:{order.order_id}:canceled",
            event_type="test.payment.canceled",
            kind=UpdateKind.CANCELED,
            order_id=order.order_id,
            reference=order.reference,
        )
