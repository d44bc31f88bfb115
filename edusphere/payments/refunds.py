"""Admins refund orders through the order's provider.

`check_refund` refuses before anything moves (a non-admin, an order not paid, an amount below
one minor unit or above what is left), and so does a missing reason: it is required, and kept
with the refund and in the audit log. One refund per order runs at a time (a short Redis
lock, so two admins clicking together cannot both pass the "what is left" check); the
provider is then asked, with an idempotency key per (order, amount already refunded), and its
answer goes through `orders.apply_update` like the webhook that will follow it — whichever
comes first records the refund, the other finds it recorded. The admin's update (never the
webhook's) writes the ORDER_REFUNDED audit entry, in the transaction that records the refund
(see `orders._refunded`).
"""

from __future__ import annotations

import logging
import secrets

from edusphere.audit.log import check_reason
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import bad_input, conflict, forbidden, not_found
from edusphere.core.runtime import Runtime
from edusphere.courses.access import parse_id
from edusphere.payments import providers
from edusphere.payments.models import Order, OrderStatus
from edusphere.payments.money import format_amount
from edusphere.payments.orders import Deferred, PaymentProviderError, apply_update, own_update
from edusphere.payments.providers.base import ProviderError, UpdateKind

log = logging.getLogger(__name__)

# Delete the lock only while it is still ours (it may have expired and been taken by another).
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"

REFUNDABLE = frozenset({OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED})
LOCK_SECONDS = 60


def check_refund(viewer: Viewer, order: Order, amount_cents: int | None) -> int:
    if not viewer.is_admin:
        raise forbidden("Only administrators can refund orders")
    if order.status not in REFUNDABLE:
        raise bad_input(f"Only a paid order can be refunded; this one is {order.status.value}", reason="NOT_PAID")
    remaining = order.amount_cents - order.refunded_cents
    if amount_cents is None:
        return remaining
    if amount_cents < 1 or amount_cents > remaining:
        smallest, left = format_amount(1, order.currency), format_amount(remaining, order.currency)
        raise bad_input(
            f"The refund must be between {smallest} and {left} (what is left of the order); amountCents is in "
            "the currency's minor units",
            field="amountCents",
        )
    return amount_cents


async def refund_order(
    rt: Runtime, viewer: Viewer, order_id: str, amount_cents: int | None, reason: str | None
) -> Order:
    if not viewer.is_admin:
        raise forbidden("Only administrators can refund orders")
    note = check_reason(reason, required=True)
    order = await Order.get_or_none(id=parse_id(order_id, "Order"))
    if order is None:
        raise not_found("Order")
    lock, holder = rt.keys("payments", "refund-lock", str(order.id)), secrets.token_hex(8)
    if not await rt.redis.set(lock, holder, nx=True, ex=LOCK_SECONDS):
        raise conflict("A refund of this order is already in progress")
    try:
        order = await Order.get(id=order.id)
        amount = check_refund(viewer, order, amount_cents)
        if not order.payment_reference:
            raise bad_input("This order has no payment to refund", reason="NOT_PAID")
        provider = providers.get(rt, order.provider)
        try:
            state = await provider.refund(
                order.payment_reference,
                amount,
                order.currency,
                note,
                idempotency_key=f"edusphere-refund-{order.id}-{order.refunded_cents}-{amount}",
            )
        except ProviderError as error:
            raise PaymentProviderError(error.message) from None
        try:
            update = own_update(order, UpdateKind.REFUND, f"refund:{state.refund_id}", refunds=(state,))
            await apply_update(rt, update, reason=note, requested_by=viewer.id)
        except Deferred:
            log.warning("Order %s: the provider's refund %s does not fit the order", order.id, state.refund_id)
            raise conflict(
                "The provider refunded, but its answer does not match the order; an administrator must look at it"
            ) from None
    finally:
        await rt.redis.eval(_RELEASE, 1, lock, holder)
    return await Order.get(id=order.id)
