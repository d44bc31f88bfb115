"""GraphQL resolvers for media (covers, avatars, lesson assets): thin; the rules live in
`assign` (who may attach what) and `views` (what a client sees, who gets a signed link)."""

from __future__ import annotations

from typing import Any

from edusphere.auth.models import User
from edusphere.auth.viewer import require_viewer
from edusphere.core.graphql import RequestContext, resolver
from edusphere.courses.models import Course, Lesson
from edusphere.media import assign, views

Args = dict[str, Any]


@resolver("Course.cover")
async def course_cover(course: Course, args: Args, ctx: RequestContext, info: Any) -> views.ImageView | None:
    return await views.image(ctx, course.cover_asset_id)  # type: ignore[attr-defined]


@resolver("User.avatar")
async def user_avatar(user: User, args: Args, ctx: RequestContext, info: Any) -> views.ImageView | None:
    return await views.image(ctx, user.avatar_asset_id)  # type: ignore[attr-defined]


@resolver("Lesson.asset")
async def lesson_asset(lesson: Lesson, args: Args, ctx: RequestContext, info: Any) -> views.MediaFileView | None:
    return await views.lesson_file(ctx, lesson)


@resolver("Mutation.setCourseCover")
async def set_course_cover(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    return await assign.set_course_cover(require_viewer(ctx), args["courseId"], args.get("assetId"))


@resolver("Mutation.setAvatar")
async def set_avatar(parent: Any, args: Args, ctx: RequestContext, info: Any) -> User:
    return await assign.set_avatar(ctx.runtime, require_viewer(ctx), args.get("assetId"))


@resolver("Mutation.setLessonAsset")
async def set_lesson_asset(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Lesson:
    return await assign.set_lesson_asset(require_viewer(ctx), args["lessonId"], args.get("assetId"))
