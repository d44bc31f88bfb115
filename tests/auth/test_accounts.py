"""Sign-up, profile and password: each refusal has a code and leaves the database as it was."""

import asyncio
from dataclasses import replace

import asyncpg
import pytest
from sanic import Sanic

from edusphere.auth import accounts, passwords, sessions
from edusphere.auth.models import RefreshToken, Role, User
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.core.settings import PasswordHashing
from tests.core.test_graphql_ws import acked, closed_with, receive, send, socket
from tests.helpers import (
    LOGIN,
    ME,
    PASSWORD,
    REFRESH,
    REGISTER,
    GraphQLClient,
    fullwidth,
    make_user,
    register_input,
)


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
    ("overrides", "field", "reason"),
    [
        ({"password": "short"}, "password", "TOO_SHORT"),
        ({"email": "same.as.email@example.com", "password": "Same.As.Email@example.com"}, "password", "CONTAINS_EMAIL"),
        ({"password": "x" * 300}, "password", "TOO_LONG"),
        ({"password": "password1234"}, "password", "COMMON"),
        ({"password": "QWERTYUIOP"}, "password", "COMMON"),
        ({"displayName": "Grace Hopper", "password": "gracehopper forever"}, "password", "CONTAINS_NAME"),
        ({"email": "not-an-email"}, "email", None),
        ({"email": "a@b"}, "email", None),
        ({"displayName": "   "}, "displayName", None),
        ({"displayName": "x" * 81}, "displayName", None),
        ({"displayName": "bad\u0000name"}, "displayName", None),
        ({"role": "ADMIN"}, "role", None),
    ],
)
async def test_bad_registrations_are_refused_and_create_nothing(
    gql: GraphQLClient, overrides: dict[str, str], field: str, reason: str | None
) -> None:
    result = await gql(REGISTER, register_input(**overrides))
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == field
    assert result.errors[0]["extensions"].get("reason") == reason
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
    ("current", "new", "field", "reason"),
    [
        ("wrong current password", "a brand new password", "currentPassword", None),
        (PASSWORD, "short", "newPassword", "TOO_SHORT"),
        (PASSWORD, "password1234", "newPassword", "COMMON"),
        (PASSWORD, "test user is me", "newPassword", "CONTAINS_NAME"),  # make_user's "Test User"
        (PASSWORD, PASSWORD, "newPassword", "UNCHANGED"),
        (PASSWORD, fullwidth(PASSWORD), "newPassword", "UNCHANGED"),  # NFKC-equal
    ],
)
async def test_bad_password_changes_change_nothing(
    gql: GraphQLClient, runtime: Runtime, current: str, new: str, field: str, reason: str | None
) -> None:
    auth = await make_user(runtime)
    before = (await User.get(id=auth.user.id)).password_hash
    result = await gql(CHANGE, {"c": current, "n": new}, token=auth.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == field
    assert result.errors[0]["extensions"].get("reason") == reason
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


async def test_change_password_ends_other_sessions_over_http_and_sockets_at_once(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    """Issue 11 #11: the other browser, busy (trusted in this process's cache) and with a socket
    open, is refused on its next request and its socket closes; this one carries on."""
    email = (await make_user(runtime)).user.email
    this = (await gql(LOGIN, {"email": email, "password": PASSWORD})).ok()["login"]
    other = (await gql(LOGIN, {"email": email, "password": PASSWORD})).ok()["login"]
    other = (await gql(REFRESH, {"token": other["refreshToken"]})).ok()["refreshToken"]  # a rotated family
    for _ in range(3):
        assert (await gql(ME, token=other["accessToken"])).ok()["me"]["email"] == email
    async with socket(app) as other_socket, socket(app) as this_socket:
        await acked(other_socket, other["accessToken"])
        await acked(this_socket, this["accessToken"])
        assert (await gql(CHANGE, {"c": PASSWORD, "n": "a brand new password"}, token=this["accessToken"])).ok()
        assert (await gql(ME, token=other["accessToken"])).error_code == "UNAUTHENTICATED"
        assert (await gql(REFRESH, {"token": other["refreshToken"]})).error_code == "UNAUTHENTICATED"
        assert await closed_with(other_socket) == (4403, "This session has been revoked")
        await send(this_socket, {"id": "me", "type": "subscribe", "payload": {"query": "{ me { email } }"}})
        assert (await receive(this_socket))["payload"] == {"data": {"me": {"email": email}}}
    assert (await gql(ME, token=this["accessToken"])).ok()["me"]["email"] == email


async def test_a_refresh_racing_a_password_change_does_not_keep_the_session(
    gql: GraphQLClient, runtime: Runtime, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11 #11: the other browser refreshes its token just as the password changes. Its
    refresh holds the old token's row while the revocation waits for it, then commits a new token
    the revocation's UPDATE cannot see. That token must not bring the session back (on main it
    did, as soon as the 16-minute revocation marker in Redis expired, and for good)."""
    email = (await make_user(runtime)).user.email
    this = await sessions.login(runtime, email, PASSWORD, "198.51.100.30")
    other = await sessions.login(runtime, email, PASSWORD, "198.51.100.31")
    holding = asyncio.Event()
    issue = sessions._issue_refresh_token
    watcher = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))

    async def revocation_waits() -> bool:
        waiting = await watcher.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'UPDATE%refresh%'"
        )
        return bool(waiting)

    async def issue_while_the_revocation_waits(rt: Runtime, user: User, family_id: object) -> str:
        if family_id == other.session_id and not holding.is_set():
            holding.set()  # the old token's row is locked and marked rotated, in this transaction
            deadline = asyncio.get_running_loop().time() + 10
            while not await revocation_waits():
                assert asyncio.get_running_loop().time() < deadline, "the revocation never queued"
                await asyncio.sleep(0.01)
        return await issue(rt, user, family_id)  # type: ignore[arg-type]

    monkeypatch.setattr(sessions, "_issue_refresh_token", issue_while_the_revocation_waits)
    try:
        refreshing = asyncio.create_task(sessions.refresh_session(runtime, other.refresh_token))
        await holding.wait()
        await accounts.change_password(runtime, this.viewer, current=PASSWORD, new="a brand new password")
        raced = await refreshing
    finally:
        await watcher.close()
    # The racing refresh answered (it committed first), but what it handed out is dead...
    assert (await gql(ME, token=raced.access_token)).error_code == "UNAUTHENTICATED"
    # ...in Redis and in PostgreSQL alike: no marker is needed for its refresh token to fail.
    await runtime.redis.delete(runtime.keys("session-revoked", str(other.session_id)))
    assert (await gql(REFRESH, {"token": raced.refresh_token})).error_code == "UNAUTHENTICATED"
    assert await RefreshToken.filter(family_id=other.session_id, revoked_at__isnull=True).count() == 0
    assert (await gql(REFRESH, {"token": this.refresh_token})).ok()


async def test_a_login_racing_a_password_change_does_not_keep_its_session(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone with the old password logs in while its owner changes it: the login verified the
    old password, the change looked for sessions before the login created its own. That session
    must not survive the change."""
    email = (await make_user(runtime)).user.email
    owner = await sessions.login(runtime, email, PASSWORD, "198.51.100.40")
    match = passwords.match_password
    changing = asyncio.Event()

    async def verify_then_the_owner_changes_it(params: object, password_hash: str, password: str) -> passwords.Match:
        matched = await match(params, password_hash, password)  # type: ignore[arg-type]
        if matched is not passwords.Match.NO and not changing.is_set():  # the login's check; then the change's
            changing.set()
            await accounts.change_password(runtime, owner.viewer, current=PASSWORD, new="a brand new password")
        return matched

    monkeypatch.setattr(passwords, "match_password", verify_then_the_owner_changes_it)
    with pytest.raises(AppError) as caught:
        await sessions.login(runtime, email, PASSWORD, "203.0.113.41")
    assert caught.value.code is ErrorCode.UNAUTHENTICATED
    monkeypatch.undo()
    user = await User.get(email=email)
    families = (
        await RefreshToken.filter(user_id=user.id, revoked_at__isnull=True)
        .distinct()
        .values_list("family_id", flat=True)
    )
    assert list(families) == [owner.session_id]  # only the owner's own session is left
    assert (await gql(LOGIN, {"email": email, "password": "a brand new password"})).ok()


async def test_a_rehash_on_login_never_undoes_a_password_change(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = await make_user(runtime)
    stronger = Runtime(
        replace(runtime.settings, password_hashing=PasswordHashing(time_cost=2, memory_cost_kib=2048, parallelism=1)),
        runtime.redis,
    )
    hash_password = passwords.hash_password

    async def hash_while_the_password_changes(params: PasswordHashing, password: str) -> str:
        rehashed = await hash_password(params, password)
        if password == PASSWORD:
            fresh = await User.get(id=auth.user.id)
            fresh.password_hash = await hash_password(runtime.settings.password_hashing, "changed meanwhile!")
            await fresh.save(update_fields=["password_hash"])
        return rehashed

    monkeypatch.setattr(passwords, "hash_password", hash_while_the_password_changes)
    with pytest.raises(AppError):
        await sessions.login(stronger, auth.user.email, PASSWORD, "198.51.100.42")
    stored = (await User.get(id=auth.user.id)).password_hash
    assert await passwords.verify_password(runtime.settings.password_hashing, stored, "changed meanwhile!")
