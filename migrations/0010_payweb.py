"""Covering indexes for the admin dashboard and order totals (issue 14), measured on 100,000
users and 207,000 orders (`edusphere seed --scale`, `benchmarks/admin_lists.py`):

- `orders (created_at) INCLUDE (status, currency, amount_cents, refunded_cents)`: the
  dashboard's sales by day and `orderTotals` over a date range read the index alone (an
  index-only range scan) instead of every order's row: a year's window 60 -> 25 ms, 30 days
  14 -> 5 ms.
- `orders (status, currency) INCLUDE (amount_cents, refunded_cents)`: `orderTotals` of every
  order, or of a status, from the index alone. Without it a status filter read 185,000 rows
  through the `(status, created_at, id)` index once asyncpg's prepared statement went generic
  (its plan guesses one status in six): 500 ms; with it 25 ms.
- `users (role, is_active)`: the dashboard's users by role, counted from the index (20 -> 6 ms).

RunSQL only, as 0008's search indexes: the models need not know them.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0009_courses")]

    initial = False

    operations = [
        ops.RunSQL(
            """
            CREATE INDEX orders_created_figures ON orders (created_at)
                INCLUDE (status, currency, amount_cents, refunded_cents);
            CREATE INDEX orders_status_figures ON orders (status, currency) INCLUDE (amount_cents, refunded_cents);
            CREATE INDEX users_role_active ON users (role, is_active);
            """,
            reverse_sql="DROP INDEX IF EXISTS orders_created_figures, orders_status_figures, users_role_active",
        ),
    ]
