"""The creators' double-entry ledger.

Accounts (signed amounts: debit positive, credit negative; each entry's lines sum to zero per
currency, refused otherwise before anything is written):

- `clearing:<PROVIDER>`  money a provider holds for the platform (debited by a sale).
- `platform:fees`        the platform's fee income (credited by a sale's fee).
- `creator:<user id>`    what the platform owes a creator (credited by a sale's net).

A sale of P with fee F:   clearing +P, fees -F, creator -(P-F).
A refund of R of that sale gives back the fee in proportion (the platform does not keep a fee
on money it returned): clearing -R, fees +f, creator +(R-f), f = round(F*R/P); the last refund
of an order returns exactly what is left of F, so a whole refund nets every account to zero.
An adjustment is any balanced set of lines an admin posts (a goodwill credit, a correction).

Entries are posted inside the caller's transaction (the one that changes the order), so an
order is PAID exactly when its SALE entry exists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from tortoise import connections

from edusphere.payments.models import EntryKind, JournalEntry, LedgerLine, Order, ProviderName, Refund

FEES = "platform:fees"


class UnbalancedEntry(ValueError):
    """The lines of an entry do not sum to zero in some currency: a bug, never client input."""


def clearing(provider: ProviderName) -> str:
    return f"clearing:{provider.value}"


def creator_account(creator_id: UUID | str) -> str:
    return f"creator:{creator_id}"


@dataclass(frozen=True)
class Line:
    account: str
    amount_cents: int
    currency: str


def fee_for(amount_cents: int, fee_percent: float) -> int:
    """The platform's share, rounded half up to a whole minor unit."""
    return int((amount_cents * round(fee_percent * 100) + 5_000) // 10_000)


async def post(
    kind: EntryKind,
    lines: Sequence[Line],
    *,
    memo: str = "",
    order: Order | None = None,
    refund: Refund | None = None,
    creator_id: UUID | None = None,
    course_id: UUID | None = None,
) -> JournalEntry:
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.currency] += line.amount_cents
    if not lines or any(totals.values()):
        raise UnbalancedEntry(f"{kind} entry does not balance: {dict(totals)}")
    entry = await JournalEntry.create(
        kind=kind, order=order, refund=refund, creator_id=creator_id, course_id=course_id, memo=memo[:500]
    )
    await LedgerLine.bulk_create(
        [
            LedgerLine(entry=entry, account=line.account, amount_cents=line.amount_cents, currency=line.currency)
            for line in lines
            if line.amount_cents
        ]
    )
    return entry


async def post_sale(order: Order, creator_id: UUID) -> JournalEntry:
    amount, fee, currency = order.amount_cents, order.fee_cents, order.currency
    return await post(
        EntryKind.SALE,
        [
            Line(clearing(order.provider), amount, currency),
            Line(FEES, -fee, currency),
            Line(creator_account(creator_id), -(amount - fee), currency),
        ],
        memo=f"Sale of order {order.id}",
        order=order,
        creator_id=creator_id,
        course_id=order.course_id,  # type: ignore[attr-defined]
    )


def refunded_fee(order: Order, refund_cents: int, refunded_before: int) -> int:
    """The part of the order's fee a refund gives back (see the module docstring)."""
    if refunded_before + refund_cents >= order.amount_cents:
        already = 0 if refunded_before == 0 else _proportional(order.fee_cents, refunded_before, order.amount_cents)
        return order.fee_cents - already
    return _proportional(order.fee_cents, refunded_before + refund_cents, order.amount_cents) - _proportional(
        order.fee_cents, refunded_before, order.amount_cents
    )


def _proportional(fee: int, part: int, whole: int) -> int:
    return (fee * part * 2 + whole) // (2 * whole) if whole else 0


async def post_refund(order: Order, refund: Refund, creator_id: UUID, refunded_before: int) -> JournalEntry:
    amount, currency = refund.amount_cents, refund.currency
    fee_back = refunded_fee(order, amount, refunded_before)
    return await post(
        EntryKind.REFUND,
        [
            Line(clearing(order.provider), -amount, currency),
            Line(FEES, fee_back, currency),
            Line(creator_account(creator_id), amount - fee_back, currency),
        ],
        memo=f"Refund {refund.provider_refund_id} of order {order.id}: {refund.reason}",
        order=order,
        refund=refund,
        creator_id=creator_id,
        course_id=order.course_id,  # type: ignore[attr-defined]
    )


