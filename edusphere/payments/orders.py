"""Orders and the one path that changes their payment state.

Every change of an order's payment state, from any source (a verified webhook, confirming a
checkout on the buyer's return, the TEST provider's page, the expiry sweep, an admin's refund)
is `apply_update(rt, update)`:

- **Exactly once.** The update's `(provider, event_id)` row is inserted in the same
  transaction that changes the order; a repeat — sequential, concurrent (the second insert
  waits for the first transaction and then finds the row), or after a crash — changes nothing.
- **Atomic.** Status, enrollment and ledger entry commit together: an order is PAID exactly
  when its learner is enrolled and its SALE entry is posted.
- **Order-insensitive.** State only moves forward: PENDING -> PAID | FAILED | CANCELED, and a
  paid order -> PARTIALLY_REFUNDED -> REFUNDED. An `expired` that arrives after `completed`
  is recorded and ignored; a `completed` after `expired` still marks the order PAID (the buyer
  paid: the money is honoured); a refund that arrives before the payment is `Deferred` (no row
  is kept, the webhook answers 503, the provider redelivers later).
- Refunds are recorded once per provider refund id, so the admin's refund call and the
  provider's webhook about the same refund count once.
- **Receipts** are mail enqueued in the same transaction (`payments.receipts`): a RECEIPT when
  the order becomes paid, a REFUND_RECEIPT per refund counted; applied once, mailed once.

A whole refund revokes the enrollment after the commit, through `courses.enrollment.revoke`,
which announces it on the bus: the learner's lessons and chat rooms go at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.transactions import in_transaction

from edusphere.audit import log as audit
from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Course, Enrollment, EnrollmentSource
from edusphere.payments import coupons, ledger, receipts
from edusphere.payments.models import Order, OrderStatus, Refund, RefundStatus
from edusphere.payments.providers.base import OrderRef, PaymentUpdate, RefundState, UpdateKind

log = logging.getLogger(__name__)

PAID_STATES = frozenset({OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED})
OPEN_STATES = frozenset({OrderStatus.PENDING})


class Deferred(Exception):
    """The update cannot apply yet (a refund of an order not yet paid): retry later."""


class PaymentProviderError(AppError):
    """The provider refused or did not answer; `message` is the provider's reason."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorCode.PROVIDER_ERROR, f"The payment provider said: {message}")


@dataclass(frozen=True)
class Applied:
    outcome: str  # what happened, as recorded on the event row
    order_id: UUID | None
    duplicate: bool = False


def order_ref(order: Order) -> OrderRef:
    return OrderRef(
        order_id=order.id,
        reference=order.provider_reference or "",
        amount_cents=order.amount_cents,
        currency=order.currency,
        idempotency_key=checkout_idempotency_key(order.id),
    )


def checkout_idempotency_key(order_id: UUID) -> str:
    return f"edusphere-checkout-{order_id}"


def own_update(order: Order, kind: UpdateKind, name: str, **fields: Any) -> PaymentUpdate:
    """A statement EduSphere itself makes about an order (the buyer gave up, the checkout
    expired, an admin's refund went through), applied like a provider's: `name` makes its
    event id, so it too applies once."""
    return PaymentUpdate(
        provider=order.provider,
        event_id=f"edusphere:{name}:{order.id}",
        event_type=f"edusphere.{kind.value.lower()}",
        kind=kind,
        order_id=order.id,
        **fields,
    )


def receipt_number(order: Order, when: datetime) -> str:
    return f"ES-{when:%Y%m%d}-{order.id.hex[:10].upper()}"


