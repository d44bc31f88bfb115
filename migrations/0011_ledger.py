"""Indexes for the ledger's foreign keys, which PostgreSQL does not make by itself.

`edusphere payments check` joins every order to its journal entries and their lines, and each
order's refunds; without these it read `ledger_lines` whole once per order and did not finish at
100,000 users and 207,000 orders (`edusphere seed --scale`). `ledger_lines (entry_id)` also
serves a creator's earnings (their entries joined to their lines).

RunSQL only, as 0008 and 0010: the models need not know them.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0010_payweb")]

    initial = False

    operations = [
        ops.RunSQL(
            """
            CREATE INDEX journal_entries_order ON journal_entries (order_id) WHERE order_id IS NOT NULL;
            CREATE INDEX journal_entries_refund ON journal_entries (refund_id) WHERE refund_id IS NOT NULL;
            CREATE INDEX ledger_lines_entry ON ledger_lines (entry_id);
            CREATE INDEX refunds_order ON refunds (order_id);
            """,
            reverse_sql="DROP INDEX IF EXISTS journal_entries_order, journal_entries_refund, ledger_lines_entry, "
            "refunds_order",
        ),
    ]
