"""Review of issue 11, #2: a string longer than its column answered INTERNAL, because Tortoise
validates a filter value against the field's max_length and raises ValidationError. A value too
long to be stored can match nothing: a slug answers NOT_FOUND, a category slug "Unknown category"."""

import pytest

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.courses import access, authoring
from edusphere.courses.authoring import CourseChanges
from tests.courses import factories
from tests.helpers import GraphQLClient

COURSE_BY_SLUG = "query($s: String!) { course(slug: $s) { id } }"
CREATE = "mutation($input: CourseInput!) { createCourse(input: $input) { id } }"
UPDATE = "mutation($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { id } }"


@pytest.mark.parametrize("length", [121, 200, 15_000])
async def test_a_slug_longer_than_any_course_s_is_not_found(gql: GraphQLClient, runtime: Runtime, length: int) -> None:
    await factories.course(await factories.creator(runtime), title="Something")
    result = await gql(COURSE_BY_SLUG, {"s": "a" * length})
    assert result.error_code == "NOT_FOUND", result.body
    with pytest.raises(AppError) as caught:
        await access.viewable_course(None, slug="b" * length)
    assert caught.value.code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize("length", [65, 70, 10_000])
async def test_a_category_slug_longer_than_any_category_s_is_unknown(
    gql: GraphQLClient, runtime: Runtime, length: int
) -> None:
    author = await factories.creator(runtime)
    existing = await factories.course(author, title="Original")
    slug = "c" * length
    created = await gql(CREATE, {"input": {"title": "A new course", "categorySlug": slug}}, token=author.access_token)
    assert created.error_code == "BAD_USER_INPUT", created.body
    assert created.errors[0]["message"].startswith("Unknown category")
    assert created.errors[0]["extensions"]["field"] == "categorySlug"
    updated = await gql(UPDATE, {"id": str(existing.id), "input": {"categorySlug": slug}}, token=author.access_token)
    assert updated.error_code == "BAD_USER_INPUT", updated.body
    with pytest.raises(AppError) as caught:
        await authoring.create_course(author.viewer, CourseChanges(title="Direct", category_slug=slug))
    assert (caught.value.code, caught.value.details.get("field")) == (ErrorCode.BAD_USER_INPUT, "categorySlug")


@pytest.mark.parametrize("field", ["text", "language", "categorySlugs"])
async def test_long_catalog_filters_find_nothing(gql: GraphQLClient, runtime: Runtime, field: str) -> None:
    await factories.course(await factories.creator(runtime), title="Something")
    value: object = ["z" * 10_000] if field == "categorySlugs" else "z" * 10_000
    result = await gql("query($f: CourseFilter) { courses(filter: $f) { totalCount } }", {"f": {field: value}})
    assert result.ok()["courses"]["totalCount"] == 0


@pytest.mark.parametrize(("changes", "field"), [({"slug": "my-course\n"}, "slug"), ({"language": "en\n"}, "language")])
async def test_a_trailing_newline_does_not_slip_past_a_pattern(
    runtime: Runtime, changes: dict[str, str], field: str
) -> None:
    """A `$` in a pattern matches before a final newline: "my-course\\n" was stored as a slug."""
    author = await factories.creator(runtime)
    with pytest.raises(AppError) as caught:
        await authoring.create_course(author.viewer, CourseChanges(title="Newline", **changes))  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.details.get("field")) == (ErrorCode.BAD_USER_INPUT, field)
