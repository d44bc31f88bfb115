"""Admins' orders through GraphQL over HTTP: the filtered list, its totals and CSV, a user's
orders and a course's revenue, and the audited refund. Hostile input first."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import httpx
import pytest

from edusphere.audit.models import AuditEntry
from edusphere.auth.models import Role
from edusphere.core import counting
from edusphere.core.graphql import RequestContext
from edusphere.core.runtime import Runtime
from edusphere.courses.access import is_enrolled
from edusphere.courses.models import Course
from edusphere.payments import admin, ledger, resolvers
from edusphere.payments.models import Order, OrderStatus, ProviderName, Refund, RefundStatus
from edusphere.payments.orders import apply_update, own_update, receipt_number
from edusphere.payments.providers.base import PaymentUpdate, RefundState, UpdateKind
from tests.courses import factories as courses
from tests.helpers import GraphQLClient, make_user
from tests.payments.factories import admin as make_admin
from tests.payments.factories import buyer, paid_course
from tests.payments.fakes.stripe_api import StripeFake

ORDERS = """query($f: OrderFilter, $s: OrderStatus, $first: Int, $after: String) {
  orders(filter: $f, status: $s, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id status provider amountCents refundedCents currency receiptNumber createdAt
                          buyer { id email } course { id title } } } } }"""
TOTALS = """query($f: OrderFilter) { orderTotals(filter: $f) {
  currency orders paidOrders amountCents refundedCents netCents } }"""
CSV = "query($f: OrderFilter) { ordersCsv(filter: $f) }"
MY_ORDERS = "{ myOrders(first: 1) { totalCount totalCountCapped pageInfo { endCursor } edges { node { id } } } }"
COUNTED = """query($f: OrderFilter) { orders(filter: $f, first: 1) { totalCount totalCountCapped
  edges { node { id } } } }"""
REFUND = """mutation($o: ID!, $a: Int, $r: String) { refundOrder(orderId: $o, amountCents: $a, reason: $r) {
  id status refundedCents refunds { amountCents reason } } }"""
CHECKOUT = """mutation($c: ID!, $p: PaymentProvider!) { checkout(courseId: $c, provider: $p) {
  redirectUrl order { id } } }"""
PAY = "mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { id status } }"


async def _order(
    buyer_id: Any,
    course: Course,
    *,
    status: OrderStatus = OrderStatus.PAID,
    provider: ProviderName = ProviderName.TEST,
    created_at: datetime | None = None,
    refunded: int = 0,
    amount: int | None = None,
) -> Order:
    """An order row as checkout and apply_update leave one (for the list's filters; the refund
    tests below go through the real checkout)."""
    when = created_at or datetime.now(UTC)
    order = Order(
        id=uuid4(), buyer_id=buyer_id, course_id=course.id, provider=provider, status=status,
        list_price_cents=amount or course.price_cents, amount_cents=amount or course.price_cents,
        refunded_cents=refunded, currency=course.currency, created_at=when,
        paid_at=when if status in {OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED} else None,
    )  # fmt: skip
    if order.paid_at is not None:
        order.receipt_number = receipt_number(order, when)
    await order.save()
    return order


async def _paid_test_order(runtime: Runtime, gql: GraphQLClient, price: int = 4_900) -> tuple[Any, Any, Course]:
    """A course bought for real with the TEST provider: (buyer, order id, course)."""
    _, course = await paid_course(runtime, price)
    learner = await buyer(runtime)
    started = (await gql(CHECKOUT, {"c": str(course.id), "p": "TEST"}, token=learner.access_token)).ok()
    order_id = started["checkout"]["order"]["id"]
    assert (await gql(PAY, {"o": order_id}, token=learner.access_token)).ok()["completeTestPayment"]["status"] == "PAID"
    return learner, order_id, course


# ----- hostile input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (ORDERS, {}),
        (TOTALS, {}),
        (CSV, {}),
        (REFUND, {"o": str(uuid4()), "r": "Goodwill"}),
    ],
)
async def test_only_admins_read_orders_and_refund(
    runtime: Runtime, gql: GraphQLClient, query: str, variables: dict[str, Any]
) -> None:
    assert (await gql(query, variables)).error_code == "UNAUTHENTICATED"
    for role in (Role.LEARNER, Role.CREATOR):
        someone = await make_user(runtime, role)
        result = await gql(query, variables, token=someone.access_token)
        assert result.error_code == "FORBIDDEN", result.body
        assert result.data is None


@pytest.mark.parametrize(
    ("order_filter", "field"),
    [
        ({"createdAfter": "yesterday"}, "createdAfter"),
        ({"createdAfter": "2027-02-30T00:00:00Z"}, "createdAfter"),
        ({"createdBefore": "99999-01-01"}, "createdBefore"),
        ({"createdBefore": "1970-01-01T00:00:00Z"}, "createdBefore"),
        ({"courseId": "not-an-id"}, "courseId"),
        ({"buyerId": "1; DROP TABLE orders"}, "buyerId"),
        ({"buyerId": "x" * 10_000}, "buyerId"),
        ({"search": "x" * 10_000}, "search"),
        ({"search": "a" * 255}, "search"),
    ],
)
async def test_malformed_filters_are_refused_by_name(
    runtime: Runtime, gql: GraphQLClient, order_filter: dict[str, Any], field: str
) -> None:
    boss = await make_admin(runtime)
    for query in (ORDERS, TOTALS, CSV):
        result = await gql(query, {"f": order_filter}, token=boss.access_token)
        assert result.error_code == "BAD_USER_INPUT", result.body
        assert result.errors[0]["extensions"]["field"] == field


async def test_unstorable_search_is_refused_at_the_door(runtime: Runtime, http: httpx.AsyncClient) -> None:
    boss = await make_admin(runtime)
    for term in ("a\\u0000b", "\\ud800"):  # JSON escapes: a lone surrogate has no UTF-8 to send
        body = '{"query": "query($s: String) { orders(filter: {search: $s}) { totalCount } }", '
        body += '"variables": {"s": "' + term + '"}}'
        response = await http.post("/graphql", content=body.encode(), headers={
            "content-type": "application/json", "authorization": f"Bearer {boss.access_token}"})  # fmt: skip
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", response.text


async def test_two_different_statuses_are_refused(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    result = await gql(ORDERS, {"f": {"status": "PAID"}, "s": "REFUNDED"}, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == "status"
    same = await gql(ORDERS, {"f": {"status": "PAID"}, "s": "PAID"}, token=boss.access_token)
    assert same.ok()["orders"]["totalCount"] == 0


@pytest.mark.parametrize("first", [0, -1, 101, 2**31 - 1])
async def test_page_size_out_of_range_is_refused(runtime: Runtime, gql: GraphQLClient, first: int) -> None:
    boss = await make_admin(runtime)
    result = await gql(ORDERS, {"first": first}, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["argument"] == "first"


async def test_a_cursor_from_another_list_or_forged_is_refused(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    _, course = await paid_course(runtime)
    for _ in range(2):
        await _order(boss.user.id, course, status=OrderStatus.CANCELED)
    mine = (await gql(MY_ORDERS, token=boss.access_token)).ok()["myOrders"]
    assert mine["totalCount"] is None  # the buyer's own list is not counted
    assert mine["totalCountCapped"] is None
    theirs = mine["pageInfo"]["endCursor"]
    assert theirs
    ours = (await gql(ORDERS, {"first": 1}, token=boss.access_token)).ok()["orders"]["pageInfo"]["endCursor"]
    for cursor in (theirs, ours[:-2] + "AA", "garbage", "x" * 5_000):
        result = await gql(ORDERS, {"after": cursor}, token=boss.access_token)
        assert result.error_code == "BAD_USER_INPUT", cursor
        assert result.errors[0]["extensions"]["argument"] == "after"
    # And the other way round: the admins' cursor does not page the buyer's list.
    refused = await gql("query($a: String) { myOrders(after: $a) { edges { cursor } } }", {"a": ours},
                        token=boss.access_token)  # fmt: skip
    assert refused.error_code == "BAD_USER_INPUT"


async def test_the_count_is_exact_up_to_the_cap_and_says_when_it_stopped(
    runtime: Runtime, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    boss = await make_admin(runtime)
    _, course = await paid_course(runtime)
    smith = await make_user(runtime, email=f"smith-{uuid4().hex[:6]}@example.com")
    for provider in (ProviderName.PAYPAL, ProviderName.PAYPAL, ProviderName.PAYPAL, ProviderName.STRIPE):
        await _order(smith.user.id, course, provider=provider, status=OrderStatus.CANCELED)
    await _order(boss.user.id, course, provider=ProviderName.PAYPAL)
    monkeypatch.setattr(counting, "COUNT_CAP", 3)
    calls: list[Any] = []
    real = counting.capped_count

    async def spy(query: Any, cap: int | None = None) -> counting.Tally:
        calls.append(query)
        return await real(query, cap)

    monkeypatch.setattr(counting, "capped_count", spy)

    async def counted(order_filter: dict[str, Any]) -> tuple[int, bool]:
        page = (await gql(COUNTED, {"f": order_filter}, token=boss.access_token)).ok()["orders"]
        assert len(page["edges"]) == min(1, page["totalCount"])
        return page["totalCount"], page["totalCountCapped"]

    assert await counted({}) == (3, True)  # 5 orders
    assert await counted({"provider": "PAYPAL"}) == (3, True)  # 4
    assert await counted({"provider": "PAYPAL", "status": "CANCELED"}) == (3, False)  # exactly the cap
    assert await counted({"search": "smith", "provider": "PAYPAL"}) == (3, False)  # the search kept
    assert await counted({"search": "smith", "provider": "STRIPE"}) == (1, False)
    assert await counted({"status": "REFUNDED"}) == (0, False)
    assert len(calls) == 6  # one count per request, for both fields


async def test_like_wildcards_in_a_search_match_only_themselves(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    _, course = await paid_course(runtime)
    plain = await make_user(runtime, email="ab@example.com")
    underscored = await make_user(runtime, email="a_b@example.com")
    percent = await make_user(runtime, email="a%b@example.com")
    for someone in (plain, underscored, percent):
        await _order(someone.user.id, course)

    async def emails(term: str) -> list[str]:
        page = (await gql(ORDERS, {"f": {"search": term}}, token=boss.access_token)).ok()["orders"]
        assert page["totalCount"] == len(page["edges"])
        return sorted(edge["node"]["buyer"]["email"] for edge in page["edges"])

    assert await emails("a_b") == ["a_b@example.com"]
    assert await emails("a%b") == ["a%b@example.com"]
    assert await emails("_") == ["a_b@example.com"]
    assert await emails("%") == ["a%b@example.com"]
    assert await emails("\\") == []
    assert await emails("AB@EXAMPLE") == ["ab@example.com"]  # case-insensitive
    assert await emails("   ") == sorted(["ab@example.com", "a_b@example.com", "a%b@example.com"])  # blank: no search


async def test_refund_without_a_reason_is_refused_and_the_provider_never_asked(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake
) -> None:
    boss = await make_admin(runtime)
    _, course = await paid_course(runtime, 4_900)
    learner = await buyer(runtime)
    started = (await gql(CHECKOUT, {"c": str(course.id), "p": "STRIPE"}, token=learner.access_token)).ok()
    session_id = started["checkout"]["redirectUrl"].removeprefix(f"{stripe_fake.url}/pay/")
    await stripe_fake.pay(session_id)
    order_id = started["checkout"]["order"]["id"]
    assert (await Order.get(id=order_id)).status is OrderStatus.PAID
    for reason in (None, "", "   ", "\n\t"):
        result = await gql(REFUND, {"o": order_id, "r": reason}, token=boss.access_token)
        assert result.error_code == "BAD_USER_INPUT", result.body
        assert result.errors[0]["extensions"]["field"] == "reason"
    for reason in ("x" * 501, "bell \x07"):
        result = await gql(REFUND, {"o": order_id, "r": reason}, token=boss.access_token)
        assert result.errors[0]["extensions"]["field"] == "reason"
    assert stripe_fake.refunds == {}
    order = await Order.get(id=order_id)
    assert (order.status, order.refunded_cents) == (OrderStatus.PAID, 0)
    assert await AuditEntry.all().count() == 0
    assert await is_enrolled(learner.viewer, course.id)


async def test_a_refund_above_what_was_paid_changes_nothing_and_is_not_audited(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    boss = await make_admin(runtime)
    learner, order_id, course = await _paid_test_order(runtime, gql, 4_900)
    for amount in (4_901, 2**31 - 1, 0, -100):
        result = await gql(REFUND, {"o": order_id, "a": amount, "r": "Too much"}, token=boss.access_token)
        assert result.error_code == "BAD_USER_INPUT", result.body
        assert result.errors[0]["extensions"]["field"] == "amountCents"
    part = (await gql(REFUND, {"o": order_id, "a": 4_000, "r": "Partly"}, token=boss.access_token)).ok()
    assert part["refundOrder"]["refundedCents"] == 4_000
    over = await gql(REFUND, {"o": order_id, "a": 901, "r": "Beyond what is left"}, token=boss.access_token)
    assert over.error_code == "BAD_USER_INPUT"
    order = await Order.get(id=order_id)
    assert (order.status, order.refunded_cents) == (OrderStatus.PARTIALLY_REFUNDED, 4_000)
    assert await Refund.filter(order_id=order_id).count() == 1
    assert await AuditEntry.all().count() == 1
    assert (await ledger.check()).ok
    assert await is_enrolled(learner.viewer, course.id)


async def test_refunding_an_unknown_or_unpaid_order_changes_nothing(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    for bad in ("nope", str(uuid4())):
        assert (await gql(REFUND, {"o": bad, "r": "Why not"}, token=boss.access_token)).error_code == "NOT_FOUND"
    _, course = await paid_course(runtime)
    pending = await _order(boss.user.id, course, status=OrderStatus.PENDING)
    result = await gql(REFUND, {"o": str(pending.id), "r": "Not paid"}, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["reason"] == "NOT_PAID"
    assert await AuditEntry.all().count() == 0


# ----- the list -------------------------------------------------------------------------------


async def test_filters_select_and_pages_run_newest_first(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    author, usd = await paid_course(runtime, 4_900)
    eur = await courses.course(author, price_cents=2_000, currency="EUR")
    ann = await make_user(runtime, email="ann.lee@example.com")
    bob = await make_user(runtime, email="bob.stone@example.org")
    start = datetime(2027, 3, 1, tzinfo=UTC)
    made = [
        await _order(ann.user.id, usd, created_at=start, provider=ProviderName.STRIPE),
        await _order(ann.user.id, eur, created_at=start + timedelta(days=1), status=OrderStatus.REFUNDED,
                     refunded=2_000),
        await _order(bob.user.id, usd, created_at=start + timedelta(days=2), status=OrderStatus.CANCELED,
                     provider=ProviderName.PAYPAL),
        await _order(bob.user.id, eur, created_at=start + timedelta(days=3), status=OrderStatus.PARTIALLY_REFUNDED,
                     refunded=500, provider=ProviderName.STRIPE),
        await _order(bob.user.id, usd, created_at=start + timedelta(days=3), status=OrderStatus.FAILED),
    ]  # fmt: skip

    async def ids(order_filter: dict[str, Any] | None = None, **extra: Any) -> list[str]:
        page = (await gql(ORDERS, {"f": order_filter, **extra}, token=boss.access_token)).ok()["orders"]
        assert page["totalCount"] == len(page["edges"])
        return [edge["node"]["id"] for edge in page["edges"]]

    newest_first = sorted(made, key=lambda o: (o.created_at, o.id), reverse=True)
    assert await ids() == [str(o.id) for o in newest_first]
    assert await ids({"status": "CANCELED"}) == [str(made[2].id)]
    assert await ids(s="CANCELED") == [str(made[2].id)]  # the older spelling
    assert await ids({"provider": "STRIPE"}) == [str(made[3].id), str(made[0].id)]
    assert await ids({"courseId": str(eur.id)}) == [str(made[3].id), str(made[1].id)]
    assert await ids({"buyerId": str(ann.user.id)}) == [str(made[1].id), str(made[0].id)]
    assert await ids({"buyerId": str(uuid4())}) == []
    day_two = {"createdAfter": "2027-03-02T00:00:00Z", "createdBefore": "2027-03-04"}
    assert await ids(day_two) == [str(made[2].id), str(made[1].id)]  # after inclusive, before exclusive
    assert await ids({"createdAfter": "2027-03-04T00:00:00.000001Z"}) == []
    assert await ids({"search": "stone@"}) == [str(o.id) for o in newest_first if o.buyer_id == bob.user.id]  # type: ignore[attr-defined]
    assert await ids({"search": "stone@", "status": "FAILED"}) == [str(made[4].id)]
    receipt = made[1].receipt_number
    assert receipt is not None
    assert await ids({"search": receipt.lower()}) == [str(made[1].id)]
    assert set(await ids({"search": receipt[:11]})) == {str(made[1].id)}  # ES-20270302
    assert set(await ids({"search": "es-"})) == {str(o.id) for o in made if o.receipt_number}
    assert await ids({"search": "nobody"}) == []

    # Pages of two, each after the last: every order once, in the same order.
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(ORDERS, {"first": 2, "after": after}, token=boss.access_token)).ok()["orders"]
        assert page["totalCount"] == 5
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [str(o.id) for o in newest_first]


async def test_totals_per_currency_count_paid_orders_only(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    author, usd = await paid_course(runtime, 4_900)
    eur = await courses.course(author, price_cents=2_000, currency="EUR")
    someone = await make_user(runtime)
    await _order(someone.user.id, usd)
    await _order(someone.user.id, usd, status=OrderStatus.PARTIALLY_REFUNDED, refunded=900)
    await _order(someone.user.id, usd, status=OrderStatus.CANCELED)
    await _order(someone.user.id, eur, status=OrderStatus.REFUNDED, refunded=2_000)
    await _order(someone.user.id, eur, status=OrderStatus.PENDING)
    totals = (await gql(TOTALS, token=boss.access_token)).ok()["orderTotals"]
    assert totals == [
        {"currency": "EUR", "orders": 2, "paidOrders": 1, "amountCents": 2_000, "refundedCents": 2_000, "netCents": 0},
        {"currency": "USD", "orders": 3, "paidOrders": 2, "amountCents": 9_800, "refundedCents": 900,
         "netCents": 8_900},
    ]  # fmt: skip
    only_usd = (await gql(TOTALS, {"f": {"courseId": str(usd.id)}}, token=boss.access_token)).ok()["orderTotals"]
    assert [t["currency"] for t in only_usd] == ["USD"]
    assert (await gql(TOTALS, {"f": {"search": "nobody"}}, token=boss.access_token)).ok()["orderTotals"] == []


async def test_csv_lists_the_filtered_orders_with_formulas_defused(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    author = await courses.creator(runtime)
    hostile = await courses.course(author, title='=HYPERLINK("http://evil")', price_cents=1_999)
    plain = await courses.course(author, title="Plain title", price_cents=500, currency="JPY")
    at = await make_user(runtime, email="+home@example.com")
    minus = await make_user(runtime, email="-1+1@example.com")
    first = await _order(at.user.id, hostile, status=OrderStatus.PARTIALLY_REFUNDED, refunded=999,
                         created_at=datetime(2027, 1, 1, tzinfo=UTC))  # fmt: skip
    second = await _order(
        minus.user.id, plain, status=OrderStatus.CANCELED, created_at=datetime(2027, 1, 2, tzinfo=UTC)
    )
    text = (await gql(CSV, token=boss.access_token)).ok()["ordersCsv"]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == admin.CSV_HEADER
    assert [row[0] for row in rows[1:]] == [str(second.id), str(first.id)]
    assert rows[1][3:] == ["CANCELED", "TEST", "'-1+1@example.com", "Plain title", "JPY", "500", "0", ""]
    assert rows[1][2] == ""  # never paid
    assert rows[2][5:] == ["'+home@example.com", "'=HYPERLINK(\"http://evil\")", "USD", "19.99", "9.99",
                           first.receipt_number]  # fmt: skip
    assert datetime.fromisoformat(rows[2][1]) == datetime(2027, 1, 1, tzinfo=UTC)
    only = (await gql(CSV, {"f": {"status": "CANCELED"}}, token=boss.access_token)).ok()["ordersCsv"]
    assert len(only.splitlines()) == 2


async def test_csv_beyond_ten_thousand_rows_asks_to_narrow(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    _, course = await paid_course(runtime, 100)
    now = datetime.now(UTC)
    await Order.bulk_create(
        [
            Order(id=uuid4(), buyer_id=boss.user.id, course_id=course.id, provider=ProviderName.TEST,
                  status=OrderStatus.CANCELED, list_price_cents=100, amount_cents=100, currency="USD",
                  created_at=now - timedelta(seconds=n))
            for n in range(admin.MAX_CSV_ROWS + 1)
        ],
        batch_size=2_000,
    )  # fmt: skip
    result = await gql(CSV, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["reason"] == "TOO_MANY_ROWS"
    assert "more than 10,000" in result.errors[0]["message"]
    newest = {"createdAfter": (now - timedelta(seconds=9)).isoformat()}
    narrowed = (await gql(CSV, {"f": newest}, token=boss.access_token)).ok()["ordersCsv"]
    assert len(narrowed.splitlines()) == 1 + 10


# ----- a user's orders and a course's revenue (UserDetail / CourseDetail) ----------------------


async def test_a_users_orders_are_their_newest_fifty(runtime: Runtime) -> None:
    boss = await make_admin(runtime)
    _, course = await paid_course(runtime, 100)
    someone = await make_user(runtime)
    start = datetime(2027, 1, 1, tzinfo=UTC)
    for n in range(admin.USER_ORDERS + 5):
        await _order(someone.user.id, course, status=OrderStatus.CANCELED, created_at=start + timedelta(hours=n))
    await _order(boss.user.id, course)
    ctx = RequestContext(runtime=runtime, viewer=boss.viewer)
    listed = await resolvers.user_detail_orders(SimpleNamespace(user=someone.user), {}, ctx, None)
    assert len(listed) == admin.USER_ORDERS
    assert [o.created_at for o in listed] == sorted((o.created_at for o in listed), reverse=True)
    assert listed[-1].created_at == start + timedelta(hours=5)
    assert {o.buyer_id for o in listed} == {someone.user.id}  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="not allowed"):
        await resolvers.user_detail_orders(SimpleNamespace(user=someone.user), {}, RequestContext(
            runtime=runtime, viewer=someone.viewer), None)  # fmt: skip


async def test_a_courses_revenue_counts_its_paid_orders_per_currency(runtime: Runtime) -> None:
    boss = await make_admin(runtime)
    author, course = await paid_course(runtime, 4_900)
    other = await courses.course(author, price_cents=1_000)
    someone = await make_user(runtime)
    await _order(someone.user.id, course)
    await _order(someone.user.id, course, status=OrderStatus.REFUNDED, refunded=4_900)
    await _order(someone.user.id, course, status=OrderStatus.PARTIALLY_REFUNDED, refunded=100, amount=3_000)
    await _order(someone.user.id, course, status=OrderStatus.CANCELED)
    await _order(someone.user.id, other)
    ctx = RequestContext(runtime=runtime, viewer=boss.viewer)
    revenue = await resolvers.course_detail_revenue(SimpleNamespace(course=course), {}, ctx, None)
    assert [(r.currency, r.sales, r.gross_cents, r.refunded_cents, r.net_cents) for r in revenue] == [
        ("USD", 3, 12_800, 5_000, 7_800)
    ]
    fresh = await courses.course(author, price_cents=1_000)
    assert await resolvers.course_detail_revenue(SimpleNamespace(course=fresh), {}, ctx, None) == []


def test_receipt_numbers_start_as_the_search_expects() -> None:
    order = Order(id=uuid4())
    assert receipt_number(order, datetime(2027, 1, 2, tzinfo=UTC)).startswith(admin.RECEIPT_PREFIX)


# ----- refunds in the audit log ---------------------------------------------------------------


async def test_an_admins_refunds_are_audited_with_before_and_after(runtime: Runtime, gql: GraphQLClient) -> None:
    boss = await make_admin(runtime)
    learner, order_id, course = await _paid_test_order(runtime, gql, 4_900)
    part = (await gql(REFUND, {"o": order_id, "a": 900, "r": "  Late delivery  "}, token=boss.access_token)).ok()
    assert part["refundOrder"]["refunds"] == [{"amountCents": 900, "reason": "Late delivery"}]
    rest = (await gql(REFUND, {"o": order_id, "r": "The rest"}, token=boss.access_token)).ok()["refundOrder"]
    assert (rest["status"], rest["refundedCents"]) == ("REFUNDED", 4_900)
    entries = await AuditEntry.filter(target_id=order_id).order_by("created_at")
    assert [(e.action.name, e.target_type, e.actor_id, e.reason) for e in entries] == [  # type: ignore[attr-defined]
        ("ORDER_REFUNDED", "Order", boss.user.id, "Late delivery"),
        ("ORDER_REFUNDED", "Order", boss.user.id, "The rest"),
    ]
    assert [(e.before, e.after) for e in entries] == [
        ({"status": "PAID", "refunded_cents": 0}, {"status": "PARTIALLY_REFUNDED", "refunded_cents": 900}),
        ({"status": "PARTIALLY_REFUNDED", "refunded_cents": 900}, {"status": "REFUNDED", "refunded_cents": 4_900}),
    ]
    assert not await is_enrolled(learner.viewer, course.id)
    log = """{ auditLog(filter: {action: ORDER_REFUNDED}) { edges { node { action targetId reason } } } }"""
    listed = (await gql(log, token=boss.access_token)).ok()["auditLog"]["edges"]
    assert [edge["node"]["reason"] for edge in listed] == ["The rest", "Late delivery"]


async def test_the_webhook_about_an_admins_stripe_refund_writes_no_second_entry(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake
) -> None:
    boss = await make_admin(runtime)
    _, course = await paid_course(runtime, 4_900)
    learner = await buyer(runtime)
    started = (await gql(CHECKOUT, {"c": str(course.id), "p": "STRIPE"}, token=learner.access_token)).ok()
    await stripe_fake.pay(started["checkout"]["redirectUrl"].removeprefix(f"{stripe_fake.url}/pay/"))
    order_id = started["checkout"]["order"]["id"]
    done = (await gql(REFUND, {"o": order_id, "a": 1_000, "r": "Goodwill"}, token=boss.access_token)).ok()
    assert done["refundOrder"]["refundedCents"] == 1_000
    await stripe_fake.settle()  # refund.created and charge.refunded delivered and applied
    assert {d.type for d in stripe_fake.deliveries} >= {"refund.created", "charge.refunded"}
    entries = await AuditEntry.filter(target_id=order_id)
    assert len(entries) == 1
    assert entries[0].after == {"status": "PARTIALLY_REFUNDED", "refunded_cents": 1_000}
    assert (await Order.get(id=order_id)).refunded_cents == 1_000
    assert (await ledger.check()).ok


async def _paid_order_for_updates(runtime: Runtime, gql: GraphQLClient) -> Order:
    _, order_id, _ = await _paid_test_order(runtime, gql, 4_900)
    return await Order.get(id=order_id)


def _webhook(order: Order, refund_id: str, amount: int, status: RefundStatus) -> PaymentUpdate:
    state = RefundState(refund_id=refund_id, amount_cents=amount, currency=order.currency, status=status)
    return PaymentUpdate(provider=order.provider, event_id=f"evt-{uuid4()}", event_type="refund.updated",
                         kind=UpdateKind.REFUND, order_id=order.id, refunds=(state,))  # fmt: skip


async def test_a_refund_the_provider_reports_first_is_audited_once_when_the_admins_update_follows(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    """The webhook overtakes the admin's own update: it records the refund unattributed; the
    admin's update then attributes it and writes the one entry, `before` as the refund found it."""
    boss = await make_admin(runtime)
    order = await _paid_order_for_updates(runtime, gql)
    await apply_update(runtime, _webhook(order, "re_first", 1_500, RefundStatus.SUCCEEDED))
    assert await AuditEntry.all().count() == 0  # a webhook writes no entry
    state = RefundState(refund_id="re_first", amount_cents=1_500, currency=order.currency,
                        status=RefundStatus.SUCCEEDED)  # fmt: skip
    mine = own_update(order, UpdateKind.REFUND, "refund:re_first", refunds=(state,))
    applied = await apply_update(runtime, mine, reason="Overtaken", requested_by=boss.user.id)
    assert applied.outcome == "IGNORED: no refund changed"
    (entry,) = await AuditEntry.all()
    assert (entry.before, entry.after, entry.reason) == (
        {"status": "PAID", "refunded_cents": 0},
        {"status": "PARTIALLY_REFUNDED", "refunded_cents": 1_500},
        "Overtaken",
    )
    refund = await Refund.get(provider_refund_id="re_first")
    assert (refund.reason, refund.requested_by_id) == ("Overtaken", boss.user.id)  # type: ignore[attr-defined]
    again = own_update(order, UpdateKind.REFUND, "refund:re_first:again", refunds=(state,))
    await apply_update(runtime, again, reason="Once more", requested_by=boss.user.id)
    assert await AuditEntry.all().count() == 1  # attributed once


