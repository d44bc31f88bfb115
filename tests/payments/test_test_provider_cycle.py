"""The whole purchase with the TEST provider, through GraphQL: checkout, the confirmation
page's Pay, enrollment and chat access, the ledger, an admin's refund, access gone."""

from __future__ import annotations

from typing import Any

import pytest

from edusphere.chat.rooms import membership, rooms_of_course
from edusphere.core.errors import AppError
from edusphere.core.runtime import Runtime
from edusphere.courses.access import is_enrolled
from edusphere.payments import ledger
from edusphere.payments.models import Order, OrderStatus, PaymentEvent
from tests.helpers import GraphQLClient
from tests.payments.factories import admin, buyer, paid_course

CHECKOUT = """mutation($c: ID!, $p: PaymentProvider!, $code: String) {
  checkout(courseId: $c, provider: $p, couponCode: $code) {
    redirectUrl enrolled order { id status amountCents listPriceCents discountCents currency provider } } }"""
PAY = """mutation($o: ID!, $a: Boolean!) { completeTestPayment(orderId: $o, approve: $a) {
  id status receiptNumber paidAt } }"""
REFUND = """mutation($o: ID!, $a: Int, $r: String) { refundOrder(orderId: $o, amountCents: $a, reason: $r) {
  id status refundedCents refunds { amountCents reason } } }"""
MY_ORDERS = "{ myOrders { edges { node { id status amountCents course { title } receiptNumber } } } }"
EARNINGS = "{ myEarnings { rows { month sales grossCents feesCents refundsCents netCents currency } csv } }"


async def _checkout(gql: GraphQLClient, token: str, course_id: Any, **extra: Any) -> Any:
    result = await gql(CHECKOUT, {"c": str(course_id), "p": "TEST", **extra}, token=token)
    assert not result.errors, result.body
    return result.data["checkout"]


async def test_test_payment_enrolls_then_a_whole_refund_takes_access_away(runtime: Runtime, gql: GraphQLClient) -> None:
    author, course = await paid_course(runtime, 4_900)
    learner, boss = await buyer(runtime), await admin(runtime)

    started = await _checkout(gql, learner.access_token, course.id)
    order = started["order"]
    assert started["redirectUrl"].endswith(f"/checkout/test/{order['id']}")
    assert (order["status"], order["amountCents"], order["currency"], order["provider"]) == (
        "PENDING", 4_900, "USD", "TEST"
    )  # fmt: skip
    assert not await is_enrolled(learner.viewer, course.id)

    paid = (await gql(PAY, {"o": order["id"], "a": True}, token=learner.access_token)).data["completeTestPayment"]
    assert paid["status"] == "PAID"
    assert paid["receiptNumber"].startswith("ES-")
    assert await is_enrolled(learner.viewer, course.id)
    room = (await rooms_of_course(learner.viewer, str(course.id)))[0]
    assert (await membership(learner.viewer, str(room.id))).room.id == room.id

    report = await ledger.check()
    assert report.ok
    assert report.totals == {"USD": 0}
    assert report.entries == 1
    earned = (await gql(EARNINGS, token=author.access_token)).data["myEarnings"]["rows"]
    assert [(r["sales"], r["grossCents"], r["feesCents"], r["netCents"]) for r in earned] == [(1, 4_900, 490, 4_410)]

    orders = (await gql(MY_ORDERS, token=learner.access_token)).data["myOrders"]["edges"]
    assert [edge["node"]["id"] for edge in orders] == [order["id"]]

    part = (await gql(REFUND, {"o": order["id"], "a": 900, "r": "Partial"}, token=boss.access_token)).data
    assert part["refundOrder"]["status"] == "PARTIALLY_REFUNDED"
    assert part["refundOrder"]["refundedCents"] == 900
    assert await is_enrolled(learner.viewer, course.id)

    rest = (await gql(REFUND, {"o": order["id"], "r": "The rest"}, token=boss.access_token)).data["refundOrder"]
    assert rest["status"] == "REFUNDED"
    assert rest["refundedCents"] == 4_900
    assert [r["amountCents"] for r in rest["refunds"]] == [900, 4_000]
    assert not await is_enrolled(learner.viewer, course.id)
    with pytest.raises(AppError):
        await membership(learner.viewer, str(room.id))

    report = await ledger.check()
    assert report.ok
    assert report.totals == {"USD": 0}
    assert report.entries == 3
    earned = (await gql(EARNINGS, token=author.access_token)).data["myEarnings"]
    row = earned["rows"][0]
    assert (row["grossCents"], row["refundsCents"], row["feesCents"], row["netCents"]) == (4_900, 4_900, 0, 0)
    assert earned["csv"].splitlines()[0].startswith("month,course_id,course_title")


