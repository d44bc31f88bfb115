"""Issue 14: admins hide and restore reviews (one or up to 100 at once), with a reason; the
course's rating figures follow exactly, in every path (an author editing or deleting a hidden
review, concurrent hides), and every change is in the audit log.

Hostile input first; `recount` is the truth the figures are compared with."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID, uuid4

import pytest
from tortoise import connections

from edusphere.audit.actions import AuditAction
from edusphere.audit.models import AuditEntry
from edusphere.auth import sessions
from edusphere.auth.models import User
from edusphere.auth.sessions import AuthResult
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.courses import reviews
from edusphere.courses.models import Course, CourseStatus, Review
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

HIDE = "mutation($id: ID!, $r: String!) { hideReview(id: $id, reason: $r) { id hiddenAt hiddenReason } }"
RESTORE = "mutation($id: ID!, $r: String!) { restoreReview(id: $id, reason: $r) { id hiddenAt hiddenReason } }"
HIDE_MANY = "mutation($ids: [ID!]!, $r: String!) { hideReviews(ids: $ids, reason: $r) { changed unchanged } }"
DELETE = "mutation($id: ID!, $r: String) { deleteReview(id: $id, reason: $r) }"
UPDATE = "mutation($id: ID!, $rating: Int, $b: String) { updateReview(id: $id, rating: $rating, body: $b) { rating } }"
ADMIN_REVIEWS = """query($f: AdminReviewFilter, $first: Int, $after: String) {
  adminReviews(filter: $f, first: $first, after: $after) { totalCount totalCountCapped
    pageInfo { hasNextPage endCursor }
    edges { node { id rating body hiddenAt hiddenReason author { id } course { id title } } } } }"""
COURSE_PAGE = """query($slug: String!) { course(slug: $slug) { ratingAvg ratingCount
  ratingHistogram { rating count } reviews(first: 50) { edges { node { id rating } } }
  viewerReview { id rating hiddenAt hiddenReason } } }"""


async def recount(course_id: UUID) -> tuple[int, int]:
    rows = await connections.get("default").execute_query_dict(
        "SELECT count(*) AS n, coalesce(sum(rating), 0) AS s FROM reviews WHERE course_id = $1 AND hidden_at IS NULL",
        [course_id],
    )
    return int(rows[0]["n"]), int(rows[0]["s"])


async def assert_exact(course_id: UUID) -> tuple[int, int]:
    """The stored figures are the recount of the visible reviews."""
    count, total = await recount(course_id)
    stored = await Course.get(id=course_id)
    assert (stored.rating_count, stored.rating_sum) == (count, total)
    assert stored.rating_avg == pytest.approx(total / count if count else 0)
    return count, total


async def reviewed_course(runtime: Runtime, ratings: list[int]) -> tuple[Course, list[AuthResult], list[Review]]:
    course = await factories.course(await factories.creator(runtime))
    authors, rows = [], []
    for n, rating in enumerate(ratings):
        learner = await factories.enrolled_learner(runtime, course)
        rows.append(await reviews.submit_review(learner.viewer, str(course.id), rating, f"review {n} rated {rating}"))
        authors.append(learner)
    return course, authors, rows


async def snapshot() -> list[Any]:
    rows = await Review.all().order_by("id").values_list("id", "rating", "hidden_at", "hidden_reason")
    figures = await Course.all().order_by("id").values_list("id", "rating_count", "rating_sum", "rating_avg")
    return [*rows, *figures, ("audit", await AuditEntry.all().count())]


# ----- who may ----------------------------------------------------------------------------------


async def test_non_admins_cannot_moderate_not_even_the_courses_creator(gql: GraphQLClient, runtime: Runtime) -> None:
    course, authors, rows = await reviewed_course(runtime, [1, 5])
    teacher = await sessions.start_session(runtime, await User.get(id=course.creator_id))  # type: ignore[attr-defined]
    await reviews.hide_review((await factories.admin(runtime)).viewer, str(rows[1].id), "seed")
    before = await snapshot()
    tokens = {
        "anonymous": None,
        "learner": (await make_user(runtime)).access_token,
        "the review's author": authors[0].access_token,
        "the course's creator": teacher.access_token,
    }
    for who, token in tokens.items():
        expected = "UNAUTHENTICATED" if token is None else "FORBIDDEN"
        for document, variables in [
            (HIDE, {"id": str(rows[0].id), "r": "spam"}),
            (RESTORE, {"id": str(rows[1].id), "r": "fine"}),
            (HIDE_MANY, {"ids": [str(rows[0].id)], "r": "spam"}),
            (ADMIN_REVIEWS, {}),
        ]:
            result = await gql(document, variables, token=token)
            assert result.error_code == expected, (who, document)
    assert await snapshot() == before


# ----- hide and restore ---------------------------------------------------------------------------


async def test_hiding_takes_a_review_out_of_the_page_and_figures_and_restoring_puts_it_back(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    course, authors, rows = await reviewed_course(runtime, [1, 4, 5])
    admin = await factories.admin(runtime)
    hidden = (await gql(HIDE, {"id": str(rows[0].id), "r": "  abusive  "}, token=admin.access_token)).ok()
    assert hidden["hideReview"]["hiddenAt"] is not None
    assert hidden["hideReview"]["hiddenReason"] == "abusive"
    assert await assert_exact(course.id) == (2, 9)
    page = (await gql(COURSE_PAGE, {"slug": course.slug})).ok()["course"]
    assert (page["ratingCount"], page["ratingAvg"]) == (2, 4.5)
    assert {e["node"]["id"] for e in page["reviews"]["edges"]} == {str(rows[1].id), str(rows[2].id)}
    assert {b["rating"]: b["count"] for b in page["ratingHistogram"]} == {5: 1, 4: 1, 3: 0, 2: 0, 1: 0}
    # Its author still sees it, and why; another learner sees only their own.
    mine = (await gql(COURSE_PAGE, {"slug": course.slug}, token=authors[0].access_token)).ok()["course"]
    assert mine["viewerReview"]["id"] == str(rows[0].id)
    assert mine["viewerReview"]["hiddenReason"] == "abusive"
    assert mine["viewerReview"]["hiddenAt"]
    theirs = (await gql(COURSE_PAGE, {"slug": course.slug}, token=authors[1].access_token)).ok()["course"]
    assert theirs["viewerReview"] == {"id": str(rows[1].id), "rating": 4, "hiddenAt": None, "hiddenReason": None}

    [entry] = await AuditEntry.all()
    assert (entry.action, entry.target_type, entry.target_id, entry.reason) == (
        AuditAction.REVIEW_HIDDEN,
        "Review",
        str(rows[0].id),
        "abusive",
    )
    assert entry.actor_id == admin.user.id  # type: ignore[attr-defined]
    assert entry.before == {"hiddenAt": None}
    assert entry.after is not None
    assert entry.after["hiddenAt"][:19] == hidden["hideReview"]["hiddenAt"][:19]

    restored = (await gql(RESTORE, {"id": str(rows[0].id), "r": "appeal upheld"}, token=admin.access_token)).ok()
    assert restored["restoreReview"] == {"id": str(rows[0].id), "hiddenAt": None, "hiddenReason": None}
    assert await assert_exact(course.id) == (3, 10)
    entries = await AuditEntry.all().order_by("created_at")
    assert [e.action for e in entries] == [AuditAction.REVIEW_HIDDEN, AuditAction.REVIEW_RESTORED]
    assert (entries[1].before, entries[1].after, entries[1].reason) == (
        entry.after,
        {"hiddenAt": None},
        "appeal upheld",
    )
    assert len((await gql(COURSE_PAGE, {"slug": course.slug})).ok()["course"]["reviews"]["edges"]) == 3


async def test_hiding_a_hidden_review_or_restoring_a_visible_one_is_nothing_to_do(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    course, _, rows = await reviewed_course(runtime, [2, 3])
    admin = await factories.admin(runtime)
    first = (await gql(HIDE, {"id": str(rows[0].id), "r": "first"}, token=admin.access_token)).ok()
    before = await snapshot()
    again = (await gql(HIDE, {"id": str(rows[0].id), "r": "second"}, token=admin.access_token)).ok()
    assert again == first  # the first hiding stands, reason included
    (await gql(RESTORE, {"id": str(rows[1].id), "r": "nothing"}, token=admin.access_token)).ok()
    assert await snapshot() == before
    assert await assert_exact(course.id) == (1, 3)


@pytest.mark.parametrize("reason", ["", "   ", "\n\t", "x" * 501, "bell\u0007", "esc\u001b[2J", "csi\u009b", "\u0085"])
async def test_hide_and_restore_need_a_plain_reason(gql: GraphQLClient, runtime: Runtime, reason: str) -> None:
    _, _, rows = await reviewed_course(runtime, [2, 3])
    admin = await factories.admin(runtime)
    await reviews.hide_review(admin.viewer, str(rows[1].id), "seed")
    before = await snapshot()
    for document, variables in [
        (HIDE, {"id": str(rows[0].id)}),
        (RESTORE, {"id": str(rows[1].id)}),
        (HIDE_MANY, {"ids": [str(rows[0].id)]}),
    ]:
        result = await gql(document, {**variables, "r": reason}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT", document
        assert result.errors[0]["extensions"]["field"] == "reason"
    assert await snapshot() == before


async def test_a_missing_reason_is_refused_by_the_schema(gql: GraphQLClient, runtime: Runtime) -> None:
    _, _, rows = await reviewed_course(runtime, [2])
    admin = await factories.admin(runtime)
    result = await gql(
        "mutation($id: ID!) { hideReview(id: $id) { id } }", {"id": str(rows[0].id)}, token=admin.access_token
    )
    assert result.status == 400
    assert (await Review.get(id=rows[0].id)).hidden_at is None


async def test_unknown_and_malformed_review_ids(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await factories.admin(runtime)
    await reviewed_course(runtime, [4])
    before = await snapshot()
    for bad in (str(uuid4()), "not-an-id", "", "x" * 10_000, "☃"):
        for document in (HIDE, RESTORE):
            assert (await gql(document, {"id": bad, "r": "why"}, token=admin.access_token)).error_code == "NOT_FOUND"
        assert (await gql(DELETE, {"id": bad, "r": "why"}, token=admin.access_token)).error_code == "NOT_FOUND"
    assert await snapshot() == before


# ----- hidden reviews in every other path -------------------------------------------------------


async def test_an_author_editing_a_hidden_review_does_not_move_the_figures(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    course, authors, rows = await reviewed_course(runtime, [1, 5])
    admin = await factories.admin(runtime)
    (await gql(HIDE, {"id": str(rows[0].id), "r": "rant"}, token=admin.access_token)).ok()
    edited = await gql(UPDATE, {"id": str(rows[0].id), "rating": 4, "b": "calmer"}, token=authors[0].access_token)
    assert edited.ok()["updateReview"]["rating"] == 4
    assert await assert_exact(course.id) == (1, 5)
    stored = await Review.get(id=rows[0].id)
    assert (stored.rating, stored.body, stored.hidden_at is not None) == (4, "calmer", True)
    (await gql(RESTORE, {"id": str(rows[0].id), "r": "edited"}, token=admin.access_token)).ok()
    assert await assert_exact(course.id) == (2, 9)  # it counts again with its new rating


@pytest.mark.parametrize("by", ["author", "admin"])
async def test_deleting_a_hidden_review_does_not_subtract_it_twice(
    gql: GraphQLClient, runtime: Runtime, by: str
) -> None:
    course, authors, rows = await reviewed_course(runtime, [2, 5])
    admin = await factories.admin(runtime)
    (await gql(HIDE, {"id": str(rows[0].id), "r": "spam"}, token=admin.access_token)).ok()
    token = authors[0].access_token if by == "author" else admin.access_token
    assert (await gql(DELETE, {"id": str(rows[0].id), "r": "gone"}, token=token)).ok() == {"deleteReview": True}
    assert await assert_exact(course.id) == (1, 5)
    assert not await Review.filter(id=rows[0].id).exists()


async def test_an_admins_delete_is_audited_with_what_the_review_said(gql: GraphQLClient, runtime: Runtime) -> None:
    course, authors, rows = await reviewed_course(runtime, [3, 4])
    admin = await factories.admin(runtime)
    assert (await gql(DELETE, {"id": str(rows[0].id), "r": "doxxing"}, token=admin.access_token)).ok()
    assert await assert_exact(course.id) == (1, 4)
    [entry] = await AuditEntry.all()
    assert (entry.action, entry.target_type, entry.target_id, entry.reason, entry.after) == (
        AuditAction.REVIEW_DELETED,
        "Review",
        str(rows[0].id),
        "doxxing",
        None,
    )
    assert entry.before == {"rating": 3, "body": "review 0 rated 3"}
    # The author deleting their own is not an admin action.
    assert (await gql(DELETE, {"id": str(rows[1].id)}, token=authors[1].access_token)).ok()
    assert await AuditEntry.all().count() == 1
    assert await assert_exact(course.id) == (0, 0)


async def test_a_bad_reason_on_delete_changes_nothing(gql: GraphQLClient, runtime: Runtime) -> None:
    _, _, rows = await reviewed_course(runtime, [3])
    admin = await factories.admin(runtime)
    before = await snapshot()
    for reason in ("x" * 501, "bell\u0007"):
        result = await gql(DELETE, {"id": str(rows[0].id), "r": reason}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT"
    assert await snapshot() == before


async def test_figures_stay_exact_under_concurrent_moderation(runtime: Runtime) -> None:
    ratings = [(n % 5) + 1 for n in range(16)]
    course, authors, rows = await reviewed_course(runtime, ratings)
    admin = (await factories.admin(runtime)).viewer
    # Different reviews of one course hidden at once, one at a time and in overlapping bulks.
    await asyncio.gather(
        *(reviews.hide_review(admin, str(row.id), f"wave {n}") for n, row in enumerate(rows[:6])),
        reviews.hide_reviews(admin, [str(r.id) for r in rows[6:10]], "bulk one"),
        reviews.hide_reviews(admin, [str(r.id) for r in rows[8:12]], "bulk two"),
    )
    assert await assert_exact(course.id) == (4, sum(ratings[12:]))
    assert await Review.filter(hidden_at__isnull=False).count() == 12
    assert await AuditEntry.filter(action=AuditAction.REVIEW_HIDDEN).count() == 12
    # The same reviews hidden, restored, edited and deleted at once (a hide or restore that
    # comes after the delete finds nothing: NOT_FOUND, the only refusal allowed here).
    same = rows[12]
    outcomes = await asyncio.gather(
        reviews.hide_review(admin, str(same.id), "race"),
        reviews.update_review(authors[12].viewer, str(same.id), 5, None),
        reviews.restore_review(admin, str(rows[0].id), "race"),
        reviews.update_review(authors[0].viewer, str(rows[0].id), 2, None),
        reviews.hide_review(admin, str(rows[13].id), "race"),
        reviews.delete_review(authors[13].viewer, str(rows[13].id)),
        reviews.restore_review(admin, str(rows[1].id), "race"),
        reviews.delete_review(authors[1].viewer, str(rows[1].id)),
        *(reviews.hide_review(admin, str(row.id), "race") for row in rows[14:]),
        *(reviews.restore_review(admin, str(row.id), "race") for row in rows[2:6]),
        return_exceptions=True,
    )
    refusals = [o for o in outcomes if isinstance(o, BaseException)]
    assert all(isinstance(o, AppError) and o.code is ErrorCode.NOT_FOUND for o in refusals), refusals
    assert not await Review.filter(id__in=[rows[1].id, rows[13].id]).exists()
    await assert_exact(course.id)


async def test_concurrent_hides_of_one_review_subtract_it_once(runtime: Runtime) -> None:
    course, _, rows = await reviewed_course(runtime, [4, 5])
    admin = (await factories.admin(runtime)).viewer
    await asyncio.gather(*(reviews.hide_review(admin, str(rows[0].id), f"try {n}") for n in range(8)))
    assert await assert_exact(course.id) == (1, 5)
    assert await AuditEntry.all().count() == 1


# ----- hideReviews ----------------------------------------------------------------------------------


async def test_bulk_hide_audits_each_review_it_hides(gql: GraphQLClient, runtime: Runtime) -> None:
    first_course, _, first = await reviewed_course(runtime, [1, 2, 3])
    second_course, _, second = await reviewed_course(runtime, [4, 5])
    admin = await factories.admin(runtime)
    await reviews.hide_review(admin.viewer, str(first[0].id), "earlier")
    ids = [str(first[0].id), str(first[1].id), str(second[0].id), str(second[1].id)]
    outcome = (await gql(HIDE_MANY, {"ids": ids, "r": "spam wave"}, token=admin.access_token)).ok()
    assert outcome == {"hideReviews": {"changed": 3, "unchanged": 1}}
    assert await assert_exact(first_course.id) == (1, 3)
    assert await assert_exact(second_course.id) == (0, 0)
    entries = await AuditEntry.filter(reason="spam wave")
    assert sorted(e.target_id for e in entries) == sorted(ids[1:])
    assert {(e.action, e.actor_id) for e in entries} == {(AuditAction.REVIEW_HIDDEN, admin.user.id)}  # type: ignore[attr-defined]
    assert (await Review.get(id=first[0].id)).hidden_reason == "earlier"
    again = (await gql(HIDE_MANY, {"ids": ids, "r": "again"}, token=admin.access_token)).ok()
    assert again == {"hideReviews": {"changed": 0, "unchanged": 4}}
    assert await AuditEntry.all().count() == 4


@pytest.mark.parametrize("case", ["none", "101", "duplicate", "one unknown", "one malformed", "one empty", "one huge"])
async def test_a_bad_bulk_changes_nothing(gql: GraphQLClient, runtime: Runtime, case: str) -> None:
    _, _, rows = await reviewed_course(runtime, [1, 2, 3])
    admin = await factories.admin(runtime)
    good = [str(r.id) for r in rows]
    ids = {
        "none": [],
        "101": good + [str(uuid4()) for _ in range(98)],
        "duplicate": [*good, good[0]],
        "one unknown": [*good, str(uuid4())],
        "one malformed": [*good, "not-an-id"],
        "one empty": [*good, ""],
        "one huge": [*good, "x" * 10_000],
    }[case]
    before = await snapshot()
    result = await gql(HIDE_MANY, {"ids": ids, "r": "spam"}, token=admin.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == "ids"
    assert await snapshot() == before
    if case == "one unknown":
        assert result.errors[0]["extensions"]["unknown"] == [ids[-1]]


async def test_a_bulk_of_one_hundred(gql: GraphQLClient, runtime: Runtime) -> None:
    course, _, rows = await reviewed_course(runtime, [5])
    admin = await factories.admin(runtime)
    outcome = (await gql(HIDE_MANY, {"ids": [str(rows[0].id)], "r": "one"}, token=admin.access_token)).ok()
    assert outcome == {"hideReviews": {"changed": 1, "unchanged": 0}}
    # 100 distinct ids are accepted (here all unknown but one: refused as a whole, not for the count).
    many = [str(rows[0].id)] + [str(uuid4()) for _ in range(99)]
    result = await gql(HIDE_MANY, {"ids": many, "r": "x"}, token=admin.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert len(result.errors[0]["extensions"]["unknown"]) == 99
    assert await assert_exact(course.id) == (0, 0)


# ----- adminReviews -------------------------------------------------------------------------------------


async def test_admin_reviews_filters_pages_and_totals(gql: GraphQLClient, runtime: Runtime) -> None:
    course, _, rows = await reviewed_course(runtime, [1, 2, 3, 4, 5])
    other, _, others = await reviewed_course(runtime, [1, 5])
    await Review.filter(id=rows[2].id).update(body="100% _wild_ card")
    await Review.filter(id=rows[4].id).update(body="1000 xwild card")  # what % and _ as wildcards would find
    admin = await factories.admin(runtime)
    await reviews.hide_reviews(admin.viewer, [str(rows[0].id), str(others[1].id)], "spam")

    async def listed(f: dict[str, Any] | None = None, first: int = 100) -> tuple[list[str], int]:
        data = (await gql(ADMIN_REVIEWS, {"f": f, "first": first}, token=admin.access_token)).ok()["adminReviews"]
        assert data["totalCountCapped"] is False  # far below the cap
        return [e["node"]["id"] for e in data["edges"]], data["totalCount"]

    everything = await Review.all().order_by("-created_at", "-id").values_list("id", flat=True)
    assert await listed() == ([str(i) for i in everything], 7)
    assert set((await listed({"hidden": True}))[0]) == {str(rows[0].id), str(others[1].id)}
    assert (await listed({"hidden": False}))[1] == 5
    assert (await listed({"courseId": str(other.id)}))[1] == 2
    assert set((await listed({"courseId": str(course.id), "hidden": True}))[0]) == {str(rows[0].id)}
    assert (await listed({"ratingMax": 1}))[1] == 2
    assert (await listed({"ratingMax": 2, "courseId": str(course.id)}))[1] == 2
    assert (await listed({"ratingMax": 5}))[1] == 7
    assert await listed({"search": "RATED 4"}) == ([str(rows[3].id)], 1)
    assert await listed({"search": "100% _wild"}) == ([str(rows[2].id)], 1)
    assert await listed({"search": "0% _wild_"}) == ([str(rows[2].id)], 1)
    assert (await listed({"search": "card"}))[1] == 2
    assert await listed({"search": "rated 1%"}) == ([], 0)
    assert (await listed({"search": "x" * 10_000}))[1] == 0
    assert (await listed({"search": "  "}))[1] == 7
    assert (await listed({"courseId": str(uuid4())}))[1] == 0

    # Page by page, newest first, and the course and moderation fields for the admin.
    seen, after = [], None
    while True:
        data = (await gql(ADMIN_REVIEWS, {"first": 3, "after": after}, token=admin.access_token)).ok()["adminReviews"]
        seen += data["edges"]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert [e["node"]["id"] for e in seen] == [str(i) for i in everything]
    hidden = next(e["node"] for e in seen if e["node"]["id"] == str(others[1].id))
    assert (hidden["hiddenReason"], hidden["course"]) == ("spam", {"id": str(other.id), "title": other.title})


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"f": {"ratingMax": 0}}, "ratingMax"),
        ({"f": {"ratingMax": 6}}, "ratingMax"),
        ({"f": {"ratingMax": -2147483648}}, "ratingMax"),
        ({"f": {"courseId": "not-an-id"}}, "courseId"),
        ({"f": {"courseId": "x" * 10_000}}, "courseId"),
        ({"first": 0}, "first"),
        ({"first": 101}, "first"),
        ({"after": "garbage"}, "after"),
    ],
)
async def test_admin_reviews_refuses_bad_input(
    gql: GraphQLClient, runtime: Runtime, variables: dict[str, Any], field: str
) -> None:
    admin = await factories.admin(runtime)
    result = await gql(ADMIN_REVIEWS, variables, token=admin.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    extensions = result.errors[0]["extensions"]
    assert extensions.get("field", extensions.get("argument")) == field


@pytest.mark.parametrize("term", ["%", "_", "ab", "5%", "a_b", "%%%", "__ __", "a b c", "12 34"])
async def test_a_review_search_needs_three_letters_or_digits_in_a_row(
    gql: GraphQLClient, runtime: Runtime, term: str
) -> None:
    """What the trigram index cannot answer would read every review: refused, with a reason."""
    admin = await factories.admin(runtime)
    result = await gql(ADMIN_REVIEWS, {"f": {"search": term}}, token=admin.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == "search"
    assert result.errors[0]["extensions"]["reason"] == "SEARCH_TOO_SHORT"


async def test_admin_reviews_refuses_a_cursor_of_another_list(gql: GraphQLClient, runtime: Runtime) -> None:
    course, _, _ = await reviewed_course(runtime, [3, 4])
    admin = await factories.admin(runtime)
    query = "query($slug: String!) { course(slug: $slug) { reviews(first: 1) { pageInfo { endCursor } } } }"
    page = (await gql(query, {"slug": course.slug})).ok()
    cursor = page["course"]["reviews"]["pageInfo"]["endCursor"]
    result = await gql(ADMIN_REVIEWS, {"after": cursor}, token=admin.access_token)
    assert result.error_code == "BAD_USER_INPUT"


async def test_admin_review_search_refuses_nul(runtime: Runtime) -> None:
    with pytest.raises(AppError) as caught:
        await reviews.admin_reviews("secret", reviews.AdminReviewFilter(search="a\u0000"), None, None)
    assert (caught.value.code, caught.value.details["field"]) == (ErrorCode.BAD_USER_INPUT, "search")


async def test_review_course_is_hidden_from_who_cannot_see_the_course(gql: GraphQLClient, runtime: Runtime) -> None:
    """A review's author whose course went back to draft does not see the draft through it."""
    course, authors, rows = await reviewed_course(runtime, [4])
    await Course.filter(id=course.id).update(status=CourseStatus.DRAFT)
    update = UPDATE.replace("{ rating }", "{ rating course { title } }")
    variables = {"id": str(rows[0].id), "rating": 5}
    assert (await gql(update, variables, token=authors[0].access_token)).error_code == "NOT_FOUND"
    await Course.filter(id=course.id).update(status=CourseStatus.PUBLISHED)
    shown = await gql(update, variables, token=authors[0].access_token)
    assert shown.ok()["updateReview"]["course"] == {"title": course.title}
