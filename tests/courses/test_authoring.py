"""Creators build and publish courses; every refusal leaves the course as it was."""

import pytest

from edusphere.auth.models import Role
from edusphere.core.runtime import Runtime
from edusphere.courses.models import Course, CourseStatus, Lesson, Module
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

CREATE = "mutation($input: CourseInput!) { createCourse(input: $input) { id slug title status priceCents currency } }"
UPDATE = "mutation($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { id title priceCents } }"
PUBLISH = "mutation($id: ID!) { publishCourse(id: $id) { id status publishedAt } }"
COURSE = "query($slug: String!) { course(slug: $slug) { id title status } }"


async def test_a_creator_creates_a_draft_with_a_generated_slug(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    data = (await gql(CREATE, {"input": {"title": "Python für Anfänger!"}}, token=author.access_token)).ok()
    assert data["createCourse"]["slug"] == "python-fur-anfanger"
    assert data["createCourse"]["status"] == "DRAFT"
    again = (await gql(CREATE, {"input": {"title": "Python für Anfänger"}}, token=author.access_token)).ok()
    assert again["createCourse"]["slug"] == "python-fur-anfanger-2"


async def test_a_learner_cannot_create_courses(gql: GraphQLClient, runtime: Runtime) -> None:
    learner = await make_user(runtime)
    result = await gql(CREATE, {"input": {"title": "Mine"}}, token=learner.access_token)
    assert result.error_code == "FORBIDDEN"
    assert await Course.all().count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"priceCents": -1}, "priceCents"),
        ({"priceCents": 10_000_01}, "priceCents"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "JPY", "priceCents": 10_000_01}, "priceCents"),
        ({"title": "ab"}, "title"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"language": "english"}, "language"),
        ({"categorySlug": "no-such-category"}, "categorySlug"),
    ],
)
async def test_bad_course_input_changes_nothing(
    gql: GraphQLClient, runtime: Runtime, changes: dict, field: str
) -> None:
    author = await factories.creator(runtime)
    existing = await factories.course(author, title="Original", publish=False, price_cents=1000)
    result = await gql(UPDATE, {"id": str(existing.id), "input": changes}, token=author.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == field
    stored = await Course.get(id=existing.id)
    assert (stored.title, stored.price_cents, stored.currency) == ("Original", 1000, "USD")


async def test_slug_clash_is_a_conflict(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    await factories.course(author, slug="taken")
    result = await gql(CREATE, {"input": {"title": "Another", "slug": "taken"}}, token=author.access_token)
    assert result.error_code == "CONFLICT"
    assert await Course.filter(slug="taken").count() == 1


async def test_editing_someone_elses_course(gql: GraphQLClient, runtime: Runtime) -> None:
    owner = await factories.creator(runtime)
    intruder = await factories.creator(runtime)
    published = await factories.course(owner, title="Published one")
    draft = await factories.course(owner, title="Draft one", publish=False)
    forbidden = await gql(UPDATE, {"id": str(published.id), "input": {"title": "Hacked"}}, token=intruder.access_token)
    assert forbidden.error_code == "FORBIDDEN"
    hidden = await gql(UPDATE, {"id": str(draft.id), "input": {"title": "Hacked"}}, token=intruder.access_token)
    assert hidden.error_code == "NOT_FOUND"  # a draft's existence does not leak
    assert {c.title for c in await Course.all()} == {"Published one", "Draft one"}
    admin = await make_user(runtime, Role.ADMIN)
    edited = await gql(UPDATE, {"id": str(draft.id), "input": {"title": "Fixed by admin"}}, token=admin.access_token)
    assert edited.ok()["updateCourse"]["title"] == "Fixed by admin"


async def test_publish_lists_what_is_missing(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    empty = (await gql(CREATE, {"input": {"title": "Bare"}}, token=author.access_token)).ok()["createCourse"]
    result = await gql(PUBLISH, {"id": empty["id"]}, token=author.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["missing"] == ["description", "category", "lesson"]
    assert (await Course.get(id=empty["id"])).status is CourseStatus.DRAFT
    ready = await factories.course(author, publish=False)
    published = (await gql(PUBLISH, {"id": str(ready.id)}, token=author.access_token)).ok()["publishCourse"]
    assert published["status"] == "PUBLISHED"
    assert published["publishedAt"]


async def test_drafts_and_archived_courses_are_invisible_to_others(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    stranger = await make_user(runtime)
    draft = await factories.course(author, publish=False)
    assert (await gql(COURSE, {"slug": draft.slug}, token=stranger.access_token)).error_code == "NOT_FOUND"
    assert (await gql(COURSE, {"slug": draft.slug})).error_code == "NOT_FOUND"
    assert (await gql(COURSE, {"slug": draft.slug}, token=author.access_token)).ok()["course"]["status"] == "DRAFT"
    published = await factories.course(author)
    archive = "mutation($id: ID!) { archiveCourse(id: $id) { status } }"
    assert (await gql(archive, {"id": str(published.id)}, token=author.access_token)).ok()
    assert (await gql(COURSE, {"slug": published.slug}, token=stranger.access_token)).error_code == "NOT_FOUND"


MODULES = "query($slug: String!) { course(slug: $slug) { modules { id title lessons { id title } } } }"


async def test_modules_and_lessons_are_built_and_reordered(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=3)
    token = author.access_token
    second = (
        await gql(
            'mutation($c: ID!) { createModule(courseId: $c, title: "Two") { id position } }',
            {"c": str(course.id)},
            token=token,
        )
    ).ok()["createModule"]
    assert second["position"] == 2
    first_module = (await factories.modules_of(course))[0]
    reorder = "mutation($c: ID!, $ids: [ID!]!) { reorderModules(courseId: $c, moduleIds: $ids) { id } }"
    order = [second["id"], str(first_module.id)]
    assert [
        m["id"] for m in (await gql(reorder, {"c": str(course.id), "ids": order}, token=token)).ok()["reorderModules"]
    ] == order
    lessons = await factories.lessons_of(course)
    ids = [str(lesson.id) for lesson in lessons]
    reorder_lessons = "mutation($m: ID!, $ids: [ID!]!) { reorderLessons(moduleId: $m, lessonIds: $ids) { id } }"
    for bad in (ids[:2], [ids[0], ids[0], ids[1]], [*ids, second["id"]]):
        result = await gql(reorder_lessons, {"m": str(first_module.id), "ids": bad}, token=token)
        assert result.error_code == "BAD_USER_INPUT"
    assert [str(lesson.id) for lesson in await factories.lessons_of(course)] == ids
    (await gql(reorder_lessons, {"m": str(first_module.id), "ids": ids[::-1]}, token=token)).ok()
    syllabus = (await gql(MODULES, {"slug": course.slug}, token=token)).ok()["course"]["modules"]
    assert [m["title"] for m in syllabus] == ["Two", "Module one"]
    assert [lesson["id"] for lesson in syllabus[1]["lessons"]] == ids[::-1]
    delete = "mutation($id: ID!) { deleteLesson(id: $id) }"
    assert (await gql(delete, {"id": ids[0]}, token=token)).ok() == {"deleteLesson": True}
    assert not await Lesson.filter(id=ids[0]).exists()
    assert await Module.filter(course_id=course.id).count() == 2
