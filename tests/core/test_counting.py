"""Capped counts: exact up to the cap, capped beyond, with every filter of the query kept, and
counted once per `Counter` however many fields ask."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import pytest
from tortoise import connections
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from edusphere.auth import admin as users_admin
from edusphere.auth.models import Role, User
from edusphere.core import counting
from edusphere.core.counting import COUNT_CAP, Counter, Tally, capped_count, pk_select
from edusphere.core.runtime import Runtime
from edusphere.courses.models import Course, CourseStatus
from edusphere.payments import admin as orders_admin
from edusphere.payments.models import Order, OrderStatus, ProviderName
from tests.helpers import make_user


async def users(runtime: Runtime, n: int, role: Role = Role.LEARNER, name: str = "Test User") -> list[User]:
    return [(await make_user(runtime, role, name=name)).user for _ in range(n)]


async def agrees_with_count(query: QuerySet[Any]) -> int:
    """The query's exact count (Tortoise's own) after checking that a capped count agrees with
    it at, below and above that number."""
    exact = await query.count()
    assert await capped_count(query, cap=exact) == Tally(exact, False)
    assert await capped_count(query, cap=exact + 1) == Tally(exact, False)
    if exact:
        assert await capped_count(query, cap=exact - 1) == Tally(exact - 1, True)
    return exact


def test_the_cap_is_ten_thousand() -> None:
    assert COUNT_CAP == 10_000


async def test_exact_at_the_cap_and_capped_one_row_beyond(runtime: Runtime) -> None:
    await users(runtime, 5)
    assert await capped_count(User.all(), cap=5) == Tally(5, False)
    assert await capped_count(User.all(), cap=6) == Tally(5, False)
    assert await capped_count(User.all(), cap=4) == Tally(4, True)
    assert await capped_count(User.all(), cap=0) == Tally(0, True)


async def test_no_rows_is_zero_and_not_capped(runtime: Runtime) -> None:
    assert await capped_count(User.all(), cap=3) == Tally(0, False)
    await users(runtime, 2)
    assert await capped_count(User.filter(id__in=[]), cap=0) == Tally(0, False)
    assert await capped_count(User.filter(role=Role.ADMIN)) == Tally(0, False)


async def test_a_negative_cap_is_a_mistake(runtime: Runtime) -> None:
    with pytest.raises(ValueError, match="negative"):
        await capped_count(User.all(), cap=-1)


async def test_the_default_cap_is_read_when_counting(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    await users(runtime, 3)
    monkeypatch.setattr(counting, "COUNT_CAP", 2)
    assert await capped_count(User.all()) == Tally(2, True)
    assert await Counter(User.all()).tally() == Tally(2, True)
    monkeypatch.setattr(counting, "COUNT_CAP", 3)
    assert await capped_count(User.all()) == Tally(3, False)


async def test_filters_and_q_criteria_are_kept(runtime: Runtime) -> None:
    await users(runtime, 3, Role.CREATOR, name="Ada Lovelace")
    await users(runtime, 2, Role.LEARNER, name="Ada Lovelace")
    await users(runtime, 4, Role.LEARNER, name="Grace Hopper")
    # The admin's search: a ready ILIKE criterion (`_Where`) beside ordinary filters.
    searched = users_admin.users_query(users_admin.UserFilter(search="LOVELACE"))
    assert await agrees_with_count(searched) == 5
    creators = users_admin.users_query(users_admin.UserFilter(search="lovelace", role=Role.CREATOR))
    assert await agrees_with_count(creators) == 3
    assert await agrees_with_count(users_admin.users_query(users_admin.UserFilter(search="x_y%"))) == 0
    either = User.filter(Q(role=Role.CREATOR) | Q(display_name="Grace Hopper"))
    assert await agrees_with_count(either) == 7
    assert await agrees_with_count(User.exclude(display_name="Grace Hopper").filter(role=Role.LEARNER)) == 2


async def test_joins_count_their_rows_and_distinct_counts_each_row_once(runtime: Runtime) -> None:
    prolific, occasional = await users(runtime, 2, Role.CREATOR)
    await users(runtime, 1, Role.CREATOR)  # teaches nothing
    for author, n in ((prolific, 3), (occasional, 1)):
        for _ in range(n):
            token = secrets.token_hex(4)
            await Course.create(slug=f"c-{token}", title=f"Course {token}", creator_id=author.id)
    # A filter through the reverse relation joins courses: one row per course, as `count()` says.
    teaching = User.filter(courses__status=CourseStatus.DRAFT)
    assert await agrees_with_count(teaching) == 4
    assert await agrees_with_count(teaching.distinct()) == 2
    assert await capped_count(teaching.distinct(), cap=1) == Tally(1, True)
    # A filter through a forward relation (the course's creator's name).
    assert await agrees_with_count(Course.filter(creator__id=prolific.id, creator__role=Role.CREATOR)) == 3


async def test_the_orders_search_subquery_is_kept(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    smiths = [(await make_user(runtime, email=f"smith{n}-{secrets.token_hex(3)}@example.com")).user for n in range(3)]
    other = (await make_user(runtime, email=f"jones-{secrets.token_hex(3)}@example.com")).user
    author = (await make_user(runtime, Role.CREATOR)).user
    course = await Course.create(slug=f"c-{secrets.token_hex(4)}", title="Paid", creator_id=author.id, price_cents=900)
    for buyer, n in ((smiths[0], 2), (smiths[1], 1), (other, 3)):
        for _ in range(n):
            await Order.create(
                buyer_id=buyer.id, course_id=course.id, provider=ProviderName.PAYPAL, status=OrderStatus.CANCELED,
                list_price_cents=900, amount_cents=900, currency="USD",
            )  # fmt: skip
    # More matching buyers than FEW_BUYERS: the search becomes `buyer_id IN (SELECT ...)`.
    monkeypatch.setattr(orders_admin, "FEW_BUYERS", 1)
    query = await orders_admin.select(orders_admin.OrderFilter(search="smith", provider=ProviderName.PAYPAL))
    sql, _, _ = pk_select(query)
    assert sql.count("SELECT") == 2, sql
    assert await agrees_with_count(query) == 3
    monkeypatch.setattr(orders_admin, "FEW_BUYERS", 1_000)  # the ids listed instead: the same count
    assert await agrees_with_count(await orders_admin.select(orders_admin.OrderFilter(search="smith"))) == 3


async def test_it_counts_on_the_query_s_connection_inside_a_transaction(runtime: Runtime) -> None:
    await users(runtime, 3)
    gone = await User.all().first()
    assert gone is not None

    inside: list[Tally] = []

    async def delete_and_count() -> None:
        async with in_transaction():
            await User.filter(id=gone.id).delete()
            inside.append(await capped_count(User.all(), cap=10))
            raise LookupError("roll back")

    with pytest.raises(LookupError):
        await delete_and_count()
    assert inside == [Tally(2, False)]  # it saw the transaction's own change
    assert await capped_count(User.all(), cap=10) == Tally(3, False)


async def test_the_sql_it_builds_from_tortoise_internals(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pk_select` reads Tortoise's private query building (1.1.9): when an upgrade changes it,
    this says so before a count goes wrong. No ORDER BY (a count of a sorted query must not
    sort), and the cap written into the statement, not sent as a parameter (a generic plan
    would not know it)."""
    query = User.filter(role=Role.ADMIN, is_active=True).order_by("-created_at")
    sql, params, db = pk_select(query)
    assert sql == 'SELECT "id" "0" FROM "users" WHERE "role"=$1 AND "is_active"=$2'
    assert params == ["ADMIN", True]
    assert db is connections.get("default")
    assert await query.count() == 0  # the query itself is left as it was (ordered, unlimited)
    assert query._limit is None
    assert query._orderings
    sent: list[tuple[str, list[Any]]] = []
    real = type(db).execute_query_dict

    async def spy(self: Any, statement: str, values: list[Any] | None = None) -> list[dict[str, Any]]:
        sent.append((statement, list(values or [])))
        return await real(self, statement, values)

    monkeypatch.setattr(type(db), "execute_query_dict", spy)
    assert await capped_count(query, cap=7) == Tally(0, False)
    counted = (
        'SELECT count(*) AS n FROM (SELECT 1 FROM (SELECT "id" "0" FROM "users" WHERE "role"=$1 AND "is_active"=$2)'
        " AS q LIMIT 8) AS s"
    )
    assert sent == [(counted, ["ADMIN", True])]


async def test_one_counter_counts_once_for_fields_asking_at_once(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    await users(runtime, 4)
    calls: list[int | None] = []
    real = counting.capped_count

    async def counted(query: QuerySet[Any], cap: int | None = None) -> Tally:
        calls.append(cap)
        await asyncio.sleep(0.01)  # still running while the other field asks
        return await real(query, cap)

    monkeypatch.setattr(counting, "capped_count", counted)
    counter = Counter(User.all(), cap=3)
    assert calls == []  # nothing counted until a field asks
    total, capped = await asyncio.gather(counter.count(), counter.capped())
    assert (total, capped) == (3, True)
    assert counter.tally() is counter.tally()
    assert await counter.count() == 3
    assert calls == [3]
