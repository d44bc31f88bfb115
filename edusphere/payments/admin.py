"""What administrators read about orders: the filtered list, its totals per currency, the same
orders as CSV, a user's orders and a course's revenue.

One filter (`OrderFilter`, checked by `check_filter`) selects the orders of all three, through
one query builder (`select`), so a list, its totals and its export always agree. The list is
keyset-paged newest first on (created_at, id), the `orders (created_at, id)`,
`(status, created_at, id)`, `(course_id, created_at, id)` and `(buyer_id, created_at)` indexes
answering each filter; a search by email goes through the trigram index on `users.email`.
Refunds, the one thing admins change here, are in `payments.refunds`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet

from edusphere.auth.models import User
from edusphere.core.counting import Counter, capped_count
from edusphere.core.errors import bad_input
from edusphere.core.pagination import Page, keyset, newest, page_size
from edusphere.core.text import check_instant, check_storable
from edusphere.payments.earnings import csv_cell
from edusphere.payments.models import Order, OrderStatus, ProviderName
from edusphere.payments.money import to_decimal_string
from edusphere.payments.orders import PAID_STATES

CURSOR = "admin-orders:NEWEST"
ORDER = newest()
# The longest text that can match: an email (users.email holds at most 254 characters).
MAX_SEARCH = 254
# A search matching at most this many buyers looks their orders up by buyer (an index range
# per buyer); beyond, the newest orders are scanned and each buyer checked.
FEW_BUYERS = 1_000
MAX_CSV_ROWS = 10_000
USER_ORDERS = 50
# How every receipt number starts (`orders.receipt_number`: ES-<paid day>-<10 hex digits>): a
# search that cannot be the start of one need not look at receipts at all.
RECEIPT_PREFIX = "ES-"
_RECEIPT_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
CSV_HEADER = ["id", "created_at", "paid_at", "status", "provider", "buyer_email", "course_title", "currency",
              "amount", "refunded", "receipt_number"]  # fmt: skip


@dataclass(frozen=True)
class OrderFilter:
    status: OrderStatus | None = None
    provider: ProviderName | None = None
    "Inclusive."
    created_after: datetime | None = None
    "Exclusive."
    created_before: datetime | None = None
    course_id: UUID | None = None
    buyer_id: UUID | None = None
    "Part of the buyer's email, or the start of a receipt number (checked: storable, at most 254)."
    search: str | None = None


def check_filter(raw: Mapping[str, Any] | None, status: str | None = None) -> OrderFilter:
    """The GraphQL `OrderFilter` (and the older `status` argument) as an `OrderFilter`;
    BAD_USER_INPUT naming the field for a malformed id or date, a search PostgreSQL could not
    store or longer than any email, or two different statuses."""
    raw = raw or {}
    chosen = raw.get("status")
    if status and chosen and status != chosen:
        raise bad_input("Give the status once: filter.status and status differ", field="status")
    chosen = chosen or status
    search = raw.get("search")
    if search is not None:
        search = check_storable(search, "search").strip()
        if len(search) > MAX_SEARCH:
            raise bad_input(f"search can be at most {MAX_SEARCH} characters (an email's length)", field="search")
    return OrderFilter(
        status=OrderStatus(chosen) if chosen else None,
        provider=ProviderName(raw["provider"]) if raw.get("provider") else None,
        created_after=check_instant(raw.get("createdAfter"), "createdAfter"),
        created_before=check_instant(raw.get("createdBefore"), "createdBefore"),
        course_id=_id(raw.get("courseId"), "courseId"),
        buyer_id=_id(raw.get("buyerId"), "buyerId"),
        search=search or None,
    )


def _id(raw: Any, field: str) -> UUID | None:
    if raw is None or raw == "":
        return None
    try:
        return UUID(str(raw))
    except ValueError:
        raise bad_input(f"{field} is not an id", field=field) from None


async def select(order_filter: OrderFilter) -> QuerySet[Order]:
    """The orders the filter selects (unordered)."""
    query = Order.all()
    f = order_filter
    if f.status is not None:
        query = query.filter(status=f.status)
    if f.provider is not None:
        query = query.filter(provider=f.provider)
    if f.created_after is not None:
        query = query.filter(created_at__gte=f.created_after)
    if f.created_before is not None:
        query = query.filter(created_at__lt=f.created_before)
    if f.course_id is not None:
        query = query.filter(course_id=f.course_id)
    if f.buyer_id is not None:
        query = query.filter(buyer_id=f.buyer_id)
    if f.search:
        query = query.filter(await _search(f.search))
    return query


async def _search(term: str) -> Q:
    """Part of the buyer's email (stored lower case), or the start of a receipt number.
    Tortoise escapes LIKE's wildcards in `contains`/`startswith`: `%` and `_` match
    themselves."""
    emails = User.filter(email__contains=term.lower())
    buyers = await emails.limit(FEW_BUYERS + 1).values_list("id", flat=True)
    by_email = Q(buyer_id__in=buyers) if len(buyers) <= FEW_BUYERS else Q(buyer_id__in=Subquery(emails.values("id")))
    receipt = term.upper()
    could_be_receipt = set(receipt) <= _RECEIPT_CHARACTERS and (
        receipt.startswith(RECEIPT_PREFIX) or RECEIPT_PREFIX.startswith(receipt)
    )
    if not could_be_receipt:
        return by_email
    # A range the unique index answers (LIKE 'x%' uses a btree only in the "C" collation),
    # with the LIKE keeping it exact in every collation.
    by_receipt = Q(
        receipt_number__gte=receipt, receipt_number__lt=receipt + "\U0010ffff", receipt_number__startswith=receipt
    )
    return Q(by_email, by_receipt, join_type="OR")


@dataclass(frozen=True)
class OrderPage:
    page: Page[Order]
    "The page's filtered query, counted (capped) only when totalCount or totalCountCapped is asked."
    counter: Counter


async def order_page(
    secret: str, order_filter: OrderFilter, first: int | None, after: str | None, *, count: bool = False
) -> OrderPage:
    """One page, newest first; its count reuses the selected query (a search's buyers are looked
    up once, for both). `count`: the caller will ask for it, so it starts now, beside the page
    (on a connection of its own) instead of after it: a search matching thousands of orders
    costs the slower of the two, not their sum."""
    size = page_size(first)
    query = await select(order_filter)
    counter = Counter(query)
    if count:
        counter.tally()
    try:
        page = await keyset(query, secret, CURSOR, size, after, ORDER)
    except BaseException:
        counter.cancel()
        raise
    return OrderPage(page, counter)


@dataclass(frozen=True)
class OrderTotal:
    currency: str
    orders: int
    paid_orders: int
    amount_cents: int
    refunded_cents: int

    @property
    def net_cents(self) -> int:
        return self.amount_cents - self.refunded_cents


async def totals(order_filter: OrderFilter) -> list[OrderTotal]:
    """Per currency (alphabetical): every order the filter selects, and the amounts of the paid
    ones (refunded ones included). One GROUP BY (currency, status), folded here: no
    per-row CASE, and at most a few dozen groups come back."""
    # count(amount_cents), not count(id): every column the statement reads is in the
    # `orders (status, currency) INCLUDE (amount_cents, refunded_cents)` index (migration 0009).
    rows = (
        await (await select(order_filter))
        .annotate(n=Count("amount_cents"), amount=Sum("amount_cents"), refunded=Sum("refunded_cents"))
        .group_by("currency", "status")
        .values("currency", "status", "n", "amount", "refunded")
    )
    figures: dict[str, list[int]] = {}
    for row in rows:
        total = figures.setdefault(row["currency"], [0, 0, 0, 0])
        total[0] += int(row["n"])
        if OrderStatus(row["status"]) in PAID_STATES:
            total[1] += int(row["n"])
            total[2] += int(row["amount"] or 0)
            total[3] += int(row["refunded"] or 0)
    return [OrderTotal(currency, *values) for currency, values in sorted(figures.items())]


async def orders_csv(order_filter: OrderFilter) -> str:
    """The selected orders, newest first, as CSV (header first). Counted first, only as far as
    `MAX_CSV_ROWS` + 1 (a capped count): beyond `MAX_CSV_ROWS` the admin is asked to narrow the
    filter rather than sent a partial file."""
    query = await select(order_filter)
    if (await capped_count(query, MAX_CSV_ROWS)).capped:
        raise bad_input(
            f"The filter selects more than {MAX_CSV_ROWS:,} orders; an export holds at most {MAX_CSV_ROWS:,}: "
            "narrow it (dates, status, course)",
            reason="TOO_MANY_ROWS",
        )
    rows = await query.order_by("-created_at", "-id").values(
        "id", "created_at", "paid_at", "status", "provider", "currency", "amount_cents", "refunded_cents",
        "receipt_number", email="buyer__email", title="course__title",
    )  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        currency = row["currency"]
        writer.writerow(
            [
                row["id"],
                row["created_at"].isoformat(),
                row["paid_at"].isoformat() if row["paid_at"] else "",
                _value(row["status"]),
                _value(row["provider"]),
                csv_cell(row["email"] or ""),
                csv_cell(row["title"] or ""),
                currency,
                to_decimal_string(row["amount_cents"], currency),
                to_decimal_string(row["refunded_cents"], currency),
                csv_cell(row["receipt_number"] or ""),
            ]
        )
    return out.getvalue()


def _value(member: Any) -> str:
    return str(getattr(member, "value", member))


async def user_orders(user_id: UUID) -> list[Order]:
    """A user's newest `USER_ORDERS` orders (the admin's user page)."""
    return await Order.filter(buyer_id=user_id).order_by("-created_at", "-id").limit(USER_ORDERS)


@dataclass(frozen=True)
class RevenueTotal:
    currency: str
    sales: int
    gross_cents: int
    refunded_cents: int

    @property
    def net_cents(self) -> int:
        return self.gross_cents - self.refunded_cents


async def course_revenue(course_id: UUID) -> list[RevenueTotal]:
    """A course's paid orders (refunded ones included) per currency: one GROUP BY over the
    `(course_id, created_at, id)` index's range."""
    rows = (
        await Order.filter(course_id=course_id, status__in=list(PAID_STATES))
        .annotate(n=Count("id"), gross=Sum("amount_cents"), refunded=Sum("refunded_cents"))
        .group_by("currency")
        .order_by("currency")
        .values("currency", "n", "gross", "refunded")
    )
    return [
        RevenueTotal(row["currency"], int(row["n"]), int(row["gross"] or 0), int(row["refunded"] or 0)) for row in rows
    ]
