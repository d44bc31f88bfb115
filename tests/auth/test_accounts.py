"""Sign-up, profile and password: each refusal has a code and leaves the database as it was."""

import asyncio

import pytest

from edusphere.auth import accounts, passwords
from edusphere.auth.models import RefreshToken, Role, User
from edusphere.core.runtime import Runtime
from tests.helpers import LOGIN, ME, PASSWORD, REFRESH, REGISTER, GraphQLClient, make_user, register_input


async def test_register_creates_a_learner_or_creator_and_signs_in(gql: GraphQLClient) -> None:
    data = (
        await gql(REGISTER, register_input("new@example.com", role="CREATOR", displayName="  Grace   Hopper "))
    ).ok()
    payload = data["register"]
    assert payload["user"] == {
        **payload["user"],
        "email": "new@example.com",
        "role": "CREATOR",
        "displayName": "Grace Hopper",
        "isActive": True,
    }
    user = await User.get(email="new@example.com")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert (await gql(ME, token=payload["accessToken"])).ok()["me"]["id"] == str(user.id)


@pytest.mark.parametrize("email", ["dup@example.com", "DUP@Example.COM", "  dup@example.com  "])
async def test_duplicate_email_in_any_case_is_a_conflict(gql: GraphQLClient, email: str) -> None:
    (await gql(REGISTER, register_input("dup@example.com"))).ok()
    result = await gql(REGISTER, register_input(email, displayName="Other"))
    assert result.error_code == "CONFLICT"
    assert await User.filter(email="dup@example.com").count() == 1
    assert (await User.get(email="dup@example.com")).display_name == "Ada"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password": "short"}, "password"),
        ({"email": "same.as.email@example.com", "password": "Same.As.Email@example.com"}, "password"),
        ({"password": "x" * 300}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"displayName": "   "}, "displayName"),
        ({"displayName": "x" * 81}, "displayName"),
        ({"displayName": "bad\u0000name"}, "displayName"),
        ({"role": "ADMIN"}, "role"),
    ],
)
async def test_bad_registrations_are_refused_and_create_nothing(
    gql: GraphQLClient, overrides: dict[str, str], field: str
) -> None:
    result = await gql(REGISTER, register_input(**overrides))
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == field
    assert await User.all().count() == 0
    assert await RefreshToken.all().count() == 0


async def test_the_database_refuses_mixed_case_emails_even_past_the_service(runtime: Runtime) -> None:
    from tortoise.exceptions import IntegrityError

    with pytest.raises(IntegrityError):
        await User.create(email="Upper@Example.com", display_name="X", password_hash="x")


async def test_update_profile(gql: GraphQLClient, runtime: Runtime) -> None:
    auth = await make_user(runtime)
    query = "mutation($n: String!) { updateProfile(input: {displayName: $n}) { displayName } }"
    assert (await gql(query, {"n": "Renamed"}, token=auth.access_token)).ok()["updateProfile"][
        "displayName"
    ] == "Renamed"
    refused = await gql(query, {"n": ""}, token=auth.access_token)
    assert refused.error_code == "BAD_USER_INPUT"
    assert (await User.get(id=auth.user.id)).display_name == "Renamed"
    anonymous = await gql(query, {"n": "Nobody"})
    assert anonymous.error_code == "UNAUTHENTICATED"


CHANGE = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }"


async def test_change_password_ends_other_sessions_but_not_this_one(gql: GraphQLClient, runtime: Runtime) -> None:
    other = await make_user(runtime)
    email = other.user.email
    this = (await gql(LOGIN, {"email": email, "password": PASSWORD})).ok()["login"]
    assert (await gql(CHANGE, {"c": PASSWORD, "n": "a brand new password"}, token=this["accessToken"])).ok()
    # The other session dies at once, access token and refresh token alike.
    assert (await gql(ME, token=other.access_token)).error_code == "UNAUTHENTICATED"
    assert (await gql(REFRESH, {"token": other.refresh_token})).error_code == "UNAUTHENTICATED"
    # This one goes on.
    assert (await gql(ME, token=this["accessToken"])).ok()["me"]["email"] == email
    assert (await gql(REFRESH, {"token": this["refreshToken"]})).ok()
    # And only the new password works.
    assert (await gql(LOGIN, {"email": email, "password": PASSWORD})).error_code == "UNAUTHENTICATED"
    assert (await gql(LOGIN, {"email": email, "password": "a brand new password"})).ok()


@pytest.mark.parametrize(
    ("current", "new"),
    [("wrong current password", "a brand new password"), (PASSWORD, "short"), (PASSWORD, PASSWORD)],
)
async def test_bad_password_changes_change_nothing(
    gql: GraphQLClient, runtime: Runtime, current: str, new: str
) -> None:
    auth = await make_user(runtime)
    before = (await User.get(id=auth.user.id)).password_hash
    result = await gql(CHANGE, {"c": current, "n": new}, token=auth.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert (await User.get(id=auth.user.id)).password_hash == before
    assert (await gql(ME, token=auth.access_token)).ok()["me"]


async def test_emails_are_private_to_their_owner_and_admins(gql: GraphQLClient, runtime: Runtime) -> None:
    learner = await make_user(runtime)
    admin = await make_user(runtime, Role.ADMIN)
    query = "query { users(first: 10) { edges { node { id email } } } }"
    rows = (await gql(query, token=admin.access_token)).ok()["users"]["edges"]
    assert {r["node"]["email"] for r in rows} == {learner.user.email, admin.user.email}
    me = (await gql(ME, token=learner.access_token)).ok()["me"]
    assert me["email"] == learner.user.email


async def test_password_hashes_are_argon2id_with_the_configured_cost(runtime: Runtime) -> None:
    params = runtime.settings.password_hashing
    hashed = await passwords.hash_password(params, PASSWORD)
    assert hashed.startswith(f"$argon2id$v=19$m={params.memory_cost_kib},t={params.time_cost},p={params.parallelism}$")
    assert await passwords.verify_password(params, hashed, PASSWORD)
    assert not await passwords.verify_password(params, hashed, PASSWORD + "x")
    assert not await passwords.verify_password(params, "not a hash", PASSWORD)


async def test_register_is_rate_limited_per_client_address(gql: GraphQLClient, runtime: Runtime) -> None:
    """Issue 11 #6: each sign-up costs an Argon2 hash; one address gets REGISTER_LIMIT_PER_ADDRESS."""
    limit = runtime.settings.register_limit_per_address.limit
    results = await asyncio.gather(*(gql(REGISTER, register_input()) for _ in range(limit + 3)))
    codes = sorted("OK" if not r.errors else r.error_code for r in results)
    assert codes == ["OK"] * limit + ["RATE_LIMITED"] * 3
    refused = next(r for r in results if r.errors)
    assert refused.errors[0]["extensions"]["retryAfterSeconds"] >= 1
    assert await User.all().count() == limit
    # Another address is not affected.
    other = await accounts.register(
        runtime, email="elsewhere@example.com", password=PASSWORD, display_name="E", role=Role.LEARNER,
        client_address="198.51.100.77",
    )  # fmt: skip
    assert other.email == "elsewhere@example.com"
