"""Putting uploaded assets to use: a course's cover, a user's avatar, a lesson's video or file.

Every id is hostile: one that does not parse, names nothing, or names another user's asset is
NOT_FOUND (an asset's existence is not revealed to those who may not use it); a course the
caller may see but not change is FORBIDDEN (as for every course change); the wrong kind of
asset is BAD_USER_INPUT. Nothing is written until every check has passed.
"""

from __future__ import annotations

from uuid import UUID

from edusphere.auth.authentication import user_changed
from edusphere.auth.models import User
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import bad_input, not_found
from edusphere.core.runtime import Runtime
from edusphere.courses.access import managed_course
from edusphere.courses.authoring import managed_lesson
from edusphere.courses.models import Course, Lesson, LessonKind
from edusphere.media.models import MediaAsset, MediaKind

# The asset kind each lesson kind takes.
LESSON_ASSET_KINDS = {LessonKind.VIDEO: MediaKind.VIDEO, LessonKind.FILE: MediaKind.FILE}


async def usable_asset(viewer: Viewer, raw_id: str, kind: MediaKind, field: str = "assetId") -> MediaAsset:
    """The asset, if the viewer may use it (theirs, or any when they are an admin) and it is of
    `kind`."""
    try:
        key = UUID(raw_id)
    except (ValueError, TypeError, AttributeError):
        raise not_found("Media asset") from None
    asset = await MediaAsset.get_or_none(id=key)
    if asset is None or (asset.owner_id != viewer.id and not viewer.is_admin):  # type: ignore[attr-defined]
        raise not_found("Media asset")
    if asset.kind is not kind:
        raise bad_input(f"Expected a {kind.value} asset; this one is {asset.kind.value}", field=field)
    if kind is MediaKind.IMAGE and not asset.variants:
        raise bad_input("This image has no variants to show", field=field)
    return asset


async def set_course_cover(viewer: Viewer, course_id: str, asset_id: str | None) -> Course:
    course = await managed_course(viewer, course_id)
    asset = None if asset_id is None else await usable_asset(viewer, asset_id, MediaKind.IMAGE)
    course.cover_asset_id = asset.id if asset else None
    await course.save(update_fields=["cover_asset_id", "updated_at"])
    return course


async def set_avatar(rt: Runtime, viewer: Viewer, asset_id: str | None) -> User:
    asset = None if asset_id is None else await usable_asset(viewer, asset_id, MediaKind.IMAGE)
    user = await User.get(id=viewer.id)
    user.avatar_asset_id = asset.id if asset else None
    await user.save(update_fields=["avatar_asset_id", "updated_at"])
    await user_changed(rt, user.id)  # signed-in sessions re-read the user (their cached copy is stale)
    return user


async def set_lesson_asset(viewer: Viewer, lesson_id: str, asset_id: str | None) -> Lesson:
    lesson = await managed_lesson(viewer, lesson_id)
    asset = None
    if asset_id is not None:  # removing is allowed whatever the lesson's kind is now
        wanted = LESSON_ASSET_KINDS.get(lesson.kind)
        if wanted is None:
            raise bad_input("Only VIDEO and FILE lessons hold an uploaded asset", field="lessonId")
        asset = await usable_asset(viewer, asset_id, wanted)
    lesson.asset_id = asset.id if asset else None
    await lesson.save(update_fields=["asset_id"])
    lesson.course_key = lesson.module.course_id  # type: ignore[attr-defined]
    return lesson
