"""Drip locks as a GraphQL request sees them: the rule is `courses.drip`; this finds what it needs
(the lesson's module, the course, the viewer's enrollment) through the request's batch loaders,
so a syllabus of many lessons costs one query per kind of row, not one per lesson."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from edusphere.auth.viewer import current_viewer
from edusphere.core.graphql import RequestContext
from edusphere.courses import drip, loaders
from edusphere.courses.access import manages
from edusphere.courses.models import Lesson, Module


async def locked_until(
    ctx: RequestContext, course_id: UUID, opens_after_days: int, *, preview: bool = False
) -> datetime | None:
    """When content under a module of `opens_after_days` opens to the viewer; None when open."""
    if opens_after_days <= 0 or preview:
        return None
    viewer = current_viewer(ctx)
    if viewer is None:
        return None
    course = await loaders.courses(ctx).load(course_id)
    if course is None or manages(viewer, course):
        return None
    enrollment = await loaders.viewer_enrollments(ctx).load(course_id)
    return drip.locked_until(opens_after_days, enrollment, manages=False)


async def module_locked_until(ctx: RequestContext, module: Module) -> datetime | None:
    return await locked_until(ctx, module.course_id, module.opens_after_days)  # type: ignore[attr-defined]


async def lesson_locked_until(ctx: RequestContext, lesson: Lesson) -> datetime | None:
    """The syllabus loader hands lessons their module's days and course (`loaders.lessons`);
    a lesson from elsewhere (next lesson, a completion) has its module loaded, batched."""
    if lesson.is_preview:
        return None
    days: int | None = getattr(lesson, "opens_after_days_key", None)
    course_id: UUID | None = getattr(lesson, "course_key", None)
    if days is None or course_id is None:
        module = await loaders.modules_by_id(ctx).load(lesson.module_id)  # type: ignore[attr-defined]
        if module is None:
            return None
        days, course_id = module.opens_after_days, module.course_id  # type: ignore[attr-defined]
    return await locked_until(ctx, course_id, days)


async def require_lesson_open(ctx: RequestContext, lesson: Lesson) -> None:
    until = await lesson_locked_until(ctx, lesson)
    if until is not None:
        raise drip.LessonLocked(until)
