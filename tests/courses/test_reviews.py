"""Reviews: enrolled learners only, one each; the course's figures stay exact."""

import asyncio

import pytest

from edusphere.auth.models import Role
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment, reviews
from edusphere.courses.models import Course, Review
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

SUBMIT = "mutation($c: ID!, $r: Int!, $b: String) { submitReview(courseId: $c, rating: $r, body: $b) { id rating } }"
PAGE = """query($slug: String!, $after: String) { course(slug: $slug) { ratingAvg ratingCount
  ratingHistogram { rating count } reviews(first: 2, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { rating body author { displayName } } } } } }"""


async def enrolled_learner(runtime: Runtime, course: Course):  # type: ignore[no-untyped-def]
    learner = await make_user(runtime)
    await enrollment.enroll(learner.viewer, str(course.id))
    return learner


async def test_review_figures_and_pages(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    for rating in (5, 4, 4):
        learner = await enrolled_learner(runtime, course)
        (await gql(SUBMIT, {"c": str(course.id), "r": rating, "b": f"rated {rating}"}, token=learner.access_token)).ok()
    first = (await gql(PAGE, {"slug": course.slug})).ok()["course"]
    assert (first["ratingCount"], round(first["ratingAvg"], 4)) == (3, 4.3333)
    assert first["ratingHistogram"] == [
        {"rating": 5, "count": 1},
        {"rating": 4, "count": 2},
        {"rating": 3, "count": 0},
        {"rating": 2, "count": 0},
        {"rating": 1, "count": 0},
    ]
    assert first["reviews"]["pageInfo"]["hasNextPage"] is True
    second = (await gql(PAGE, {"slug": course.slug, "after": first["reviews"]["pageInfo"]["endCursor"]})).ok()
    bodies = [e["node"]["body"] for e in first["reviews"]["edges"] + second["course"]["reviews"]["edges"]]
    assert sorted(bodies) == ["rated 4", "rated 4", "rated 5"]


@pytest.mark.parametrize("rating", [0, 6, -1])
async def test_ratings_outside_one_to_five_are_refused(gql: GraphQLClient, runtime: Runtime, rating: int) -> None:
    course = await factories.course(await factories.creator(runtime))
    learner = await enrolled_learner(runtime, course)
    result = await gql(SUBMIT, {"c": str(course.id), "r": rating}, token=learner.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert await Review.all().count() == 0
    assert (await Course.get(id=course.id)).rating_count == 0


async def test_one_review_each_and_only_when_enrolled(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    outsider = await make_user(runtime)
    assert (await gql(SUBMIT, {"c": str(course.id), "r": 5}, token=outsider.access_token)).error_code == "FORBIDDEN"
    learner = await enrolled_learner(runtime, course)
    (await gql(SUBMIT, {"c": str(course.id), "r": 5}, token=learner.access_token)).ok()
    second = await gql(SUBMIT, {"c": str(course.id), "r": 1}, token=learner.access_token)
    assert second.error_code == "CONFLICT"
    stored = await Course.get(id=course.id)
    assert (stored.rating_count, stored.rating_sum, stored.rating_avg) == (1, 5, 5.0)


async def test_editing_and_deleting_reviews(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    author = await enrolled_learner(runtime, course)
    other = await enrolled_learner(runtime, course)
    review_id = (await gql(SUBMIT, {"c": str(course.id), "r": 2}, token=author.access_token)).ok()["submitReview"]["id"]
    update = "mutation($id: ID!, $r: Int) { updateReview(id: $id, rating: $r) { rating } }"
    assert (await gql(update, {"id": review_id, "r": 5}, token=other.access_token)).error_code == "FORBIDDEN"
    assert (await gql(update, {"id": review_id, "r": 9}, token=author.access_token)).error_code == "BAD_USER_INPUT"
    assert (await Course.get(id=course.id)).rating_avg == 2.0
    (await gql(update, {"id": review_id, "r": 4}, token=author.access_token)).ok()
    assert (await Course.get(id=course.id)).rating_avg == 4.0
    delete = "mutation($id: ID!) { deleteReview(id: $id) }"
    assert (await gql(delete, {"id": review_id}, token=other.access_token)).error_code == "FORBIDDEN"
    admin = await make_user(runtime, Role.ADMIN)
    assert (await gql(delete, {"id": review_id}, token=admin.access_token)).ok() == {"deleteReview": True}
    stored = await Course.get(id=course.id)
    assert (stored.rating_count, stored.rating_sum, stored.rating_avg) == (0, 0, 0.0)


async def test_figures_stay_exact_under_concurrent_reviews(runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    learners = [await enrolled_learner(runtime, course) for _ in range(12)]
    ratings = [(n % 5) + 1 for n in range(12)]
    await asyncio.gather(
        *(reviews.submit_review(lr.viewer, str(course.id), r, None) for lr, r in zip(learners, ratings, strict=True))
    )
    stored = await Course.get(id=course.id)
    assert stored.rating_count == 12
    assert stored.rating_sum == sum(ratings)
    assert stored.rating_avg == pytest.approx(sum(ratings) / 12)


async def test_viewer_review_is_the_viewers_own(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    author, other = await enrolled_learner(runtime, course), await enrolled_learner(runtime, course)
    (await gql(SUBMIT, {"c": str(course.id), "r": 4, "b": "mine"}, token=author.access_token)).ok()
    query = "query($slug: String!) { course(slug: $slug) { viewerReview { rating body } } }"
    mine = (await gql(query, {"slug": course.slug}, token=author.access_token)).ok()["course"]["viewerReview"]
    assert mine == {"rating": 4, "body": "mine"}
    assert (await gql(query, {"slug": course.slug}, token=other.access_token)).ok()["course"]["viewerReview"] is None
    assert (await gql(query, {"slug": course.slug})).ok()["course"]["viewerReview"] is None
