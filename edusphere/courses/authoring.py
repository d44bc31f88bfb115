"""Creators build courses: the course itself, its modules and lessons, and its life cycle.

Every action checks all of its input before it writes anything. Admins share the life cycle
(unpublish, archive) and alone restore an archived course; what an admin does to a course is
audited in the transaction that does it. The resolvers announce every status change on the
bus after the commit (`access.COURSE_CHANGED`), so open chat subscriptions check again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from edusphere.audit import log as audit
from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord, check_reason
from edusphere.auth.verification import require_verified
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import bad_input, conflict, not_found
from edusphere.core.text import column_length, lookup_key
from edusphere.courses import validation as check
from edusphere.courses.access import managed_course, parse_id, require_author
from edusphere.courses.admin import require_admin
from edusphere.courses.models import Category, Course, CourseStatus, Lesson, LessonKind, Level, Module

_CATEGORY_SLUG_LENGTH = column_length(Category, "slug")


@dataclass(frozen=True)
class CourseChanges:
    title: str | None = None
    subtitle: str | None = None
    description: str | None = None
    category_slug: str | None = None
    level: Level | None = None
    language: str | None = None
    price_cents: int | None = None
    currency: str | None = None
    slug: str | None = None


@dataclass(frozen=True)
class LessonChanges:
    title: str | None = None
    kind: LessonKind | None = None
    body: str | None = None
    video_url: str | None = None
    duration_seconds: int | None = None
    is_preview: bool | None = None


async def create_course(viewer: Viewer, changes: CourseChanges) -> Course:
    require_author(viewer)
    if changes.title is None:
        raise bad_input("A course needs a title", field="title")
    values = await _checked_course_values(changes, currency="USD")
    slug = values.pop("slug", None) or await _free_slug(check.slugify(values["title"]))
    if await Course.filter(slug=slug).exists():
        raise conflict(f"The slug {slug!r} is taken")
    try:
        return await Course.create(slug=slug, creator_id=viewer.id, **values)
    except IntegrityError:
        raise conflict(f"The slug {slug!r} is taken") from None


async def update_course(viewer: Viewer, course_id: str, changes: CourseChanges) -> Course:
    course = await managed_course(viewer, course_id)
    values = await _checked_course_values(changes, currency=course.currency)
    if "price_cents" not in values and "currency" in values:
        check.check_price(course.price_cents, values["currency"])
    if "slug" in values and values["slug"] != course.slug and await Course.filter(slug=values["slug"]).exists():
        raise conflict(f"The slug {values['slug']!r} is taken")
    if values:
        course.update_from_dict(values)
        try:
            await course.save()
        except IntegrityError:
            raise conflict("The slug is taken") from None
    return course


async def _checked_course_values(changes: CourseChanges, *, currency: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if changes.title is not None:
        values["title"] = check.check_text(changes.title, "title", minimum=3, maximum=120)
    if changes.subtitle is not None:
        values["subtitle"] = check.check_text(changes.subtitle, "subtitle", maximum=200)
    if changes.description is not None:
        values["description"] = check.check_text(changes.description, "description", maximum=check.MAX_DESCRIPTION)
    if changes.slug is not None:
        values["slug"] = check.check_slug(changes.slug)
    if changes.level is not None:
        values["level"] = changes.level
    if changes.language is not None:
        values["language"] = check.check_language(changes.language)
    if changes.currency is not None:
        values["currency"] = currency = check.check_currency(changes.currency)
    if changes.price_cents is not None:
        values["price_cents"] = check.check_price(changes.price_cents, currency)
    if changes.category_slug is not None:
        key = lookup_key(changes.category_slug, "categorySlug", _CATEGORY_SLUG_LENGTH)
        category = None if key is None else await Category.get_or_none(slug=key)
        if category is None:
            shown = changes.category_slug[:_CATEGORY_SLUG_LENGTH]  # a long one is not echoed whole
            raise bad_input(f"Unknown category {shown!r}", field="categorySlug")
        values["category_id"] = category.id
    return values


async def _free_slug(base: str) -> str:
    taken: set[str] = {str(slug) for slug in await Course.filter(slug__startswith=base).values_list("slug", flat=True)}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def missing_for_publication(course: Course, lesson_count: int, contentless: Sequence[str] = ()) -> list[str]:
    """What keeps the course out of the catalog. `contentless`: titles of lessons with nothing
    for their kind to show (a learner would see only the kind's name); the first few are named,
    the rest counted, so a checklist stays short on a course of hundreds of empty lessons."""
    missing = []
    if not course.title.strip():
        missing.append("title")
    if not course.description.strip():
        missing.append("description")
    if course.category_id is None:  # type: ignore[attr-defined]
        missing.append("category")
    if lesson_count == 0:
        missing.append("lesson")
    named = list(contentless[:_CONTENTLESS_NAMED])
    missing.extend(f'content for lesson "{title}"' for title in named)
    if len(contentless) > len(named):
        missing.append(f"content for {len(contentless) - len(named)} more lessons")
    return missing


_CONTENTLESS_NAMED = 3

# A lesson has content for its kind: TEXT a body that is not blank; VIDEO an uploaded video or
# an external URL; FILE an uploaded file. Syllabus order, so the checklist names the first ones.
_CONTENTLESS_SQL = """
    SELECT l.title FROM course_lessons l JOIN course_modules m ON m.id = l.module_id
    WHERE m.course_id = $1 AND CASE l.kind
        WHEN 'TEXT' THEN btrim(l.body, E' \\t\\r\\n') = ''
        WHEN 'VIDEO' THEN l.asset_id IS NULL AND coalesce(btrim(l.video_url), '') = ''
        ELSE l.asset_id IS NULL END
    ORDER BY m.position, l.position
"""


async def contentless_lessons(course_id: UUID) -> list[str]:
    """Titles of the course's lessons without content for their kind (see `_CONTENTLESS_SQL`)."""
    rows = await connections.get("default").execute_query_dict(_CONTENTLESS_SQL, [course_id])
    return [str(row["title"]) for row in rows]


async def publication_checklist(course: Course) -> list[str]:
    return missing_for_publication(
        course,
        await Lesson.filter(module__course_id=course.id).count(),
        await contentless_lessons(course.id),
    )


async def publish_course(viewer: Viewer, course_id: str) -> Course:
    """Into the catalog. Needs a verified email address (learners' questions and the money
    go there): `EmailNotVerified` otherwise, before anything is read."""
    require_verified(viewer, "publish")
    course = await managed_course(viewer, course_id)
    missing = await publication_checklist(course)
    if missing:
        raise bad_input("The course cannot be published yet: it needs " + ", ".join(missing), missing=missing)
    return await _set_status(course, CourseStatus.PUBLISHED)


async def unpublish_course(viewer: Viewer, course_id: str, reason: str | None = None) -> Course:
    """Back to a draft (from published or archived). The creator or an admin; an admin's is audited."""
    return await _change_status(viewer, course_id, CourseStatus.DRAFT, AuditAction.COURSE_UNPUBLISHED, reason)


async def archive_course(viewer: Viewer, course_id: str, reason: str | None = None) -> Course:
    """Out of the catalog, still open to its learners. The creator or an admin; an admin's is audited."""
    return await _change_status(viewer, course_id, CourseStatus.ARCHIVED, AuditAction.COURSE_ARCHIVED, reason)


async def restore_course(viewer: Viewer, course_id: str, reason: str | None = None) -> Course:
    """Admins: an archived course goes back to the catalog when it was published before and
    still passes the publication checklist (what it lacks would have kept it out), else it
    becomes a draft its creator can finish. Anything but an archived course is BAD_USER_INPUT
    with reason NOT_ARCHIVED."""
    admin = require_admin(viewer)
    text = check_reason(reason)
    key = parse_id(course_id, "Course")
    async with in_transaction():
        course = await Course.filter(id=key).select_for_update().first()
        if course is None:
            raise not_found("Course")
        if course.status is not CourseStatus.ARCHIVED:
            raise bad_input("Only an archived course can be restored", reason="NOT_ARCHIVED")
        republish = course.published_at is not None and not await publication_checklist(course)
        status = CourseStatus.PUBLISHED if republish else CourseStatus.DRAFT
        await _set_status(course, status)
        await audit.record(
            AuditRecord(
                actor_id=admin.id,
                action=AuditAction.COURSE_RESTORED,
                target_id=str(course.id),
                before={"status": CourseStatus.ARCHIVED.value},
                after={"status": status.value},
                reason=text,
            )
        )
    return course


async def _change_status(
    viewer: Viewer, course_id: str, status: CourseStatus, action: AuditAction, reason: str | None
) -> Course:
    """One status change, on the locked row (so concurrent changes apply one after the other
    and the audit's `before` is what it replaced). A course leaving the catalog stops being
    featured. Asking for the status it has changes nothing and is not audited."""
    text = check_reason(reason)
    course = await managed_course(viewer, course_id)
    async with in_transaction():
        locked = await Course.filter(id=course.id).select_for_update().first()
        if locked is None:
            raise not_found("Course")
        if locked.status is status:
            return locked
        before: dict[str, str | None] = {"status": locked.status.value}
        after: dict[str, str | None] = {"status": status.value}
        if locked.featured_at is not None:
            before["featuredAt"], after["featuredAt"] = locked.featured_at.isoformat(), None
            locked.featured_at = None
        await _set_status(locked, status)
        if viewer.is_admin:
            await audit.record(
                AuditRecord(
                    actor_id=viewer.id,
                    action=action,
                    target_id=str(locked.id),
                    before=before,
                    after=after,
                    reason=text,
                )
            )
    return locked


async def _set_status(course: Course, status: CourseStatus) -> Course:
    course.status = status
    if status is CourseStatus.PUBLISHED and course.published_at is None:
        course.published_at = datetime.now(UTC)
    columns = ["status", "published_at", "updated_at"]
    if status is not CourseStatus.PUBLISHED:
        course.featured_at = None  # only a published course can lead the catalog
        columns.append("featured_at")
    await course.save(update_fields=columns)
    return course


async def create_module(viewer: Viewer, course_id: str, title: str, opens_after_days: int | None = None) -> Module:
    """`opens_after_days` (drip release, `courses.drip`): left out, the module opens at enrollment."""
    course = await managed_course(viewer, course_id)
    clean = check.check_text(title, "title", minimum=1, maximum=120)
    days = 0 if opens_after_days is None else check.check_opens_after_days(opens_after_days)
    async with in_transaction():
        await Course.filter(id=course.id).select_for_update().first()  # serialise position allocation
        position = await _next_position(Module.filter(course_id=course.id))
        return await Module.create(course_id=course.id, title=clean, position=position, opens_after_days=days)


async def managed_module(viewer: Viewer, module_id: str) -> Module:
    module = await Module.get_or_none(id=parse_id(module_id, "Module"))
    if module is None:
        raise not_found("Module")
    await managed_course(viewer, module.course_id)  # type: ignore[attr-defined]
    return module


async def update_module(
    viewer: Viewer, module_id: str, title: str | None = None, opens_after_days: int | None = None
) -> Module:
    """Only what is given changes; every given value is checked before anything is written."""
    module = await managed_module(viewer, module_id)
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = check.check_text(title, "title", minimum=1, maximum=120)
    if opens_after_days is not None:
        values["opens_after_days"] = check.check_opens_after_days(opens_after_days)
    if values:
        module.update_from_dict(values)
        await module.save(update_fields=list(values))
    return module


async def delete_module(viewer: Viewer, module_id: str) -> bool:
    module = await managed_module(viewer, module_id)
    await module.delete()
    return True


async def reorder_modules(viewer: Viewer, course_id: str, module_ids: list[str]) -> list[Module]:
    course = await managed_course(viewer, course_id)
    modules = {str(m.id): m for m in await Module.filter(course_id=course.id)}
    order = check.check_order(module_ids, list(modules), "module")
    return await _renumber([modules[i] for i in order])


async def create_lesson(viewer: Viewer, module_id: str, changes: LessonChanges) -> Lesson:
    module = await managed_module(viewer, module_id)
    if changes.title is None:
        raise bad_input("A lesson needs a title", field="title")
    values = _checked_lesson_values(changes)
    async with in_transaction():
        await Module.filter(id=module.id).select_for_update().first()
        position = await _next_position(Lesson.filter(module_id=module.id))
        return await Lesson.create(module_id=module.id, position=position, **values)


async def managed_lesson(viewer: Viewer, lesson_id: str) -> Lesson:
    lesson = await Lesson.get_or_none(id=parse_id(lesson_id, "Lesson")).select_related("module")
    if lesson is None:
        raise not_found("Lesson")
    await managed_course(viewer, lesson.module.course_id)  # type: ignore[attr-defined]
    return lesson


async def update_lesson(viewer: Viewer, lesson_id: str, changes: LessonChanges) -> Lesson:
    lesson = await managed_lesson(viewer, lesson_id)
    values = _checked_lesson_values(changes)
    if values:
        lesson.update_from_dict(values)
        await lesson.save(update_fields=list(values))
    return lesson


async def delete_lesson(viewer: Viewer, lesson_id: str) -> bool:
    lesson = await managed_lesson(viewer, lesson_id)
    await lesson.delete()
    return True


async def reorder_lessons(viewer: Viewer, module_id: str, lesson_ids: list[str]) -> list[Lesson]:
    module = await managed_module(viewer, module_id)
    lessons = {str(lesson.id): lesson for lesson in await Lesson.filter(module_id=module.id)}
    order = check.check_order(lesson_ids, list(lessons), "lesson")
    return await _renumber([lessons[i] for i in order])


async def _next_position(siblings: QuerySet[Any]) -> int:
    last = await siblings.order_by("-position").first()
    return (last.position if last else 0) + 1


async def _renumber(items: list[Any]) -> list[Any]:
    async with in_transaction():
        for position, item in enumerate(items, start=1):
            if item.position != position:
                item.position = position
                await item.save(update_fields=["position"])
    return items


def _checked_lesson_values(changes: LessonChanges) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields(changes):
        value = getattr(changes, f.name)
        if value is None:
            continue
        if f.name == "title":
            value = check.check_text(value, "title", minimum=1, maximum=120)
        elif f.name == "body":
            value = check.check_text(value, "body", maximum=check.MAX_LESSON_BODY)
        elif f.name == "video_url":
            value = check.check_video_url(value)
        elif f.name == "duration_seconds":
            value = check.check_duration(value)
        values[f.name] = value
    return values
