"""Coupons: creators' discount codes for their own courses.

`check_*` validates and reads; `redeem` / `release` move the redemption count in one guarded
SQL statement each, inside the checkout's transaction: the row is updated only while it is
active, unexpired and below its maximum, so 50 concurrent checkouts of a 10-use coupon see
exactly 10 successful updates (PostgreSQL re-checks the guard on the row's newest version
after waiting for a concurrent update).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError

from edusphere.auth.viewer import Viewer
from edusphere.core.errors import AppError, ErrorCode, bad_input, conflict, not_found
from edusphere.core.text import check_storable
from edusphere.courses.access import managed_course, parse_id
from edusphere.courses.models import Course
from edusphere.courses.validation import CURRENCIES, check_currency
from edusphere.payments.models import Coupon, CouponKind

_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{2,31}")
MAX_REDEMPTIONS = 1_000_000


class CouponNotApplicable(AppError):
    """A coupon that exists but cannot be used for this purchase; `reason` says why."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(ErrorCode.BAD_USER_INPUT, message, reason=reason, field="couponCode")


def normalise_code(raw: str) -> str:
    code = check_storable(raw, "code").strip().upper()
    if not _CODE.fullmatch(code):
        raise bad_input(
            "A coupon code has 3-32 letters, digits, '-' or '_', starting with a letter or digit", field="code"
        )
    return code


@dataclass(frozen=True)
class Discount:
    coupon: Coupon | None
    discount_cents: int
    amount_cents: int


def discount(coupon: Coupon | None, price_cents: int) -> Discount:
    if coupon is None:
        return Discount(None, 0, price_cents)
    if coupon.kind is CouponKind.PERCENT:
        off = (price_cents * (coupon.percent_off or 0) + 50) // 100
    else:
        off = coupon.amount_off_cents or 0
    off = min(off, price_cents)
    return Discount(coupon, off, price_cents - off)


async def applicable(course: Course, raw_code: str | None) -> Coupon | None:
    """The course's coupon by code, if it may be used now (not a promise: `redeem` decides)."""
    if raw_code is None or not raw_code.strip():
        return None
    try:
        code = normalise_code(raw_code)
    except AppError:
        raise CouponNotApplicable("There is no such coupon for this course", "UNKNOWN") from None
    coupon = await Coupon.get_or_none(course_id=course.id, code=code)
    if coupon is None:
        other = await Coupon.filter(code=code).exists()
        if other:
            raise CouponNotApplicable("This coupon is for another course", "OTHER_COURSE")
        raise CouponNotApplicable("There is no such coupon for this course", "UNKNOWN")
    if not coupon.active:
        raise CouponNotApplicable("This coupon has been disabled", "DISABLED")
    if coupon.expires_at is not None and coupon.expires_at <= datetime.now(UTC):
        raise CouponNotApplicable("This coupon has expired", "EXPIRED")
    if coupon.max_redemptions is not None and coupon.redemption_count >= coupon.max_redemptions:
        raise CouponNotApplicable("This coupon has been used up", "USED_UP")
    if coupon.kind is CouponKind.AMOUNT and coupon.currency != course.currency:
        raise CouponNotApplicable(
            f"This coupon is in {coupon.currency}; the course is sold in {course.currency}", "CURRENCY"
        )
    return coupon


def problem(coupon: Coupon, course: Course, now: datetime | None = None) -> str | None:
    """Why the coupon cannot be used now, in words for its creator; None when it can."""
    now = now or datetime.now(UTC)
    if not coupon.active:
        return "Disabled"
    if coupon.expires_at is not None and coupon.expires_at <= now:
        return "Expired"
    if coupon.max_redemptions is not None and coupon.redemption_count >= coupon.max_redemptions:
        return "Used up"
    if coupon.kind is CouponKind.AMOUNT and coupon.currency != course.currency:
        return f"The course is now sold in {course.currency}; this coupon is in {coupon.currency}"
    return None