async def apply_update(
    rt: Runtime, update: PaymentUpdate, *, reason: str = "", requested_by: UUID | None = None
) -> Applied:
    """Apply a provider's statement about an order, exactly once (see the module docstring).
    `reason` / `requested_by` annotate refunds an admin asked for."""
    revoke: Enrollment | None = None
    replaced: list[Order] = []
    async with in_transaction() as db:
        rows = await db.execute_query_dict(
            """
            INSERT INTO payment_events (provider, event_id, event_type, outcome, received_at)
            VALUES ($1, $2, $3, 'APPLYING', now()) ON CONFLICT (provider, event_id) DO NOTHING RETURNING id
            """,
            [update.provider.value, update.event_id[:255], update.event_type[:100]],
        )
        if not rows:
            return Applied("DUPLICATE", update.order_id, duplicate=True)
        event_row = rows[0]["id"]
        order = await _locked_order(update)
        if order is None:
            outcome = "IGNORED: no such order"
        elif update.kind is UpdateKind.IGNORED:
            outcome = "IGNORED: not an event EduSphere acts on"
        elif update.kind is UpdateKind.PAID:
            outcome, replaced = await _paid(rt, order, update)
        elif update.kind is UpdateKind.AWAITING:
            outcome = await _awaiting(order)
        elif update.kind is UpdateKind.CANCELED:
            outcome = await _closed(order, OrderStatus.CANCELED, "")
        elif update.kind is UpdateKind.FAILED:
            outcome = await _closed(order, OrderStatus.FAILED, update.message)
        else:
            outcome, revoke = await _refunded(rt, order, update.refunds, reason, requested_by)
        await db.execute_query(
            "UPDATE payment_events SET outcome = $2, order_id = $3 WHERE id = $1",
            [event_row, outcome[:200], order.id if order else None],
        )
    if revoke is not None:
        await enrollment.revoke(rt, str(revoke.id))
    for sibling in replaced:
        await cancel_at_provider(rt, sibling)
    return Applied(outcome, order.id if order else None)


async def _locked_order(update: PaymentUpdate) -> Order | None:
    query = Order.filter(provider=update.provider)
    if update.order_id is not None:
        query = query.filter(id=update.order_id)
    elif update.payment_reference:
        query = query.filter(payment_reference=update.payment_reference)
    elif update.reference:
        query = query.filter(provider_reference=update.reference)
    else:
        return None
    return await query.select_for_update().first()


async def cancel_at_provider(rt: Runtime, order: Order) -> None:
    from edusphere.payments import providers

    try:
        await providers.get(rt, order.provider).cancel(order_ref(order))
    except Exception:  # best effort: an unpaid checkout expires on its own
        log.warning("Could not cancel the provider checkout of order %s", order.id, exc_info=True)


async def _paid(rt: Runtime, order: Order, update: PaymentUpdate) -> tuple[str, list[Order]]:
    if order.status in PAID_STATES:
        return f"IGNORED: already {order.status.value}", []
    if update.amount_cents != order.amount_cents or (update.currency or "").upper() != order.currency:
        log.warning(
            "Order %s: the provider reports %s %s paid, the order is for %s %s; left for an admin",
            order.id, update.amount_cents, update.currency, order.amount_cents, order.currency,
        )  # fmt: skip
        refused = (
            f"REFUSED: paid {update.amount_cents} {update.currency}, order is {order.amount_cents} {order.currency}"
        )
        return refused, []
    previous = order.status
    if order.coupon_id is not None and not order.coupon_redeemed:  # type: ignore[attr-defined]
        # A closed order gave its redemption back; the payment takes one again (unguarded:
        # the buyer has paid, the coupon's limit was checked when they started).
        await connections.get("default").execute_query(
            "UPDATE coupons SET redemption_count = redemption_count + 1 WHERE id = $1",
            [order.coupon_id],  # type: ignore[attr-defined]
        )
        order.coupon_redeemed = True
    await _mark_paid(rt, order, update.payment_reference, update.reference)
    siblings = await _close_siblings(order)
    course = await Course.get(id=order.course_id)  # type: ignore[attr-defined]
    await ledger.post_sale(order, course.creator_id)  # type: ignore[attr-defined]
    await receipts.paid(rt, order, course)  # in this transaction: applied once, mailed once
    try:
        await enrollment.grant(order.buyer_id, course, EnrollmentSource.PURCHASE)  # type: ignore[attr-defined]
    except AppError as error:
        if error.code is not ErrorCode.CONFLICT:
            raise
        log.warning("Order %s paid by a learner already enrolled in %s: refund it", order.id, course.id)
        return "PAID: the buyer was already enrolled (refund the order)", siblings
    return ("PAID" if previous is OrderStatus.PENDING else f"PAID after {previous.value}"), siblings


def _check_fits(order: Order, state: RefundState) -> None:
    remaining = order.amount_cents - order.refunded_cents
    if state.amount_cents > remaining or state.currency.upper() != order.currency:
        log.warning("Order %s: refund %s of %s %s exceeds what remains (%s)", order.id, state.refund_id,
                    state.amount_cents, state.currency, remaining)  # fmt: skip
        raise Deferred(f"refund {state.refund_id} does not fit order {order.id}")


async def _another_paid_order(order: Order) -> bool:
    """Whether the buyer holds the course through another order (paid twice: refunding one
    must not take away what the other bought)."""
    return (
        await Order.filter(
            buyer_id=order.buyer_id,  # type: ignore[attr-defined]
            course_id=order.course_id,  # type: ignore[attr-defined]
            status__in=[OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED],
        )
        .exclude(id=order.id)
        .exists()
    )


