"""A signed-in learner's home page: the courses to continue, then courses to try next.

Continue learning: the viewer's active enrollments in courses they can still open (published,
or archived: `access.can_view` keeps those open to the enrolled) that are not complete, most
recently active first, where activity is the last lesson completed or else the enrollment
itself (a course just bought comes first, not last). Progress is counted as
`enrollment.progress_for` counts it (over the lessons the course has now), in the same query,
and the next lesson is `enrollment.next_lessons`'s: two queries for the whole list.

Recommendations: published courses in the categories of the viewer's active enrollments,
best rated first (the catalog's Bayesian `rating_score`, migration 0021, so one 5-star review
does not outrank three hundred 4.8s), popularity (`catalog.POPULARITY_SQL`) breaking ties. When
those run short, and for a viewer with no enrollments at all, the list is topped up with the
most popular published courses overall, so the section is never empty on a catalog that has
courses. Never a course the viewer teaches nor one they were ever enrolled in: an active
enrollment is on the list above, and a revoked one (refunded, or taken away by an admin) is a
course they already know about. One query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from tortoise import connections

from edusphere.auth.viewer import Viewer
from edusphere.core.database import select_columns
from edusphere.core.pagination import page_size
from edusphere.courses import enrollment
from edusphere.courses.catalog import POPULARITY_SQL, RECENT_JOIN_SQL
from edusphere.courses.enrollment import Progress
from edusphere.courses.models import Course, Lesson

CONTINUE_DEFAULT = 6
RECOMMENDED_DEFAULT = 8
# A home page's sections, not lists to page through: the whole of either fits on one screen.
MAX_HOME_ITEMS = 24


@dataclass(frozen=True)
class ContinueItem:
    course: Course
    next_lesson: Lesson
    progress: Progress
    last_activity_at: datetime
    enrolled_at: datetime


@cache
def _course_columns() -> str:
    """At the first query, not at import (Tortoise adds the foreign key columns when it starts)."""
    return select_columns(Course, "c")


def _courses(rows: list[dict[str, Any]], extra: tuple[str, ...]) -> list[tuple[Course, dict[str, Any]]]:
    """Course rows built back into instances, each with the extra columns taken off its row."""
    built = []
    for row in rows:
        values = {name: row.pop(name) for name in extra}
        built.append((Course._init_from_db(**row), values))
    return built


async def continue_learning(viewer: Viewer, first: int | None) -> list[ContinueItem]:
    limit = page_size(first, default=CONTINUE_DEFAULT, maximum=MAX_HOME_ITEMS)
    sql = f"""
        SELECT {_course_columns()}, e.enrolled_at AS enrolled_key, s.total AS total_key, s.done AS done_key,
               greatest(e.enrolled_at, s.last_done) AS active_key
        FROM enrollments e
        JOIN courses c ON c.id = e.course_id
        CROSS JOIN LATERAL (
            SELECT count(l.id) AS total, count(p.id) AS done, max(p.completed_at) AS last_done
            FROM course_modules m
            JOIN course_lessons l ON l.module_id = m.id
            LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.learner_id = e.learner_id
            WHERE m.course_id = e.course_id
        ) s
        WHERE e.learner_id = $1 AND e.revoked_at IS NULL AND c.status <> 'DRAFT' AND s.done < s.total
        ORDER BY active_key DESC, e.id DESC
        LIMIT $2
    """  # noqa: S608 - the columns are the model's; the values are parameters
    rows = await connections.get("default").execute_query_dict(sql, [viewer.id, limit])
    found = _courses(rows, ("enrolled_key", "total_key", "done_key", "active_key"))
    nexts = await enrollment.next_lessons(viewer.id, [course.id for course, _ in found])
    items = []
    for course, values in found:
        lesson = nexts.get(course.id)
        if lesson is None:  # completed in between the two queries: nothing left to continue
            continue
        lesson.course_key = course.id  # the content check reads it
        items.append(
            ContinueItem(
                course=course,
                next_lesson=lesson,
                progress=Progress(values["done_key"], values["total_key"]),
                last_activity_at=values["active_key"],
                enrolled_at=values["enrolled_key"],
            )
        )
    return items


async def recommended_courses(viewer: Viewer, first: int | None) -> list[Course]:
    limit = page_size(first, default=RECOMMENDED_DEFAULT, maximum=MAX_HOME_ITEMS)
    sql = f"""
        WITH mine AS (
            SELECT DISTINCT c.category_id FROM enrollments e JOIN courses c ON c.id = e.course_id
            WHERE e.learner_id = $1 AND e.revoked_at IS NULL AND c.category_id IS NOT NULL
        )
        SELECT {_course_columns()}, (c.category_id IN (SELECT category_id FROM mine)) AS related_key
        FROM courses c{RECENT_JOIN_SQL}
        WHERE c.status = 'PUBLISHED' AND c.creator_id <> $1
          AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = $1 AND e.course_id = c.id)
        ORDER BY related_key DESC NULLS LAST,
                 CASE WHEN c.category_id IN (SELECT category_id FROM mine) THEN c.rating_score END DESC NULLS LAST,
                 {POPULARITY_SQL} DESC, c.rating_score DESC, c.id DESC
        LIMIT $2
    """  # noqa: S608 - the model's columns and the catalog's constants; the values are parameters
    rows = await connections.get("default").execute_query_dict(sql, [viewer.id, limit])
    return [course for course, _ in _courses(rows, ("related_key",))]
