"""Who may see and change a course.

A draft is invisible to everyone but its creator and admins: they get NOT_FOUND, never FORBIDDEN,
so its existence does not leak. An archived course leaves the catalog but stays open to the
learners enrolled in it (they paid for it); everyone else gets NOT_FOUND as for a draft.

Within a course a learner may see, a lesson's content may still be withheld until its module
opens to them: drip release, `courses.drip` (the rule) and `courses.locks` (per request).
"""

from __future__ import annotations

from uuid import UUID

from edusphere.auth.models import Role
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import forbidden, not_found
from edusphere.core.text import column_length, lookup_key
from edusphere.courses.models import Course, CourseStatus, Enrollment

# Bus topic (value: the course id): the course's status changed, which may end access to it and
# its rooms (unpublished, archived); announced by the course mutations, heard by chat.
COURSE_CHANGED = "courses.course"

AUTHOR_ROLES = (Role.CREATOR, Role.ADMIN)
_SLUG_LENGTH = column_length(Course, "slug")


def parse_id(raw: str, what: str) -> UUID:
    try:
        return UUID(raw)
    except (ValueError, TypeError):
        raise not_found(what) from None


def manages(viewer: Viewer | None, course: Course) -> bool:
    return viewer is not None and (viewer.is_admin or course.creator_id == viewer.id)  # type: ignore[attr-defined]


async def is_enrolled(viewer: Viewer | None, course_id: UUID) -> bool:
    if viewer is None:
        return False
    return await Enrollment.filter(learner_id=viewer.id, course_id=course_id, revoked_at__isnull=True).exists()


async def can_view(viewer: Viewer | None, course: Course) -> bool:
    if course.status is CourseStatus.PUBLISHED or manages(viewer, course):
        return True
    return course.status is CourseStatus.ARCHIVED and await is_enrolled(viewer, course.id)


async def viewable_course(viewer: Viewer | None, *, course_id: str | None = None, slug: str | None = None) -> Course:
    if course_id is not None:
        course = await Course.get_or_none(id=parse_id(course_id, "Course"))
    else:
        key = lookup_key(slug or "", "slug", _SLUG_LENGTH)
        course = None if key is None else await Course.get_or_none(slug=key)
    if course is None or not await can_view(viewer, course):
        raise not_found("Course")
    return course


async def managed_course(viewer: Viewer, course_id: UUID | str) -> Course:
    """The course, if the viewer may change it; FORBIDDEN only where they may at least see it."""
    key = course_id if isinstance(course_id, UUID) else parse_id(course_id, "Course")
    course = await Course.get_or_none(id=key)
    if course is None:
        raise not_found("Course")
    if not manages(viewer, course):
        if await can_view(viewer, course):
            raise forbidden("Only the course's creator or an admin may change it")
        raise not_found("Course")
    return course


def require_author(viewer: Viewer) -> None:
    if viewer.role not in AUTHOR_ROLES:
        raise forbidden("Only creators can author courses")
