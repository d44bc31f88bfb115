"""Drip release (`edusphere.courses.drip`): `course_modules.opens_after_days`, the days after a
learner's enrollment when the module's lessons open to them (0, every existing module: at once).
The default is the database's too, so the scale seed's plain INSERTs need not name it.

A CHECK keeps it to 0..3650 (ten years) whatever writes it, the rule `validation` applies to a
creator's input first. Adding a NOT NULL column with a constant default does not rewrite the
table (PostgreSQL 11+).
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0021_catalog_trgm")]

    initial = False

    operations = [
        ops.AddField(model_name="Module", name="opens_after_days", field=fields.IntField(default=0, db_default=0)),
        ops.RunSQL(
            """
            ALTER TABLE course_modules ADD CONSTRAINT course_modules_opens_after_days_range
                CHECK (opens_after_days BETWEEN 0 AND 3650);
            """,
            reverse_sql="ALTER TABLE course_modules DROP CONSTRAINT IF EXISTS course_modules_opens_after_days_range",
        ),
    ]