async def redeem(coupon: Coupon) -> None:
    """Take one redemption, or refuse with the reason (run inside the checkout transaction)."""
    rows = await connections.get("default").execute_query_dict(
        """
        UPDATE coupons SET redemption_count = redemption_count + 1
        WHERE id = $1 AND active AND (expires_at IS NULL OR expires_at > now())
          AND (max_redemptions IS NULL OR redemption_count < max_redemptions)
        RETURNING redemption_count
        """,
        [coupon.id],
    )
    if not rows:
        raise CouponNotApplicable("This coupon has been used up", "USED_UP")


async def release(coupon_id: UUID) -> None:
    """Give back a redemption held by an order that will never be paid."""
    await connections.get("default").execute_query(
        "UPDATE coupons SET redemption_count = greatest(redemption_count - 1, 0) WHERE id = $1", [coupon_id]
    )


# ----- creators' side --------------------------------------------------------------------------


def _positive(value: Any, field: str, label: str, maximum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= maximum:
        raise bad_input(f"{label} must be a whole number from 1 to {maximum:,}", field=field)
    return value


def _instant(raw: str | None, field: str) -> datetime | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = datetime.fromisoformat(check_storable(raw, field).strip()[:64])
    except ValueError:
        raise bad_input("The expiry must be a date and time, e.g. 2027-01-31T23:59:59Z", field=field) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if not datetime(2000, 1, 1, tzinfo=UTC) <= value <= datetime(9000, 1, 1, tzinfo=UTC):
        raise bad_input("The expiry is out of range", field=field)
    return value


async def create_coupon(viewer: Viewer, data: dict[str, Any]) -> Coupon:
    course = await managed_course(viewer, str(parse_id(data.get("courseId", ""), "Course")))
    code = normalise_code(data.get("code") or "")
    kind = CouponKind(data["kind"])
    percent_off = amount_off = currency = None
    if kind is CouponKind.PERCENT:
        if data.get("amountOffCents") is not None:
            raise bad_input("A percent coupon has no amountOffCents", field="amountOffCents")
        percent_off = _positive(data.get("percentOff"), "percentOff", "The percentage", 100)
    else:
        if data.get("percentOff") is not None:
            raise bad_input("An amount coupon has no percentOff", field="percentOff")
        currency = check_currency(data.get("currency") or course.currency)
        if currency != course.currency:
            raise bad_input(f"The course is sold in {course.currency}; the coupon must be too", field="currency")
        most = 10_000 * 10 ** CURRENCIES[currency]
        amount_off = _positive(data.get("amountOffCents"), "amountOffCents", "The amount off (in minor units)", most)
    expires_at = _instant(data.get("expiresAt"), "expiresAt")
    if expires_at is not None and expires_at <= datetime.now(UTC):
        raise bad_input("The expiry must be in the future", field="expiresAt")
    max_redemptions = data.get("maxRedemptions")
    if max_redemptions is not None:
        max_redemptions = _positive(max_redemptions, "maxRedemptions", "The maximum number of uses", MAX_REDEMPTIONS)
    try:
        return await Coupon.create(
            code=code,
            course=course,
            created_by_id=viewer.id,
            kind=kind,
            percent_off=percent_off,
            amount_off_cents=amount_off,
            currency=currency,
            expires_at=expires_at,
            max_redemptions=max_redemptions,
        )
    except IntegrityError:
        raise conflict(f"The course already has a coupon {code}") from None


async def disable_coupon(viewer: Viewer, coupon_id: str) -> Coupon:
    coupon = await Coupon.get_or_none(id=parse_id(coupon_id, "Coupon"))
    if coupon is None:
        raise not_found("Coupon")
    try:
        await managed_course(viewer, coupon.course_id)  # type: ignore[attr-defined]
    except AppError:
        raise not_found("Coupon") from None
    coupon.active = False
    await coupon.save(update_fields=["active"])
    return coupon


async def my_coupons(viewer: Viewer, course_id: str | None) -> list[Coupon]:
    query = Coupon.all() if viewer.is_admin else Coupon.filter(course__creator_id=viewer.id)
    if course_id is not None:
        query = query.filter(course_id=parse_id(course_id, "Course"))
    return await query.order_by("-created_at").limit(500)