async def test_a_pending_refund_is_audited_when_asked_and_not_again_when_it_settles(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    boss = await make_admin(runtime)
    order = await _paid_order_for_updates(runtime, gql)
    pending = RefundState(refund_id="re_slow", amount_cents=4_900, currency=order.currency,
                          status=RefundStatus.PENDING)  # fmt: skip
    await apply_update(runtime, own_update(order, UpdateKind.REFUND, "refund:re_slow", refunds=(pending,)),
                       reason="Asked", requested_by=boss.user.id)  # fmt: skip
    (entry,) = await AuditEntry.all()
    assert entry.after == {"status": "PAID", "refunded_cents": 0, "pending_refund_cents": 4_900}
    await apply_update(runtime, _webhook(order, "re_slow", 4_900, RefundStatus.SUCCEEDED))
    assert await AuditEntry.all().count() == 1
    assert (await Order.get(id=order.id)).status is OrderStatus.REFUNDED


async def test_a_refund_made_at_the_provider_is_recorded_without_an_audit_entry(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    order = await _paid_order_for_updates(runtime, gql)
    applied = await apply_update(runtime, _webhook(order, "re_dashboard", 4_900, RefundStatus.SUCCEEDED))
    assert applied.outcome == "REFUNDED"
    assert await AuditEntry.all().count() == 0


async def test_the_count_starts_beside_the_page_only_when_the_query_asks_for_it(
    runtime: Runtime, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`selects` reads the connection's selection: fields, inline fragments, named fragments."""
    boss = await make_admin(runtime)
    _, course = await paid_course(runtime)
    await _order(boss.user.id, course, provider=ProviderName.PAYPAL)
    asked: list[bool] = []
    real = admin.order_page

    async def spy(*args: Any, count: bool = False, **kwargs: Any) -> admin.OrderPage:
        asked.append(count)
        return await real(*args, count=count, **kwargs)

    monkeypatch.setattr(admin, "order_page", spy)
    queries = {
        "{ orders(first: 1) { totalCount edges { node { id } } } }": True,
        "{ orders(first: 1) { ... on OrderConnection { totalCountCapped } } }": True,
        "query { orders(first: 1) { ...Counted } } fragment Counted on OrderConnection { totalCount }": True,
        "{ orders(first: 1) { edges { node { id } } pageInfo { hasNextPage } } }": False,
    }
    for query, wanted in queries.items():
        asked.clear()
        data = (await gql(query, token=boss.access_token)).ok()["orders"]
        assert asked == [wanted], query
        if "totalCount" in data:
            assert data["totalCount"] >= 1
