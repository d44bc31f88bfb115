"""The admin's users list and a user's page: hostile input first, then what they answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from edusphere.auth import sessions
from edusphere.auth.models import RefreshToken, Role, User
from edusphere.core import counting
from edusphere.core.runtime import Runtime
from tests.helpers import GraphQLClient, GraphQLResult, make_user

USERS = """query($filter: UserFilter, $sort: UserSort, $first: Int, $after: String) {
  users(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id email displayName role isActive createdAt } } } }"""
USERS_NO_COUNT = """query($filter: UserFilter, $sort: UserSort, $first: Int, $after: String) {
  users(filter: $filter, sort: $sort, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { email } } } }"""
ADMIN_USER = """query($id: ID!) { adminUser(id: $id) {
  user { id email role isActive } sessions { id startedAt lastRefreshedAt expiresAt } } }"""


async def list_users(gql: GraphQLClient, token: str, **variables: Any) -> GraphQLResult:
    return await gql(USERS, variables, token=token)


def emails(result: GraphQLResult) -> list[str]:
    return [edge["node"]["email"] for edge in result.ok()["users"]["edges"]]


def bad_input(result: GraphQLResult, **extensions: Any) -> None:
    assert result.error_code == "BAD_USER_INPUT", result.body
    for key, value in extensions.items():
        assert result.errors[0]["extensions"][key] == value, result.errors[0]


# ----- who may ask ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.LEARNER, Role.CREATOR])
async def test_non_admins_are_forbidden_the_list_and_a_user_s_page(
    gql: GraphQLClient, runtime: Runtime, role: Role
) -> None:
    caller = await make_user(runtime, role)
    for query, variables in ((USERS, {}), (ADMIN_USER, {"id": str(caller.user.id)})):
        result = await gql(query, variables, token=caller.access_token)
        assert (result.status, result.error_code) == (200, "FORBIDDEN"), result.body
        assert result.data in (None, {"adminUser": None})  # nothing of anyone's


async def test_anonymous_callers_are_unauthenticated_for_the_list_and_a_user_s_page(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    someone = await make_user(runtime)
    assert (await gql(USERS)).error_code == "UNAUTHENTICATED"
    assert (await gql(ADMIN_USER, {"id": str(someone.user.id)})).error_code == "UNAUTHENTICATED"


# ----- hostile paging and filters ---------------------------------------------------------------


@pytest.mark.parametrize("first", [0, -1, 101])
async def test_page_sizes_outside_1_to_100_are_bad_input(gql: GraphQLClient, runtime: Runtime, first: int) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    bad_input(await list_users(gql, admin.access_token, first=first), argument="first")


async def test_an_unknown_sort_is_refused_by_graphql(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    result = await list_users(gql, admin.access_token, sort="RANDOM")
    assert result.status == 400
    assert result.error_code == "BAD_USER_INPUT"
    assert result.data is None


async def test_a_cursor_from_another_sort_or_list_is_refused(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    for i in range(3):
        someone = await make_user(runtime, email=f"paged{i}@example.com")
    newest = (await list_users(gql, admin.access_token, first=1)).ok()["users"]["pageInfo"]["endCursor"]
    assert (await list_users(gql, admin.access_token, first=1, after=newest)).ok()  # its own order takes it
    for sort in ("OLDEST", "EMAIL", "NAME"):
        bad_input(await list_users(gql, admin.access_token, sort=sort, after=newest), argument="after")
    promote = 'mutation($id: ID!) { setUserRole(userId: $id, role: CREATOR, reason: "paging") { role } }'
    assert (await gql(promote, {"id": str(someone.user.id)}, token=admin.access_token)).ok()
    audit = "query { auditLog(first: 1) { pageInfo { endCursor } } }"
    audit_cursor = (await gql(audit, token=admin.access_token)).ok()["auditLog"]["pageInfo"]["endCursor"]
    bad_input(await list_users(gql, admin.access_token, after=audit_cursor), argument="after")
    for forged in ("forged", newest[:-2] + "AA", "", "=" * 5):
        result = await list_users(gql, admin.access_token, after=forged)
        if forged:
            bad_input(result, argument="after")
        else:
            assert result.ok()  # an empty cursor is no cursor


async def test_a_search_postgresql_could_not_store_is_bad_input(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    result = await list_users(gql, admin.access_token, filter={"search": "nul\u0000"})
    assert result.error_code == "BAD_USER_INPUT"


@pytest.mark.parametrize("length", [255, 10_000])
async def test_a_search_longer_than_any_email_or_name_finds_no_one(
    gql: GraphQLClient, runtime: Runtime, length: int
) -> None:
    admin = await make_user(runtime, Role.ADMIN, email="a" * 60 + "@example.com")
    result = await list_users(gql, admin.access_token, filter={"search": "a" * length})
    assert result.ok()["users"] == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}


async def test_like_wildcards_in_a_search_are_taken_literally(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN, email="admin@example.com", name="Admin")
    await make_user(runtime, email="snake_case@example.com", name="Snake")
    await make_user(runtime, email="percent@example.com", name="100% sure")
    await make_user(runtime, email="slash@example.com", name="back\\slash")
    await make_user(runtime, email="plain@example.com", name="Plain")
    token = admin.access_token
    assert emails(await list_users(gql, token, filter={"search": "_"})) == ["snake_case@example.com"]
    assert emails(await list_users(gql, token, filter={"search": "%"})) == ["percent@example.com"]
    assert emails(await list_users(gql, token, filter={"search": "\\"})) == ["slash@example.com"]
    assert emails(await list_users(gql, token, filter={"search": "e_c"})) == ["snake_case@example.com"]
    assert emails(await list_users(gql, token, filter={"search": "%@%"})) == []
    assert len(emails(await list_users(gql, token, filter={"search": "  "}))) == 5  # blank: no search


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("createdAfter", "not a date"),
        ("createdAfter", "99999-01-01T00:00:00Z"),
        ("createdBefore", "1999-12-31T00:00:00Z"),
        ("createdBefore", "2027-02-30"),
    ],
)
async def test_bad_instants_are_bad_input(gql: GraphQLClient, runtime: Runtime, field: str, value: str) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    bad_input(await list_users(gql, admin.access_token, filter={field: value}), field=field)


# ----- what it answers --------------------------------------------------------------------------


async def test_search_matches_part_of_an_email_or_a_name_in_any_case(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN, email="boss@example.com", name="Boss")
    await make_user(runtime, email="ada.lovelace@example.com", name="Ada")
    await make_user(runtime, Role.CREATOR, email="grace@example.com", name="Grace Lovelace-Hopper")
    await make_user(runtime, email="linus@example.com", name="Linus")
    token = admin.access_token
    found = await list_users(gql, token, filter={"search": " LOVELACE "}, sort="EMAIL")
    assert emails(found) == ["ada.lovelace@example.com", "grace@example.com"]
    assert found.ok()["users"]["totalCount"] == 2
    creators = await list_users(gql, token, filter={"search": "lovelace", "role": "CREATOR"})
    assert emails(creators) == ["grace@example.com"]
    assert creators.ok()["users"]["totalCount"] == 1


async def test_filters_by_role_activity_and_creation_time(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN, email="boss@example.com")
    old = await make_user(runtime, email="old@example.com")
    mid = await make_user(runtime, Role.CREATOR, email="mid@example.com")
    new = await make_user(runtime, email="new@example.com")
    await User.filter(id=old.user.id).update(created_at=datetime(2026, 1, 1, tzinfo=UTC))
    await User.filter(id=mid.user.id).update(created_at=datetime(2026, 6, 1, tzinfo=UTC), is_active=False)
    await User.filter(id=new.user.id).update(created_at=datetime(2026, 9, 1, tzinfo=UTC))
    await User.filter(id=admin.user.id).update(created_at=datetime(2026, 10, 1, tzinfo=UTC))
    token = admin.access_token

    async def matching(**user_filter: Any) -> list[str]:
        result = await list_users(gql, token, filter=user_filter)
        assert result.ok()["users"]["totalCount"] == len(result.ok()["users"]["edges"])
        return emails(result)

    assert await matching(role="LEARNER") == ["new@example.com", "old@example.com"]
    assert await matching(isActive=False) == ["mid@example.com"]
    assert await matching(isActive=True, role="ADMIN") == ["boss@example.com"]
    # createdAfter is inclusive, createdBefore exclusive; a date alone is its midnight (UTC).
    assert await matching(createdAfter="2026-06-01T00:00:00Z", createdBefore="2026-09-01") == ["mid@example.com"]
    assert await matching(createdAfter="2026-06-01T02:00:00+02:00") == [
        "boss@example.com",
        "new@example.com",
        "mid@example.com",
    ]
    assert await matching(createdBefore="2026-01-01T00:00:00.000001Z") == ["old@example.com"]
    assert await matching(createdAfter="2027-01-01", createdBefore="2026-01-01") == []


def by_created(user: dict[str, Any]) -> tuple[datetime, str]:
    return datetime.fromisoformat(user["createdAt"]), user["id"]  # ids: PostgreSQL compares uuids as bytes


ORDERS: dict[str, tuple[Any, bool]] = {
    "NEWEST": (by_created, True),
    "OLDEST": (by_created, False),
    "EMAIL": (lambda u: (u["email"], u["id"]), False),
    "NAME": (lambda u: (u["displayName"], u["id"]), False),
}


@pytest.mark.parametrize("sort", list(ORDERS))
async def test_every_sort_pages_through_everyone_once_in_its_order(
    gql: GraphQLClient, runtime: Runtime, sort: str
) -> None:
    admin = await make_user(runtime, Role.ADMIN, email="m-admin@example.com", name="mike")
    # Lower-case ASCII names sort alike in every collation; duplicates leave it to the id.
    names = ["zoe", "ada", "bob", "ada", "carl", "bob", "dave"]
    for i, name in enumerate(names):
        await make_user(runtime, email=f"{chr(ord('z') - i)}-{i}@example.com", name=name)
    same_instant = datetime(2026, 3, 3, tzinfo=UTC)  # ties on created_at too
    await User.filter(display_name__in=["bob", "carl"]).update(created_at=same_instant)
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await list_users(gql, admin.access_token, sort=sort, first=3, after=after)).ok()["users"]
        assert page["totalCount"] == len(names) + 1
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len({user["id"] for user in seen}) == len(seen) == len(names) + 1
    key, descending = ORDERS[sort]
    assert seen == sorted(seen, key=key, reverse=descending)


async def test_total_count_is_only_counted_when_asked_for(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    result = await gql(USERS_NO_COUNT, {"first": 1}, token=admin.access_token)
    assert "totalCount" not in result.ok()["users"]
    assert result.ok()["users"]["edges"] == [{"node": {"email": admin.user.email}}]


COUNTED = """query($filter: UserFilter) { users(filter: $filter, first: 2) {
  totalCount totalCountCapped edges { node { id } } } }"""


async def test_the_count_is_exact_up_to_the_cap_and_says_when_it_stopped(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    for _ in range(3):
        await make_user(runtime, name="Ada Lovelace")
    monkeypatch.setattr(counting, "COUNT_CAP", 3)

    async def counted(**user_filter: Any) -> tuple[int, bool, int]:
        page = (await gql(COUNTED, {"filter": user_filter}, token=admin.access_token)).ok()["users"]
        return page["totalCount"], page["totalCountCapped"], len(page["edges"])

    assert await counted() == (3, True, 2)  # 4 accounts: 3, and more exist
    assert await counted(role="LEARNER") == (3, False, 2)  # exactly the cap: exact
    assert await counted(search="lovelace", role="LEARNER") == (3, False, 2)  # the search's criterion kept
    assert await counted(role="ADMIN") == (1, False, 1)
    assert await counted(role="CREATOR") == (0, False, 0)


async def test_one_request_asking_both_fields_counts_once(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    await make_user(runtime)
    calls: list[Any] = []
    real = counting.capped_count

    async def spy(query: Any, cap: int | None = None) -> counting.Tally:
        calls.append(query)
        return await real(query, cap)

    monkeypatch.setattr(counting, "capped_count", spy)
    page = (await gql(COUNTED, {}, token=admin.access_token)).ok()["users"]
    assert (page["totalCount"], page["totalCountCapped"]) == (2, False)
    assert len(calls) == 1
    assert (await gql(USERS_NO_COUNT, {}, token=admin.access_token)).ok()["users"]["edges"]
    assert len(calls) == 1  # a page not asked for its count is not counted


async def test_only_the_account_holder_and_admins_see_an_email(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    learner = await make_user(runtime)
    listed = (await list_users(gql, admin.access_token)).ok()["users"]["edges"]
    assert {edge["node"]["email"] for edge in listed} == {admin.user.email, learner.user.email}


# ----- a user's page ----------------------------------------------------------------------------


@pytest.mark.parametrize("user_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "", "x" * 5000])
async def test_a_user_s_page_of_no_one_is_null(gql: GraphQLClient, runtime: Runtime, user_id: str) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    assert (await gql(ADMIN_USER, {"id": user_id}, token=admin.access_token)).ok() == {"adminUser": None}


async def test_a_user_s_page_lists_live_sessions_newest_first(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    laptop = await make_user(runtime, email="many@example.com")
    user = laptop.user
    phone = await sessions.start_session(runtime, user)
    rotated = await sessions.refresh_session(runtime, phone.refresh_token)  # phone's family, new token
    logged_out = await sessions.start_session(runtime, user)
    await sessions.logout(runtime, logged_out.refresh_token)
    expired = await sessions.start_session(runtime, user)
    await RefreshToken.filter(family_id=expired.session_id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    # Order the starts: the laptop first, then the phone.
    await RefreshToken.filter(family_id=laptop.session_id).update(created_at=datetime.now(UTC) - timedelta(days=2))
    phone_first = await RefreshToken.filter(family_id=phone.session_id, rotated_at__isnull=False).get()
    phone_newest = await RefreshToken.filter(family_id=phone.session_id, rotated_at__isnull=True).get()
    await RefreshToken.filter(id=phone_first.id).update(created_at=datetime.now(UTC) - timedelta(days=1))

    detail = (await gql(ADMIN_USER, {"id": str(user.id)}, token=admin.access_token)).ok()["adminUser"]
    assert detail["user"] == {"id": str(user.id), "email": "many@example.com", "role": "LEARNER", "isActive": True}
    assert [s["id"] for s in detail["sessions"]] == [str(rotated.session_id), str(laptop.session_id)]
    shown = detail["sessions"][0]
    phone_first = await RefreshToken.get(id=phone_first.id)
    assert datetime.fromisoformat(shown["startedAt"]) == phone_first.created_at
    assert datetime.fromisoformat(shown["lastRefreshedAt"]) == phone_newest.created_at
    assert datetime.fromisoformat(shown["expiresAt"]) == phone_newest.expires_at


async def test_a_session_a_racing_refresh_outlived_is_not_listed(gql: GraphQLClient, runtime: Runtime) -> None:
    """A revocation marks every token it sees; a successor committed just after it is unrevoked
    but its session ended (`sessions._family_revoked`): the page does not show it."""
    admin = await make_user(runtime, Role.ADMIN)
    target = await make_user(runtime)
    await sessions.refresh_session(runtime, target.refresh_token)
    first = await RefreshToken.filter(family_id=target.session_id, rotated_at__isnull=False).get()
    await RefreshToken.filter(id=first.id).update(revoked_at=datetime.now(UTC))
    detail = (await gql(ADMIN_USER, {"id": str(target.user.id)}, token=admin.access_token)).ok()["adminUser"]
    assert detail["sessions"] == []
