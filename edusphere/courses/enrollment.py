"""Enrolling, learning progress, and what a learner sees of their courses.

`enrollment_count` moves in the same transaction as the enrollment, in SQL, so it stays exact
under concurrent enrollments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from edusphere.audit import log as audit
from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord, check_reason
from edusphere.auth.viewer import Viewer
from edusphere.core.database import select_columns
from edusphere.core.errors import AppError, ErrorCode, bad_input, conflict, forbidden, not_found
from edusphere.core.invalidation import announce
from edusphere.core.runtime import Runtime
from edusphere.courses import drip
from edusphere.courses.access import manages, parse_id, viewable_course
from edusphere.courses.models import (
    Course,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    Lesson,
    LessonProgress,
)

ENROLLMENT_REVOKED = "enrollment.revoked"  # bus topic; value "<learner id> <course id>"


def revocation(learner_id: object, course_id: object) -> str:
    """The ENROLLMENT_REVOKED value."""
    return f"{learner_id} {course_id}"


def parse_revocation(value: str) -> tuple[str, str]:
    """(learner id, course id) of an ENROLLMENT_REVOKED value."""
    learner_id, _, course_id = value.partition(" ")
    return learner_id, course_id


@dataclass(frozen=True)
class Progress:
    completed_lessons: int
    total_lessons: int

    @property
    def percent(self) -> int:
        return round(100 * self.completed_lessons / self.total_lessons) if self.total_lessons else 0


async def enroll(viewer: Viewer, course_id: str) -> Enrollment:
    course = await viewable_course(viewer, course_id=course_id)
    if course.status is not CourseStatus.PUBLISHED:
        raise not_found("Course")
    if manages(viewer, course) and not viewer.is_admin:
        raise bad_input("You teach this course; creators do not enroll in their own courses")
    if not course.is_free:
        raise AppError(
            ErrorCode.BAD_USER_INPUT,
            "This course is paid: buy it through checkout to enroll",
            reason="PAYMENT_REQUIRED",
        )
    return await grant(viewer.id, course, EnrollmentSource.FREE)


async def grant(learner_id: UUID, course: Course, source: EnrollmentSource) -> Enrollment:
    """Enroll, or restore a revoked enrollment; an active one is a CONFLICT."""
    async with in_transaction():
        existing = await Enrollment.filter(learner_id=learner_id, course_id=course.id).select_for_update().first()
        if existing is not None and existing.is_active:
            raise conflict("You are already enrolled in this course")
        if existing is not None:
            existing.revoked_at = None
            existing.source = source
            existing.enrolled_at = datetime.now(UTC)
            await existing.save(update_fields=["revoked_at", "source", "enrolled_at"])
            enrollment = existing
        else:
            try:
                enrollment = await Enrollment.create(learner_id=learner_id, course_id=course.id, source=source)
            except IntegrityError:
                raise conflict("You are already enrolled in this course") from None
        await Course.filter(id=course.id).update(enrollment_count=F("enrollment_count") + 1)
    return enrollment


async def revoke(
    rt: Runtime, enrollment_id: str, *, actor: Viewer | None = None, reason: str | None = None
) -> Enrollment:
    """Ends access at once: every process is told, after the commit, so open chat subscriptions
    close too. `actor` is the admin who asked (audited when the enrollment was active; revoking
    a revoked one changes nothing); without one it is the system's doing (a whole refund, which
    payments audits as the refund)."""
    text = check_reason(reason)
    key = parse_id(enrollment_id, "Enrollment")
    async with in_transaction():
        enrollment = await Enrollment.filter(id=key).select_for_update().first()
        if enrollment is None:
            raise not_found("Enrollment")
        if enrollment.is_active:
            enrollment.revoked_at = datetime.now(UTC)
            await enrollment.save(update_fields=["revoked_at"])
            await Course.filter(id=enrollment.course_id).update(  # type: ignore[attr-defined]
                enrollment_count=F("enrollment_count") - 1
            )
            if actor is not None and actor.is_admin:
                await audit.record(
                    AuditRecord(
                        actor_id=actor.id,
                        action=AuditAction.ENROLLMENT_REVOKED,
                        target_id=str(enrollment.id),
                        before={"revokedAt": None},
                        after={"revokedAt": enrollment.revoked_at.isoformat()},
                        reason=text,
                    )
                )
    revoked = revocation(enrollment.learner_id, enrollment.course_id)  # type: ignore[attr-defined]
    await announce(rt.redis, rt.keys, ENROLLMENT_REVOKED, revoked)
    return enrollment


async def _lesson_for_learner(viewer: Viewer, lesson_id: str) -> tuple[Lesson, Course, Enrollment]:
    lesson = await Lesson.get_or_none(id=parse_id(lesson_id, "Lesson")).select_related("module")
    if lesson is None:
        raise not_found("Lesson")
    course_id: UUID = lesson.module.course_id  # type: ignore[attr-defined]
    course = await viewable_course(viewer, course_id=str(course_id))
    enrollment = await Enrollment.get_or_none(learner_id=viewer.id, course_id=course.id, revoked_at__isnull=True)
    if enrollment is None:
        raise forbidden("Enroll in the course to track your progress")
    return lesson, course, enrollment


async def complete_lesson(viewer: Viewer, lesson_id: str) -> LessonProgress:
    """Idempotent: completing a completed lesson returns the first completion; a lesson whose
    module has not opened to the learner is `drip.LessonLocked`. After the
    completion is committed, the course's certificate is issued when this made it complete
    (`certificates.issuing`: exactly once, whichever of concurrent completions sees it)."""
    from edusphere.certificates.issuing import do_issue_if_complete  # certificates build on courses

    lesson, course, enrollment = await _lesson_for_learner(viewer, lesson_id)
    course_id = course.id
    # Drip release: a lesson not open yet cannot be done (`LessonLocked`, nothing written).
    drip.require_open(
        lesson.module.opens_after_days, enrollment, manages=manages(viewer, course), preview=lesson.is_preview
    )
    progress = await LessonProgress.get_or_none(learner_id=viewer.id, lesson_id=lesson.id)
    if progress is None:
        try:
            progress = await LessonProgress.create(learner_id=viewer.id, lesson_id=lesson.id, course_id=course_id)
        except IntegrityError:
            progress = await LessonProgress.get(learner_id=viewer.id, lesson_id=lesson.id)
    await do_issue_if_complete(viewer.id, course_id)
    return progress


async def uncomplete_lesson(viewer: Viewer, lesson_id: str) -> bool:
    lesson, _, _ = await _lesson_for_learner(viewer, lesson_id)
    await LessonProgress.filter(learner_id=viewer.id, lesson_id=lesson.id).delete()
    return True


async def my_enrollments(viewer: Viewer) -> list[Enrollment]:
    return await Enrollment.filter(learner_id=viewer.id, revoked_at__isnull=True).order_by("-enrolled_at")


async def progress_for(learner_id: UUID, course_ids: list[UUID]) -> dict[UUID, Progress]:
    sql = """
        SELECT m.course_id, count(l.id) AS total, count(p.id) AS done
        FROM course_modules m
        JOIN course_lessons l ON l.module_id = m.id
        LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.learner_id = $1
        WHERE m.course_id = ANY($2)
        GROUP BY m.course_id
    """
    rows = await connections.get("default").execute_query_dict(sql, [learner_id, course_ids])
    found = {row["course_id"]: Progress(row["done"], row["total"]) for row in rows}
    return {course_id: found.get(course_id, Progress(0, 0)) for course_id in course_ids}


async def next_lessons(learner_id: UUID, course_ids: list[UUID]) -> dict[UUID, Lesson]:
    """Per course, the first lesson in syllabus order that the learner has not completed, one
    open to them first (drip release: a lesson of a module not open yet only when no open one
    is left, so "Continue learning" leads to something to learn)."""
    columns = select_columns(Lesson, "l")
    sql = f"""
        SELECT DISTINCT ON (m.course_id) m.course_id AS course_key, {columns}
        FROM course_lessons l JOIN course_modules m ON m.id = l.module_id
        LEFT JOIN enrollments e ON e.course_id = m.course_id AND e.learner_id = $1
        WHERE m.course_id = ANY($2) AND NOT EXISTS (
            SELECT 1 FROM lesson_progress p WHERE p.lesson_id = l.id AND p.learner_id = $1)
        ORDER BY m.course_id,
            coalesce(m.opens_after_days > 0 AND NOT l.is_preview
                     AND e.enrolled_at + make_interval(days => m.opens_after_days) > now(), false),
            m.position, l.position
    """
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(sql, [learner_id, course_ids])
    return {row.pop("course_key"): Lesson._init_from_db(**row) for row in rows}
