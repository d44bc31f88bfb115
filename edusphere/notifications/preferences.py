"""Each learner's choice per course: all its announcements, and the mentions of them in its rooms
that they have not read (`notifications.digest`), by email (the default, no row) or none. One
switch for both: see the digest's notes.

Only a course's learners (an active enrollment) choose for it through the API; the one-click
unsubscribe (`notifications.routes`) turns courses off for whoever its signed token names,
enrolled still or not (a learner who left and comes back stays unsubscribed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from tortoise import connections

from edusphere.auth.viewer import Viewer
from edusphere.core.errors import forbidden, not_found
from edusphere.courses.access import parse_id
from edusphere.courses.models import Course, Enrollment
from edusphere.notifications.models import CourseNotificationSetting


@dataclass(frozen=True)
class CourseChoice:
    course: Course
    enabled: bool


async def choices(viewer: Viewer) -> list[CourseChoice]:
    """The viewer's enrolled courses (active enrollments), by title, each with its choice."""
    courses = await Course.filter(enrollments__learner_id=viewer.id, enrollments__revoked_at__isnull=True).order_by(
        "title", "id"
    )
    off = set(
        await CourseNotificationSetting.filter(
            user_id=viewer.id, course_id__in=[c.id for c in courses], enabled=False
        ).values_list("course_id", flat=True)
    )
    return [CourseChoice(course, course.id not in off) for course in courses]


async def set_course(viewer: Viewer, course_id: str, enabled: bool) -> CourseChoice:
    """The viewer's choice for one of their courses. NOT_FOUND for an id that names no course
    (malformed included); FORBIDDEN for a course they are not (or no longer) enrolled in."""
    key = parse_id(course_id, "Course")
    course = await Course.get_or_none(id=key)
    if course is None:
        raise not_found("Course")
    if not await Enrollment.filter(learner_id=viewer.id, course_id=key, revoked_at__isnull=True).exists():
        raise forbidden("Only the course's enrolled learners choose its announcement emails")
    await record(viewer.id, [key], enabled)
    return CourseChoice(course, enabled)


async def record(user_id: UUID, course_ids: Sequence[UUID], enabled: bool) -> list[UUID]:
    """Upsert the user's choice for those of `course_ids` that exist (none if the user does not);
    their ids."""
    if not course_ids:
        return []
    rows = await connections.get("default").execute_query_dict(
        """
        INSERT INTO course_notification_settings (user_id, course_id, enabled, updated_at)
        SELECT u.id, c.id, $3, $4 FROM users u JOIN courses c ON c.id = ANY($2::uuid[]) WHERE u.id = $1
        ON CONFLICT (user_id, course_id) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at
        RETURNING course_id
        """,
        [user_id, list(course_ids), enabled, datetime.now(UTC)],
    )
    return [row["course_id"] for row in rows]