async def _close_siblings(order: Order) -> list[Order]:
    """Once an order is paid, the buyer's other checkouts of the course are closed (a second
    payment would buy nothing); returns those whose provider checkout should be cancelled."""
    siblings = (
        await Order.filter(
            buyer_id=order.buyer_id,  # type: ignore[attr-defined]
            course_id=order.course_id,  # type: ignore[attr-defined]
            status=OrderStatus.PENDING,
        )
        .exclude(id=order.id)
        .select_for_update()
    )
    for sibling in siblings:
        await close(sibling, OrderStatus.CANCELED, "The course was bought through another order")
    return [s for s in siblings if s.provider_reference]


async def _mark_paid(rt: Runtime, order: Order, payment_reference: str | None, reference: str | None) -> None:
    now = datetime.now(UTC)
    order.status = OrderStatus.PAID
    order.paid_at = now
    order.payment_reference = payment_reference or order.payment_reference
    order.provider_reference = order.provider_reference or reference
    order.fee_cents = ledger.fee_for(order.amount_cents, rt.settings.payments.platform_fee_percent)
    order.receipt_number = receipt_number(order, now)
    order.failure_message = None
    await order.save(
        update_fields=[
            "status", "paid_at", "payment_reference", "provider_reference", "fee_cents", "receipt_number",
            "failure_message", "coupon_redeemed", "updated_at",
        ]
    )  # fmt: skip


async def _awaiting(order: Order) -> str:
    if order.status is not OrderStatus.PENDING:
        return f"IGNORED: already {order.status.value}"
    if order.awaiting_payment_since is None:
        order.awaiting_payment_since = datetime.now(UTC)
        await order.save(update_fields=["awaiting_payment_since", "updated_at"])
    return "AWAITING PAYMENT"


async def _closed(order: Order, status: OrderStatus, message: str) -> str:
    if order.status is not OrderStatus.PENDING:
        return f"IGNORED: already {order.status.value}"
    await close(order, status, message)
    return status.value


async def close(order: Order, status: OrderStatus, message: str = "") -> None:
    """PENDING -> CANCELED or FAILED, giving back its coupon redemption (caller's transaction)."""
    order.status = status
    now = datetime.now(UTC)
    if status is OrderStatus.CANCELED:
        order.canceled_at = now
    order.failure_message = message[:500] or None
    fields = ["status", "canceled_at", "failure_message", "updated_at"]
    if order.coupon_redeemed and order.coupon_id is not None:  # type: ignore[attr-defined]
        await coupons.release(order.coupon_id)  # type: ignore[attr-defined]
        order.coupon_redeemed = False
        fields.append("coupon_redeemed")
    await order.save(update_fields=fields)


