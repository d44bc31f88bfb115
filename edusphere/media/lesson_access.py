"""Who may open a lesson's protected video or file: the course's creator, an admin, or a
learner whose enrollment is not revoked — checked when the link is issued (GraphQL
`Lesson.asset`) and again when it is used (the protected download), so a refunded learner's
old link stops working at once. Preview lessons are no exception: their protected files are for
those who may open the course's lessons (the preview's text and external video stay public)."""

from __future__ import annotations

from uuid import UUID

from edusphere.auth.models import Role, User
from edusphere.courses.models import Course, Enrollment, Lesson


async def may_open_asset(user: User, asset_id: UUID) -> bool:
    """Whether `user` may now open some lesson that holds `asset_id` (for the download route)."""
    course_ids = list(await Lesson.filter(asset_id=asset_id).values_list("module__course_id", flat=True))
    if not course_ids or not user.is_active:
        return False
    if user.role is Role.ADMIN or await Course.filter(id__in=course_ids, creator_id=user.id).exists():
        return True
    return await Enrollment.filter(learner_id=user.id, course_id__in=course_ids, revoked_at__isnull=True).exists()
