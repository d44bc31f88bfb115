"""Payments: coupons, orders, provider events, refunds and the double-entry ledger.

The partial unique index keeps at most one PENDING order per (buyer, course): a second checkout
can only reuse or replace the first (see payments.checkout).
"""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from edusphere.payments.models import CouponKind, EntryKind, OrderStatus, ProviderName, RefundStatus


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0005_chat_log_lean")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Coupon",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ("code", fields.CharField(max_length=32)),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="coupons",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="created_by_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="coupons_created",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="PERCENT: PERCENT\nAMOUNT: AMOUNT", enum_type=CouponKind, max_length=16
                    ),
                ),
                ("percent_off", fields.IntField(null=True)),
                ("amount_off_cents", fields.IntField(null=True)),
                ("currency", fields.CharField(null=True, max_length=3)),
                ("expires_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("max_redemptions", fields.IntField(null=True)),
                ("redemption_count", fields.IntField(default=0)),
                ("active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "coupons", "app": "edusphere", "unique_together": (("course", "code"),), "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Order",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "buyer",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="buyer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="orders",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="orders",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "provider",
                    fields.CharEnumField(
                        description="STRIPE: STRIPE\nPAYPAL: PAYPAL\nTEST: TEST", enum_type=ProviderName, max_length=16
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=OrderStatus.PENDING,
                        description="PENDING: PENDING\nPAID: PAID\nFAILED: FAILED\nCANCELED: CANCELED\nREFUNDED: REFUNDED\nPARTIALLY_REFUNDED: PARTIALLY_REFUNDED",
                        enum_type=OrderStatus,
                        max_length=24,
                    ),
                ),
                ("list_price_cents", fields.IntField()),
                ("discount_cents", fields.IntField(default=0)),
                ("amount_cents", fields.IntField()),
                ("refunded_cents", fields.IntField(default=0)),
                ("currency", fields.CharField(max_length=3)),
                ("fee_cents", fields.IntField(default=0)),
                (
                    "coupon",
                    fields.ForeignKeyField(
                        "edusphere.Coupon",
                        source_field="coupon_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="orders",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("coupon_code", fields.CharField(null=True, max_length=32)),
                ("coupon_redeemed", fields.BooleanField(default=False)),
                ("provider_reference", fields.CharField(null=True, db_index=True, max_length=255)),
                ("redirect_url", fields.TextField(null=True, unique=False)),
                ("payment_reference", fields.CharField(null=True, db_index=True, max_length=255)),
                ("failure_message", fields.CharField(null=True, max_length=500)),
                ("receipt_number", fields.CharField(null=True, unique=True, max_length=32)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ("awaiting_payment_since", fields.DatetimeField(null=True)),
                ("paid_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("canceled_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("refunded_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "orders",
                "app": "edusphere",
                "indexes": [Index(fields=["buyer_id", "created_at"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PaymentEvent",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "provider",
                    fields.CharEnumField(
                        description="STRIPE: STRIPE\nPAYPAL: PAYPAL\nTEST: TEST", enum_type=ProviderName, max_length=16
                    ),
                ),
                ("event_id", fields.CharField(max_length=255)),
                ("event_type", fields.CharField(max_length=100)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "edusphere.Order",
                        source_field="order_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("outcome", fields.CharField(max_length=200)),
                ("received_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "payment_events",
                "app": "edusphere",
                "unique_together": (("provider", "event_id"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Refund",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "edusphere.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="refunds",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "provider",
                    fields.CharEnumField(
                        description="STRIPE: STRIPE\nPAYPAL: PAYPAL\nTEST: TEST", enum_type=ProviderName, max_length=16
                    ),
                ),
                ("provider_refund_id", fields.CharField(max_length=255)),
                ("amount_cents", fields.IntField()),
                ("currency", fields.CharField(max_length=3)),
                (
                    "status",
                    fields.CharEnumField(
                        default=RefundStatus.SUCCEEDED,
                        description="PENDING: PENDING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED",
                        enum_type=RefundStatus,
                        max_length=16,
                    ),
                ),
                ("reason", fields.CharField(default="", max_length=500)),
                (
                    "requested_by",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="requested_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="refunds_requested",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "refunds",
                "app": "edusphere",
                "unique_together": (("provider", "provider_refund_id"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="JournalEntry",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="SALE: SALE\nREFUND: REFUND\nADJUSTMENT: ADJUSTMENT",
                        enum_type=EntryKind,
                        max_length=16,
                    ),
                ),
                (
                    "order",
                    fields.ForeignKeyField(
                        "edusphere.Order",
                        source_field="order_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="journal_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "refund",
                    fields.ForeignKeyField(
                        "edusphere.Refund",
                        source_field="refund_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="journal_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "creator",
                    fields.ForeignKeyField(
                        "edusphere.User",
                        source_field="creator_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="journal_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "course",
                    fields.ForeignKeyField(
                        "edusphere.Course",
                        source_field="course_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="journal_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("memo", fields.CharField(default="", max_length=500)),
                ("posted_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "journal_entries",
                "app": "edusphere",
                "indexes": [Index(fields=["creator_id", "posted_at"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LedgerLine",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "entry",
                    fields.ForeignKeyField(
                        "edusphere.JournalEntry",
                        source_field="entry_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("account", fields.CharField(db_index=True, max_length=80)),
                ("amount_cents", fields.BigIntField()),
                ("currency", fields.CharField(max_length=3)),
            ],
            options={"table": "ledger_lines", "app": "edusphere", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.RunSQL(
            "CREATE UNIQUE INDEX orders_one_pending ON orders (buyer_id, course_id) WHERE status = 'PENDING'",
            reverse_sql="DROP INDEX IF EXISTS orders_one_pending",
        ),
        ops.RunSQL(
            "CREATE INDEX orders_pending_created ON orders (created_at) WHERE status = 'PENDING'",
            reverse_sql="DROP INDEX IF EXISTS orders_pending_created",
        ),
    ]
