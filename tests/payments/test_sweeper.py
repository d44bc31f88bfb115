"""The stale-checkout sweep cancels what nobody finished and gives coupon redemptions back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from edusphere.core.runtime import Runtime
from edusphere.payments.models import Coupon, Order, OrderStatus
from edusphere.payments.sweeper import PENDING_LIFETIME, PendingOrderSweeper
from tests.helpers import GraphQLClient
from tests.payments.factories import buyer, paid_course

CHECKOUT = """mutation($c: ID!, $code: String) { checkout(courseId: $c, provider: TEST, couponCode: $code) {
  order { id } } }"""


async def test_old_pending_checkouts_are_canceled_and_young_ones_kept(runtime: Runtime, gql: GraphQLClient) -> None:
    author, course = await paid_course(runtime, 2_000)
    await gql(
        "mutation($i: CouponInput!) { createCoupon(input: $i) { id } }",
        {"i": {"courseId": str(course.id), "code": "SWEEP", "kind": "PERCENT", "percentOff": 10, "maxRedemptions": 5}},
        token=author.access_token,
    )
    old, young = await buyer(runtime), await buyer(runtime)
    stale = (await gql(CHECKOUT, {"c": str(course.id), "code": "SWEEP"}, token=old.access_token)).data
    fresh = (await gql(CHECKOUT, {"c": str(course.id)}, token=young.access_token)).data
    stale_id, fresh_id = stale["checkout"]["order"]["id"], fresh["checkout"]["order"]["id"]
    long_ago = datetime.now(UTC) - PENDING_LIFETIME - timedelta(minutes=1)
    await Order.filter(id=stale_id).update(created_at=long_ago)
    assert (await Coupon.get(code="SWEEP")).redemption_count == 1

    sweeper = PendingOrderSweeper(runtime, interval_seconds=3600)
    assert await sweeper.sweep() == 1
    assert await sweeper.sweep() == 0
    assert (await Order.get(id=stale_id)).status is OrderStatus.CANCELED
    assert (await Order.get(id=fresh_id)).status is OrderStatus.PENDING
    assert (await Coupon.get(code="SWEEP")).redemption_count == 0
    await sweeper.start()
    await sweeper.stop()
