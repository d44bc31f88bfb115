"""Buying a course: quotes, checkout, the buyer's return, the TEST provider's page.

`check_*` reads and refuses; the changes happen in short transactions that never wait on a
provider: the order is created (or the pending one reused) under a per-(buyer, course)
advisory lock, committed, and only then is the provider asked for its checkout, with an
idempotency key per order. Two concurrent checkouts of the same course therefore find one
pending order and get the same provider checkout back: never two charges. A provider error
marks that order FAILED with the provider's message and gives its coupon redemption back; a
retry starts a new order with a new key.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from edusphere.auth.verification import require_verified
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import AppError, ErrorCode, bad_input, conflict, forbidden, not_found
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.access import is_enrolled, manages, parse_id, viewable_course
from edusphere.courses.models import Course, CourseStatus, EnrollmentSource
from edusphere.payments import coupons, ledger, providers
from edusphere.payments.models import Order, OrderStatus, ProviderName
from edusphere.payments.orders import (
    PaymentProviderError,
    apply_update,
    cancel_at_provider,
    checkout_idempotency_key,
    close,
    order_ref,
    own_update,
    receipt_number,
)
from edusphere.payments.providers.base import CheckoutRequest, ProviderError, UpdateKind
from edusphere.payments.providers.test import TestProvider

log = logging.getLogger(__name__)

# A pending checkout is reused while younger than this (Stripe's sessions live 24 hours).
REUSE_PENDING = timedelta(hours=12)


@dataclass(frozen=True)
class Quote:
    list_price_cents: int
    discount_cents: int
    amount_cents: int
    currency: str
    coupon_code: str | None
    platform_fee_percent: float
    platform_fee_cents: int
    creator_earnings_cents: int


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    redirect_url: str | None
    enrolled: bool


def quote_for(rt: Runtime, price_cents: int, currency: str, discount: coupons.Discount) -> Quote:
    fee_percent = rt.settings.payments.platform_fee_percent
    fee = ledger.fee_for(discount.amount_cents, fee_percent)
    return Quote(
        list_price_cents=price_cents,
        discount_cents=discount.discount_cents,
        amount_cents=discount.amount_cents,
        currency=currency,
        coupon_code=discount.coupon.code if discount.coupon else None,
        platform_fee_percent=fee_percent,
        platform_fee_cents=fee,
        creator_earnings_cents=discount.amount_cents - fee,
    )


async def check_buyable(viewer: Viewer, course_id: str) -> Course:
    course = await viewable_course(viewer, course_id=course_id)
    if course.status is not CourseStatus.PUBLISHED:
        raise not_found("Course")
    if manages(viewer, course) and not viewer.is_admin:
        raise bad_input("You teach this course; creators do not buy their own courses")
    if course.is_free:
        raise bad_input("This course is free: enroll instead of checking out", reason="FREE_COURSE")
    if await is_enrolled(viewer, course.id):
        raise conflict("You are already enrolled in this course")
    return course


async def price_quote(rt: Runtime, viewer: Viewer, course_id: str, coupon_code: str | None) -> Quote:
    course = await check_buyable(viewer, course_id)
    coupon = await coupons.applicable(course, coupon_code)
    return quote_for(rt, course.price_cents, course.currency, coupons.discount(coupon, course.price_cents))


async def checkout(
    rt: Runtime, viewer: Viewer, course_id: str, provider_name: ProviderName, coupon_code: str | None
) -> CheckoutResult:
    require_verified(viewer, "buy")  # the receipt goes to that address (a quote needs no proof)
    course = await check_buyable(viewer, course_id)
    coupon = await coupons.applicable(course, coupon_code)
    price = coupons.discount(coupon, course.price_cents)
    if price.amount_cents > 0:
        providers.get(rt, provider_name)  # refuses a provider not enabled here, before anything changes
    replaced: Order | None = None
    async with in_transaction() as db:
        await db.execute_query(
            "SELECT pg_advisory_xact_lock(hashtext('edusphere:checkout'), hashtext($1))", [f"{viewer.id}:{course.id}"]
        )
        if await is_enrolled(viewer, course.id):
            raise conflict("You are already enrolled in this course")
        pending = await Order.filter(buyer_id=viewer.id, course_id=course.id, status=OrderStatus.PENDING).first()
        if pending is not None and pending.awaiting_payment_since is not None:
            raise AppError(
                ErrorCode.CONFLICT,
                "Your payment for this course is on its way; you will be enrolled when it clears",
                reason="PAYMENT_IN_FLIGHT",
            )
        if pending is not None and _reusable(pending, provider_name, price):
            order = pending
        else:
            if pending is not None:
                await close(pending, OrderStatus.CANCELED, "Replaced by a new checkout")
                replaced = pending
            if price.coupon is not None:
                await coupons.redeem(price.coupon)
            order = await Order.create(
                buyer_id=viewer.id,
                course_id=course.id,
                provider=provider_name,
                list_price_cents=course.price_cents,
                discount_cents=price.discount_cents,
                amount_cents=price.amount_cents,
                currency=course.currency,
                coupon=price.coupon,
                coupon_code=price.coupon.code if price.coupon else None,
                coupon_redeemed=price.coupon is not None,
            )
            if order.amount_cents == 0:
                await _complete_free(rt, order, course)
    if replaced is not None and replaced.provider_reference:
        await _cancel_quietly(rt, replaced)
    if order.status is OrderStatus.PAID:
        return CheckoutResult(order, None, enrolled=True)
    if order.redirect_url:
        return CheckoutResult(order, order.redirect_url, enrolled=False)
    return CheckoutResult(await _start(rt, order, course, viewer), order.redirect_url, enrolled=False)


def _reusable(order: Order, provider_name: ProviderName, price: coupons.Discount) -> bool:
    return (
        order.provider is provider_name
        and order.amount_cents == price.amount_cents
        and order.coupon_id == (price.coupon.id if price.coupon else None)  # type: ignore[attr-defined]
        and order.created_at > datetime.now(UTC) - REUSE_PENDING
    )


async def _complete_free(rt: Runtime, order: Order, course: Course) -> None:
    """A 100% coupon: no provider, paid at once (nothing to post in the ledger)."""
    now = datetime.now(UTC)
    order.status, order.paid_at, order.receipt_number = OrderStatus.PAID, now, receipt_number(order, now)
    await order.save(update_fields=["status", "paid_at", "receipt_number", "updated_at"])
    await enrollment.grant(order.buyer_id, course, EnrollmentSource.PURCHASE)  # type: ignore[attr-defined]


async def _start(rt: Runtime, order: Order, course: Course, viewer: Viewer) -> Order:
    provider = providers.get(rt, order.provider)
    base = rt.settings.public_base_url
    request = CheckoutRequest(
        order_id=order.id,
        course_id=course.id,
        course_title=course.title,
        amount_cents=order.amount_cents,
        currency=order.currency,
        buyer_email=viewer.user.email,
        success_url=f"{base}/checkout/return?order={order.id}",
        cancel_url=f"{base}/checkout/return?order={order.id}&canceled=1",
        idempotency_key=checkout_idempotency_key(order.id),
    )
    try:
        async with asyncio.timeout(rt.settings.payments.provider_timeout_seconds + 5):
            started = await provider.start_checkout(request)
    except (ProviderError, TimeoutError) as error:
        message = error.message if isinstance(error, ProviderError) else "timed out"
        async with in_transaction():
            locked = await Order.filter(id=order.id).select_for_update().first()
            if locked is not None and locked.status is OrderStatus.PENDING and not locked.redirect_url:
                await close(locked, OrderStatus.FAILED, message)
        raise PaymentProviderError(message) from None
    kept = await Order.filter(id=order.id, status=OrderStatus.PENDING).update(
        provider_reference=started.reference, redirect_url=started.redirect_url, updated_at=datetime.now(UTC)
    )
    order.provider_reference, order.redirect_url = started.reference, started.redirect_url
    if not kept:
        # Replaced (or failed) while the provider was being asked: its page must not be payable.
        await _cancel_quietly(rt, order)
        raise conflict("This checkout was replaced by a newer one; start again from the course page")
    return order


async def _cancel_quietly(rt: Runtime, order: Order) -> None:
    await cancel_at_provider(rt, order)


# ----- the buyer's return and the TEST page -----------------------------------------------------


async def buyers_order(viewer: Viewer, order_id: str) -> Order:
    order = await Order.get_or_none(id=parse_id(order_id, "Order"))
    if order is None or (order.buyer_id != viewer.id and not viewer.is_admin):  # type: ignore[attr-defined]
        raise not_found("Order")
    return order


async def confirm_checkout(rt: Runtime, viewer: Viewer, order_id: str) -> Order:
    """What the return page calls: apply what the provider knows now (webhooks may be late)."""
    order = await buyers_order(viewer, order_id)
    if order.status is not OrderStatus.PENDING or not order.provider_reference:
        return order
    try:
        update = await providers.get(rt, order.provider).confirm(order_ref(order))
    except ProviderError as error:
        log.warning("Confirming order %s with %s failed: %s", order.id, order.provider.value, error.message)
        update = None
    if update is not None:
        # What the provider says about this order's checkout is about this order (a declined
        # PayPal capture names only PayPal's order).
        await apply_update(rt, replace(update, order_id=order.id))
    return await Order.get(id=order.id)


async def cancel_checkout(rt: Runtime, viewer: Viewer, order_id: str) -> Order:
    order = await buyers_order(viewer, order_id)
    if order.status is OrderStatus.PENDING:
        if order.provider_reference:
            await _cancel_quietly(rt, order)
        await apply_update(rt, own_update(order, UpdateKind.CANCELED, "buyer-canceled"))
    return await Order.get(id=order.id)


async def complete_test_payment(rt: Runtime, viewer: Viewer, order_id: str, approve: bool) -> Order:
    if not rt.settings.payments.test_provider or rt.settings.is_production:
        raise forbidden("Test payments are switched off here")
    order = await buyers_order(viewer, order_id)
    if order.provider is not ProviderName.TEST:
        raise not_found("Order")
    if order.status is not OrderStatus.PENDING:
        raise AppError(
            ErrorCode.CONFLICT,
            f"This order is already {order.status.value.lower()}",
            reason=f"ORDER_{order.status.value}",
        )
    provider = providers.get(rt, ProviderName.TEST)
    assert isinstance(provider, TestProvider)
    await apply_update(rt, provider.outcome(order_ref(order), approve))
    return await Order.get(id=order.id)


async def expire_stale(rt: Runtime, older_than: timedelta) -> int:
    """Cancel checkouts nobody finished (their coupon redemptions come back)."""
    cutoff = datetime.now(UTC) - older_than
    # An order whose money is on its way (a bank debit) is not abandoned: its provider settles it.
    stale = await Order.filter(
        status=OrderStatus.PENDING, created_at__lt=cutoff, awaiting_payment_since__isnull=True
    ).limit(500)
    for order in stale:
        if order.provider_reference:
            await cancel_at_provider(rt, order)  # its page must not stay payable after the sweep
        await apply_update(rt, own_update(order, UpdateKind.CANCELED, "expired"))
    return len(stale)
