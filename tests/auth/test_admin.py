"""Administrators manage users; nobody else may, and a refused call changes nothing."""

import pytest

from edusphere.auth.models import Role, User
from edusphere.core.runtime import Runtime
from tests.helpers import ME, GraphQLClient, make_user

USERS = """query($filter: UserFilter, $first: Int, $after: String) {
  users(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id email role isActive } } } }"""
SET_ROLE = "mutation($id: ID!, $role: Role!) { setUserRole(userId: $id, role: $role) { id role } }"
SET_ACTIVE = "mutation($id: ID!, $on: Boolean!) { setUserActive(userId: $id, isActive: $on) { id isActive } }"


async def test_users_pages_through_everyone_with_filters(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    learners = [await make_user(runtime, email=f"learner{i}@example.com") for i in range(5)]
    await make_user(runtime, Role.CREATOR, email="maker@example.com")
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(USERS, {"first": 3, "after": after}, token=admin.access_token)).ok()["users"]
        assert page["totalCount"] == 7
        seen += [e["node"]["email"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 7
    only_learners = (await gql(USERS, {"filter": {"role": "LEARNER"}}, token=admin.access_token)).ok()["users"]
    assert only_learners["totalCount"] == len(learners)
    search = (await gql(USERS, {"filter": {"search": "MAKER"}}, token=admin.access_token)).ok()["users"]
    assert [e["node"]["email"] for e in search["edges"]] == ["maker@example.com"]


@pytest.mark.parametrize("variables", [{"first": 101}, {"first": 0}, {"after": "forged-cursor"}])
async def test_bad_paging_arguments_are_bad_input(gql: GraphQLClient, runtime: Runtime, variables: dict) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    assert (await gql(USERS, variables, token=admin.access_token)).error_code == "BAD_USER_INPUT"


@pytest.mark.parametrize("role", [Role.LEARNER, Role.CREATOR])
async def test_non_admins_are_forbidden_and_change_nothing(gql: GraphQLClient, runtime: Runtime, role: Role) -> None:
    caller = await make_user(runtime, role)
    target = await make_user(runtime)
    assert (await gql(USERS, token=caller.access_token)).error_code == "FORBIDDEN"
    assert (
        await gql(SET_ROLE, {"id": str(caller.user.id), "role": "ADMIN"}, token=caller.access_token)
    ).error_code == "FORBIDDEN"
    assert (
        await gql(SET_ACTIVE, {"id": str(target.user.id), "on": False}, token=caller.access_token)
    ).error_code == "FORBIDDEN"
    assert (await User.get(id=caller.user.id)).role is role
    assert (await User.get(id=target.user.id)).is_active


async def test_anonymous_callers_are_unauthenticated(gql: GraphQLClient) -> None:
    assert (await gql(USERS)).error_code == "UNAUTHENTICATED"


async def test_set_user_role_takes_effect_at_once(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    target = await make_user(runtime)
    result = (await gql(SET_ROLE, {"id": str(target.user.id), "role": "CREATOR"}, token=admin.access_token)).ok()
    assert result["setUserRole"]["role"] == "CREATOR"
    assert (await gql(ME, token=target.access_token)).ok()["me"]["role"] == "CREATOR"


async def test_deactivation_ends_every_session(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    target = await make_user(runtime)
    (await gql(SET_ACTIVE, {"id": str(target.user.id), "on": False}, token=admin.access_token)).ok()
    assert (await gql(ME, token=target.access_token)).error_code == "UNAUTHENTICATED"
    (await gql(SET_ACTIVE, {"id": str(target.user.id), "on": True}, token=admin.access_token)).ok()
    assert (await User.get(id=target.user.id)).is_active


async def test_admins_cannot_lock_themselves_out(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    me = str(admin.user.id)
    assert (await gql(SET_ROLE, {"id": me, "role": "LEARNER"}, token=admin.access_token)).error_code == "BAD_USER_INPUT"
    assert (await gql(SET_ACTIVE, {"id": me, "on": False}, token=admin.access_token)).error_code == "BAD_USER_INPUT"
    stored = await User.get(id=admin.user.id)
    assert stored.role is Role.ADMIN
    assert stored.is_active


@pytest.mark.parametrize("user_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
async def test_unknown_users_are_not_found(gql: GraphQLClient, runtime: Runtime, user_id: str) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    assert (await gql(SET_ROLE, {"id": user_id, "role": "CREATOR"}, token=admin.access_token)).error_code == "NOT_FOUND"
