"""What creators earned and learners bought, read from the ledger and the orders."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from uuid import UUID

from tortoise import connections

from edusphere.auth.viewer import Viewer
from edusphere.core.errors import forbidden
from edusphere.core.pagination import Page, newest_first, page_size
from edusphere.courses.access import AUTHOR_ROLES
from edusphere.payments.ledger import FEES, creator_account
from edusphere.payments.models import Order
from edusphere.payments.money import to_decimal_string

_ORDERS_CURSOR = "orders"
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class EarningsRow:
    course_id: UUID
    course_title: str
    month: str
    currency: str
    sales: int
    gross_cents: int
    fees_cents: int
    refunds_cents: int
    net_cents: int


@dataclass(frozen=True)
class EarningsTotal:
    currency: str
    sales: int
    gross_cents: int
    fees_cents: int
    refunds_cents: int
    net_cents: int


@dataclass(frozen=True)
class Earnings:
    rows: list[EarningsRow]
    totals: list[EarningsTotal]

    @property
    def csv(self) -> str:
        return earnings_csv(self.rows)


async def earnings(creator_id: UUID) -> Earnings:
    """Per course, month (UTC) and currency: gross sales, platform fees (net of fees given
    back on refunds), refunds, and the creator's net (their account's movement)."""
    rows = await connections.get("default").execute_query_dict(
        """
        SELECT j.course_id, c.title, to_char(j.posted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, l.currency,
               count(DISTINCT j.id) FILTER (WHERE j.kind = 'SALE') AS sales,
               coalesce(sum(l.amount_cents) FILTER (WHERE j.kind = 'SALE' AND l.account LIKE 'clearing:%'), 0) AS gross,
               coalesce(-sum(l.amount_cents) FILTER (WHERE l.account = $2), 0) AS fees,
               coalesce(-sum(l.amount_cents) FILTER (WHERE j.kind = 'REFUND' AND l.account LIKE 'clearing:%'), 0)
                   AS refunds,
               coalesce(-sum(l.amount_cents) FILTER (WHERE l.account = $3), 0) AS net
        FROM journal_entries j
        JOIN ledger_lines l ON l.entry_id = j.id
        JOIN courses c ON c.id = j.course_id
        WHERE j.creator_id = $1
        GROUP BY j.course_id, c.title, month, l.currency
        ORDER BY month, c.title, l.currency
        """,
        [creator_id, FEES, creator_account(creator_id)],
    )
    result = [
        EarningsRow(
            course_id=row["course_id"],
            course_title=row["title"],
            month=row["month"],
            currency=row["currency"],
            sales=int(row["sales"]),
            gross_cents=int(row["gross"]),
            fees_cents=int(row["fees"]),
            refunds_cents=int(row["refunds"]),
            net_cents=int(row["net"]),
        )
        for row in rows
    ]
    totals: dict[str, list[int]] = {}
    for item in result:
        t = totals.setdefault(item.currency, [0, 0, 0, 0, 0])
        for i, value in enumerate((item.sales, item.gross_cents, item.fees_cents, item.refunds_cents, item.net_cents)):
            t[i] += value
    return Earnings(result, [EarningsTotal(currency, *values) for currency, values in sorted(totals.items())])


def csv_cell(text: str) -> str:
    """A spreadsheet must not run a course title or an email as a formula (CSV injection): a
    cell starting with = + - @, a tab or a carriage return gets a leading apostrophe."""
    return f"'{text}" if text.startswith(_CSV_FORMULA_START) else text


def earnings_csv(rows: list[EarningsRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["month", "course_id", "course_title", "currency", "sales", "gross", "fees", "refunds", "net"])
    for r in rows:
        writer.writerow(
            [r.month, r.course_id, csv_cell(r.course_title), r.currency, r.sales]
            + [to_decimal_string(v, r.currency) for v in (r.gross_cents, r.fees_cents, r.refunds_cents, r.net_cents)]
        )
    return out.getvalue()


async def order_page(secret: str, *, buyer_id: UUID, first: int | None, after: str | None) -> Page[Order]:
    """A buyer's own orders, newest first (admins list every order through `payments.admin`,
    whose cursors are another kind: neither list takes the other's)."""
    return await newest_first(Order.filter(buyer_id=buyer_id), secret, _ORDERS_CURSOR, page_size(first), after)


def require_creator_or_admin(viewer: Viewer) -> None:
    if viewer.role not in AUTHOR_ROLES:
        raise forbidden("Only creators have earnings")
