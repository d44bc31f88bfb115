"""Building courses for tests through the real service functions."""

from __future__ import annotations

import secrets

from edusphere.auth.models import Role
from edusphere.auth.sessions import AuthResult
from edusphere.core.runtime import Runtime
from edusphere.courses import authoring, enrollment
from edusphere.courses.authoring import CourseChanges, LessonChanges
from edusphere.courses.models import Category, Course, Lesson, Module
from tests.helpers import make_user


async def category(slug: str = "programming", name: str | None = None) -> Category:
    existing = await Category.get_or_none(slug=slug)
    return existing or await Category.create(slug=slug, name=name or slug.title())


async def creator(runtime: Runtime) -> AuthResult:
    return await make_user(runtime, Role.CREATOR, name="Creator")


async def course(
    author: AuthResult,
    *,
    title: str | None = None,
    publish: bool = True,
    lessons: int = 2,
    category_slug: str = "programming",
    **changes: object,
) -> Course:
    await category(category_slug)
    values: dict[str, object] = {
        "title": title or f"Course {secrets.token_hex(3)}",
        "description": "Learn things step by step.",
        "category_slug": category_slug,
        **changes,
    }
    created = await authoring.create_course(author.viewer, CourseChanges(**values))  # type: ignore[arg-type]
    module = await authoring.create_module(author.viewer, str(created.id), "Module one")
    for n in range(lessons):
        await authoring.create_lesson(
            author.viewer,
            str(module.id),
            LessonChanges(title=f"Lesson {n + 1}", body=f"Body of lesson {n + 1}", is_preview=n == 0),
        )
    if publish and lessons:
        created = await authoring.publish_course(author.viewer, str(created.id))
    return created


async def lessons_of(course_row: Course) -> list[Lesson]:
    return await Lesson.filter(module__course_id=course_row.id).order_by("module__position", "position")


async def modules_of(course_row: Course) -> list[Module]:
    return await Module.filter(course_id=course_row.id).order_by("position")


async def enrolled_learner(runtime: Runtime, course_row: Course) -> AuthResult:
    """A learner enrolled in a free published course."""
    learner = await make_user(runtime)
    await enrollment.enroll(learner.viewer, str(course_row.id))
    return learner


async def admin(runtime: Runtime) -> AuthResult:
    return await make_user(runtime, Role.ADMIN, name="Admin")
