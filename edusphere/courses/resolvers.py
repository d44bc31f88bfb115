"""GraphQL resolvers for courses: parse arguments, check the role, call a service function."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from edusphere.auth.models import Role, User
from edusphere.auth.viewer import Viewer, current_viewer, require_admin, require_role, require_viewer
from edusphere.core.errors import forbidden, not_found
from edusphere.core.graphql import RequestContext, resolver
from edusphere.core.invalidation import announce
from edusphere.core.pagination import connection, edges, page_info
from edusphere.courses import admin, authoring, catalog, enrollment, loaders, locks, reviews, suggestions
from edusphere.courses.access import COURSE_CHANGED, can_view, manages, parse_id, viewable_course
from edusphere.courses.models import (
    Category,
    Course,
    CourseStatus,
    Enrollment,
    Lesson,
    LessonKind,
    LessonProgress,
    Level,
    Module,
)
from edusphere.courses.models import Review as ReviewModel

Args = dict[str, Any]


# ----- catalog and course pages -------------------------------------------------------------


def _catalog_filter(raw: dict[str, Any] | None) -> catalog.CatalogFilter:
    raw = raw or {}
    creator = raw.get("creatorId")
    return catalog.CatalogFilter(
        text=raw.get("text"),
        category_slugs=tuple(raw.get("categorySlugs") or ()),
        price_min=raw.get("priceMin"),
        price_max=raw.get("priceMax"),
        free_only=bool(raw.get("freeOnly")),
        rating_min=raw.get("ratingMin"),
        level=Level(raw["level"]) if raw.get("level") else None,
        language=raw.get("language"),
        creator_id=parse_id(creator, "Creator") if creator else None,
    )


@resolver("Query.courses")
async def courses(parent: Any, args: Args, ctx: RequestContext, info: Any) -> catalog.CatalogPage:
    return await catalog.search(
        ctx.runtime.settings.secret_key,
        _catalog_filter(args.get("filter")),
        args.get("sort") or "RELEVANCE",
        args.get("first"),
        args.get("after"),
    )


@resolver("CourseConnection.edges")
async def catalog_edges(page: catalog.CatalogPage, args: Args, ctx: RequestContext, info: Any) -> list[Any]:
    return edges(page.courses, page.cursors)


@resolver("CourseConnection.pageInfo")
async def catalog_page_info(page: catalog.CatalogPage, args: Args, ctx: RequestContext, info: Any) -> Any:
    return page_info(page.cursors, page.has_next_page)


@resolver("CourseConnection.totalCount")
async def catalog_total(page: catalog.CatalogPage, args: Args, ctx: RequestContext, info: Any) -> int:
    return await catalog.total_count(page.filter)


@resolver("CourseConnection.facets")
async def catalog_facets(page: catalog.CatalogPage, args: Args, ctx: RequestContext, info: Any) -> catalog.CatalogPage:
    return page


@resolver("CourseConnection.search")
async def catalog_search_info(
    page: catalog.CatalogPage, args: Args, ctx: RequestContext, info: Any
) -> dict[str, Any] | None:
    if page.filter.text is None:
        return None
    return {"text": page.filter.text, "mode": page.filter.match.value, "did_you_mean": page.did_you_mean}


@resolver("Query.catalogSuggestions")
async def catalog_suggestions(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[suggestions.Suggestion]:
    return await suggestions.suggest(ctx.runtime, args["text"], args.get("first"), ctx.client_address)


@resolver("CatalogFacets.categories")
async def facet_categories(page: catalog.CatalogPage, args: Args, ctx: RequestContext, info: Any) -> Any:
    return await catalog.category_facets(page.filter)


@resolver("CatalogFacets.priceBands")
async def facet_prices(page: catalog.CatalogPage, args: Args, ctx: RequestContext, info: Any) -> Any:
    return await catalog.price_facets(page.filter)


@resolver("Query.course")
async def course(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    return await viewable_course(current_viewer(ctx), slug=args["slug"])


@resolver("Query.lesson")
async def lesson(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Lesson:
    """NOT_FOUND where the course is not to be seen; `LessonLocked` while its module is closed
    to the learner (the syllabus shows such a lesson with null content and `locked`)."""
    row = await Lesson.get_or_none(id=parse_id(args["id"], "Lesson")).select_related("module")
    if row is None:
        raise not_found("Lesson")
    course_row = await viewable_course(current_viewer(ctx), course_id=str(row.module.course_id))  # type: ignore[attr-defined]
    row.course_key = course_row.id
    row.opens_after_days_key = row.module.opens_after_days
    await locks.require_lesson_open(ctx, row)
    return row


@resolver("Query.categories")
async def all_categories(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Category]:
    return await Category.all().order_by("name")


@resolver("Course.category")
async def course_category(course: Course, args: Args, ctx: RequestContext, info: Any) -> Category | None:
    category_id = course.category_id  # type: ignore[attr-defined]
    return await loaders.categories(ctx).load(category_id) if category_id is not None else None


@resolver("Course.creator")
async def course_creator(course: Course, args: Args, ctx: RequestContext, info: Any) -> User | None:
    return await loaders.users(ctx).load(course.creator_id)  # type: ignore[attr-defined]


@resolver("Course.isFree")
async def course_is_free(course: Course, args: Args, ctx: RequestContext, info: Any) -> bool:
    return course.is_free


@resolver("Course.modules")
async def course_modules(course: Course, args: Args, ctx: RequestContext, info: Any) -> list[Module] | None:
    return await loaders.modules(ctx).load(course.id)


@resolver("Course.lessonCount")
async def course_lesson_count(course: Course, args: Args, ctx: RequestContext, info: Any) -> int | None:
    return await loaders.lesson_counts(ctx).load(course.id)


@resolver("Course.ratingHistogram")
async def course_histogram(course: Course, args: Args, ctx: RequestContext, info: Any) -> list[dict[str, Any]]:
    return await reviews.rating_histogram(course.id)


@resolver("Course.reviews")
async def course_reviews(course: Course, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any]:
    page = await reviews.reviews_page(ctx.runtime.settings.secret_key, course.id, args.get("first"), args.get("after"))
    return connection(page.reviews, page.cursors, page.has_next_page)


@resolver("Course.viewerEnrollment")
async def course_viewer_enrollment(course: Course, args: Args, ctx: RequestContext, info: Any) -> Enrollment | None:
    return await loaders.viewer_enrollments(ctx).load(course.id)


@resolver("Course.viewerReview")
async def course_viewer_review(course: Course, args: Args, ctx: RequestContext, info: Any) -> ReviewModel | None:
    return await reviews.viewer_review(current_viewer(ctx), course.id)


@resolver("Course.publicationChecklist")
async def course_checklist(course: Course, args: Args, ctx: RequestContext, info: Any) -> list[str] | None:
    if not manages(current_viewer(ctx), course):
        return None
    return await authoring.publication_checklist(course)


@resolver("Module.lessons")
async def module_lessons(module: Module, args: Args, ctx: RequestContext, info: Any) -> list[Lesson] | None:
    return await loaders.lessons(ctx).load(module.id)


@resolver("Module.opensAt")
async def module_opens_at(module: Module, args: Args, ctx: RequestContext, info: Any) -> datetime | None:
    return await locks.module_locked_until(ctx, module)


@resolver("Module.locked")
async def module_locked(module: Module, args: Args, ctx: RequestContext, info: Any) -> bool:
    return await locks.module_locked_until(ctx, module) is not None


@resolver("Lesson.opensAt")
async def lesson_opens_at(lesson: Lesson, args: Args, ctx: RequestContext, info: Any) -> datetime | None:
    return await locks.lesson_locked_until(ctx, lesson)


@resolver("Lesson.locked")
async def lesson_locked(lesson: Lesson, args: Args, ctx: RequestContext, info: Any) -> bool:
    return await locks.lesson_locked_until(ctx, lesson) is not None


async def _content_visible(ctx: RequestContext, lesson: Lesson) -> bool:
    """The enrollment rule (see `Lesson.body`), then the drip lock (`courses.drip`)."""
    viewer = current_viewer(ctx)
    if lesson.is_preview or (viewer is not None and viewer.is_admin):
        return True
    if viewer is None:
        return False
    course_id = getattr(lesson, "course_key", None)
    if course_id is None:
        course_id = (await Module.get(id=lesson.module_id)).course_id  # type: ignore[attr-defined]
    course_row = await loaders.courses(ctx).load(course_id)
    if course_row is not None and course_row.creator_id == viewer.id:  # type: ignore[attr-defined]
        return True
    if await loaders.viewer_enrollments(ctx).load(course_id) is None:
        return False
    return await locks.lesson_locked_until(ctx, lesson) is None


@resolver("Lesson.body")
async def lesson_body(lesson: Lesson, args: Args, ctx: RequestContext, info: Any) -> str | None:
    return lesson.body if await _content_visible(ctx, lesson) else None


@resolver("Lesson.videoUrl")
async def lesson_video(lesson: Lesson, args: Args, ctx: RequestContext, info: Any) -> str | None:
    return lesson.video_url if await _content_visible(ctx, lesson) else None


@resolver("Lesson.completed")
async def lesson_completed(lesson: Lesson, args: Args, ctx: RequestContext, info: Any) -> bool:
    return bool(await loaders.completed_lessons(ctx).load(lesson.id))


@resolver("Review.author")
async def review_author(review: ReviewModel, args: Args, ctx: RequestContext, info: Any) -> User | None:
    return await loaders.users(ctx).load(review.learner_id)  # type: ignore[attr-defined]


# ----- learning ------------------------------------------------------------------------------


@resolver("Query.myLearning")
async def my_learning(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Enrollment]:
    return await enrollment.my_enrollments(require_viewer(ctx))


@resolver("Enrollment.course")
async def enrollment_course(row: Enrollment, args: Args, ctx: RequestContext, info: Any) -> Course | None:
    return await loaders.courses(ctx).load(row.course_id)  # type: ignore[attr-defined]


@resolver("Enrollment.progress")
async def enrollment_progress(row: Enrollment, args: Args, ctx: RequestContext, info: Any) -> Any:
    return await loaders.progress(ctx, row.learner_id).load(row.course_id)  # type: ignore[attr-defined]


@resolver("Enrollment.nextLesson")
async def enrollment_next(row: Enrollment, args: Args, ctx: RequestContext, info: Any) -> Lesson | None:
    lesson = await loaders.next_lessons(ctx, row.learner_id).load(row.course_id)  # type: ignore[attr-defined]
    if lesson is not None:
        lesson.course_key = row.course_id  # type: ignore[attr-defined]
    return lesson


@resolver("Progress.percent")
async def progress_percent(progress: enrollment.Progress, args: Args, ctx: RequestContext, info: Any) -> int:
    return progress.percent


@resolver("LessonProgress.lesson")
async def progress_lesson(row: LessonProgress, args: Args, ctx: RequestContext, info: Any) -> Lesson:
    lesson = await Lesson.get(id=row.lesson_id)  # type: ignore[attr-defined]
    lesson.course_key = row.course_id  # type: ignore[attr-defined]
    return lesson


@resolver("Query.myCourses")
async def my_courses(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Course]:
    viewer = require_role(ctx, Role.CREATOR, Role.ADMIN)
    return await Course.filter(creator_id=viewer.id).order_by("-updated_at")


@resolver("Mutation.enroll")
async def enroll(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Enrollment:
    return await enrollment.enroll(require_viewer(ctx), args["courseId"])


@resolver("Mutation.revokeEnrollment")
async def revoke_enrollment(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Enrollment:
    viewer = require_admin(ctx)
    return await enrollment.revoke(ctx.runtime, args["enrollmentId"], actor=viewer, reason=args.get("reason"))


@resolver("Mutation.completeLesson")
async def complete_lesson(parent: Any, args: Args, ctx: RequestContext, info: Any) -> LessonProgress:
    return await enrollment.complete_lesson(require_viewer(ctx), args["lessonId"])


@resolver("Mutation.uncompleteLesson")
async def uncomplete_lesson(parent: Any, args: Args, ctx: RequestContext, info: Any) -> bool:
    return await enrollment.uncomplete_lesson(require_viewer(ctx), args["lessonId"])


# ----- reviews -------------------------------------------------------------------------------


@resolver("Mutation.submitReview")
async def submit_review(parent: Any, args: Args, ctx: RequestContext, info: Any) -> ReviewModel:
    return await reviews.submit_review(require_viewer(ctx), args["courseId"], args["rating"], args.get("body"))


@resolver("Mutation.updateReview")
async def update_review(parent: Any, args: Args, ctx: RequestContext, info: Any) -> ReviewModel:
    return await reviews.update_review(require_viewer(ctx), args["id"], args.get("rating"), args.get("body"))


@resolver("Mutation.deleteReview")
async def delete_review(parent: Any, args: Args, ctx: RequestContext, info: Any) -> bool:
    return await reviews.delete_review(require_viewer(ctx), args["id"], args.get("reason"))


# ----- authoring -----------------------------------------------------------------------------


def _course_changes(raw: dict[str, Any]) -> authoring.CourseChanges:
    return authoring.CourseChanges(
        title=raw.get("title"),
        subtitle=raw.get("subtitle"),
        description=raw.get("description"),
        category_slug=raw.get("categorySlug"),
        level=Level(raw["level"]) if raw.get("level") else None,
        language=raw.get("language"),
        price_cents=raw.get("priceCents"),
        currency=raw.get("currency"),
        slug=raw.get("slug"),
    )


def _lesson_changes(raw: dict[str, Any]) -> authoring.LessonChanges:
    return authoring.LessonChanges(
        title=raw.get("title"),
        kind=LessonKind(raw["kind"]) if raw.get("kind") else None,
        body=raw.get("body"),
        video_url=raw.get("videoUrl"),
        duration_seconds=raw.get("durationSeconds"),
        is_preview=raw.get("isPreview"),
    )


@resolver("Mutation.createCourse")
async def create_course(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    return await authoring.create_course(require_viewer(ctx), _course_changes(args["input"]))


@resolver("Mutation.updateCourse")
async def update_course(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    return await authoring.update_course(require_viewer(ctx), args["id"], _course_changes(args["input"]))


async def _status_changed(ctx: RequestContext, course: Course) -> Course:
    """Tell every process, after the change's commit (the service functions return once it
    committed): open chat subscriptions re-check their access to the course."""
    await announce(ctx.runtime.redis, ctx.runtime.keys, COURSE_CHANGED, course.id)
    return course


@resolver("Mutation.publishCourse")
async def publish_course(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    return await _status_changed(ctx, await authoring.publish_course(require_viewer(ctx), args["id"]))


@resolver("Mutation.unpublishCourse")
async def unpublish_course(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    changed = await authoring.unpublish_course(require_viewer(ctx), args["id"], args.get("reason"))
    return await _status_changed(ctx, changed)


@resolver("Mutation.archiveCourse")
async def archive_course(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    changed = await authoring.archive_course(require_viewer(ctx), args["id"], args.get("reason"))
    return await _status_changed(ctx, changed)


@resolver("Mutation.restoreCourse")
async def restore_course(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    changed = await authoring.restore_course(require_admin(ctx), args["id"], args.get("reason"))
    return await _status_changed(ctx, changed)


@resolver("Mutation.createModule")
async def create_module(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Module:
    return await authoring.create_module(
        require_viewer(ctx), args["courseId"], args["title"], args.get("opensAfterDays")
    )


@resolver("Mutation.updateModule")
async def update_module(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Module:
    return await authoring.update_module(require_viewer(ctx), args["id"], args.get("title"), args.get("opensAfterDays"))


@resolver("Mutation.deleteModule")
async def delete_module(parent: Any, args: Args, ctx: RequestContext, info: Any) -> bool:
    return await authoring.delete_module(require_viewer(ctx), args["id"])


@resolver("Mutation.reorderModules")
async def reorder_modules(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Module]:
    return await authoring.reorder_modules(require_viewer(ctx), args["courseId"], args["moduleIds"])


@resolver("Mutation.createLesson")
async def create_lesson(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Lesson:
    return await authoring.create_lesson(require_viewer(ctx), args["moduleId"], _lesson_changes(args["input"]))


@resolver("Mutation.updateLesson")
async def update_lesson(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Lesson:
    return await authoring.update_lesson(require_viewer(ctx), args["id"], _lesson_changes(args["input"]))


@resolver("Mutation.deleteLesson")
async def delete_lesson(parent: Any, args: Args, ctx: RequestContext, info: Any) -> bool:
    return await authoring.delete_lesson(require_viewer(ctx), args["id"])


@resolver("Mutation.reorderLessons")
async def reorder_lessons(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Lesson]:
    return await authoring.reorder_lessons(require_viewer(ctx), args["moduleId"], args["lessonIds"])


# ----- admin: courses ------------------------------------------------------------------------


def _admin_course_filter(raw: dict[str, Any] | None) -> admin.AdminCourseFilter:
    raw = raw or {}
    return admin.AdminCourseFilter(
        search=raw.get("search"),
        status=CourseStatus(raw["status"]) if raw.get("status") else None,
        featured=raw.get("featured"),
        creator_id=admin.check_filter_id(raw.get("creatorId"), "creatorId"),
    )


@resolver("Query.adminCourses")
async def admin_courses(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any]:
    require_admin(ctx)
    page = await admin.courses(
        ctx.runtime.settings.secret_key,
        _admin_course_filter(args.get("filter")),
        args.get("sort") or "NEWEST",
        args.get("first"),
        args.get("after"),
    )
    return page.connection()


@resolver("AdminCourseConnection.totalCount")
async def admin_courses_total(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> int:
    counted: admin.CountedPage = parent["counted"]
    return await counted.counter.count()


@resolver("AdminCourseConnection.totalCountCapped")
async def admin_courses_total_capped(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> bool:
    counted: admin.CountedPage = parent["counted"]
    return await counted.counter.capped()


@resolver("Query.adminCourse")
async def admin_course(parent: Any, args: Args, ctx: RequestContext, info: Any) -> admin.CourseDetail | None:
    require_admin(ctx)
    return await admin.course_detail(args["id"])


@resolver("CourseDetail.enrollments")
async def course_detail_enrollments(
    detail: admin.CourseDetail, args: Args, ctx: RequestContext, info: Any
) -> dict[str, Any]:
    require_admin(ctx)
    page = await admin.course_enrollments(
        ctx.runtime.settings.secret_key, detail.course.id, args.get("first"), args.get("after")
    )
    return page.connection()


@resolver("EnrollmentConnection.totalCount")
async def enrollments_total(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> int:
    counted: admin.CountedPage = parent["counted"]
    return await counted.counter.count()


@resolver("EnrollmentConnection.totalCountCapped")
async def enrollments_total_capped(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> bool:
    counted: admin.CountedPage = parent["counted"]
    return await counted.counter.capped()


@resolver("Enrollment.learner")
async def enrollment_learner(row: Enrollment, args: Args, ctx: RequestContext, info: Any) -> User | None:
    """The learner themself and admins; FORBIDDEN for anyone else (the field is non-null, and
    an error says why where a null would only break the enrollment around it)."""
    viewer = require_viewer(ctx)
    if not viewer.is_admin and viewer.id != row.learner_id:  # type: ignore[attr-defined]
        raise forbidden("Only the learner and admins see who is enrolled")
    return await loaders.users(ctx).load(row.learner_id)  # type: ignore[attr-defined]


def _detail_user_id(detail: Any) -> UUID:
    """The account of a `UserDetail` (auth's `adminUser` answers with an object or a mapping
    holding `user`)."""
    user = detail.get("user") if isinstance(detail, dict) else getattr(detail, "user", None)
    if not isinstance(user, User):
        raise TypeError(f"UserDetail without a user: {type(detail).__name__}")
    return user.id


@resolver("UserDetail.enrollments")
async def user_detail_enrollments(detail: Any, args: Args, ctx: RequestContext, info: Any) -> list[Enrollment]:
    require_admin(ctx)
    return await admin.user_enrollments(_detail_user_id(detail))


@resolver("UserDetail.courses")
async def user_detail_courses(detail: Any, args: Args, ctx: RequestContext, info: Any) -> list[Course]:
    require_admin(ctx)
    return await admin.user_courses(_detail_user_id(detail))


@resolver("Query.featuredCourses")
async def featured_courses(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Course]:
    return await catalog.featured()


@resolver("Mutation.setCourseFeatured")
async def set_course_featured(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Course:
    return await catalog.set_featured(require_admin(ctx), args["id"], bool(args["featured"]), args.get("reason"))


# ----- admin: reviews ------------------------------------------------------------------------


def _admin_review_filter(raw: dict[str, Any] | None) -> reviews.AdminReviewFilter:
    raw = raw or {}
    return reviews.AdminReviewFilter(
        hidden=raw.get("hidden"),
        course_id=admin.check_filter_id(raw.get("courseId"), "courseId"),
        search=raw.get("search"),
        rating_max=raw.get("ratingMax"),
    )


@resolver("Query.adminReviews")
async def admin_reviews(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any]:
    require_admin(ctx)
    page = await reviews.admin_reviews(
        ctx.runtime.settings.secret_key, _admin_review_filter(args.get("filter")), args.get("first"), args.get("after")
    )
    return page.connection()


@resolver("AdminReviewConnection.totalCount")
async def admin_reviews_total(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> int:
    counted: admin.CountedPage = parent["counted"]
    return await counted.counter.count()


@resolver("AdminReviewConnection.totalCountCapped")
async def admin_reviews_total_capped(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> bool:
    counted: admin.CountedPage = parent["counted"]
    return await counted.counter.capped()


def _sees_moderation(viewer: Viewer | None, review: ReviewModel) -> bool:
    return viewer is not None and (viewer.is_admin or viewer.id == review.learner_id)  # type: ignore[attr-defined]


@resolver("Review.hiddenAt")
async def review_hidden_at(review: ReviewModel, args: Args, ctx: RequestContext, info: Any) -> datetime | None:
    return review.hidden_at if _sees_moderation(current_viewer(ctx), review) else None


@resolver("Review.hiddenReason")
async def review_hidden_reason(review: ReviewModel, args: Args, ctx: RequestContext, info: Any) -> str | None:
    if review.hidden_at is None or not _sees_moderation(current_viewer(ctx), review):
        return None
    return review.hidden_reason


@resolver("Review.course")
async def review_course(review: ReviewModel, args: Args, ctx: RequestContext, info: Any) -> Course:
    """Admins; anyone else only where they may see the course (a review's author may not, once
    it is a draft again): NOT_FOUND otherwise, as for the course itself."""
    row = await loaders.courses(ctx).load(review.course_id)  # type: ignore[attr-defined]
    if row is None or not await can_view(current_viewer(ctx), row):
        raise not_found("Course")
    return row


@resolver("Mutation.hideReview")
async def hide_review(parent: Any, args: Args, ctx: RequestContext, info: Any) -> ReviewModel:
    return await reviews.hide_review(require_admin(ctx), args["id"], args.get("reason"))


@resolver("Mutation.hideReviews")
async def hide_reviews(parent: Any, args: Args, ctx: RequestContext, info: Any) -> reviews.BulkOutcome:
    return await reviews.hide_reviews(require_admin(ctx), list(args["ids"]), args.get("reason"))


@resolver("Mutation.restoreReview")
async def restore_review(parent: Any, args: Args, ctx: RequestContext, info: Any) -> ReviewModel:
    return await reviews.restore_review(require_admin(ctx), args["id"], args.get("reason"))


# The home page's resolvers live in their own module; importing it registers them.
from edusphere.courses import home_resolvers as home_resolvers  # noqa: E402
