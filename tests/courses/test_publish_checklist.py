"""Issue 18, point 7: every lesson needs content for its kind before the course is published."""

from __future__ import annotations

from edusphere.core.runtime import Runtime
from edusphere.courses import authoring
from edusphere.courses.authoring import LessonChanges
from edusphere.courses.models import Course, CourseStatus, LessonKind
from tests.courses import factories
from tests.helpers import GraphQLClient

PUBLISH = "mutation($id: ID!) { publishCourse(id: $id) { status } }"
CHECKLIST = "query($s: String!) { course(slug: $s) { publicationChecklist } }"


async def test_a_lesson_without_content_keeps_the_course_unpublished(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=1, publish=False)
    module = (await factories.modules_of(course))[0]
    await authoring.create_lesson(author.viewer, str(module.id), LessonChanges(title="Blank", body="  \n\t "))
    await authoring.create_lesson(author.viewer, str(module.id), LessonChanges(title="Clip", kind=LessonKind.VIDEO))
    await authoring.create_lesson(author.viewer, str(module.id), LessonChanges(title="Handout", kind=LessonKind.FILE))
    refused = await gql(PUBLISH, {"id": str(course.id)}, token=author.access_token)
    assert refused.error_code == "BAD_USER_INPUT"
    missing = refused.errors[0]["extensions"]["missing"]
    assert missing == ['content for lesson "Blank"', 'content for lesson "Clip"', 'content for lesson "Handout"']
    assert (await Course.get(id=course.id)).status is CourseStatus.DRAFT
    shown = (await gql(CHECKLIST, {"s": course.slug}, token=author.access_token)).ok()
    assert shown["course"]["publicationChecklist"] == missing

    lessons = await factories.lessons_of(course)
    await authoring.update_lesson(author.viewer, str(lessons[1].id), LessonChanges(body="Now it says something"))
    await authoring.update_lesson(
        author.viewer, str(lessons[2].id), LessonChanges(video_url="https://video.example.com/clip.mp4")
    )
    await authoring.delete_lesson(author.viewer, str(lessons[3].id))
    assert (await gql(PUBLISH, {"id": str(course.id)}, token=author.access_token)).ok()["publishCourse"] == {
        "status": "PUBLISHED"
    }


async def test_many_contentless_lessons_are_named_then_counted(runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=0, publish=False)
    module = await authoring.create_module(author.viewer, str(course.id), "M")
    for n in range(5):
        await authoring.create_lesson(author.viewer, str(module.id), LessonChanges(title=f"L{n}"))
    assert (await authoring.publication_checklist(course))[-2:] == [
        'content for lesson "L2"',
        "content for 2 more lessons",
    ]
