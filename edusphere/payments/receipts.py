"""Receipts by email: RECEIPT when an order becomes paid, REFUND_RECEIPT for each refund that
succeeds.

Both are enqueued by `payments.orders` inside the transaction that changes the order, so they
commit with the change or not at all, and since that transaction applies each provider event
once (`apply_update`), a webhook delivered three times still mails one receipt. The mail goes
to the buyer's account address (verification, when it lands, decides whether unverified
addresses may buy at all; nothing here needs to know).

A receipt must never stand in the way of a payment: what cannot be composed (an address the
mail layer refuses, a template fault) is logged and skipped, and the order still commits. User
text that reaches a header (the course title in the Subject, the display name in To) is folded
to one line first (`one_line`), so a title with a line break cannot make the mail undeliverable.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from edusphere.auth.models import User
from edusphere.core.runtime import Runtime
from edusphere.core.text import one_line
from edusphere.courses.models import Course
from edusphere.mail import MailKind, MailRefused, Recipient, compose, enqueue
from edusphere.mail.message import MAX_NAME
from edusphere.payments.models import Order, ProviderName, Refund
from edusphere.payments.money import format_money

log = logging.getLogger(__name__)

PROVIDER_LABELS = {
    ProviderName.STRIPE: "Card (Stripe)",
    ProviderName.PAYPAL: "PayPal",
    ProviderName.TEST: "Test payment: nobody was charged",
}
MAX_TITLE = 150


def receipt_path(order: Order) -> str:
    """The web app's receipt page of an order (frontend route `receipt`)."""
    return f"/account/orders/{order.id}"


def when(moment: datetime | None) -> str:
    """ "4 March 2026, 10:00 UTC": a date for the record, in UTC (a mail has no time zone)."""
    at = (moment or datetime.now(UTC)).astimezone(UTC)
    return f"{at.day} {at:%B %Y, %H:%M} UTC"


def recipient(user: User) -> Recipient:
    """The user's address, greeted by their display name folded to one line."""
    return Recipient(user.email, one_line(user.display_name, MAX_NAME))


async def paid(rt: Runtime, order: Order, course: Course) -> None:
    """RECEIPT for `order`, just marked paid (in the caller's transaction)."""
    context: dict[str, Any] = {
        **_common(order, course),
        "amount": format_money(order.amount_cents, order.currency),
        "list_price": format_money(order.list_price_cents, order.currency),
        "discount": format_money(order.discount_cents, order.currency) if order.discount_cents else None,
        "coupon_code": order.coupon_code,
        "paid_on": when(order.paid_at),
        "learn_path": f"/courses/{course.slug}/learn",
    }
    await _enqueue(rt, order, MailKind.RECEIPT, context)


async def refunded(rt: Runtime, order: Order, course: Course, refund: Refund, *, access_ends: bool) -> None:
    """REFUND_RECEIPT for `refund`, just counted on `order` (in the caller's transaction)."""
    context: dict[str, Any] = {
        **_common(order, course),
        "refund_amount": format_money(refund.amount_cents, refund.currency),
        "paid_amount": format_money(order.amount_cents, order.currency),
        "refunded_total": format_money(order.refunded_cents, order.currency),
        "remaining": format_money(order.amount_cents - order.refunded_cents, order.currency),
        "whole": order.refunded_cents >= order.amount_cents,
        "access_ends": access_ends,
        "reason": one_line(refund.reason or "", 500),
        "refunded_on": when(None),  # the moment it succeeded, not when it was asked for
    }
    await _enqueue(rt, order, MailKind.REFUND_RECEIPT, context)


def _common(order: Order, course: Course) -> dict[str, Any]:
    return {
        "course_title": one_line(course.title, MAX_TITLE) or "your course",
        "course_path": f"/courses/{course.slug}",
        "receipt_number": order.receipt_number or "",
        "order_path": receipt_path(order),
        "payment_method": PROVIDER_LABELS.get(order.provider, order.provider.value),
        "test": order.provider is ProviderName.TEST,
    }


async def _enqueue(rt: Runtime, order: Order, kind: MailKind, context: dict[str, Any]) -> None:
    buyer = await User.get(id=order.buyer_id)  # type: ignore[attr-defined]
    try:
        message = compose(rt.settings, kind, recipient(buyer), user_id=buyer.id, **context)
    except MailRefused as refused:
        log.warning("Order %s: no %s mail, the mail layer refuses it (%s)", order.id, kind.value, refused.message)
        return
    except Exception:  # a template fault: the payment must still commit
        log.exception("Order %s: the %s mail could not be composed", order.id, kind.value)
        return
    await enqueue(message)
