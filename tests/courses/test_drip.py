"""Drip release: a module opens N days after the learner enrolled, and the server withholds its
lessons' content until then. Time is moved by setting the enrollment's `enrolled_at` back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from edusphere.auth.sessions import AuthResult
from edusphere.certificates.models import Certificate
from edusphere.core.errors import AppError
from edusphere.core.runtime import Runtime
from edusphere.courses import authoring, validation
from edusphere.courses.authoring import LessonChanges
from edusphere.courses.models import Course, Enrollment, Lesson, LessonProgress, Module
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

CREATE = """mutation($c: ID!, $t: String!, $d: Int) {
  createModule(courseId: $c, title: $t, opensAfterDays: $d) { id title opensAfterDays } }"""
UPDATE = """mutation($id: ID!, $t: String, $d: Int) {
  updateModule(id: $id, title: $t, opensAfterDays: $d) { id title opensAfterDays } }"""
RENAME_ONLY = """mutation($id: ID!, $t: String!) { updateModule(id: $id, title: $t) { id title opensAfterDays } }"""
SYLLABUS = """query($slug: String!) { course(slug: $slug) { viewerEnrollment { enrolledAt }
  modules { title opensAfterDays opensAt locked
    lessons { id title isPreview body videoUrl locked opensAt completed } } } }"""
LESSON = "query($id: ID!) { lesson(id: $id) { id title body locked opensAt } }"
COMPLETE = "mutation($id: ID!) { completeLesson(lessonId: $id) { completedAt } }"


async def _drip_course(runtime: Runtime, days: int = 7) -> tuple[AuthResult, Course, Module, list[Lesson]]:
    """A published course: "Module one" (two lessons, the first a preview) open at once, and
    "Week two" opening `days` after enrollment with a text lesson, a video-link lesson and a preview."""
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=2)
    later = await authoring.create_module(author.viewer, str(course.id), "Week two", opens_after_days=days)
    for changes in (
        LessonChanges(title="Later text", body="Secret body"),
        LessonChanges(title="Later video", video_url="https://video.example/secret"),
        LessonChanges(title="Later preview", body="Teaser body", is_preview=True),
    ):
        await authoring.create_lesson(author.viewer, str(later.id), changes)
    return author, course, later, await Lesson.filter(module_id=later.id).order_by("position")


async def _move_enrollment(learner: AuthResult, course: Course, days_ago: float) -> None:
    await Enrollment.filter(learner_id=learner.user.id, course_id=course.id).update(
        enrolled_at=datetime.now(UTC) - timedelta(days=days_ago)
    )


def _module(data: dict[str, Any], title: str) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in data["course"]["modules"] if m["title"] == title)
    return found


# ----- hostile input first ------------------------------------------------------------------


@pytest.mark.parametrize("days", [-1, 3651, 2**31 - 1, -(2**31)])
async def test_out_of_range_days_are_refused_and_nothing_is_written(
    gql: GraphQLClient, runtime: Runtime, days: int
) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    module = (await factories.modules_of(course))[0]
    created = await gql(CREATE, {"c": str(course.id), "t": "Bad", "d": days}, token=author.access_token)
    assert created.error_code == "BAD_USER_INPUT"
    assert created.errors[0]["extensions"]["field"] == "opensAfterDays"
    assert "0 to 3650" in created.errors[0]["message"]
    assert await Module.filter(course_id=course.id).count() == 1
    # A valid title beside it is not written either: every value is checked first.
    updated = await gql(UPDATE, {"id": str(module.id), "t": "Renamed", "d": days}, token=author.access_token)
    assert updated.error_code == "BAD_USER_INPUT"
    row = await Module.get(id=module.id)
    assert (row.title, row.opens_after_days) == ("Module one", 0)


@pytest.mark.parametrize("days", [1.5, "7", True, 2**31, 10**20, [7]])
async def test_non_integer_or_oversized_days_are_refused_by_the_schema(
    gql: GraphQLClient, runtime: Runtime, days: object
) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    module = (await factories.modules_of(course))[0]
    created = await gql(CREATE, {"c": str(course.id), "t": "Bad", "d": days}, token=author.access_token)
    assert created.error_code == "BAD_USER_INPUT", created.body
    updated = await gql(UPDATE, {"id": str(module.id), "d": days}, token=author.access_token)
    assert updated.error_code == "BAD_USER_INPUT", updated.body
    assert await Module.filter(course_id=course.id).count() == 1
    assert (await Module.get(id=module.id)).opens_after_days == 0


@pytest.mark.parametrize("days", [True, 1.0, "3", None, -5, 3651])
def test_the_service_check_takes_only_a_whole_number_of_days_in_range(days: object) -> None:
    with pytest.raises(AppError) as raised:
        validation.check_opens_after_days(days)
    assert raised.value.details == {"field": "opensAfterDays"}


async def test_only_the_creator_or_an_admin_sets_the_days(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    module = (await factories.modules_of(course))[0]
    learner = await factories.enrolled_learner(runtime, course)
    other = await factories.creator(runtime)
    for who in (learner, other):
        refused = await gql(UPDATE, {"id": str(module.id), "d": 30}, token=who.access_token)
        assert refused.error_code == "FORBIDDEN"
    assert (await gql(UPDATE, {"id": str(module.id), "d": 30})).error_code == "UNAUTHENTICATED"
    assert (await Module.get(id=module.id)).opens_after_days == 0
    boss = await factories.admin(runtime)
    done = (await gql(UPDATE, {"id": str(module.id), "d": 30}, token=boss.access_token)).ok()["updateModule"]
    assert done == {"id": str(module.id), "title": "Module one", "opensAfterDays": 30}


async def test_setting_and_keeping_the_days(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    made = (await gql(CREATE, {"c": str(course.id), "t": "Later", "d": 3650}, token=author.access_token)).ok()
    assert made["createModule"]["opensAfterDays"] == 3650
    plain = (await gql(CREATE, {"c": str(course.id), "t": "Plain"}, token=author.access_token)).ok()
    assert plain["createModule"]["opensAfterDays"] == 0
    module_id = made["createModule"]["id"]
    # The old call shape (title only) still works and leaves the days alone.
    renamed = (await gql(RENAME_ONLY, {"id": module_id, "t": "Much later"}, token=author.access_token)).ok()
    assert renamed["updateModule"] == {"id": module_id, "title": "Much later", "opensAfterDays": 3650}
    reset = (await gql(UPDATE, {"id": module_id, "d": 0}, token=author.access_token)).ok()
    assert reset["updateModule"] == {"id": module_id, "title": "Much later", "opensAfterDays": 0}


async def test_the_table_refuses_days_out_of_range_whatever_writes_them(runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    module = (await factories.modules_of(course))[0]
    with pytest.raises(Exception, match="course_modules_opens_after_days_range"):
        await Module.filter(id=module.id).update(opens_after_days=-1)
    assert (await Module.get(id=module.id)).opens_after_days == 0


# ----- what the learner sees ------------------------------------------------------------------


async def test_a_locked_module_withholds_its_content_from_the_learner_until_it_opens(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    _, course, _, later = await _drip_course(runtime, days=7)
    learner = await factories.enrolled_learner(runtime, course)
    await _move_enrollment(learner, course, days_ago=6.5)
    enrolled_at = (await Enrollment.get(learner_id=learner.user.id, course_id=course.id)).enrolled_at

    data = (await gql(SYLLABUS, {"slug": course.slug}, token=learner.access_token)).ok()
    first, week_two = _module(data, "Module one"), _module(data, "Week two")
    assert (first["locked"], first["opensAt"], first["opensAfterDays"]) == (False, None, 0)
    assert [lesson["body"] for lesson in first["lessons"]] == ["Body of lesson 1", "Body of lesson 2"]
    assert week_two["locked"] is True
    assert week_two["opensAfterDays"] == 7
    opens = datetime.fromisoformat(week_two["opensAt"])
    assert opens == enrolled_at + timedelta(days=7)
    text, video, preview = week_two["lessons"]
    # Titles stay; content is null, and the lesson says it is locked and until when.
    assert [lesson["title"] for lesson in week_two["lessons"]] == ["Later text", "Later video", "Later preview"]
    for lesson in (text, video):
        assert (lesson["body"], lesson["videoUrl"], lesson["locked"]) == (None, None, True)
        assert datetime.fromisoformat(lesson["opensAt"]) == opens
    # A preview is open to every visitor, so it stays open to the learner too.
    assert (preview["body"], preview["locked"], preview["opensAt"]) == ("Teaser body", False, None)

    asked = await gql(LESSON, {"id": str(later[0].id)}, token=learner.access_token)
    assert asked.error_code == "FORBIDDEN"
    extensions = asked.errors[0]["extensions"]
    assert extensions["reason"] == "LESSON_LOCKED"
    assert datetime.fromisoformat(extensions["opensAt"]) == opens
    assert opens.strftime("%Y-%m-%d") in asked.errors[0]["message"]
    assert asked.data == {"lesson": None}
    open_one = (await gql(LESSON, {"id": str(later[2].id)}, token=learner.access_token)).ok()["lesson"]
    assert open_one["body"] == "Teaser body"

    await _move_enrollment(learner, course, days_ago=7.01)
    data = (await gql(SYLLABUS, {"slug": course.slug}, token=learner.access_token)).ok()
    week_two = _module(data, "Week two")
    assert (week_two["locked"], week_two["opensAt"]) == (False, None)
    assert [lesson["body"] for lesson in week_two["lessons"]] == ["Secret body", "", "Teaser body"]
    assert week_two["lessons"][1]["videoUrl"] == "https://video.example/secret"
    assert all(lesson["locked"] is False for lesson in week_two["lessons"])
    opened = (await gql(LESSON, {"id": str(later[0].id)}, token=learner.access_token)).ok()["lesson"]
    assert (opened["body"], opened["locked"], opened["opensAt"]) == ("Secret body", False, None)


async def test_the_creator_and_admins_always_see_the_content(gql: GraphQLClient, runtime: Runtime) -> None:
    author, course, _, later = await _drip_course(runtime, days=30)
    boss = await factories.admin(runtime)
    for who in (author, boss):
        data = (await gql(SYLLABUS, {"slug": course.slug}, token=who.access_token)).ok()
        week_two = _module(data, "Week two")
        assert (week_two["locked"], week_two["opensAt"], week_two["opensAfterDays"]) == (False, None, 30)
        assert [lesson["body"] for lesson in week_two["lessons"]] == ["Secret body", "", "Teaser body"]
        single = (await gql(LESSON, {"id": str(later[0].id)}, token=who.access_token)).ok()["lesson"]
        assert single["body"] == "Secret body"
    # An admin enrolled in it is still an admin.
    await factories.enrolled_learner(runtime, course)  # someone else's enrollment changes nothing
    (
        await gql(
            "mutation($id: ID!) { enroll(courseId: $id) { id } }", {"id": str(course.id)}, token=boss.access_token
        )
    ).ok()
    data = (await gql(SYLLABUS, {"slug": course.slug}, token=boss.access_token)).ok()
    assert _module(data, "Week two")["lessons"][0]["body"] == "Secret body"


async def test_visitors_see_titles_and_previews_and_no_opening_date(gql: GraphQLClient, runtime: Runtime) -> None:
    _, course, _, later = await _drip_course(runtime, days=7)
    stranger = await make_user(runtime)
    for token in (None, stranger.access_token):
        data = (await gql(SYLLABUS, {"slug": course.slug}, token=token)).ok()
        week_two = _module(data, "Week two")
        assert (week_two["locked"], week_two["opensAt"], week_two["opensAfterDays"]) == (False, None, 7)
        assert [lesson["body"] for lesson in week_two["lessons"]] == [None, None, "Teaser body"]
        single = (await gql(LESSON, {"id": str(later[0].id)}, token=token)).ok()["lesson"]
        assert (single["title"], single["body"]) == ("Later text", None)
    assert (await gql(LESSON, {"id": "not-an-id"})).error_code == "NOT_FOUND"
    draft = await factories.course(await factories.creator(runtime), publish=False)
    draft_lesson = (await factories.lessons_of(draft))[0]
    assert (await gql(LESSON, {"id": str(draft_lesson.id)})).error_code == "NOT_FOUND"


# ----- progress -------------------------------------------------------------------------------


async def test_completing_a_locked_lesson_is_refused_and_changes_nothing(gql: GraphQLClient, runtime: Runtime) -> None:
    _, course, _, later = await _drip_course(runtime, days=7)
    learner = await factories.enrolled_learner(runtime, course)
    refused = await gql(COMPLETE, {"id": str(later[0].id)}, token=learner.access_token)
    assert refused.error_code == "FORBIDDEN"
    assert refused.errors[0]["extensions"]["reason"] == "LESSON_LOCKED"
    assert "opensAt" in refused.errors[0]["extensions"]
    assert await LessonProgress.filter(learner_id=learner.user.id).count() == 0
    # The open lessons (and the preview in the locked module) can be done meanwhile.
    for lesson in [*(await Lesson.filter(module__course_id=course.id, module__position=1)), later[2]]:
        (await gql(COMPLETE, {"id": str(lesson.id)}, token=learner.access_token)).ok()
    assert await LessonProgress.filter(learner_id=learner.user.id).count() == 3
    assert not await Certificate.filter(enrollment__learner_id=learner.user.id).exists()


async def test_once_the_module_opens_the_course_can_be_completed_and_certified(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    _, course, _, _ = await _drip_course(runtime, days=7)
    learner = await factories.enrolled_learner(runtime, course)
    await _move_enrollment(learner, course, days_ago=8)
    for lesson in await factories.lessons_of(course):
        (await gql(COMPLETE, {"id": str(lesson.id)}, token=learner.access_token)).ok()
    assert await LessonProgress.filter(learner_id=learner.user.id).count() == 5
    assert await Certificate.filter(enrollment__learner_id=learner.user.id).exists()


async def test_the_creator_moving_the_days_moves_the_lock(gql: GraphQLClient, runtime: Runtime) -> None:
    author, course, later_module, later = await _drip_course(runtime, days=7)
    learner = await factories.enrolled_learner(runtime, course)
    await _move_enrollment(learner, course, days_ago=3)
    assert (await gql(LESSON, {"id": str(later[0].id)}, token=learner.access_token)).error_code == "FORBIDDEN"
    (await gql(UPDATE, {"id": str(later_module.id), "d": 2}, token=author.access_token)).ok()
    assert (await gql(LESSON, {"id": str(later[0].id)}, token=learner.access_token)).ok()["lesson"]["locked"] is False
    (await gql(COMPLETE, {"id": str(later[0].id)}, token=learner.access_token)).ok()


async def test_the_next_lesson_is_an_open_one_while_there_is_one(gql: GraphQLClient, runtime: Runtime) -> None:
    _, course, _, later = await _drip_course(runtime, days=7)
    learner = await factories.enrolled_learner(runtime, course)
    query = "{ myLearning { nextLesson { title locked } progress { completedLessons totalLessons } } }"

    async def next_lesson() -> Any:
        return (await gql(query, token=learner.access_token)).ok()["myLearning"][0]["nextLesson"]

    for lesson in await Lesson.filter(module__course_id=course.id, module__position=1):
        (await gql(COMPLETE, {"id": str(lesson.id)}, token=learner.access_token)).ok()
    # "Later text" comes first in the syllabus, but it is locked: the open preview is next.
    assert await next_lesson() == {"title": "Later preview", "locked": False}
    (await gql(COMPLETE, {"id": str(later[2].id)}, token=learner.access_token)).ok()
    # Nothing open is left: the locked one, which says so (the app shows when it opens).
    assert await next_lesson() == {"title": "Later text", "locked": True}
    await _move_enrollment(learner, course, days_ago=8)
    assert await next_lesson() == {"title": "Later text", "locked": False}