async def test_the_same_payment_applied_twice_and_concurrently_enrolls_once(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    import asyncio

    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    order = (await _checkout(gql, learner.access_token, course.id))["order"]
    results = await asyncio.gather(
        *(gql(PAY, {"o": order["id"], "a": True}, token=learner.access_token) for _ in range(10))
    )
    statuses = sorted(
        "ok" if not r.errors else r.error_code for r in results
    )  # the first pays; the rest find it paid (CONFLICT) or the event already applied
    assert "ok" in statuses
    assert set(statuses) <= {"ok", "CONFLICT"}
    assert await PaymentEvent.filter(order_id=order["id"]).count() == 1
    assert (await ledger.check()).entries == 1
    row = await Order.get(id=order["id"])
    assert row.status is OrderStatus.PAID


async def test_a_second_checkout_reuses_the_pending_order(runtime: Runtime, gql: GraphQLClient) -> None:
    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    first = await _checkout(gql, learner.access_token, course.id)
    second = await _checkout(gql, learner.access_token, course.id)
    assert first["order"]["id"] == second["order"]["id"]
    assert first["redirectUrl"] == second["redirectUrl"]
    assert await Order.filter(course_id=course.id).count() == 1


async def test_cancel_then_checkout_again_pays_the_new_order(runtime: Runtime, gql: GraphQLClient) -> None:
    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    first = (await _checkout(gql, learner.access_token, course.id))["order"]
    canceled = await gql(PAY, {"o": first["id"], "a": False}, token=learner.access_token)
    assert canceled.data["completeTestPayment"]["status"] == "CANCELED"
    again = await gql(PAY, {"o": first["id"], "a": True}, token=learner.access_token)
    assert again.error_code == "CONFLICT"
    assert again.errors[0]["extensions"]["reason"] == "ORDER_CANCELED"
    second = (await _checkout(gql, learner.access_token, course.id))["order"]
    assert second["id"] != first["id"]
    assert (await gql(PAY, {"o": second["id"], "a": True}, token=learner.access_token)).data
    assert await is_enrolled(learner.viewer, course.id)


async def test_checkout_refusals_change_nothing(runtime: Runtime, gql: GraphQLClient) -> None:
    from tests.courses import factories as courses

    author, course = await paid_course(runtime)
    draft = await courses.course(author, publish=False, price_cents=1_000)
    free = await courses.course(author, price_cents=0)
    learner = await buyer(runtime)
    token = learner.access_token

    async def code(course_id: Any, provider: str = "TEST", **extra: Any) -> str:
        result = await gql(CHECKOUT, {"c": str(course_id), "p": provider, **extra}, token=token)
        return result.error_code

    assert await code(draft.id) == "NOT_FOUND"
    assert await code(free.id) == "BAD_USER_INPUT"
    assert await code("not-a-uuid") == "NOT_FOUND"
    assert await code(course.id, code="NOPE") == "BAD_USER_INPUT"
    assert (await gql(CHECKOUT, {"c": str(course.id), "p": "TEST"})).error_code == "UNAUTHENTICATED"
    own = await gql(CHECKOUT, {"c": str(course.id), "p": "TEST"}, token=author.access_token)
    assert own.error_code == "BAD_USER_INPUT"
    assert await Order.all().count() == 0
    order = (await _checkout(gql, token, course.id))["order"]
    await gql(PAY, {"o": order["id"], "a": True}, token=token)
    assert await code(course.id) == "CONFLICT"
    assert await Order.all().count() == 1


async def test_refund_refusals(runtime: Runtime, gql: GraphQLClient) -> None:
    _, course = await paid_course(runtime, 2_000)
    learner, boss = await buyer(runtime), await admin(runtime)
    order = (await _checkout(gql, learner.access_token, course.id))["order"]
    unpaid = await gql(REFUND, {"o": order["id"], "r": "Not paid yet"}, token=boss.access_token)
    assert unpaid.error_code == "BAD_USER_INPUT"
    assert unpaid.errors[0]["extensions"]["reason"] == "NOT_PAID"
    await gql(PAY, {"o": order["id"], "a": True}, token=learner.access_token)
    assert (await gql(REFUND, {"o": order["id"], "r": "Mine"}, token=learner.access_token)).error_code == "FORBIDDEN"
    for amount in (0, -5, 2_001, 2**31 - 1):
        result = await gql(REFUND, {"o": order["id"], "a": amount, "r": "Wrong amount"}, token=boss.access_token)
        assert result.error_code == "BAD_USER_INPUT", amount
    bad_reason = await gql(REFUND, {"o": order["id"], "r": "x\u0007y"}, token=boss.access_token)
    assert bad_reason.error_code == "BAD_USER_INPUT"
    assert (await gql(REFUND, {"o": "nope", "r": "No such order"}, token=boss.access_token)).error_code == "NOT_FOUND"
    row = await Order.get(id=order["id"])
    assert row.status is OrderStatus.PAID
    assert row.refunded_cents == 0
    assert (await ledger.check()).entries == 1


async def test_someone_elses_order_is_not_found(runtime: Runtime, gql: GraphQLClient) -> None:
    _, course = await paid_course(runtime)
    learner, other = await buyer(runtime), await buyer(runtime)
    order = (await _checkout(gql, learner.access_token, course.id))["order"]
    stolen = await gql(PAY, {"o": order["id"], "a": True}, token=other.access_token)
    assert stolen.error_code == "NOT_FOUND"
    looked = await gql("query($o: ID!) { order(id: $o) { id } }", {"o": order["id"]}, token=other.access_token)
    assert looked.data == {"order": None}
    assert (await Order.get(id=order["id"])).status is OrderStatus.PENDING


async def test_a_provider_without_keys_is_refused_before_anything_changes(runtime: Runtime) -> None:
    from dataclasses import replace

    from edusphere.core.errors import ErrorCode
    from edusphere.core.settings import PaymentSettings
    from edusphere.payments import checkout
    from edusphere.payments.models import ProviderName

    _, course = await paid_course(runtime)
    learner = await buyer(runtime)
    bare = Runtime(
        settings=replace(runtime.settings, payments=PaymentSettings(test_provider=False)), redis=runtime.redis
    )
    for name in ProviderName:
        with pytest.raises(AppError) as refused:
            await checkout.checkout(bare, learner.viewer, str(course.id), name, None)
        assert refused.value.code is ErrorCode.BAD_USER_INPUT
        assert refused.value.details["reason"] == "PROVIDER_DISABLED"
    assert await Order.all().count() == 0
