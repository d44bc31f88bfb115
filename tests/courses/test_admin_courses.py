"""Issue 14: the admin's courses — every course in every status, one course with its
enrollments, the life cycle (unpublish, archive, restore), featuring, and audited revokes.

Hostile input first: every admin field refuses non-admins and changes nothing, and every
client-chosen value is checked."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from redis.asyncio.client import PubSub

from edusphere.audit.actions import AuditAction
from edusphere.audit.models import AuditEntry
from edusphere.auth.models import Role
from edusphere.core import counting
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.invalidation import channel
from edusphere.core.runtime import Runtime
from edusphere.courses import admin as course_admin
from edusphere.courses import enrollment
from edusphere.courses.access import COURSE_CHANGED
from edusphere.courses.enrollment import ENROLLMENT_REVOKED
from edusphere.courses.models import Course, CourseStatus, Enrollment, Lesson
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

ADMIN_COURSES = """query($f: AdminCourseFilter, $s: AdminCourseSort, $first: Int, $after: String) {
  adminCourses(filter: $f, sort: $s, first: $first, after: $after) {
    totalCount totalCountCapped pageInfo { hasNextPage endCursor }
    edges { cursor node { id title status featuredAt } } } }"""
ADMIN_COURSE = """query($id: ID!, $first: Int, $after: String) { adminCourse(id: $id) {
  course { id title status }
  enrollments(first: $first, after: $after) { totalCount totalCountCapped pageInfo { hasNextPage endCursor }
    edges { node { id revokedAt source learner { id } } } } } }"""
UNPUBLISH = "mutation($id: ID!, $r: String) { unpublishCourse(id: $id, reason: $r) { id status featuredAt } }"
ARCHIVE = "mutation($id: ID!, $r: String) { archiveCourse(id: $id, reason: $r) { id status featuredAt } }"
RESTORE = "mutation($id: ID!, $r: String) { restoreCourse(id: $id, reason: $r) { id status } }"
FEATURE = """mutation($id: ID!, $on: Boolean!, $r: String) {
  setCourseFeatured(id: $id, featured: $on, reason: $r) { id featuredAt } }"""
FEATURED = "{ featuredCourses { id title featuredAt } }"
REVOKE = "mutation($id: ID!, $r: String) { revokeEnrollment(enrollmentId: $id, reason: $r) { id revokedAt } }"
SNOWMAN = "☃"


async def audit_rows(action: AuditAction | None = None) -> list[AuditEntry]:
    query = AuditEntry.all() if action is None else AuditEntry.filter(action=action)
    return await query.order_by("created_at", "id")


async def snapshot() -> list[tuple[Any, ...]]:
    """Everything an admin course action could change."""
    courses = await Course.all().order_by("id").values_list("id", "status", "featured_at", "enrollment_count")
    enrollments = await Enrollment.all().order_by("id").values_list("id", "revoked_at")
    return [*courses, *enrollments, ("audit", await AuditEntry.all().count())]


# ----- who may ask ---------------------------------------------------------------------------


async def _targets(runtime: Runtime) -> dict[str, Any]:
    author = await factories.creator(runtime)
    published = await factories.course(author, title="Published one")
    archived = await factories.course(author, title="Archived one")
    await Course.filter(id=archived.id).update(status=CourseStatus.ARCHIVED)
    learner = await factories.enrolled_learner(runtime, published)
    row = await Enrollment.get(learner_id=learner.user.id)
    return {"author": author, "published": published, "archived": archived, "enrollment": row}


ADMIN_ONLY: list[tuple[str, str, Any]] = [
    ("adminCourses", ADMIN_COURSES, lambda t: {}),
    ("adminCourse", ADMIN_COURSE, lambda t: {"id": str(t["published"].id)}),
    ("restoreCourse", RESTORE, lambda t: {"id": str(t["archived"].id), "r": "back"}),
    ("setCourseFeatured", FEATURE, lambda t: {"id": str(t["published"].id), "on": True, "r": "good"}),
    ("revokeEnrollment", REVOKE, lambda t: {"id": str(t["enrollment"].id), "r": "spam"}),
]


@pytest.mark.parametrize(("name", "document", "variables"), ADMIN_ONLY, ids=[n for n, _, _ in ADMIN_ONLY])
@pytest.mark.parametrize("who", ["anonymous", "learner", "creator", "course's creator"])
async def test_non_admins_are_refused_and_nothing_changes(
    gql: GraphQLClient, runtime: Runtime, name: str, document: str, variables: Any, who: str
) -> None:
    targets = await _targets(runtime)
    token = {
        "anonymous": None,
        "learner": (await make_user(runtime)).access_token,
        "creator": (await factories.creator(runtime)).access_token,
        "course's creator": targets["author"].access_token,
    }[who]
    before = await snapshot()
    result = await gql(document, variables(targets), token=token)
    assert result.error_code == ("UNAUTHENTICATED" if token is None else "FORBIDDEN")
    assert result.data is None or result.data.get(name) is None
    assert await snapshot() == before


async def test_unpublish_and_archive_refuse_who_does_not_manage_the_course(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    targets = await _targets(runtime)
    course_id = str(targets["published"].id)
    before = await snapshot()
    for document in (UNPUBLISH, ARCHIVE):
        assert (await gql(document, {"id": course_id, "r": "x"})).error_code == "UNAUTHENTICATED"
        other = await factories.creator(runtime)
        assert (await gql(document, {"id": course_id}, token=other.access_token)).error_code == "FORBIDDEN"
        learner = await make_user(runtime)
        assert (await gql(document, {"id": course_id}, token=learner.access_token)).error_code == "FORBIDDEN"
    assert await snapshot() == before


async def test_the_service_functions_check_for_an_admin_themselves(runtime: Runtime) -> None:
    """Defence in depth: a caller that forgot `require_admin` still cannot restore or feature."""
    from edusphere.courses import authoring, catalog

    targets = await _targets(runtime)
    creator = targets["author"].viewer
    for call in (
        authoring.restore_course(creator, str(targets["archived"].id), "x"),
        catalog.set_featured(creator, str(targets["published"].id), True, "x"),
    ):
        with pytest.raises(AppError) as caught:
            await call
        assert caught.value.code is ErrorCode.FORBIDDEN
    assert await AuditEntry.all().count() == 0


# ----- adminCourses ----------------------------------------------------------------------------


async def _catalogue(runtime: Runtime) -> dict[str, Any]:
    """Courses of every status by two creators, one featured, different enrollment counts."""
    alice, bob = await factories.creator(runtime), await factories.creator(runtime)
    made: dict[str, Course] = {}
    for name, author, status in [
        ("Python basics", alice, CourseStatus.PUBLISHED),
        ("Advanced python", alice, CourseStatus.DRAFT),
        ("Rust in depth", bob, CourseStatus.ARCHIVED),
        ("100% practical SQL", bob, CourseStatus.PUBLISHED),
        ("snake_case style", bob, CourseStatus.PUBLISHED),
        ("Go for beginners", alice, CourseStatus.PUBLISHED),
    ]:
        made[name] = await factories.course(author, title=name, publish=status is not CourseStatus.DRAFT)
        if status is CourseStatus.ARCHIVED:
            await Course.filter(id=made[name].id).update(status=status)
    for count, name in enumerate(made):
        await Course.filter(id=made[name].id).update(enrollment_count=count * 3 % 7)
    await Course.filter(id=made["Go for beginners"].id).update(featured_at=made["Go for beginners"].published_at)
    return {"alice": alice, "bob": bob, "courses": made}


async def _all_pages(gql: GraphQLClient, token: str, variables: dict[str, Any], first: int = 2) -> list[str]:
    titles: list[str] = []
    after = None
    for _ in range(20):
        page = (await gql(ADMIN_COURSES, {**variables, "first": first, "after": after}, token=token)).ok()
        connection = page["adminCourses"]
        titles += [edge["node"]["title"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return titles
        after = connection["pageInfo"]["endCursor"]
    raise AssertionError("paging did not end")


@pytest.mark.parametrize(
    ("sort", "ordering"),
    [
        ("NEWEST", ("-created_at", "-id")),
        (None, ("-created_at", "-id")),
        ("OLDEST", ("created_at", "id")),
        ("TITLE", ("title", "id")),
        ("ENROLLMENTS", ("-enrollment_count", "-id")),
    ],
)
async def test_every_status_in_every_sort_page_by_page(
    gql: GraphQLClient, runtime: Runtime, sort: str | None, ordering: tuple[str, str]
) -> None:
    await _catalogue(runtime)
    admin = await factories.admin(runtime)
    expected = await Course.all().order_by(*ordering).values_list("title", flat=True)
    assert await _all_pages(gql, admin.access_token, {"s": sort} if sort else {}) == list(expected)
    first = (await gql(ADMIN_COURSES, {"s": sort, "first": 2}, token=admin.access_token)).ok()["adminCourses"]
    assert first["totalCount"] == 6
    everything = (await gql(ADMIN_COURSES, {}, token=admin.access_token)).ok()["adminCourses"]["edges"]
    assert {edge["node"]["status"] for edge in everything} == {"DRAFT", "PUBLISHED", "ARCHIVED"}


async def test_the_total_is_exact_up_to_the_cap_and_says_when_it_stopped(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _catalogue(runtime)
    admin = await factories.admin(runtime)
    monkeypatch.setattr(counting, "COUNT_CAP", 4)

    async def total(f: dict[str, Any]) -> tuple[int, bool]:
        data = (await gql(ADMIN_COURSES, {"f": f, "first": 1}, token=admin.access_token)).ok()["adminCourses"]
        return data["totalCount"], data["totalCountCapped"]

    assert await total({}) == (4, True)  # 6 courses
    assert await total({"status": "PUBLISHED"}) == (4, False)  # exactly the cap
    assert await total({"search": "python"}) == (2, False)
    assert await total({"search": "nothing like it"}) == (0, False)


async def test_filters_and_their_total(gql: GraphQLClient, runtime: Runtime) -> None:
    made = await _catalogue(runtime)
    admin = await factories.admin(runtime)

    async def titles(f: dict[str, Any]) -> tuple[set[str], int]:
        data = (await gql(ADMIN_COURSES, {"f": f, "first": 100}, token=admin.access_token)).ok()["adminCourses"]
        return {edge["node"]["title"] for edge in data["edges"]}, data["totalCount"]

    assert await titles({"search": "PYTHON"}) == ({"Python basics", "Advanced python"}, 2)
    assert await titles({"search": "  thon bas  "}) == ({"Python basics"}, 1)
    assert await titles({"status": "DRAFT"}) == ({"Advanced python"}, 1)
    assert await titles({"status": "ARCHIVED"}) == ({"Rust in depth"}, 1)
    assert await titles({"featured": True}) == ({"Go for beginners"}, 1)
    assert (await titles({"featured": False}))[1] == 5
    assert await titles({"creatorId": str(made["bob"].user.id), "status": "PUBLISHED"}) == (
        {"100% practical SQL", "snake_case style"},
        2,
    )
    assert await titles({"creatorId": str(made["alice"].user.id), "search": "python", "status": "PUBLISHED"}) == (
        {"Python basics"},
        1,
    )
    assert await titles({"search": ""}) == (set(made["courses"]), 6)
    assert await titles({"creatorId": "00000000-0000-0000-0000-000000000000"}) == (set(), 0)


async def test_search_takes_wildcards_literally_and_survives_hostile_terms(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    await _catalogue(runtime)
    admin = await factories.admin(runtime)

    async def titles(search: str) -> set[str]:
        data = (await gql(ADMIN_COURSES, {"f": {"search": search}}, token=admin.access_token)).ok()
        return {edge["node"]["title"] for edge in data["adminCourses"]["edges"]}

    assert await titles("%") == {"100% practical SQL"}
    assert await titles("_") == {"snake_case style"}
    assert await titles("e_c") == {"snake_case style"}  # not "any character"
    assert await titles("\\") == set()
    assert await titles("%%") == set()
    assert await titles("x" * 10_000) == set()  # cut to 100 characters, not an error
    assert await titles("Python basics" + " " * 200) == {"Python basics"}
    assert await titles("'; DROP TABLE courses; --") == set()
    assert await titles(SNOWMAN) == set()
    assert await Course.all().count() == 6
    # U+0000 is refused at the door, and by the service for any other caller.
    door = await gql(ADMIN_COURSES, {"f": {"search": "a\u0000b"}}, token=admin.access_token)
    assert door.status == 400
    assert door.error_code == "BAD_USER_INPUT"
    with pytest.raises(AppError) as caught:
        await course_admin.courses("secret", course_admin.AdminCourseFilter(search="a\u0000b"), "NEWEST", None, None)
    assert (caught.value.code, caught.value.details["field"]) == (ErrorCode.BAD_USER_INPUT, "search")


@pytest.mark.parametrize("first", [0, -1, 101, 2**31 - 1])
async def test_first_out_of_range(gql: GraphQLClient, runtime: Runtime, first: int) -> None:
    admin = await factories.admin(runtime)
    result = await gql(ADMIN_COURSES, {"first": first}, token=admin.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["argument"] == "first"


async def test_a_cursor_of_another_sort_or_list_is_refused(gql: GraphQLClient, runtime: Runtime) -> None:
    await _catalogue(runtime)
    admin = await factories.admin(runtime)
    newest = (await gql(ADMIN_COURSES, {"s": "NEWEST", "first": 1}, token=admin.access_token)).ok()
    cursor = newest["adminCourses"]["pageInfo"]["endCursor"]
    for sort in ("OLDEST", "TITLE", "ENROLLMENTS"):
        result = await gql(ADMIN_COURSES, {"s": sort, "after": cursor}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT", sort
    catalog = (await gql("{ courses(first: 1, sort: NEWEST) { pageInfo { endCursor } } }")).ok()
    foreign = catalog["courses"]["pageInfo"]["endCursor"]
    for after in (foreign, "garbage", "x" * 5000, cursor[:-2], cursor + "A", SNOWMAN):
        result = await gql(ADMIN_COURSES, {"s": "NEWEST", "after": after}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT", after
        assert result.errors[0]["extensions"]["argument"] == "after"
    # An empty cursor is no cursor: the first page.
    assert (await gql(ADMIN_COURSES, {"after": ""}, token=admin.access_token)).ok()["adminCourses"]["totalCount"] == 6


async def test_a_bad_creator_id_is_bad_input(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await factories.admin(runtime)
    for bad in ("not-an-id", "x" * 1000, SNOWMAN):
        result = await gql(ADMIN_COURSES, {"f": {"creatorId": bad}}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["field"] == "creatorId"


# ----- adminCourse --------------------------------------------------------------------------


async def test_one_course_with_its_enrollments_newest_first_revoked_included(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    learners = [await factories.enrolled_learner(runtime, course) for _ in range(5)]
    admin = await factories.admin(runtime)
    rows = await Enrollment.filter(course_id=course.id).order_by("-enrolled_at", "-id")
    await enrollment.revoke(runtime, str(rows[1].id))
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        data = await gql(ADMIN_COURSE, {"id": str(course.id), "first": 2, "after": after}, token=admin.access_token)
        detail = data.ok()["adminCourse"]
        assert detail["course"] == {"id": str(course.id), "title": course.title, "status": "PUBLISHED"}
        assert detail["enrollments"]["totalCount"] == 5
        assert detail["enrollments"]["totalCountCapped"] is False
        seen += [edge["node"] for edge in detail["enrollments"]["edges"]]
        if not detail["enrollments"]["pageInfo"]["hasNextPage"]:
            break
        after = detail["enrollments"]["pageInfo"]["endCursor"]
    assert [node["id"] for node in seen] == [str(row.id) for row in rows]
    assert [node["revokedAt"] is not None for node in seen] == [False, True, False, False, False]
    assert {node["learner"]["id"] for node in seen} == {str(lr.user.id) for lr in learners}


async def test_an_unknown_or_malformed_course_id_is_null(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await factories.admin(runtime)
    for bad in ("00000000-0000-0000-0000-000000000000", "not-an-id", "", "x" * 10_000, SNOWMAN):
        assert (await gql(ADMIN_COURSE, {"id": bad}, token=admin.access_token)).ok() == {"adminCourse": None}


async def test_enrollment_pages_refuse_bad_first_and_foreign_cursors(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    await factories.enrolled_learner(runtime, course)
    admin = await factories.admin(runtime)
    for first in (0, 101):
        result = await gql(ADMIN_COURSE, {"id": str(course.id), "first": first}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT"
    cursor = (await gql(ADMIN_COURSES, {"first": 1}, token=admin.access_token)).ok()["adminCourses"]["pageInfo"][
        "endCursor"
    ]
    result = await gql(ADMIN_COURSE, {"id": str(course.id), "after": cursor}, token=admin.access_token)
    assert result.error_code == "BAD_USER_INPUT"


async def test_the_learner_sees_themself_on_their_own_enrollment(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    learner = await factories.enrolled_learner(runtime, course)
    mine = (await gql("{ myLearning { learner { id } } }", token=learner.access_token)).ok()["myLearning"]
    assert mine == [{"learner": {"id": str(learner.user.id)}}]


# ----- unpublish, archive, restore --------------------------------------------------------------


async def _bus(runtime: Runtime) -> PubSub:
    pubsub = runtime.redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(channel(runtime.keys))
    return pubsub


async def _heard(pubsub: PubSub, expected: str, within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while True:
            message = await pubsub.get_message(timeout=within)
            if message is not None and message["data"] == expected:
                return


async def test_a_creator_unpublishes_and_archives_without_audit(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    unpublished = (await gql(UNPUBLISH, {"id": str(course.id)}, token=author.access_token)).ok()
    assert unpublished["unpublishCourse"]["status"] == "DRAFT"
    archived = (await gql(ARCHIVE, {"id": str(course.id), "r": "old"}, token=author.access_token)).ok()
    assert archived["archiveCourse"]["status"] == "ARCHIVED"
    assert await AuditEntry.all().count() == 0


@pytest.mark.parametrize(
    ("document", "field", "status", "action"),
    [
        (UNPUBLISH, "unpublishCourse", "DRAFT", AuditAction.COURSE_UNPUBLISHED),
        (ARCHIVE, "archiveCourse", "ARCHIVED", AuditAction.COURSE_ARCHIVED),
    ],
)
async def test_an_admin_takes_a_featured_course_out_audited_and_announced(
    gql: GraphQLClient, runtime: Runtime, document: str, field: str, status: str, action: AuditAction
) -> None:
    course = await factories.course(await factories.creator(runtime))
    admin = await factories.admin(runtime)
    featured = (await gql(FEATURE, {"id": str(course.id), "on": True}, token=admin.access_token)).ok()
    featured_at = featured["setCourseFeatured"]["featuredAt"]
    pubsub = await _bus(runtime)
    try:
        result = (await gql(document, {"id": str(course.id), "r": "  policy breach  "}, token=admin.access_token)).ok()
        await _heard(pubsub, f"{COURSE_CHANGED} {course.id}")
    finally:
        await pubsub.aclose()
    assert result[field] == {"id": str(course.id), "status": status, "featuredAt": None}
    stored = await Course.get(id=course.id)
    assert (stored.status.value, stored.featured_at) == (status, None)
    [entry] = await audit_rows(action)
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.reason) == (  # type: ignore[attr-defined]
        admin.user.id,
        "Course",
        str(course.id),
        "policy breach",
    )
    assert entry.before is not None
    assert entry.before["status"] == "PUBLISHED"
    assert entry.after == {"status": status, "featuredAt": None}
    assert entry.before["featuredAt"] is not None
    assert entry.before["featuredAt"][:19] == featured_at[:19]
    assert (await gql(FEATURED)).ok() == {"featuredCourses": []}
    # The same status again is nothing to do: no second entry.
    (await gql(document, {"id": str(course.id), "r": "again"}, token=admin.access_token)).ok()
    assert len(await audit_rows(action)) == 1


async def test_restore_republishes_a_course_that_was_published_and_still_passes(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    course = await factories.course(await factories.creator(runtime))
    admin = await factories.admin(runtime)
    (await gql(ARCHIVE, {"id": str(course.id), "r": "dispute"}, token=admin.access_token)).ok()
    pubsub = await _bus(runtime)
    try:
        restored = (await gql(RESTORE, {"id": str(course.id), "r": "resolved"}, token=admin.access_token)).ok()
        await _heard(pubsub, f"{COURSE_CHANGED} {course.id}")
    finally:
        await pubsub.aclose()
    assert restored["restoreCourse"]["status"] == "PUBLISHED"
    [entry] = await audit_rows(AuditAction.COURSE_RESTORED)
    assert (entry.before, entry.after, entry.reason) == ({"status": "ARCHIVED"}, {"status": "PUBLISHED"}, "resolved")
    assert (await gql("query($s: String!) { course(slug: $s) { status } }", {"s": course.slug})).ok()["course"] == {
        "status": "PUBLISHED"
    }


async def test_restore_makes_a_draft_of_one_never_published_or_no_longer_complete(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    never = await factories.course(author, publish=False)
    incomplete = await factories.course(author)
    admin = await factories.admin(runtime)
    for course in (never, incomplete):
        (await gql(ARCHIVE, {"id": str(course.id)}, token=author.access_token)).ok()
    await Lesson.filter(module__course_id=incomplete.id).delete()
    for course in (never, incomplete):
        result = (await gql(RESTORE, {"id": str(course.id)}, token=admin.access_token)).ok()
        assert result["restoreCourse"]["status"] == "DRAFT"
    assert [e.after for e in await audit_rows(AuditAction.COURSE_RESTORED)] == [{"status": "DRAFT"}] * 2


async def test_restore_refuses_what_is_not_archived_and_unknown_ids(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    published = await factories.course(author)
    draft = await factories.course(author, publish=False)
    admin = await factories.admin(runtime)
    before = await snapshot()
    for course in (published, draft):
        result = await gql(RESTORE, {"id": str(course.id), "r": "oops"}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["reason"] == "NOT_ARCHIVED"
    for bad in ("00000000-0000-0000-0000-000000000000", "not-an-id", "x" * 10_000):
        assert (await gql(RESTORE, {"id": bad}, token=admin.access_token)).error_code == "NOT_FOUND"
    assert await snapshot() == before


BAD_REASONS = ["x" * 501, "bell\u0007", "esc\u001b[2J", "csi\u009b", "del\u007f"]


@pytest.mark.parametrize("reason", BAD_REASONS)
async def test_bad_reasons_change_nothing(gql: GraphQLClient, runtime: Runtime, reason: str) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    archived = await factories.course(author)
    await Course.filter(id=archived.id).update(status=CourseStatus.ARCHIVED)
    learner = await factories.enrolled_learner(runtime, course)
    row = await Enrollment.get(learner_id=learner.user.id)
    admin = await factories.admin(runtime)
    before = await snapshot()
    for document, variables in [
        (UNPUBLISH, {"id": str(course.id)}),
        (ARCHIVE, {"id": str(course.id)}),
        (RESTORE, {"id": str(archived.id)}),
        (FEATURE, {"id": str(course.id), "on": True}),
        (REVOKE, {"id": str(row.id)}),
    ]:
        result = await gql(document, {**variables, "r": reason}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT", document
        assert result.errors[0]["extensions"]["field"] == "reason"
    assert await snapshot() == before


async def test_a_500_character_reason_is_kept_whole(gql: GraphQLClient, runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    admin = await factories.admin(runtime)
    reason = (SNOWMAN + "é" * 499)[:500]
    (await gql(ARCHIVE, {"id": str(course.id), "r": reason}, token=admin.access_token)).ok()
    [entry] = await audit_rows()
    assert entry.reason == reason


# ----- featuring ------------------------------------------------------------------------------


async def test_featuring_is_for_published_courses_and_audited_once(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    draft = await factories.course(author, publish=False)
    archived = await factories.course(author)
    await Course.filter(id=archived.id).update(status=CourseStatus.ARCHIVED)
    course = await factories.course(author)
    admin = await factories.admin(runtime)
    before = await snapshot()
    for target in (draft, archived):
        result = await gql(FEATURE, {"id": str(target.id), "on": True}, token=admin.access_token)
        assert result.error_code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["reason"] == "NOT_PUBLISHED"
    for bad in ("not-an-id", "00000000-0000-0000-0000-000000000000"):
        assert (await gql(FEATURE, {"id": bad, "on": True}, token=admin.access_token)).error_code == "NOT_FOUND"
    # Unfeaturing what is not featured is nothing to do, whatever its status.
    (await gql(FEATURE, {"id": str(draft.id), "on": False}, token=admin.access_token)).ok()
    assert await snapshot() == before

    first = (await gql(FEATURE, {"id": str(course.id), "on": True, "r": "staff pick"}, token=admin.access_token)).ok()
    featured_at = first["setCourseFeatured"]["featuredAt"]
    assert featured_at is not None
    again = (await gql(FEATURE, {"id": str(course.id), "on": True}, token=admin.access_token)).ok()
    assert again["setCourseFeatured"]["featuredAt"] == featured_at
    [entry] = await audit_rows()
    assert (entry.action, entry.target_id, entry.reason) == (AuditAction.COURSE_FEATURED, str(course.id), "staff pick")
    assert entry.before == {"featuredAt": None}
    assert entry.after is not None
    assert entry.after["featuredAt"]
    off = (await gql(FEATURE, {"id": str(course.id), "on": False}, token=admin.access_token)).ok()
    assert off["setCourseFeatured"]["featuredAt"] is None
    entries = await audit_rows()
    assert [e.action for e in entries] == [AuditAction.COURSE_FEATURED, AuditAction.COURSE_UNFEATURED]
    assert entries[1].after == {"featuredAt": None}
    assert (await gql(FEATURE, {"id": str(course.id), "on": False}, token=admin.access_token)).ok()
    assert len(await audit_rows()) == 2


async def test_featured_courses_are_public_published_newest_first_at_most_eight(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    admin = await factories.admin(runtime)
    courses = [await factories.course(author, title=f"Featured {n}") for n in range(10)]
    for course in courses[:9]:
        (await gql(FEATURE, {"id": str(course.id), "on": True}, token=admin.access_token)).ok()
    (await gql(ARCHIVE, {"id": str(courses[8].id)}, token=author.access_token)).ok()  # leaves the list
    listed = (await gql(FEATURED)).ok()["featuredCourses"]
    assert [c["title"] for c in listed] == [f"Featured {n}" for n in range(7, -1, -1)]
    (await gql(UNPUBLISH, {"id": str(courses[7].id)}, token=author.access_token)).ok()
    listed = (await gql(FEATURED)).ok()["featuredCourses"]
    assert [c["title"] for c in listed] == [f"Featured {n}" for n in range(6, -1, -1)]
    assert (await Course.get(id=courses[7].id)).featured_at is None


# ----- revoking an enrollment -------------------------------------------------------------------


async def test_an_admin_revoke_is_audited_once_and_announced_after_the_commit(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    course = await factories.course(await factories.creator(runtime))
    learner = await factories.enrolled_learner(runtime, course)
    row = await Enrollment.get(learner_id=learner.user.id)
    admin = await factories.admin(runtime)
    pubsub = await _bus(runtime)
    try:
        result = (await gql(REVOKE, {"id": str(row.id), "r": "chargeback"}, token=admin.access_token)).ok()
        await _heard(pubsub, f"{ENROLLMENT_REVOKED} {learner.user.id} {course.id}")
    finally:
        await pubsub.aclose()
    assert result["revokeEnrollment"]["revokedAt"] is not None
    [entry] = await audit_rows()
    assert (entry.action, entry.target_type, entry.target_id, entry.reason) == (
        AuditAction.ENROLLMENT_REVOKED,
        "Enrollment",
        str(row.id),
        "chargeback",
    )
    assert entry.actor_id == admin.user.id  # type: ignore[attr-defined]
    assert entry.before == {"revokedAt": None}
    assert entry.after is not None
    assert entry.after["revokedAt"][:19] == result["revokeEnrollment"]["revokedAt"][:19]
    assert (await Course.get(id=course.id)).enrollment_count == 0
    (await gql(REVOKE, {"id": str(row.id), "r": "twice"}, token=admin.access_token)).ok()
    assert await AuditEntry.all().count() == 1
    assert (await Course.get(id=course.id)).enrollment_count == 0
    for bad in ("not-an-id", "00000000-0000-0000-0000-000000000000", "x" * 10_000):
        assert (await gql(REVOKE, {"id": bad}, token=admin.access_token)).error_code == "NOT_FOUND"


async def test_a_revoke_by_the_system_is_not_an_admin_action(runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime))
    learner = await factories.enrolled_learner(runtime, course)
    row = await Enrollment.get(learner_id=learner.user.id)
    await enrollment.revoke(runtime, str(row.id))
    assert (await Enrollment.get(id=row.id)).revoked_at is not None
    assert await AuditEntry.all().count() == 0


# ----- a user's admin page ----------------------------------------------------------------------


async def test_user_detail_lists_enrollments_and_taught_courses(runtime: Runtime) -> None:
    """`UserDetail.enrollments` and `.courses` (auth's adminUser answers the UserDetail)."""
    from dataclasses import dataclass

    from edusphere.courses import resolvers

    @dataclass(frozen=True)
    class Detail:
        user: Any

    author = await factories.creator(runtime)
    taught = [await factories.course(author, publish=n > 0) for n in range(3)]
    learner = await make_user(runtime, Role.LEARNER)
    for course in taught[1:]:
        await enrollment.enroll(learner.viewer, str(course.id))
    first = await Enrollment.get(learner_id=learner.user.id, course_id=taught[1].id)
    await enrollment.revoke(runtime, str(first.id))
    admin = await factories.admin(runtime)

    class Context:
        viewer = admin.viewer
        loaders: dict[str, Any] = {}

    rows = await resolvers.user_detail_enrollments(Detail(learner.user), {}, Context(), None)  # type: ignore[arg-type]
    assert [r.course_id for r in rows] == [taught[2].id, taught[1].id]  # type: ignore[attr-defined]
    assert rows[1].revoked_at is not None
    courses = await resolvers.user_detail_courses({"user": author.user}, {}, Context(), None)  # type: ignore[arg-type]
    assert {c.id for c in courses} == {c.id for c in taught}

    class Learner:
        viewer = learner.viewer

    with pytest.raises(AppError) as caught:
        await resolvers.user_detail_courses(Detail(author.user), {}, Learner(), None)  # type: ignore[arg-type]
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_pages_stay_exact_across_ties_of_the_sort_value(gql: GraphQLClient, runtime: Runtime) -> None:
    """Equal enrollment counts, equal titles: the id breaks the tie, no row is lost or repeated."""
    await _catalogue(runtime)
    await Course.all().update(enrollment_count=7)
    admin = await factories.admin(runtime)
    by_id = await Course.all().order_by("-id").values_list("title", flat=True)
    assert await _all_pages(gql, admin.access_token, {"s": "ENROLLMENTS"}, first=1) == list(by_id)
    await Course.all().update(title="Same title")
    ids: list[str] = []
    after = None
    while True:
        page = (await gql(ADMIN_COURSES, {"s": "TITLE", "first": 4, "after": after}, token=admin.access_token)).ok()
        ids += [edge["node"]["id"] for edge in page["adminCourses"]["edges"]]
        if not page["adminCourses"]["pageInfo"]["hasNextPage"]:
            break
        after = page["adminCourses"]["pageInfo"]["endCursor"]
    assert ids == [str(i) for i in await Course.all().order_by("id").values_list("id", flat=True)]
