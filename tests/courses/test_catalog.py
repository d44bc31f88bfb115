"""Catalog search: PostgreSQL full text, filters, sorts, keyset pages, facets, and a bounded query count."""

import logging

import pytest

from edusphere.core.runtime import Runtime
from edusphere.courses.models import Course, Level
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

SEARCH = """query($filter: CourseFilter, $sort: CourseSort, $first: Int, $after: String) {
  courses(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug title priceCents } } } }"""
FACETS = """query($filter: CourseFilter) { courses(filter: $filter) { totalCount facets {
  categories { slug count } priceBands { key count minCents maxCents } } } }"""


async def search(gql: GraphQLClient, **variables: object) -> dict:
    result: dict = (await gql(SEARCH, variables)).ok()["courses"]
    return result


def slugs(page: dict) -> list[str]:
    return [edge["node"]["slug"] for edge in page["edges"]]


async def test_full_text_ranks_title_matches_first(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    await factories.course(
        author,
        title="Gardening basics",
        slug="in-description",
        description="We also touch on python scripting for sensors.",
    )
    await factories.course(author, title="Python programming", slug="in-title")
    await factories.course(author, title="Cooking", slug="unrelated")
    page = await search(gql, filter={"text": "python"}, sort="RELEVANCE")
    assert slugs(page) == ["in-title", "in-description"]
    assert page["totalCount"] == 2
    stemmed = await search(gql, filter={"text": "programs"})
    assert slugs(stemmed) == ["in-title"]


@pytest.mark.parametrize("text", ["&|!():*'\\", "python & | !", "'", '"unterminated', "(((", "a:*b"])
async def test_tsquery_syntax_in_search_text_never_raises(gql: GraphQLClient, runtime: Runtime, text: str) -> None:
    await factories.course(await factories.creator(runtime), title="Python programming")
    page = await search(gql, filter={"text": text})
    assert page["totalCount"] == len(page["edges"])


async def test_filters(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    other = await factories.creator(runtime)
    await factories.course(author, slug="free-py", category_slug="programming", level=Level.BEGINNER)
    await factories.course(author, slug="cheap-py", category_slug="programming", price_cents=999, language="de")
    await factories.course(author, slug="pricey-design", category_slug="design", price_cents=8000, level=Level.ADVANCED)
    await factories.course(other, slug="other-free", category_slug="design")
    await Course.filter(slug="cheap-py").update(rating_avg=4.5, rating_count=2, rating_sum=9)

    async def matching(**f: object) -> set[str]:
        return set(slugs(await search(gql, filter=f)))

    assert await matching(categorySlugs=["design"]) == {"pricey-design", "other-free"}
    assert await matching(freeOnly=True) == {"free-py", "other-free"}
    assert await matching(priceMin=500, priceMax=5000) == {"cheap-py"}
    assert await matching(ratingMin=4) == {"cheap-py"}
    assert await matching(level="ADVANCED") == {"pricey-design"}
    assert await matching(language="de") == {"cheap-py"}
    assert await matching(creatorId=str(other.user.id)) == {"other-free"}
    assert await matching(categorySlugs=["programming"], freeOnly=True) == {"free-py"}


async def test_sorts(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    for slug, price, enrolled in (("a", 500, 1), ("b", 1500, 7), ("c", 0, 3)):
        await factories.course(author, slug=slug, price_cents=price)
        await Course.filter(slug=slug).update(enrollment_count=enrolled)
    assert slugs(await search(gql, sort="PRICE_ASC")) == ["c", "a", "b"]
    assert slugs(await search(gql, sort="PRICE_DESC")) == ["b", "a", "c"]
    assert slugs(await search(gql, sort="POPULAR")) == ["b", "c", "a"]
    assert slugs(await search(gql, sort="NEWEST")) == ["c", "b", "a"]


async def test_keyset_pages_are_stable_under_ties(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    created = [(await factories.course(author, lessons=1, price_cents=1000)).slug for _ in range(7)]
    seen: list[str] = []
    after = None
    while True:
        page = await search(gql, sort="PRICE_ASC", first=3, after=after)
        seen += slugs(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        # A new course with the same price appears while paging: pages stay consistent.
        await factories.course(author, lessons=1, price_cents=1000, slug=f"late-{len(seen)}")
    assert len(seen) == len(set(seen))
    assert set(created) <= set(seen)


async def test_bad_paging_arguments(gql: GraphQLClient, runtime: Runtime) -> None:
    await factories.course(await factories.creator(runtime))
    assert (await gql(SEARCH, {"first": 101})).error_code == "BAD_USER_INPUT"
    assert (await gql(SEARCH, {"first": 0})).error_code == "BAD_USER_INPUT"
    assert (await gql(SEARCH, {"after": "forged"})).error_code == "BAD_USER_INPUT"
    newest = (await gql(SEARCH, {"sort": "NEWEST", "first": 1})).ok()["courses"]["edges"][0]["cursor"]
    foreign = await gql(SEARCH, {"sort": "PRICE_ASC", "after": newest})
    assert foreign.error_code == "BAD_USER_INPUT"
    assert (await gql(SEARCH, {"filter": {"priceMin": -5}})).error_code == "BAD_USER_INPUT"
    assert (await gql(SEARCH, {"filter": {"ratingMin": 7}})).error_code == "BAD_USER_INPUT"


async def test_facets_count_per_category_and_price_band(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    await factories.course(author, title="A course", category_slug="programming")
    await factories.course(author, title="B course", category_slug="programming", price_cents=2500)
    await factories.course(author, title="C course", category_slug="design", price_cents=15000)
    result = (await gql(FACETS, {"filter": {"categorySlugs": ["programming"]}})).ok()["courses"]
    assert result["totalCount"] == 2
    # The category facet ignores the category filter, so other categories stay visible.
    assert {c["slug"]: c["count"] for c in result["facets"]["categories"]} == {"programming": 2, "design": 1}
    bands = {b["key"]: b["count"] for b in result["facets"]["priceBands"]}
    assert bands == {"FREE": 1, "UNDER_20": 0, "FROM_20_TO_50": 1, "FROM_50_TO_100": 0, "OVER_100": 0}
    searched = (await gql(FACETS, {"filter": {"text": "course", "priceMin": 1}})).ok()["courses"]
    assert searched["totalCount"] == 2
    assert {c["slug"]: c["count"] for c in searched["facets"]["categories"]} == {"programming": 1, "design": 1}
    assert sum(b["count"] for b in searched["facets"]["priceBands"]) == 3


CARDS = """{ courses(first: 50, sort: NEWEST) { totalCount edges { node { title ratingAvg ratingCount lessonCount
  category { slug name } creator { id displayName } viewerEnrollment { id } } } } }"""


# What the server's background workers read (mail outbox, announcement and mention digests), not a request.
BACKGROUND_TABLES = ("mail_outbox", "course_announcements", "notification_recipients", "announcement_deliveries",
                     "chat_mentions", "mention_deliveries")  # fmt: skip


async def test_a_page_costs_the_same_number_of_queries_whatever_its_size(
    gql: GraphQLClient, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    learner = await make_user(runtime)

    async def queries_for_a_page() -> int:
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            caplog.clear()
            (await gql(CARDS, token=learner.access_token)).ok()
            # The request's queries only: the server's outbox and announcement workers poll meanwhile.
            return sum(1 for r in caplog.records if r.name == "tortoise.db_client" and "SELECT" in r.getMessage()
                       and not any(table in r.getMessage() for table in BACKGROUND_TABLES))  # fmt: skip

    (await gql("{ me { id } }", token=learner.access_token)).ok()  # authenticate once, outside the count
    authors = [await factories.creator(runtime) for _ in range(3)]
    for n in range(3):
        await factories.course(authors[n % 3], lessons=1, category_slug=f"cat-{n % 2}")
    small = await queries_for_a_page()
    for n in range(50):
        await factories.course(authors[n % 3], lessons=1, category_slug=f"cat-{n % 4}")
    large = await queries_for_a_page()
    print(f"SQL queries for a catalog page: {small} (3 courses), {large} (50 courses)")
    assert large == small
    assert large <= 6  # page, count, categories, creators, lesson counts, enrollments
