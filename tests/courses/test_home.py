"""The home page's queries: what to continue (and from which lesson), and what to try next."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from edusphere.auth.models import Role
from edusphere.core.runtime import Runtime
from edusphere.courses import authoring, enrollment
from edusphere.courses.authoring import LessonChanges
from edusphere.courses.models import Course, Enrollment, LessonProgress
from tests.courses import factories
from tests.courses.test_catalog import BACKGROUND_TABLES
from tests.helpers import GraphQLClient, make_user

CONTINUE = """query($first: Int) { continueLearning(first: $first) {
  course { slug title category { slug } }
  nextLesson { id title body }
  progress { completedLessons totalLessons percent }
  lastActivityAt enrolledAt } }"""
RECOMMENDED = "query($first: Int) { recommendedCourses(first: $first) { slug category { slug } } }"
COMPLETE = "mutation($id: ID!) { completeLesson(lessonId: $id) { completedAt } }"


async def _at(learner_id: object, course: Course, *, enrolled: datetime) -> None:
    await Enrollment.filter(learner_id=learner_id, course_id=course.id).update(enrolled_at=enrolled)


@pytest.mark.parametrize("first", [0, -1, 25, 2**31 - 1])
async def test_hostile_first_is_refused(gql: GraphQLClient, runtime: Runtime, first: int) -> None:
    learner = await make_user(runtime)
    for query in (CONTINUE, RECOMMENDED):
        result = await gql(query, {"first": first}, token=learner.access_token)
        assert result.error_code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["argument"] == "first"
        assert "between 1 and 24" in result.errors[0]["message"]


async def test_a_first_beyond_an_int_is_refused_by_the_schema(gql: GraphQLClient, runtime: Runtime) -> None:
    learner = await make_user(runtime)
    result = await gql(CONTINUE, {"first": 2**40}, token=learner.access_token)
    assert result.errors
    assert result.data is None
    assert result.error_code != "INTERNAL"


async def test_anonymous_viewers_must_sign_in(gql: GraphQLClient, runtime: Runtime) -> None:
    await factories.course(await factories.creator(runtime))
    for query in (CONTINUE, RECOMMENDED):
        result = await gql(query)
        assert result.error_code == "UNAUTHENTICATED"
        assert result.data is None


async def test_continue_lists_courses_in_progress_most_recently_active_first(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    old, fresh, worked_on, done = [await factories.course(author, lessons=3) for _ in range(4)]
    learner = await make_user(runtime)
    now = datetime.now(UTC)
    for course in (old, fresh, worked_on, done):
        await enrollment.enroll(learner.viewer, str(course.id))
    await _at(learner.user.id, old, enrolled=now - timedelta(days=30))
    await _at(learner.user.id, fresh, enrolled=now - timedelta(days=1))
    await _at(learner.user.id, worked_on, enrolled=now - timedelta(days=60))
    for lesson in await factories.lessons_of(done):
        (await gql(COMPLETE, {"id": str(lesson.id)}, token=learner.access_token)).ok()
    first_lesson = (await factories.lessons_of(worked_on))[0]
    (await gql(COMPLETE, {"id": str(first_lesson.id)}, token=learner.access_token)).ok()  # today

    items = (await gql(CONTINUE, token=learner.access_token)).ok()["continueLearning"]
    assert [item["course"]["slug"] for item in items] == [worked_on.slug, fresh.slug, old.slug]
    assert items[0]["progress"] == {"completedLessons": 1, "totalLessons": 3, "percent": 33}
    assert items[1]["progress"] == {"completedLessons": 0, "totalLessons": 3, "percent": 0}
    assert items[0]["lastActivityAt"] > items[0]["enrolledAt"]
    assert items[1]["lastActivityAt"] == items[1]["enrolledAt"]
    one = (await gql(CONTINUE, {"first": 1}, token=learner.access_token)).ok()["continueLearning"]
    assert [item["course"]["slug"] for item in one] == [worked_on.slug]


async def test_the_next_lesson_is_the_first_not_completed_in_syllabus_order(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=3)
    first_module = (await factories.modules_of(course))[0]
    second_module = await authoring.create_module(author.viewer, str(course.id), "Module two")
    later = await authoring.create_lesson(author.viewer, str(second_module.id), LessonChanges(title="Later", body="x"))
    lessons = await factories.lessons_of(course)
    assert [lesson.title for lesson in lessons] == ["Lesson 1", "Lesson 2", "Lesson 3", "Later"]
    learner = await factories.enrolled_learner(runtime, course)

    async def next_title() -> str:
        items = (await gql(CONTINUE, token=learner.access_token)).ok()["continueLearning"]
        assert len(items) == 1
        lesson: dict[str, str] = items[0]["nextLesson"]
        return lesson["title"]

    assert await next_title() == "Lesson 1"
    # The creator moves module two first: its lesson is now the first of the syllabus.
    await authoring.reorder_modules(author.viewer, str(course.id), [str(second_module.id), str(first_module.id)])
    assert await next_title() == "Later"
    await authoring.reorder_modules(author.viewer, str(course.id), [str(first_module.id), str(second_module.id)])
    # Done out of order: 1 and 3; the next is 2, not the one after the last completed.
    for lesson in (lessons[0], lessons[2]):
        (await gql(COMPLETE, {"id": str(lesson.id)}, token=learner.access_token)).ok()
    assert await next_title() == "Lesson 2"
    items = (await gql(CONTINUE, token=learner.access_token)).ok()["continueLearning"]
    assert items[0]["nextLesson"]["body"] == "Body of lesson 2"  # enrolled: the content is theirs
    assert items[0]["progress"] == {"completedLessons": 2, "totalLessons": 4, "percent": 50}
    (await gql(COMPLETE, {"id": str(lessons[1].id)}, token=learner.access_token)).ok()
    assert await next_title() == "Later"  # the module's position counts before the lesson's
    (await gql(COMPLETE, {"id": str(later.id)}, token=learner.access_token)).ok()
    assert (await gql(CONTINUE, token=learner.access_token)).ok()["continueLearning"] == []  # complete


async def test_continue_leaves_out_revoked_drafts_and_other_learners(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    kept, revoked, unpublished, archived = [await factories.course(author, lessons=2) for _ in range(4)]
    learner = await make_user(runtime)
    for course in (kept, revoked, unpublished, archived):
        await enrollment.enroll(learner.viewer, str(course.id))
    other = await factories.enrolled_learner(runtime, kept)
    (await gql(COMPLETE, {"id": str((await factories.lessons_of(kept))[0].id)}, token=other.access_token)).ok()
    row = await Enrollment.get(learner_id=learner.user.id, course_id=revoked.id)
    await enrollment.revoke(runtime, str(row.id))
    await authoring.unpublish_course(author.viewer, str(unpublished.id), None)
    await authoring.archive_course(author.viewer, str(archived.id), None)

    items = (await gql(CONTINUE, token=learner.access_token)).ok()["continueLearning"]
    # Archived stays: the enrolled keep it (access.can_view); a draft is hidden from them.
    assert sorted(item["course"]["slug"] for item in items) == sorted([kept.slug, archived.slug])
    mine = next(item for item in items if item["course"]["slug"] == kept.slug)
    assert mine["progress"]["completedLessons"] == 0  # the other learner's completion is theirs
    assert mine["nextLesson"]["title"] == "Lesson 1"
    assert (await gql(CONTINUE, token=author.access_token)).ok()["continueLearning"] == []


async def test_recommendations_come_from_the_viewers_categories_best_rated_first(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    taken = await factories.course(author, category_slug="design")
    one_review = await factories.course(author, category_slug="design")
    many_reviews = await factories.course(author, category_slug="design")
    unrated = await factories.course(author, category_slug="design")
    popular_elsewhere = await factories.course(author, category_slug="cooking")
    await Course.filter(id=one_review.id).update(rating_sum=5, rating_count=1, rating_avg=5.0)  # score 4.09
    await Course.filter(id=many_reviews.id).update(rating_sum=1440, rating_count=300, rating_avg=4.8)  # 4.77
    await Course.filter(id=popular_elsewhere.id).update(enrollment_count=500, rating_sum=500, rating_count=100)
    learner = await factories.enrolled_learner(runtime, taken)

    slugs = [c["slug"] for c in (await gql(RECOMMENDED, token=learner.access_token)).ok()["recommendedCourses"]]
    # The Bayesian score: 300 ratings of 4.8 over one 5, over none (4.0); then the top-up.
    assert slugs == [many_reviews.slug, one_review.slug, unrated.slug, popular_elsewhere.slug]
    two = (await gql(RECOMMENDED, {"first": 2}, token=learner.access_token)).ok()["recommendedCourses"]
    assert [c["slug"] for c in two] == [many_reviews.slug, one_review.slug]
    assert {c["category"]["slug"] for c in two} == {"design"}


async def test_recommendations_leave_out_enrolled_own_unpublished_and_revoked(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    enrolled = await factories.course(author, category_slug="design")
    once_enrolled = await factories.course(author, category_slug="design")
    draft = await factories.course(author, category_slug="design", publish=False)
    archived = await factories.course(author, category_slug="design")
    await authoring.archive_course(author.viewer, str(archived.id), None)
    candidate = await factories.course(author, category_slug="design")
    # A creator who also learns: enrolled in `enrolled`, teaching a design course of their own.
    learner = await make_user(runtime, Role.CREATOR)
    own = await factories.course(learner, category_slug="design")
    await enrollment.enroll(learner.viewer, str(enrolled.id))
    await enrollment.enroll(learner.viewer, str(once_enrolled.id))
    row = await Enrollment.get(learner_id=learner.user.id, course_id=once_enrolled.id)
    await enrollment.revoke(runtime, str(row.id))

    slugs = [c["slug"] for c in (await gql(RECOMMENDED, token=learner.access_token)).ok()["recommendedCourses"]]
    assert slugs == [candidate.slug]
    assert not {enrolled.slug, once_enrolled.slug, draft.slug, archived.slug, own.slug} & set(slugs)


async def test_recommendations_without_enrollments_are_the_most_popular_courses(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    quiet = await factories.course(author, category_slug="design")
    busy = await factories.course(author, category_slug="cooking")
    busiest = await factories.course(author, category_slug="music")
    await Course.filter(id=busy.id).update(enrollment_count=40)
    await Course.filter(id=busiest.id).update(enrollment_count=90)
    # Well rated but hardly taken: without categories of their own, popularity leads.
    await Course.filter(id=quiet.id).update(rating_sum=1500, rating_count=300, rating_avg=5.0)
    learner = await make_user(runtime)
    slugs = [c["slug"] for c in (await gql(RECOMMENDED, token=learner.access_token)).ok()["recommendedCourses"]]
    assert slugs == [busiest.slug, busy.slug, quiet.slug]
    # A revoked enrollment gives no category to recommend from, and its course is not offered again.
    await enrollment.enroll(learner.viewer, str(quiet.id))
    await enrollment.revoke(runtime, str((await Enrollment.get(learner_id=learner.user.id)).id))
    slugs = [c["slug"] for c in (await gql(RECOMMENDED, token=learner.access_token)).ok()["recommendedCourses"]]
    assert slugs == [busiest.slug, busy.slug]


async def test_the_home_page_costs_the_same_number_of_queries_whatever_its_size(
    gql: GraphQLClient, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    home = f"""{{ {CONTINUE.split("{", 1)[1].replace("(first: $first)", "(first: 24)").rsplit("}", 1)[0]}
      recommendedCourses(first: 24) {{ slug title lessonCount category {{ name }} creator {{ displayName }} }} }}"""
    learner = await make_user(runtime)
    author = await factories.creator(runtime)

    async def queries() -> int:
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            caplog.clear()
            (await gql(home, token=learner.access_token)).ok()
            return sum(1 for r in caplog.records if r.name == "tortoise.db_client" and "SELECT" in r.getMessage()
                       and not any(table in r.getMessage() for table in BACKGROUND_TABLES))  # fmt: skip

    async def add(n: int) -> None:
        for i in range(n):
            course = await factories.course(author, lessons=2, category_slug=f"cat-{i % 3}")
            await enrollment.enroll(learner.viewer, str(course.id))
            await factories.course(author, lessons=1, category_slug=f"cat-{i % 3}")

    (await gql("{ me { id } }", token=learner.access_token)).ok()  # authenticate once, outside the count
    await add(2)
    small = await queries()
    await add(12)
    large = await queries()
    print(f"SQL queries for the home page: {small} (2 courses each), {large} (14 each)")
    assert large == small
    assert await LessonProgress.all().count() == 0
