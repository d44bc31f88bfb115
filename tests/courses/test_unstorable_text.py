"""Issue 11 #3: text PostgreSQL would refuse (U+0000, lone surrogates) or that holds control
characters is refused with BAD_USER_INPUT by the course services themselves, never INTERNAL,
and strings that are only looked up (catalog filters, slugs) are refused before asyncpg sees them."""

import pytest

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.courses import authoring, catalog, reviews
from edusphere.courses.authoring import CourseChanges, LessonChanges
from edusphere.courses.models import Course, Lesson
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

NUL, SURROGATE, BELL = "nul\u0000byte", "lone \ud800", "bell\u0007"


async def refused(call: object, field: str) -> None:
    with pytest.raises(AppError) as caught:
        await call  # type: ignore[misc]
    assert (caught.value.code, caught.value.details.get("field")) == (ErrorCode.BAD_USER_INPUT, field)


@pytest.mark.parametrize("bad", [NUL, SURROGATE, BELL, "del\u007f", "csi\u009b2J", "c1 \u0080", "c1 \u009f"])
async def test_course_module_lesson_and_review_text_is_checked(runtime: Runtime, bad: str) -> None:
    author = await factories.creator(runtime)
    existing = await factories.course(author, title="Original")
    await refused(authoring.create_course(author.viewer, CourseChanges(title=f"Title {bad}")), "title")
    await refused(authoring.update_course(author.viewer, str(existing.id), CourseChanges(subtitle=bad)), "subtitle")
    await refused(
        authoring.update_course(author.viewer, str(existing.id), CourseChanges(description=bad)), "description"
    )
    module = (await factories.modules_of(existing))[0]
    await refused(authoring.create_module(author.viewer, str(existing.id), bad), "title")
    await refused(authoring.update_module(author.viewer, str(module.id), bad), "title")
    await refused(authoring.create_lesson(author.viewer, str(module.id), LessonChanges(title="L", body=bad)), "body")
    learner = await make_user(runtime)
    from edusphere.courses import enrollment

    await enrollment.enroll(learner.viewer, str(existing.id))
    await refused(reviews.submit_review(learner.viewer, str(existing.id), 5, bad), "body")
    stored = await Course.get(id=existing.id)
    assert (stored.title, stored.subtitle) == ("Original", existing.subtitle)
    assert await Course.all().count() == 1
    assert await Lesson.filter(module_id=module.id).count() == 2


async def test_carriage_returns_are_normalised_not_refused(runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    created = await authoring.create_course(
        author.viewer, CourseChanges(title="Line endings", description="one\r\ntwo\rthree\tfour")
    )
    assert (await Course.get(id=created.id)).description == "one\ntwo\nthree\tfour"


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
@pytest.mark.parametrize("field", ["text", "language", "categorySlugs"])
async def test_catalog_filters_postgres_cannot_take_are_bad_input(runtime: Runtime, bad: str, field: str) -> None:
    values = {"text": {"text": bad}, "language": {"language": bad}, "categorySlugs": {"category_slugs": (bad,)}}
    with pytest.raises(AppError) as caught:
        await catalog.search(runtime.settings.secret_key, catalog.CatalogFilter(**values[field]), "NEWEST", 10, None)
    assert (caught.value.code, caught.value.details["field"]) == (ErrorCode.BAD_USER_INPUT, field)


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($f: CourseFilter) { courses(filter: $f) { totalCount } }", {"f": {"text": NUL}}),
        ("query($f: CourseFilter) { courses(filter: $f) { totalCount } }", {"f": {"language": NUL}}),
        ("query($f: CourseFilter) { courses(filter: $f) { totalCount } }", {"f": {"categorySlugs": ["a", NUL]}}),
        ("query($s: String!) { course(slug: $s) { id } }", {"s": NUL}),
    ],
)
async def test_nul_in_a_filter_or_a_slug_is_bad_input_over_http(
    gql: GraphQLClient, runtime: Runtime, query: str, variables: dict | None
) -> None:
    await factories.course(await factories.creator(runtime), title="Something")
    result = await gql(query, variables)
    assert result.error_code == "BAD_USER_INPUT", result.body


async def test_a_category_slug_postgres_cannot_take_is_bad_input(runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    existing = await factories.course(author, title="Original")
    await refused(
        authoring.update_course(author.viewer, str(existing.id), CourseChanges(category_slug=NUL)), "categorySlug"
    )
