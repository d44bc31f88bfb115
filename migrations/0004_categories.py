"""The catalog's starting categories: without any, a creator could not publish (a category is on
the publication checklist) until an operator seeded some. Fixed here, not imported from the demo
data, so this migration never changes once applied; the demo seed only adds what is missing."""

from tortoise import migrations
from tortoise.migrations import operations as ops

CATEGORIES = [
    ("programming", "Programming"),
    ("data-science", "Data Science"),
    ("design", "Design"),
    ("business", "Business"),
    ("marketing", "Marketing"),
    ("music", "Music"),
    ("photography", "Photography"),
    ("languages", "Languages"),
    ("health", "Health & Fitness"),
    ("personal-development", "Personal Development"),
]
_SLUGS = [slug for slug, _ in CATEGORIES]
_NAMES = [name for _, name in CATEGORIES]


class Migration(migrations.Migration):
    dependencies = [("edusphere", "0003_chat")]

    initial = False

    operations = [
        ops.RunSQL(
            [
                (
                    "INSERT INTO categories (slug, name) SELECT * FROM unnest($1::text[], $2::text[]) "
                    "ON CONFLICT (slug) DO NOTHING",
                    [_SLUGS, _NAMES],
                )
            ],
            reverse_sql=[
                (
                    "DELETE FROM categories WHERE slug = ANY($1::text[]) "
                    "AND NOT EXISTS (SELECT 1 FROM courses WHERE courses.category_id = categories.id)",
                    [_SLUGS],
                )
            ],
        ),
    ]
