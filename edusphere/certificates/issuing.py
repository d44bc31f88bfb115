"""When a course is complete, and issuing its certificate exactly once.

"Required" lessons: lessons have no required flag and no draft state (a lesson exists in the
syllabus or it does not), so every lesson of the course is required; a course is complete when
the learner has completed all of them, and a course without lessons is never complete.

`do_issue_if_complete` runs after each lesson completion, once that completion is committed.
Two completions of the last two lessons at once: each checks after its own commit, so the later
one sees both and issues; when both see both, the unique index on the enrollment lets one insert
and the other finds the row it made. A completion of a lesson completed before checks again
(cheap, and it heals a course completed before certificates existed or completed when a
remaining lesson was deleted). Marking a lesson not done later does not take the certificate
back: it was earned.
"""

from __future__ import annotations

from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError

from edusphere.auth.models import User
from edusphere.certificates.models import Certificate
from edusphere.courses.models import Course, Enrollment

_COMPLETE_SQL = """
    SELECT count(l.id) AS total, count(p.id) AS done
    FROM course_modules m
    JOIN course_lessons l ON l.module_id = m.id
    LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.learner_id = $1
    WHERE m.course_id = $2
"""


async def check_complete(learner_id: UUID, course_id: UUID) -> bool:
    """Whether the learner has completed every lesson of the course (and it has one)."""
    rows = await connections.get("default").execute_query_dict(_COMPLETE_SQL, [learner_id, course_id])
    total, done = int(rows[0]["total"]), int(rows[0]["done"])
    return total > 0 and done == total


async def do_issue_if_complete(learner_id: UUID, course_id: UUID) -> Certificate | None:
    """The enrollment's certificate, issued now when the course has just become complete; None
    while it is not complete (or there is no active enrollment: a revoked one earns nothing new)."""
    enrollment = await Enrollment.get_or_none(learner_id=learner_id, course_id=course_id)
    if enrollment is None:
        return None
    existing = await Certificate.get_or_none(enrollment_id=enrollment.id)
    if existing is not None:
        return existing
    if not enrollment.is_active or not await check_complete(learner_id, course_id):
        return None
    learner = await User.get(id=learner_id)
    course = await Course.get(id=course_id).select_related("creator")
    try:
        return await Certificate.create(
            enrollment_id=enrollment.id,
            learner_name=learner.display_name,
            course_title=course.title,
            creator_name=course.creator.display_name,
        )
    except IntegrityError:  # a concurrent completion issued it first
        return await Certificate.get(enrollment_id=enrollment.id)
