"""Enrolling, progress, the learner's course list, and what the syllabus reveals to whom."""

from edusphere.auth.models import Role
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Course, Enrollment, LessonProgress
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

ENROLL = "mutation($id: ID!) { enroll(courseId: $id) { id source course { slug } } }"
COMPLETE = "mutation($id: ID!) { completeLesson(lessonId: $id) { lesson { id completed } completedAt } }"
LEARNING = """{ myLearning { course { slug } progress { completedLessons totalLessons percent }
  nextLesson { title } } }"""
SYLLABUS = """query($slug: String!) { course(slug: $slug) { viewerEnrollment { id }
  modules { lessons { title isPreview body videoUrl completed } } } }"""


async def test_enrolling_in_a_free_course(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    learner = await make_user(runtime)
    data = (await gql(ENROLL, {"id": str(course.id)}, token=learner.access_token)).ok()["enroll"]
    assert data["source"] == "FREE"
    assert data["course"]["slug"] == course.slug
    assert (await Course.get(id=course.id)).enrollment_count == 1
    twice = await gql(ENROLL, {"id": str(course.id)}, token=learner.access_token)
    assert twice.error_code == "CONFLICT"
    assert (await Course.get(id=course.id)).enrollment_count == 1
    assert await Enrollment.filter(course_id=course.id).count() == 1


async def test_paid_and_draft_courses_cannot_be_enrolled_in(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    paid = await factories.course(author, price_cents=1999)
    draft = await factories.course(author, publish=False)
    learner = await make_user(runtime)
    result = await gql(ENROLL, {"id": str(paid.id)}, token=learner.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["reason"] == "PAYMENT_REQUIRED"
    assert (await gql(ENROLL, {"id": str(draft.id)}, token=learner.access_token)).error_code == "NOT_FOUND"
    assert (await gql(ENROLL, {"id": "not-an-id"}, token=learner.access_token)).error_code == "NOT_FOUND"
    assert (await gql(ENROLL, {"id": str(paid.id)})).error_code == "UNAUTHENTICATED"
    assert await Enrollment.all().count() == 0


async def test_lesson_content_is_for_the_enrolled_the_creator_and_previews(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=2)
    learner = await make_user(runtime)

    def bodies(result: dict) -> list:
        return [lesson["body"] for lesson in result["course"]["modules"][0]["lessons"]]

    anonymous = (await gql(SYLLABUS, {"slug": course.slug})).ok()
    assert bodies(anonymous) == ["Body of lesson 1", None]  # the first lesson is a preview
    assert [x["title"] for x in anonymous["course"]["modules"][0]["lessons"]] == ["Lesson 1", "Lesson 2"]
    assert bodies((await gql(SYLLABUS, {"slug": course.slug}, token=author.access_token)).ok()) == [
        "Body of lesson 1",
        "Body of lesson 2",
    ]
    (await gql(ENROLL, {"id": str(course.id)}, token=learner.access_token)).ok()
    enrolled = (await gql(SYLLABUS, {"slug": course.slug}, token=learner.access_token)).ok()
    assert bodies(enrolled) == ["Body of lesson 1", "Body of lesson 2"]
    assert enrolled["course"]["viewerEnrollment"]["id"]


async def test_progress_and_next_lesson(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime), lessons=3)
    lessons = await factories.lessons_of(course)
    learner = await make_user(runtime)
    (await gql(ENROLL, {"id": str(course.id)}, token=learner.access_token)).ok()
    before = (await gql(LEARNING, token=learner.access_token)).ok()["myLearning"][0]
    assert before["progress"] == {"completedLessons": 0, "totalLessons": 3, "percent": 0}
    assert before["nextLesson"]["title"] == "Lesson 1"
    done = (await gql(COMPLETE, {"id": str(lessons[0].id)}, token=learner.access_token)).ok()
    assert done["completeLesson"]["lesson"]["completed"] is True
    again = (await gql(COMPLETE, {"id": str(lessons[0].id)}, token=learner.access_token)).ok()
    assert again["completeLesson"]["completedAt"] == done["completeLesson"]["completedAt"]
    after = (await gql(LEARNING, token=learner.access_token)).ok()["myLearning"][0]
    assert after["progress"] == {"completedLessons": 1, "totalLessons": 3, "percent": 33}
    assert after["nextLesson"]["title"] == "Lesson 2"
    undo = "mutation($id: ID!) { uncompleteLesson(lessonId: $id) }"
    assert (await gql(undo, {"id": str(lessons[0].id)}, token=learner.access_token)).ok()
    assert await LessonProgress.all().count() == 0


async def test_progress_needs_an_enrollment(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    lesson = (await factories.lessons_of(course))[0]
    learner = await make_user(runtime)
    assert (await gql(COMPLETE, {"id": str(lesson.id)}, token=learner.access_token)).error_code == "FORBIDDEN"
    assert await LessonProgress.all().count() == 0


async def test_revoked_enrollment_loses_access_and_archived_courses_stay_open(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=2)
    learner = await make_user(runtime)
    enrolled = (await gql(ENROLL, {"id": str(course.id)}, token=learner.access_token)).ok()["enroll"]
    (
        await gql(
            "mutation($id: ID!) { archiveCourse(id: $id) { status } }",
            {"id": str(course.id)},
            token=author.access_token,
        )
    ).ok()
    archived = (await gql(SYLLABUS, {"slug": course.slug}, token=learner.access_token)).ok()
    assert archived["course"]["modules"][0]["lessons"][1]["body"] == "Body of lesson 2"
    revoke = "mutation($id: ID!) { revokeEnrollment(enrollmentId: $id) { revokedAt } }"
    assert (await gql(revoke, {"id": enrolled["id"]}, token=learner.access_token)).error_code == "FORBIDDEN"
    admin = await make_user(runtime, Role.ADMIN)
    assert (await gql(revoke, {"id": enrolled["id"]}, token=admin.access_token)).ok()["revokeEnrollment"]["revokedAt"]
    assert (await gql(SYLLABUS, {"slug": course.slug}, token=learner.access_token)).error_code == "NOT_FOUND"
    assert (await Course.get(id=course.id)).enrollment_count == 0
    assert (await gql(LEARNING, token=learner.access_token)).ok() == {"myLearning": []}


async def test_my_courses_lists_every_status_for_creators(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    await factories.course(author, title="Live")
    await factories.course(author, title="Draft", publish=False)
    other = await factories.creator(runtime)
    await factories.course(other, title="Not mine")
    query = "{ myCourses { title status enrollmentCount ratingAvg publicationChecklist } }"
    rows = (await gql(query, token=author.access_token)).ok()["myCourses"]
    assert {(r["title"], r["status"]) for r in rows} == {("Live", "PUBLISHED"), ("Draft", "DRAFT")}
    assert all(r["publicationChecklist"] == [] for r in rows)
    learner = await make_user(runtime)
    assert (await gql(query, token=learner.access_token)).error_code == "FORBIDDEN"


async def test_regranting_restores_a_revoked_enrollment(runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    learner = await make_user(runtime)
    first = await enrollment.enroll(learner.viewer, str(course.id))
    await enrollment.revoke(runtime, str(first.id))
    again = await enrollment.enroll(learner.viewer, str(course.id))
    assert again.id == first.id
    assert again.revoked_at is None
    assert (await Course.get(id=course.id)).enrollment_count == 1
