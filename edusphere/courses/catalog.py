"""The catalog: full-text search, filters, sorts, keyset pages and facets, in PostgreSQL.

Search uses the weighted `search_vector` column (GIN-indexed), `websearch_to_tsquery` (which
accepts anything a person types, operators and quotes included, without raising) and `ts_rank`.
Pages are keyset-based on (sort value, id), so they are stable under ties and under inserts, and
the cursor names its sort so a cursor from another sort is refused. Facets count the matches per
category and per price band, each ignoring its own filter so the other options stay visible.

Admins feature published courses (`set_featured`, audited): the catalog's first page leads with
the newest featured (`featured`). A course leaving the catalog stops being featured
(`authoring._set_status`), so a featured course is always a published one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.transactions import in_transaction

from edusphere.audit import log as audit
from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord, check_reason
from edusphere.auth.viewer import Viewer
from edusphere.core.database import select_columns
from edusphere.core.errors import bad_input, not_found
from edusphere.core.pagination import decode_cursor, encode_cursor, page_size
from edusphere.core.text import check_storable
from edusphere.courses.access import parse_id
from edusphere.courses.admin import require_admin
from edusphere.courses.models import Course, CourseStatus, Level

TS_CONFIG = "english"
MAX_FEATURED = 8


@dataclass(frozen=True)
class Sort:
    expression: str
    descending: bool
    sql_type: str


SORTS: dict[str, Sort] = {
    "RELEVANCE": Sort("ts_rank(c.search_vector, q.query)", True, "real"),
    "NEWEST": Sort("c.published_at", True, "timestamptz"),
    "RATING": Sort("c.rating_avg", True, "double precision"),
    "POPULAR": Sort("c.enrollment_count", True, "integer"),
    "PRICE_ASC": Sort("c.price_cents", False, "integer"),
    "PRICE_DESC": Sort("c.price_cents", True, "integer"),
}


@dataclass(frozen=True)
class PriceBand:
    key: str
    label: str
    min_cents: int
    max_cents: int | None  # inclusive


PRICE_BANDS = (
    PriceBand("FREE", "Free", 0, 0),
    PriceBand("UNDER_20", "Under 20", 1, 1_999),
    PriceBand("FROM_20_TO_50", "20 to 50", 2_000, 4_999),
    PriceBand("FROM_50_TO_100", "50 to 100", 5_000, 9_999),
    PriceBand("OVER_100", "100 and more", 10_000, None),
)


@dataclass(frozen=True)
class CatalogFilter:
    text: str | None = None
    category_slugs: tuple[str, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    free_only: bool = False
    rating_min: float | None = None
    level: Level | None = None
    language: str | None = None
    creator_id: UUID | None = None

    def checked(self) -> CatalogFilter:
        """Refuses what cannot be asked (bounds out of order, strings PostgreSQL cannot take)."""
        for value, name in [(self.text, "text"), (self.language, "language")] + [
            (slug, "categorySlugs") for slug in self.category_slugs
        ]:
            if value is not None:
                check_storable(value, name)
        if self.price_min is not None and self.price_min < 0:
            raise bad_input("priceMin cannot be negative", field="priceMin")
        if self.price_max is not None and self.price_max < 0:
            raise bad_input("priceMax cannot be negative", field="priceMax")
        if self.price_min is not None and self.price_max is not None and self.price_min > self.price_max:
            raise bad_input("priceMin is above priceMax", field="priceMin")
        if self.rating_min is not None and not 0 <= self.rating_min <= 5:
            raise bad_input("ratingMin must be between 0 and 5", field="ratingMin")
        text = (self.text or "").strip()[:200] or None
        return replace(self, text=text)


@dataclass
class CatalogPage:
    courses: list[Course]
    cursors: list[str]
    has_next_page: bool
    filter: CatalogFilter
    extras: dict[str, Any] = field(default_factory=dict)


class _Query:
    """Collects SQL conditions and their numbered parameters."""

    def __init__(self) -> None:
        self.params: list[Any] = []
        self.conditions: list[str] = ["c.status = 'PUBLISHED'"]

    def param(self, value: Any, cast: str = "") -> str:
        self.params.append(value)
        return f"${len(self.params)}{'::' + cast if cast else ''}"


@cache
def _course_columns() -> str:
    """Read at the first query, not at import: Tortoise adds the foreign keys' columns
    (`creator_id`, `category_id`) to the model's fields only when it initialises, and a module
    imported before that (by a test, a script) would otherwise select courses without them."""
    return select_columns(Course, "c")


def _filtered(catalog_filter: CatalogFilter, *, skip: str = "") -> tuple[_Query, str]:
    """The FROM clause and conditions for `catalog_filter`, leaving out the filter named `skip`."""
    query = _Query()
    source = "courses c"
    f = catalog_filter
    if f.text:
        source = f"courses c CROSS JOIN websearch_to_tsquery('{TS_CONFIG}', {query.param(f.text)}) AS q(query)"
        query.conditions.append("c.search_vector @@ q.query")
    if f.category_slugs and skip != "category":
        query.conditions.append(
            f"c.category_id IN (SELECT id FROM categories WHERE slug = ANY({query.param(list(f.category_slugs))}))"
        )
    if skip != "price":
        if f.free_only:
            query.conditions.append("c.price_cents = 0")
        if f.price_min is not None:
            query.conditions.append(f"c.price_cents >= {query.param(f.price_min)}")
        if f.price_max is not None:
            query.conditions.append(f"c.price_cents <= {query.param(f.price_max)}")
    if f.rating_min is not None:
        query.conditions.append(f"c.rating_avg >= {query.param(float(f.rating_min))}")
    if f.level is not None:
        query.conditions.append(f"c.level = {query.param(f.level.value)}")
    if f.language is not None:
        query.conditions.append(f"c.language = {query.param(f.language)}")
    if f.creator_id is not None:
        query.conditions.append(f"c.creator_id = {query.param(f.creator_id)}")
    return query, source


async def search(
    secret: str, catalog_filter: CatalogFilter, sort_name: str, first: int | None, after: str | None
) -> CatalogPage:
    size = page_size(first)
    catalog_filter = catalog_filter.checked()
    if sort_name == "RELEVANCE" and not catalog_filter.text:
        sort_name = "NEWEST"  # nothing to be relevant to
    sort = SORTS[sort_name]
    query, source = _filtered(catalog_filter)
    if after:
        value, last_id = _cursor_values(secret, sort_name, sort, after)
        operator = "<" if sort.descending else ">"
        query.conditions.append(
            f"({sort.expression}, c.id) {operator} ({query.param(value, sort.sql_type)}, {query.param(last_id)})"
        )
    direction = "DESC" if sort.descending else "ASC"
    sql = (
        f"SELECT {_course_columns()}, {sort.expression} AS sort_value FROM {source} "
        f"WHERE {' AND '.join(query.conditions)} "
        f"ORDER BY sort_value {direction}, c.id {direction} LIMIT {size + 1}"
    )
    rows = await connections.get("default").execute_query_dict(sql, query.params)
    courses, cursors = [], []
    for row in rows[:size]:
        value = row.pop("sort_value")
        courses.append(Course._init_from_db(**row))
        cursors.append(encode_cursor(secret, _cursor_kind(sort_name), [_encode_value(value), str(row["id"])]))
    return CatalogPage(courses, cursors, has_next_page=len(rows) > size, filter=catalog_filter)


async def total_count(catalog_filter: CatalogFilter) -> int:
    query, source = _filtered(catalog_filter)
    sql = f"SELECT count(*) AS n FROM {source} WHERE {' AND '.join(query.conditions)}"
    rows = await connections.get("default").execute_query_dict(sql, query.params)
    return int(rows[0]["n"])


async def category_facets(catalog_filter: CatalogFilter) -> list[dict[str, Any]]:
    query, source = _filtered(catalog_filter, skip="category")
    sql = (
        f"SELECT cat.slug, cat.name, count(*) AS count FROM {source} JOIN categories cat ON cat.id = c.category_id "
        f"WHERE {' AND '.join(query.conditions)} GROUP BY cat.slug, cat.name ORDER BY count DESC, cat.name"
    )
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(sql, query.params)
    return rows


async def price_facets(catalog_filter: CatalogFilter) -> list[dict[str, Any]]:
    query, source = _filtered(catalog_filter, skip="price")
    cases = " ".join(
        f"WHEN c.price_cents BETWEEN {band.min_cents} AND {band.max_cents} THEN '{band.key}'"
        for band in PRICE_BANDS
        if band.max_cents is not None
    )
    sql = (
        f"SELECT CASE {cases} ELSE '{PRICE_BANDS[-1].key}' END AS band, count(*) AS count FROM {source} "
        f"WHERE {' AND '.join(query.conditions)} GROUP BY band"
    )
    counts = {
        row["band"]: row["count"] for row in await connections.get("default").execute_query_dict(sql, query.params)
    }
    return [
        {
            "key": b.key,
            "label": b.label,
            "min_cents": b.min_cents,
            "max_cents": b.max_cents,
            "count": counts.get(b.key, 0),
        }
        for b in PRICE_BANDS
    ]


def _cursor_kind(sort_name: str) -> str:
    return f"courses:{sort_name}"


def _encode_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _cursor_values(secret: str, sort_name: str, sort: Sort, cursor: str) -> tuple[Any, UUID]:
    values = decode_cursor(secret, _cursor_kind(sort_name), cursor)
    try:
        raw, raw_id = values
        last_id = UUID(raw_id)
        if sort.sql_type == "timestamptz":
            return datetime.fromisoformat(raw), last_id
        if sort.sql_type == "integer":
            return int(raw), last_id
        return float(raw), last_id
    except (ValueError, TypeError):
        raise bad_input("Invalid cursor", argument="after") from None


async def featured() -> list[Course]:
    """The published courses admins feature, newest featured first (the partial index on
    `featured_at` holds only them)."""
    return (
        await Course.filter(featured_at__isnull=False, status=CourseStatus.PUBLISHED)
        .order_by("-featured_at", "-id")
        .limit(MAX_FEATURED)
    )


async def set_featured(viewer: Viewer, course_id: str, on: bool, reason: str | None) -> Course:
    """Admins: feature a published course (BAD_USER_INPUT with reason NOT_PUBLISHED otherwise)
    or stop featuring one. Asking for what already is changes nothing and is not audited (a
    featured course keeps its place: featuring it again does not move it to the front)."""
    admin = require_admin(viewer)
    text = check_reason(reason)
    key = parse_id(course_id, "Course")
    async with in_transaction():
        course = await Course.filter(id=key).select_for_update().first()
        if course is None:
            raise not_found("Course")
        if on and course.status is not CourseStatus.PUBLISHED:
            raise bad_input("Only a published course can be featured", reason="NOT_PUBLISHED")
        if (course.featured_at is not None) == on:
            return course
        before = course.featured_at.isoformat() if course.featured_at is not None else None
        course.featured_at = datetime.now(UTC) if on else None
        await course.save(update_fields=["featured_at"])
        await audit.record(
            AuditRecord(
                actor_id=admin.id,
                action=AuditAction.COURSE_FEATURED if on else AuditAction.COURSE_UNFEATURED,
                target_id=str(course.id),
                before={"featuredAt": before},
                after={"featuredAt": course.featured_at.isoformat() if course.featured_at is not None else None},
                reason=text,
            )
        )
    return course
