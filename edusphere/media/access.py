"""Who may open a protected asset now: someone who may open a lesson holding it, or whom
another domain's use of it lets in (a member of a chat room where it was attached).

That is the course's creator, an admin, a learner enrolled in the course (not revoked: a
refund revokes), or anyone signed in for a preview lesson of a published course (as
`Lesson.body` is shown), the learner's only once the lesson's module has opened to them
(drip release, `courses.drip`). Checked on every download, so access ends the moment an enrollment
is revoked, whatever links were handed out before.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from edusphere.auth.models import Role, User
from edusphere.core.domain import AssetUse
from edusphere.courses import drip
from edusphere.courses.drip import LessonLocked
from edusphere.courses.models import Course, CourseStatus, Enrollment, Lesson


def asset_uses() -> list[AssetUse]:
    """Every other domain's use of assets (`Domain.asset_uses`), read from the domain registry
    when asked: media never imports the domains that use it."""
    from edusphere.domains import domains

    return [use for domain in domains() for use in domain.asset_uses()]


async def may_open_asset(user: User, asset_id: UUID) -> bool:
    """False where the user has no way in; `LessonLocked` where their only way in is a lesson
    of a module that has not opened to them yet (drip release), so the refusal says when."""
    if not user.is_active:
        return False
    lesson_access = await _lesson_asset_access(user, asset_id)
    if lesson_access is True:
        return True
    for use in asset_uses():
        if await use.may_open(user.id, asset_id):
            return True
    if isinstance(lesson_access, datetime):
        raise LessonLocked(lesson_access)
    return False


async def _lesson_asset_access(user: User, asset_id: UUID) -> bool | datetime:
    """True: a lesson holding the asset is open to the user; a datetime: one would be, once
    its module opens (the earliest such time); False: none is."""
    lessons = await Lesson.filter(asset_id=asset_id).select_related("module")
    if not lessons:
        return False
    if user.role is Role.ADMIN:
        return True
    course_ids = {lesson.module.course_id for lesson in lessons}  # type: ignore[attr-defined]
    courses = {course.id: course for course in await Course.filter(id__in=course_ids)}
    enrollments = {
        row.course_id: row  # type: ignore[attr-defined]
        for row in await Enrollment.filter(learner_id=user.id, course_id__in=course_ids, revoked_at__isnull=True)
    }
    opens: datetime | None = None
    for lesson in lessons:
        course = courses.get(lesson.module.course_id)  # type: ignore[attr-defined]
        if course is None:
            continue
        if course.creator_id == user.id:  # type: ignore[attr-defined]
            return True
        if lesson.is_preview and course.status is CourseStatus.PUBLISHED:
            return True
        enrollment = enrollments.get(course.id)
        if enrollment is None:
            continue
        until = drip.locked_until(lesson.module.opens_after_days, enrollment, manages=False)
        if until is None:
            return True
        opens = until if opens is None else min(opens, until)
    return opens if opens is not None else False