async def _refunded(
    rt: Runtime, order: Order, refunds: tuple[RefundState, ...], reason: str, requested_by: UUID | None
) -> tuple[str, Enrollment | None]:
    """Each refund by its provider id: PENDING is recorded (with who asked and why) and counts
    nothing; SUCCEEDED counts once and is posted; FAILED after SUCCEEDED is reversed. The
    order's row is locked by the caller, so its refunds are read and written one at a time.

    An admin's refund (`requested_by` set) is audited here, in this transaction, once per
    provider refund: when its update records the refund, or finds it recorded by the
    provider's webhook that overtook it (then `before` is the order as that refund found it).
    The webhook's own update (`requested_by` None) writes no audit entry.

    Each refund counted now gets its REFUND_RECEIPT, in this transaction (so once)."""
    if order.status not in PAID_STATES:
        # A refund proves a payment: its own event (a late `completed`) has not come yet.
        raise Deferred(f"order {order.id} is {order.status.value}, its payment not applied yet")
    course = await Course.get(id=order.course_id)  # type: ignore[attr-defined]
    was_whole = order.status is OrderStatus.REFUNDED
    before_status, before_refunded = order.status, order.refunded_cents
    changed = 0
    counted: list[Refund] = []  # refunds that succeeded now: each gets its receipt
    asked: list[RefundState] = []  # the admin's refunds recorded (or attributed) now
    for state in refunds:
        if state.amount_cents <= 0:
            continue
        refund = await Refund.get_or_none(provider=order.provider, provider_refund_id=state.refund_id[:255])
        unattributed = refund is None or refund.requested_by_id is None  # type: ignore[attr-defined]
        if requested_by is not None and unattributed and state.status is not RefundStatus.FAILED:
            asked.append(state)
            if refund is not None and refund.status is RefundStatus.SUCCEEDED:  # the webhook counted it first
                before_refunded -= refund.amount_cents
                before_status = OrderStatus.PARTIALLY_REFUNDED if before_refunded > 0 else OrderStatus.PAID
        if refund is not None and reason and not refund.reason:
            refund.reason, refund.requested_by_id = reason[:500], requested_by
            await refund.save(update_fields=["reason", "requested_by_id"])
        if state.status is RefundStatus.SUCCEEDED:
            if refund is not None and refund.status is RefundStatus.SUCCEEDED:
                continue  # counted before: a later statement about the same refund
            _check_fits(order, state)
            if refund is None:
                refund = await Refund.create(
                    order=order, provider=order.provider, provider_refund_id=state.refund_id[:255],
                    amount_cents=state.amount_cents, currency=state.currency.upper(), reason=reason[:500],
                    requested_by_id=requested_by, status=RefundStatus.SUCCEEDED,
                )  # fmt: skip
            else:
                refund.status, refund.amount_cents = RefundStatus.SUCCEEDED, state.amount_cents
                await refund.save(update_fields=["status", "amount_cents"])
            await ledger.post_refund(order, refund, course.creator_id, order.refunded_cents)  # type: ignore[attr-defined]
            order.refunded_cents += state.amount_cents
            changed += 1
            counted.append(refund)
        elif state.status is RefundStatus.PENDING:
            if refund is None:
                await Refund.create(
                    order=order, provider=order.provider, provider_refund_id=state.refund_id[:255],
                    amount_cents=min(state.amount_cents, order.amount_cents), currency=state.currency.upper()[:3],
                    reason=reason[:500], requested_by_id=requested_by, status=RefundStatus.PENDING,
                )  # fmt: skip
        elif refund is not None and refund.status is not RefundStatus.FAILED:
            if refund.status is RefundStatus.SUCCEEDED:
                await ledger.post_refund_reversal(order, refund, course.creator_id)  # type: ignore[attr-defined]
                order.refunded_cents -= refund.amount_cents
                changed += 1
                log.warning("Order %s: refund %s failed after it succeeded; the money is the platform's again",
                            order.id, refund.provider_refund_id)  # fmt: skip
            refund.status = RefundStatus.FAILED
            await refund.save(update_fields=["status"])
    revoke = None
    if changed:
        whole = order.refunded_cents >= order.amount_cents
        if whole:
            order.status, order.refunded_at = OrderStatus.REFUNDED, datetime.now(UTC)
        else:
            order.status = OrderStatus.PARTIALLY_REFUNDED if order.refunded_cents else OrderStatus.PAID
            order.refunded_at = None
            if was_whole:
                log.warning("Order %s is no longer wholly refunded; its enrollment stays revoked for an admin to "
                            "restore", order.id)  # fmt: skip
        await order.save(update_fields=["refunded_cents", "status", "refunded_at", "updated_at"])
        if whole and not was_whole and not await _another_paid_order(order):
            revoke = await Enrollment.get_or_none(
                learner_id=order.buyer_id,  # type: ignore[attr-defined]
                course_id=order.course_id,  # type: ignore[attr-defined]
                revoked_at__isnull=True,
            )
    if requested_by is not None and asked:
        await _audit_refund(order, asked, before_status, before_refunded, reason, requested_by)
    for refund in counted:
        await receipts.refunded(rt, order, course, refund, access_ends=revoke is not None)
    return (order.status.value if changed else "IGNORED: no refund changed"), revoke


async def _audit_refund(
    order: Order,
    asked: list[RefundState],
    before_status: OrderStatus,
    before_refunded: int,
    reason: str,
    requested_by: UUID,
) -> None:
    """The admin's refund in the audit log: the order's status and refunded amount before and
    after (a refund the provider has not settled yet also names its amount as pending)."""
    after: dict[str, Any] = {"status": order.status.value, "refunded_cents": order.refunded_cents}
    pending = sum(state.amount_cents for state in asked if state.status is RefundStatus.PENDING)
    if pending:
        after["pending_refund_cents"] = pending
    await audit.record(
        AuditRecord(
            actor_id=requested_by,
            action=AuditAction.ORDER_REFUNDED,
            target_id=str(order.id),
            before={"status": before_status.value, "refunded_cents": before_refunded},
            after=after,
            reason=reason[:500],
        )
    )