async def post_refund_reversal(order: Order, refund: Refund, creator_id: UUID) -> JournalEntry:
    """A refund that failed after it succeeded: its entry's lines, negated (the money is the
    platform's again, and the fee it gave back is kept again)."""
    original = await JournalEntry.filter(refund_id=refund.id, kind=EntryKind.REFUND).order_by("posted_at").first()
    lines = [] if original is None else await LedgerLine.filter(entry_id=original.id)
    return await post(
        EntryKind.REFUND,
        [Line(line.account, -line.amount_cents, line.currency) for line in lines],
        memo=f"Refund {refund.provider_refund_id} of order {order.id} failed after it succeeded",
        order=order,
        refund=refund,
        creator_id=creator_id,
        course_id=order.course_id,  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class LedgerCheck:
    entries: int
    lines: int
    # Per currency, the sum of every line (must be zero) and the entries that do not balance.
    totals: dict[str, int]
    unbalanced_entries: list[str]
    # Orders whose state and ledger disagree (PAID without a SALE, refunds without entries).
    mismatched_orders: list[str]

    @property
    def ok(self) -> bool:
        return not any(self.totals.values()) and not self.unbalanced_entries and not self.mismatched_orders


# Orders whose ledger and records disagree. A paid order: exactly one SALE (unless it cost
# nothing) whose clearing line is the amount and whose fee line is the order's fee; REFUND
# entries whose clearing lines sum to `refunded_cents`, as do its succeeded refunds; a wholly
# refunded order has given back its whole fee. An unpaid order: no entries and no refunds. No
# order's entry may name another order's refund.
_MISMATCHED_ORDERS = """
SELECT o.id::text AS id FROM orders o
LEFT JOIN LATERAL (
    SELECT coalesce(sum(l.amount_cents) FILTER (WHERE j.kind = 'SALE' AND l.account LIKE 'clearing:%'), 0) AS sold,
           coalesce(-sum(l.amount_cents) FILTER (WHERE j.kind = 'REFUND' AND l.account LIKE 'clearing:%'), 0)
               AS refunded,
           coalesce(-sum(l.amount_cents) FILTER (WHERE j.kind = 'SALE' AND l.account = 'platform:fees'), 0)
               AS sale_fee,
           coalesce(-sum(l.amount_cents) FILTER (WHERE l.account = 'platform:fees'), 0) AS fee_kept,
           count(DISTINCT j.id) FILTER (WHERE j.kind = 'SALE') AS sales
    FROM journal_entries j JOIN ledger_lines l ON l.entry_id = j.id
    WHERE j.order_id = o.id
) s ON true
LEFT JOIN LATERAL (
    SELECT coalesce(sum(r.amount_cents) FILTER (WHERE r.status = 'SUCCEEDED'), 0) AS refunds
    FROM refunds r WHERE r.order_id = o.id
) r ON true
WHERE (o.status IN ('PAID', 'REFUNDED', 'PARTIALLY_REFUNDED')
       AND (s.sold <> o.amount_cents OR s.refunded <> o.refunded_cents OR r.refunds <> o.refunded_cents
            OR (o.amount_cents > 0 AND (s.sales <> 1 OR s.sale_fee <> o.fee_cents))
            OR (o.status = 'REFUNDED' AND s.fee_kept <> 0)))
   OR (o.status NOT IN ('PAID', 'REFUNDED', 'PARTIALLY_REFUNDED')
       AND (s.sold <> 0 OR s.refunded <> 0 OR r.refunds <> 0))
   OR EXISTS (SELECT 1 FROM journal_entries j JOIN refunds f ON f.id = j.refund_id
              WHERE j.order_id = o.id AND f.order_id <> o.id)
"""


async def check() -> LedgerCheck:
    """The whole ledger, in SQL: every entry balances, so does the sum of all, and every paid
    order's entries match its figures."""
    db = connections.get("default")
    counts = (
        await db.execute_query_dict(
            "SELECT (SELECT count(*) FROM journal_entries) AS e, count(*) AS l FROM ledger_lines"
        )
    )[0]
    totals = await db.execute_query_dict(
        "SELECT currency, sum(amount_cents)::bigint AS total FROM ledger_lines GROUP BY currency"
    )
    unbalanced = await db.execute_query_dict(
        "SELECT entry_id::text AS id FROM ledger_lines GROUP BY entry_id, currency HAVING sum(amount_cents) <> 0"
    )
    mismatched = await db.execute_query_dict(_MISMATCHED_ORDERS)
    return LedgerCheck(
        entries=int(counts["e"]),
        lines=int(counts["l"]),
        totals={row["currency"]: int(row["total"]) for row in totals},
        unbalanced_entries=[row["id"] for row in unbalanced],
        mismatched_orders=[row["id"] for row in mismatched],
    )
