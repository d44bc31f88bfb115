"""The ledger's arithmetic: fees, and fees given back by any sequence of partial refunds."""

from __future__ import annotations

from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from edusphere.payments.earnings import EarningsRow, earnings_csv
from edusphere.payments.ledger import fee_for, refunded_fee
from edusphere.payments.models import Order


def test_fees_round_half_up_to_a_whole_minor_unit() -> None:
    assert fee_for(4_900, 10.0) == 490
    assert fee_for(5, 10.0) == 1  # 0.5 rounds up
    assert fee_for(4, 10.0) == 0
    assert fee_for(999, 12.5) == 125  # 124.875
    assert fee_for(0, 10.0) == 0


@given(
    amount=st.integers(min_value=1, max_value=10_000_00),
    percent=st.floats(min_value=0, max_value=99.99),
    cuts=st.lists(st.integers(min_value=1, max_value=10_000_00), max_size=8),
)
def test_partial_refunds_give_back_exactly_the_fee_once_refunded_whole(
    amount: int, percent: float, cuts: list[int]
) -> None:
    order = Order(id=uuid4(), amount_cents=amount, fee_cents=fee_for(amount, percent))
    refunded, fee_back = 0, 0
    for cut in cuts:
        part = min(cut, amount - refunded)
        if part <= 0:
            break
        back = refunded_fee(order, part, refunded)
        assert 0 <= back <= part
        fee_back += back
        refunded += part
        assert fee_back <= order.fee_cents
    rest = amount - refunded
    if rest:
        fee_back += refunded_fee(order, rest, refunded)
    assert fee_back == order.fee_cents


def test_csv_cells_cannot_run_as_formulas() -> None:
    row = EarningsRow(uuid4(), '=HYPERLINK("http://evil")', "2026-12", "JPY", 1, 2_000, 200, 0, 1_800)
    lines = earnings_csv([row]).splitlines()
    assert lines[0] == "month,course_id,course_title,currency,sales,gross,fees,refunds,net"
    assert "'=HYPERLINK" in lines[1]
    assert lines[1].endswith(",JPY,1,2000,200,0,1800")
