"""Orders, the provider events that moved them, refunds, coupons and the ledger.

Amounts are integers in the currency's minor units (cents), copied from the server's course
record at checkout: nothing a client sends is ever an amount.

- `orders`: at most one PENDING order per (buyer, course) (a partial unique index, added by the
  migration), so a second checkout can only reuse or replace the first, never run beside it.
- `payment_events`: every provider event by (provider, provider's event id), unique: an event
  is applied in the transaction that inserts its row, so a redelivery, however concurrent,
  finds the row and changes nothing.
- `refunds`: by (provider, provider's refund id), unique, for the same reason: the admin's
  refund call and the provider's webhook about it record one refund. A refund is PENDING
  (asked, counts nothing), SUCCEEDED (counted, in the ledger) or FAILED (never happened, or
  failed after succeeding: its ledger entry is then reversed).
- `coupons`: `redemption_count` moves in SQL with a guard on `max_redemptions`, so concurrent
  checkouts cannot redeem a coupon more often than allowed.
- `journal_entries` / `ledger_lines`: double-entry; the lines of every entry sum to zero per
  currency (checked when posting, by `edusphere payments check`, and by the tests).
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from edusphere.auth.models import User
from edusphere.courses.models import Course


class ProviderName(StrEnum):
    STRIPE = "STRIPE"
    PAYPAL = "PAYPAL"
    TEST = "TEST"


class OrderStatus(StrEnum):
    PENDING = "PENDING"
    PAID = "PAID"
    FAILED = "FAILED"
    CANCELED = "CANCELED"
    REFUNDED = "REFUNDED"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"


class CouponKind(StrEnum):
    PERCENT = "PERCENT"
    AMOUNT = "AMOUNT"


class RefundStatus(StrEnum):
    PENDING = "PENDING"  # asked for; counts nothing yet
    SUCCEEDED = "SUCCEEDED"  # money returned: counted and in the ledger
    FAILED = "FAILED"  # never happened, or failed after succeeding (then reversed in the ledger)


class EntryKind(StrEnum):
    SALE = "SALE"
    REFUND = "REFUND"
    ADJUSTMENT = "ADJUSTMENT"


class Coupon(Model):
    id = fields.UUIDField(primary_key=True)
    # Stored upper-case; unique per course (two creators may both have "LAUNCH").
    code = fields.CharField(max_length=32)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="coupons", on_delete=fields.CASCADE
    )
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="coupons_created", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(CouponKind, max_length=16)
    percent_off = fields.IntField(null=True)
    amount_off_cents = fields.IntField(null=True)
    currency = fields.CharField(max_length=3, null=True)
    expires_at = fields.DatetimeField(null=True)
    max_redemptions = fields.IntField(null=True)
    redemption_count = fields.IntField(default=0)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "coupons"
        unique_together = (("course", "code"),)


class Order(Model):
    id = fields.UUIDField(primary_key=True)
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="orders", on_delete=fields.RESTRICT
    )
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="orders", on_delete=fields.RESTRICT
    )
    provider = fields.CharEnumField(ProviderName, max_length=16)
    status = fields.CharEnumField(OrderStatus, max_length=24, default=OrderStatus.PENDING)
    list_price_cents = fields.IntField()
    discount_cents = fields.IntField(default=0)
    amount_cents = fields.IntField()
    refunded_cents = fields.IntField(default=0)
    currency = fields.CharField(max_length=3)
    # The platform's share of this sale, fixed when it is paid (the fee setting may change).
    fee_cents = fields.IntField(default=0)
    coupon: fields.ForeignKeyNullableRelation[Coupon] = fields.ForeignKeyField(
        "edusphere.Coupon", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
    coupon_code = fields.CharField(max_length=32, null=True)
    # Whether this order holds one of its coupon's redemptions (given back if it never pays).
    coupon_redeemed = fields.BooleanField(default=False)
    # The provider's checkout (Stripe Checkout Session id, PayPal order id) and where the buyer
    # pays it; then the payment itself (Stripe PaymentIntent, PayPal capture id), for refunds.
    provider_reference = fields.CharField(max_length=255, null=True, db_index=True)
    redirect_url = fields.TextField(null=True)
    payment_reference = fields.CharField(max_length=255, null=True, db_index=True)
    failure_message = fields.CharField(max_length=500, null=True)
    receipt_number = fields.CharField(max_length=32, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    paid_at = fields.DatetimeField(null=True)
    # The buyer finished at the provider but the money is still on its way (a bank debit):
    # such an order is never swept as abandoned.
    awaiting_payment_since = fields.DatetimeField(null=True)
    canceled_at = fields.DatetimeField(null=True)
    refunded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "orders"
        indexes = (
            ("buyer_id", "created_at"),
            ("created_at", "id"),
            ("status", "created_at", "id"),
            ("course_id", "created_at", "id"),
        )


class PaymentEvent(Model):
    id = fields.BigIntField(primary_key=True)
    provider = fields.CharEnumField(ProviderName, max_length=16)
    event_id = fields.CharField(max_length=255)
    event_type = fields.CharField(max_length=100)
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "edusphere.Order", related_name="events", null=True, on_delete=fields.SET_NULL
    )
    # What applying it did ("PAID", "IGNORED: already PAID", ...), for whoever investigates.
    outcome = fields.CharField(max_length=200)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment_events"
        unique_together = (("provider", "event_id"),)


class Refund(Model):
    id = fields.UUIDField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "edusphere.Order", related_name="refunds", on_delete=fields.RESTRICT
    )
    provider = fields.CharEnumField(ProviderName, max_length=16)
    provider_refund_id = fields.CharField(max_length=255)
    amount_cents = fields.IntField()
    currency = fields.CharField(max_length=3)
    status = fields.CharEnumField(RefundStatus, max_length=16, default=RefundStatus.SUCCEEDED)
    reason = fields.CharField(max_length=500, default="")
    requested_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="refunds_requested", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "refunds"
        unique_together = (("provider", "provider_refund_id"),)


class JournalEntry(Model):
    id = fields.UUIDField(primary_key=True)
    kind = fields.CharEnumField(EntryKind, max_length=16)
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "edusphere.Order", related_name="journal_entries", null=True, on_delete=fields.RESTRICT
    )
    refund: fields.ForeignKeyNullableRelation[Refund] = fields.ForeignKeyField(
        "edusphere.Refund", related_name="journal_entries", null=True, on_delete=fields.RESTRICT
    )
    # Denormalised for the creators' reports: whose sale, of which course.
    creator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="journal_entries", null=True, on_delete=fields.RESTRICT
    )
    course: fields.ForeignKeyNullableRelation[Course] = fields.ForeignKeyField(
        "edusphere.Course", related_name="journal_entries", null=True, on_delete=fields.RESTRICT
    )
    memo = fields.CharField(max_length=500, default="")
    posted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "journal_entries"
        indexes = (("creator_id", "posted_at"),)


class LedgerLine(Model):
    id = fields.BigIntField(primary_key=True)
    entry: fields.ForeignKeyRelation[JournalEntry] = fields.ForeignKeyField(
        "edusphere.JournalEntry", related_name="lines", on_delete=fields.RESTRICT
    )
    # "clearing:STRIPE" (money held by a provider for us), "platform:fees",
    # "creator:<user id>" (what the platform owes a creator).
    account = fields.CharField(max_length=80, db_index=True)
    # Signed: debits positive, credits negative; an entry's lines sum to zero per currency.
    amount_cents = fields.BigIntField()
    currency = fields.CharField(max_length=3)

    class Meta:
        table = "ledger_lines"
