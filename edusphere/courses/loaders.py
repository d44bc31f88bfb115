"""Batch loaders for course fields, one query per kind of thing per request (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from uuid import UUID

from tortoise import connections

from edusphere.auth.loaders import users
from edusphere.auth.viewer import current_viewer
from edusphere.core.database import select_columns
from edusphere.core.graphql import RequestContext
from edusphere.core.graphql.dataloader import DataLoader, loader
from edusphere.courses import enrollment as enrollment_service
from edusphere.courses.models import Category, Course, Enrollment, Lesson, LessonProgress, Module

V = TypeVar("V")

__all__ = ["users"]  # re-exported: course fields load users through the same per-request loader


def _by_id(model: Any) -> Callable[[list[Any]], Awaitable[dict[Any, Any]]]:
    async def batch(ids: list[Any]) -> dict[Any, Any]:
        return {row.id: row for row in await model.filter(id__in=ids)}

    return batch


def categories(ctx: RequestContext) -> DataLoader[int, Category]:
    return loader(ctx.loaders, "categories", _by_id(Category))


def courses(ctx: RequestContext) -> DataLoader[UUID, Course]:
    return loader(ctx.loaders, "courses", _by_id(Course))


def modules(ctx: RequestContext) -> DataLoader[UUID, list[Module]]:
    async def batch(course_ids: list[UUID]) -> dict[UUID, list[Module]]:
        grouped: dict[UUID, list[Module]] = defaultdict(list)
        for module in await Module.filter(course_id__in=course_ids).order_by("position"):
            grouped[module.course_id].append(module)  # type: ignore[attr-defined]
        return grouped

    return loader(ctx.loaders, "modules", batch, list)


def modules_by_id(ctx: RequestContext) -> DataLoader[UUID, Module]:
    return loader(ctx.loaders, "modules_by_id", _by_id(Module))


def lessons(ctx: RequestContext) -> DataLoader[UUID, list[Lesson]]:
    """Lessons per module, each carrying its course id and its module's `opens_after_days` for
    the content check."""

    async def batch(module_ids: list[UUID]) -> dict[UUID, list[Lesson]]:
        columns = select_columns(Lesson, "l")
        rows = await connections.get("default").execute_query_dict(
            f"SELECT {columns}, m.course_id AS course_key, m.opens_after_days AS opens_after_days_key "
            "FROM course_lessons l "
            "JOIN course_modules m ON m.id = l.module_id WHERE l.module_id = ANY($1) ORDER BY l.position",
            [module_ids],
        )
        grouped: dict[UUID, list[Lesson]] = defaultdict(list)
        for row in rows:
            course_id = row.pop("course_key")
            opens_after_days = row.pop("opens_after_days_key")
            lesson = Lesson._init_from_db(**row)
            lesson.course_key = course_id
            lesson.opens_after_days_key = opens_after_days  # drip release: `courses.locks`
            grouped[lesson.module_id].append(lesson)  # type: ignore[attr-defined]
        return grouped

    return loader(ctx.loaders, "lessons", batch, list)


def lesson_counts(ctx: RequestContext) -> DataLoader[UUID, int]:
    async def batch(course_ids: list[UUID]) -> dict[UUID, int]:
        rows = await connections.get("default").execute_query_dict(
            "SELECT m.course_id, count(l.id) AS n FROM course_modules m JOIN course_lessons l ON l.module_id = m.id "
            "WHERE m.course_id = ANY($1) GROUP BY m.course_id",
            [course_ids],
        )
        return {row["course_id"]: row["n"] for row in rows}

    return loader(ctx.loaders, "lesson_counts", batch, lambda: 0)


def viewer_enrollments(ctx: RequestContext) -> DataLoader[UUID, Enrollment]:
    """The viewer's active enrollment per course."""

    async def batch(course_ids: list[UUID]) -> dict[UUID, Enrollment]:
        viewer = current_viewer(ctx)
        if viewer is None:
            return {}
        rows = await Enrollment.filter(learner_id=viewer.id, course_id__in=course_ids, revoked_at__isnull=True)
        return {row.course_id: row for row in rows}  # type: ignore[attr-defined]

    return loader(ctx.loaders, "viewer_enrollments", batch)


def completed_lessons(ctx: RequestContext) -> DataLoader[UUID, bool]:
    async def batch(lesson_ids: list[UUID]) -> dict[UUID, bool]:
        viewer = current_viewer(ctx)
        if viewer is None:
            return {}
        done = await LessonProgress.filter(learner_id=viewer.id, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
        return dict.fromkeys(done, True)  # type: ignore[arg-type]

    return loader(ctx.loaders, "completed_lessons", batch, lambda: False)


def progress(ctx: RequestContext, learner_id: UUID) -> DataLoader[UUID, enrollment_service.Progress]:
    return loader(ctx.loaders, f"progress:{learner_id}", _for_learner(enrollment_service.progress_for, learner_id))


def next_lessons(ctx: RequestContext, learner_id: UUID) -> DataLoader[UUID, Lesson]:
    return loader(ctx.loaders, f"next:{learner_id}", _for_learner(enrollment_service.next_lessons, learner_id))


def _for_learner(
    fetch: Callable[[UUID, list[UUID]], Awaitable[Mapping[UUID, V]]], learner_id: UUID
) -> Callable[[list[UUID]], Awaitable[Mapping[UUID, V]]]:
    async def batch(course_ids: list[UUID]) -> Mapping[UUID, V]:
        return await fetch(learner_id, course_ids)

    return batch
