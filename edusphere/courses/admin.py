"""What administrators read of the courses domain: every course in every status, one course
with its enrollments, and what a user's admin page shows of their learning and teaching.

The changes admins make live where the same change lives for everyone (`authoring` for the
life cycle, `catalog` for featuring, `enrollment` for revoking, `reviews` for moderation), each
audited there in its own transaction; this module only reads.

Lists are keyset-paged (`core.pagination.keyset`) on indexed columns, and a search for part of
a title is an `ILIKE` that the trigram index on `courses.title` answers (migration 0008):
Tortoise's own `icontains` wraps the column in `UPPER(CAST(...))`, which no index serves, so
`Contains` renders the plain `ILIKE` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pypika_tortoise.enums import Matching
from pypika_tortoise.terms import BasicCriterion, ValueWrapper
from tortoise.expressions import Q, ResolveContext
from tortoise.filters import escape_like
from tortoise.query_utils import QueryModifier
from tortoise.queryset import QuerySet

from edusphere.auth.viewer import Viewer
from edusphere.core.counting import Counter
from edusphere.core.errors import bad_input, forbidden
from edusphere.core.pagination import (
    Page,
    SortKey,
    by_number,
    by_text,
    connection,
    keyset,
    newest,
    oldest,
    page_size,
)
from edusphere.core.text import check_storable
from edusphere.courses.models import Course, CourseStatus, Enrollment

MAX_SEARCH = 100
# What a user's admin page lists of them (newest first): enough for a person to read.
MAX_DETAIL_ROWS = 100

SORTS: dict[str, tuple[SortKey, ...]] = {
    "NEWEST": newest(),
    "OLDEST": oldest(),
    "TITLE": by_text("title"),
    "ENROLLMENTS": by_number("enrollment_count", descending=True),
}


@dataclass(frozen=True)
class CourseDetail:
    """`adminCourse`: the course and what hangs off it (payments adds its revenue, from `.course`)."""

    course: Course


@dataclass(frozen=True)
class AdminCourseFilter:
    "Part of the title."

    search: str | None = None
    status: CourseStatus | None = None
    "True: featured now; False: not featured."
    featured: bool | None = None
    creator_id: UUID | None = None


@dataclass(frozen=True)
class CountedPage:
    """A keyset page and the filtered query it came from, counted (up to COUNT_CAP) only when
    totalCount or totalCountCapped is asked, and once for both."""

    page: Page[Any]
    counter: Counter

    @classmethod
    def of(cls, page: Page[Any], query: QuerySet[Any]) -> CountedPage:
        return cls(page, Counter(query))

    def connection(self) -> dict[str, Any]:
        return connection(self.page.items, self.page.cursors, self.page.has_next_page, counted=self)


class Contains(Q):
    """`field ILIKE '%term%'` with LIKE's wildcards in `term` taken literally (PostgreSQL's
    default LIKE escape is the backslash `escape_like` writes), as a Q that combines with others."""

    def __init__(self, field: str, term: str) -> None:
        super().__init__()
        self.field = field
        self.pattern = f"%{escape_like(term)}%"

    def __bool__(self) -> bool:
        return True

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        column = resolve_context.table[self.field]
        modifier = QueryModifier(where_criterion=BasicCriterion(Matching.ilike, column, ValueWrapper(self.pattern)))
        return ~modifier if self._is_negated else modifier


def check_search(raw: str | None, field: str = "search") -> str | None:
    """A search term as matched: storable (no NUL, no lone surrogate), trimmed, at most 100
    characters (a longer one is cut, not refused: it still finds what its start finds); None
    when blank."""
    if raw is None:
        return None
    return check_storable(raw, field).strip()[:MAX_SEARCH] or None


def check_filter_id(raw: str | None, field: str) -> UUID | None:
    """An id in a filter: None when absent, BAD_USER_INPUT naming `field` when it is not an id
    (a filter that can match nothing is a mistake worth saying)."""
    if raw is None or raw == "":
        return None
    try:
        return UUID(str(raw))
    except ValueError:
        raise bad_input(f"{field} is not an id", field=field) from None


def require_admin(viewer: Viewer | None) -> Viewer:
    """The service functions' own check (the resolvers check first): FORBIDDEN for non-admins."""
    if viewer is None or not viewer.is_admin:
        raise forbidden("Administrators only")
    return viewer


def courses_query(course_filter: AdminCourseFilter) -> QuerySet[Course]:
    query = Course.all()
    search = check_search(course_filter.search)
    if search:
        query = query.filter(Contains("title", search))
    if course_filter.status is not None:
        query = query.filter(status=course_filter.status)
    if course_filter.featured is not None:
        query = query.filter(featured_at__isnull=not course_filter.featured)
    if course_filter.creator_id is not None:
        query = query.filter(creator_id=course_filter.creator_id)
    return query


async def courses(
    secret: str, course_filter: AdminCourseFilter, sort: str, first: int | None, after: str | None
) -> CountedPage:
    """Every course in every status, in the order `sort` names (a cursor is good for its own
    sort only)."""
    size = page_size(first)
    keys = SORTS.get(sort)
    if keys is None:
        raise bad_input(f"Unknown sort {sort[:32]!r}", argument="sort")
    query = courses_query(course_filter)
    page = await keyset(query, secret, f"admin-courses:{sort}", size, after, keys)
    return CountedPage.of(page, query)


async def course_detail(raw_id: str) -> CourseDetail | None:
    """None for an unknown id, or one that is not an id at all."""
    try:
        key = UUID(raw_id)
    except (TypeError, ValueError):
        return None
    course = await Course.get_or_none(id=key)
    return CourseDetail(course) if course is not None else None


async def course_enrollments(secret: str, course_id: UUID, first: int | None, after: str | None) -> CountedPage:
    """Newest first (by when the learner enrolled, or was last enrolled again), revoked ones
    included."""
    query = Enrollment.filter(course_id=course_id)
    page = await keyset(query, secret, "course-enrollments", page_size(first), after, newest("enrolled_at"))
    return CountedPage.of(page, query)


async def user_enrollments(user_id: UUID) -> list[Enrollment]:
    """A user's admin page: their enrollments, newest first, revoked ones included."""
    return await Enrollment.filter(learner_id=user_id).order_by("-enrolled_at", "-id").limit(MAX_DETAIL_ROWS)


async def user_courses(user_id: UUID) -> list[Course]:
    """A user's admin page: the courses they teach, every status, newest first."""
    return await Course.filter(creator_id=user_id).order_by("-created_at", "-id").limit(MAX_DETAIL_ROWS)
