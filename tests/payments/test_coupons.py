"""Coupons: creators' codes, applied by the server at checkout, redeemed atomically."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from edusphere.core.runtime import Runtime
from edusphere.courses.access import is_enrolled
from edusphere.payments.models import Coupon, Order, OrderStatus
from tests.courses import factories as courses
from tests.helpers import GraphQLClient
from tests.payments.factories import buyer, paid_course

CREATE = """mutation($i: CouponInput!) { createCoupon(input: $i) {
  id code kind percentOff amountOffCents currency maxRedemptions redemptionCount active } }"""
QUOTE = """query($c: ID!, $code: String) { priceQuote(courseId: $c, couponCode: $code) {
  listPriceCents discountCents amountCents couponCode platformFeeCents creatorEarningsCents } }"""
CHECKOUT = """mutation($c: ID!, $code: String) { checkout(courseId: $c, provider: TEST, couponCode: $code) {
  redirectUrl enrolled order { id status amountCents discountCents couponCode } } }"""


async def _coupon(gql: GraphQLClient, token: str, course_id: Any, **fields: Any) -> Any:
    result = await gql(CREATE, {"i": {"courseId": str(course_id), **fields}}, token=token)
    assert not result.errors, result.body
    return result.data["createCoupon"]


async def test_hostile_coupon_inputs_are_refused(runtime: Runtime, gql: GraphQLClient) -> None:
    author, course = await paid_course(runtime, 5_000)
    other_author, other_course = await paid_course(runtime)
    token = author.access_token
    cases: list[dict[str, Any]] = [
        {"code": "ab", "kind": "PERCENT", "percentOff": 10},
        {"code": "x" * 33, "kind": "PERCENT", "percentOff": 10},
        {"code": "BAD CODE", "kind": "PERCENT", "percentOff": 10},
        {"code": "NUL\u0000", "kind": "PERCENT", "percentOff": 10},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 0},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 101},
        {"code": "OK1", "kind": "PERCENT"},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 10, "amountOffCents": 5},
        {"code": "OK1", "kind": "AMOUNT", "amountOffCents": 0},
        {"code": "OK1", "kind": "AMOUNT", "amountOffCents": 2**31 - 1},
        {"code": "OK1", "kind": "AMOUNT", "amountOffCents": 100, "currency": "EUR"},
        {"code": "OK1", "kind": "AMOUNT", "amountOffCents": 100, "currency": "XXX"},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 10, "maxRedemptions": 0},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 10, "maxRedemptions": -1},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 10, "expiresAt": "2001-01-01T00:00:00Z"},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 10, "expiresAt": "tomorrow"},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 10, "expiresAt": "99999-01-01T00:00:00"},
        {"code": "OK1", "kind": "PERCENT", "percentOff": 10, "expiresAt": "2027-01-01T00:00:00\u0000"},
    ]
    for case in cases:
        result = await gql(CREATE, {"i": {"courseId": str(course.id), **case}}, token=token)
        assert result.error_code == "BAD_USER_INPUT", case
    foreign = await gql(CREATE, {"i": {"courseId": str(other_course.id), "code": "MINE", "kind": "PERCENT",
                                       "percentOff": 10}}, token=token)  # fmt: skip
    assert foreign.error_code == "FORBIDDEN"
    learner = await buyer(runtime)
    as_learner = await gql(CREATE, {"i": {"courseId": str(course.id), "code": "MINE", "kind": "PERCENT",
                                          "percentOff": 10}}, token=learner.access_token)  # fmt: skip
    assert as_learner.error_code == "FORBIDDEN"
    assert await Coupon.all().count() == 0
    await _coupon(gql, token, course.id, code="launch", kind="PERCENT", percentOff=10)
    again = await gql(CREATE, {"i": {"courseId": str(course.id), "code": "LAUNCH", "kind": "PERCENT",
                                     "percentOff": 20}}, token=token)  # fmt: skip
    assert again.error_code == "CONFLICT"
    assert other_author  # the other creator may use the same code on their own course
    await _coupon(gql, other_author.access_token, other_course.id, code="LAUNCH", kind="PERCENT", percentOff=5)


async def test_a_quote_shows_the_discount_and_checkout_charges_it(runtime: Runtime, gql: GraphQLClient) -> None:
    author, course = await paid_course(runtime, 5_000)
    await _coupon(gql, author.access_token, course.id, code="HALF", kind="PERCENT", percentOff=50)
    await _coupon(gql, author.access_token, course.id, code="TENOFF", kind="AMOUNT", amountOffCents=1_000)
    learner = await buyer(runtime)
    quote = (await gql(QUOTE, {"c": str(course.id), "code": " half "}, token=learner.access_token)).data["priceQuote"]
    assert quote == {
        "listPriceCents": 5_000, "discountCents": 2_500, "amountCents": 2_500, "couponCode": "HALF",
        "platformFeeCents": 250, "creatorEarningsCents": 2_250,
    }  # fmt: skip
    result = await gql(CHECKOUT, {"c": str(course.id), "code": "TENOFF"}, token=learner.access_token)
    order = result.data["checkout"]["order"]
    assert (order["amountCents"], order["discountCents"], order["couponCode"]) == (4_000, 1_000, "TENOFF")
    assert (await Coupon.get(code="TENOFF")).redemption_count == 1


async def test_coupons_that_do_not_apply_say_why(runtime: Runtime, gql: GraphQLClient) -> None:
    author, course = await paid_course(runtime, 5_000)
    _, other_course = await paid_course(runtime, 5_000)
    eur_author = author
    eur_course = await courses.course(eur_author, price_cents=3_000, currency="EUR")
    await _coupon(gql, author.access_token, course.id, code="ONCE", kind="PERCENT", percentOff=10, maxRedemptions=1)
    soon = (datetime.now(UTC) + timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    await _coupon(gql, author.access_token, course.id, code="BRIEF", kind="PERCENT", percentOff=10, expiresAt=soon)
    await _coupon(gql, author.access_token, eur_course.id, code="EURO", kind="AMOUNT", amountOffCents=500)
    disabled = await _coupon(gql, author.access_token, course.id, code="GONE", kind="PERCENT", percentOff=10)
    await gql(
        "mutation($i: ID!) { disableCoupon(id: $i) { active } }", {"i": disabled["id"]}, token=author.access_token
    )
    # A coupon in another currency cannot exist on a course (creation refuses it); change the
    # course's currency afterwards to make one.
    await Coupon.filter(code="EURO").update(currency="USD")
    first, second = await buyer(runtime), await buyer(runtime)
    assert not (await gql(CHECKOUT, {"c": str(course.id), "code": "ONCE"}, token=first.access_token)).errors
    await asyncio.sleep(1.1)

    async def reason(course_id: Any, code: str) -> str:
        result = await gql(QUOTE, {"c": str(course_id), "code": code}, token=second.access_token)
        assert result.error_code == "BAD_USER_INPUT", result.body
        return str(result.errors[0]["extensions"]["reason"])

    assert await reason(course.id, "ONCE") == "USED_UP"
    assert await reason(course.id, "BRIEF") == "EXPIRED"
    assert await reason(course.id, "GONE") == "DISABLED"
    assert await reason(other_course.id, "ONCE") == "OTHER_COURSE"
    assert await reason(course.id, "NOSUCH") == "UNKNOWN"
    nul = await gql(QUOTE, {"c": str(course.id), "code": "A\u0000B"}, token=second.access_token)
    assert nul.error_code == "BAD_USER_INPUT"  # refused at the door
    assert await reason(eur_course.id, "EURO") == "CURRENCY"
    refused = await gql(CHECKOUT, {"c": str(course.id), "code": "ONCE"}, token=second.access_token)
    assert refused.error_code == "BAD_USER_INPUT"
    assert await Order.filter(buyer_id=second.viewer.id).count() == 0


async def test_fifty_concurrent_checkouts_redeem_a_ten_use_coupon_ten_times(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    author, course = await paid_course(runtime, 5_000)
    await _coupon(gql, author.access_token, course.id, code="TEN", kind="PERCENT", percentOff=20, maxRedemptions=10)
    buyers = [await buyer(runtime) for _ in range(50)]
    results = await asyncio.gather(
        *(gql(CHECKOUT, {"c": str(course.id), "code": "TEN"}, token=b.access_token) for b in buyers)
    )
    succeeded = [r for r in results if not r.errors]
    assert len(succeeded) == 10
    assert {r.error_code for r in results if r.errors} == {"BAD_USER_INPUT"}
    assert (await Coupon.get(code="TEN")).redemption_count == 10
    assert await Order.filter(course_id=course.id).count() == 10


async def test_an_abandoned_checkout_gives_its_redemption_back(runtime: Runtime, gql: GraphQLClient) -> None:
    author, course = await paid_course(runtime, 5_000)
    await _coupon(gql, author.access_token, course.id, code="ONE", kind="PERCENT", percentOff=20, maxRedemptions=1)
    first, second = await buyer(runtime), await buyer(runtime)
    order = (await gql(CHECKOUT, {"c": str(course.id), "code": "ONE"}, token=first.access_token)).data["checkout"]
    cancel = "mutation($o: ID!) { cancelCheckout(orderId: $o) { status } }"
    canceled = await gql(cancel, {"o": order["order"]["id"]}, token=first.access_token)
    assert canceled.data["cancelCheckout"]["status"] == "CANCELED"
    assert (await Coupon.get(code="ONE")).redemption_count == 0
    assert not (await gql(CHECKOUT, {"c": str(course.id), "code": "ONE"}, token=second.access_token)).errors


async def test_a_full_discount_enrolls_without_a_provider(runtime: Runtime, gql: GraphQLClient) -> None:
    author, course = await paid_course(runtime, 5_000)
    await _coupon(gql, author.access_token, course.id, code="FREE100", kind="PERCENT", percentOff=100)
    learner = await buyer(runtime)
    result = (await gql(CHECKOUT, {"c": str(course.id), "code": "FREE100"}, token=learner.access_token)).data
    assert result["checkout"]["enrolled"] is True
    assert result["checkout"]["redirectUrl"] is None
    assert result["checkout"]["order"]["status"] == "PAID"
    assert await is_enrolled(learner.viewer, course.id)
    assert (await Order.get(id=result["checkout"]["order"]["id"])).status is OrderStatus.PAID


async def test_the_creator_sees_why_a_coupon_cannot_be_used(runtime: Runtime, gql: GraphQLClient) -> None:
    author, course = await paid_course(runtime, 5_000)
    await _coupon(gql, author.access_token, course.id, code="FIVE", kind="AMOUNT", amountOffCents=500)
    await _coupon(gql, author.access_token, course.id, code="ONCE", kind="PERCENT", percentOff=5, maxRedemptions=1)
    listed = "query($c: ID) { myCoupons(courseId: $c) { code problem } }"

    async def problems() -> dict[str, str | None]:
        rows = (await gql(listed, {"c": str(course.id)}, token=author.access_token)).data["myCoupons"]
        return {row["code"]: row["problem"] for row in rows}

    assert await problems() == {"FIVE": None, "ONCE": None}
    learner = await buyer(runtime)
    assert not (await gql(CHECKOUT, {"c": str(course.id), "code": "ONCE"}, token=learner.access_token)).errors
    changed = await gql(
        "mutation($id: ID!, $i: CourseInput!) { updateCourse(id: $id, input: $i) { currency } }",
        {"id": str(course.id), "i": {"currency": "EUR", "priceCents": 4_000}},
        token=author.access_token,
    )
    assert changed.data["updateCourse"]["currency"] == "EUR", changed.body
    assert await problems() == {
        "FIVE": "The course is now sold in EUR; this coupon is in USD",
        "ONCE": "Used up",
    }
