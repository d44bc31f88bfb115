"""Issue 11 #3 for accounts: what PostgreSQL (or Argon2) cannot take is refused by the services
themselves with BAD_USER_INPUT (or UNAUTHENTICATED for a token), never INTERNAL."""

import httpx
import pytest
from argon2 import PasswordHasher

from edusphere.auth import accounts, passwords, sessions
from edusphere.auth.models import Role, User
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from tests.helpers import LOGIN, PASSWORD, GraphQLClient, make_user


async def code_and_field(call: object) -> tuple[ErrorCode, object]:
    with pytest.raises(AppError) as caught:
        await call  # type: ignore[misc]
    return caught.value.code, caught.value.details.get("field")


@pytest.mark.parametrize(
    ("email", "password", "name", "field"),
    [
        ("nul\u0000@example.com", PASSWORD, "Ada", "email"),
        ("ctl\u0001@example.com", PASSWORD, "Ada", "email"),
        ("lone\ud800@example.com", PASSWORD, "Ada", "email"),
        ("ok@example.com", "surrogate \ud800 password", "Ada", "password"),
        ("ok@example.com", PASSWORD, "lone \udc00", "displayName"),
        ("ok@example.com", PASSWORD, "esc\u001b[2J", "displayName"),
    ],
)
async def test_registration_refuses_what_cannot_be_stored(
    runtime: Runtime, email: str, password: str, name: str, field: str
) -> None:
    call = accounts.register(
        runtime, email=email, password=password, display_name=name, role=Role.LEARNER, client_address="198.51.100.9"
    )
    assert await code_and_field(call) == (ErrorCode.BAD_USER_INPUT, field)
    assert await User.all().count() == 0


async def test_a_nul_password_is_refused_since_no_login_could_carry_it(runtime: Runtime) -> None:
    """Once accepted here (only its hash is stored), but the transports refuse U+0000 in any
    string of a request, so an account given one (by `createadmin`, say) could never sign in."""
    call = accounts.register(
        runtime,
        email="nul@example.com",
        password="with\u0000nul inside",
        display_name="N",
        role=Role.LEARNER,
        client_address="198.51.100.9",
    )
    with pytest.raises(AppError) as caught:
        await call
    assert caught.value.details == {"field": "password", "reason": "UNSUPPORTED_CHARACTER"}
    assert await User.all().count() == 0


async def test_login_and_tokens_with_unstorable_text_are_refused_cleanly(runtime: Runtime) -> None:
    auth = await make_user(runtime)
    assert await code_and_field(sessions.login(runtime, "nul\u0000@example.com", PASSWORD, "198.51.100.2")) == (
        ErrorCode.BAD_USER_INPUT,
        "email",
    )
    wrong = await code_and_field(sessions.login(runtime, auth.user.email, "lone \ud800", "198.51.100.2"))
    assert wrong[0] is ErrorCode.UNAUTHENTICATED
    for call in (sessions.refresh_session(runtime, "lone \ud800"), sessions.logout(runtime, "lone \ud800")):
        assert (await code_and_field(call))[0] is ErrorCode.UNAUTHENTICATED
    for current, new in (("lone \ud800", "a brand new password"), (PASSWORD, "a new \ud800 password")):
        call = accounts.change_password(runtime, auth.viewer, current=current, new=new)
        assert (await code_and_field(call))[0] is ErrorCode.BAD_USER_INPUT


async def test_a_nul_in_the_admins_user_search_is_bad_input(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    query = "query($s: String) { users(filter: {search: $s}) { totalCount } }"
    assert (await gql(query, {"s": "nul\u0000"}, token=admin.access_token)).error_code == "BAD_USER_INPUT"
    assert await code_and_field(accounts.list_users(runtime, accounts.UserFilter(search="x\u0000"), 10, None)) == (
        ErrorCode.BAD_USER_INPUT,
        "search",
    )


@pytest.mark.parametrize("length", [255, 300, 20_000])
async def test_an_email_longer_than_any_account_s_is_invalid_credentials(
    gql: GraphQLClient, runtime: Runtime, length: int
) -> None:
    """Review of #2: a 300-character email answered INTERNAL (Tortoise's max_length check on the
    lookup). It matches no account, so it gets the answer every unknown email gets."""
    long_email = "x" * (length - len("@example.com")) + "@example.com"
    result = await gql(LOGIN, {"email": long_email, "password": "some password"})
    assert result.error_code == "UNAUTHENTICATED", result.body
    assert result.errors[0]["message"] == sessions.INVALID_CREDENTIALS
    assert await code_and_field(sessions.login(runtime, long_email, PASSWORD, "198.51.100.3")) == (
        ErrorCode.UNAUTHENTICATED,
        None,
    )


async def test_a_long_search_in_the_admins_user_list_is_answered(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    query = "query($s: String) { users(filter: {search: $s}) { totalCount } }"
    assert (await gql(query, {"s": "y" * 5_000}, token=admin.access_token)).ok()["users"]["totalCount"] == 0


async def test_an_over_long_password_never_reaches_argon2_at_login(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review of #9: login never checked MAX_LENGTH, so a megabyte "password" was hashed in full
    by Argon2, and an account whose hash was made from a longer one (before the policy) still
    opened. Now the login takes the dummy verify with a bounded password, as for an unknown email."""
    long_password = "p" * (passwords.MAX_LENGTH + 1)
    auth = await make_user(runtime)
    await User.filter(id=auth.user.id).update(
        password_hash=await passwords.hash_password(runtime.settings.password_hashing, long_password)
    )
    verified: list[int] = []
    real_verify = PasswordHasher.verify

    def spy(self: PasswordHasher, hash: str, password: str | bytes) -> bool:
        verified.append(len(password))
        return real_verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    for password in (long_password, "q" * 1_000_000):
        assert await code_and_field(sessions.login(runtime, auth.user.email, password, "198.51.100.4")) == (
            ErrorCode.UNAUTHENTICATED,
            None,
        )
    assert len(verified) == 2  # the dummy verify, for the timing
    assert max(verified) <= passwords.MAX_LENGTH


def test_hashable_reads_a_megabyte_at_once() -> None:
    assert passwords.hashable("x\u0000" * 500_000)
    assert not passwords.hashable("x" * 1_000_000 + "\ud800")
    assert not passwords.hashable("\udfff" + "x" * 1_000_000)


@pytest.mark.parametrize("raw", [b"Bearer \xe9", b"Bearer \xff\xfe", b"Bearer abc.\xc3\xa9.def"])
async def test_a_non_ascii_authorization_header_is_unauthenticated(http: httpx.AsyncClient, raw: bytes) -> None:
    """Sanic hands non-ASCII header bytes on as surrogates, which pyjwt could not even encode: a
    500 before. A JWT is ASCII, so anything else is simply an invalid token."""
    post = await http.post("/graphql", json={"query": "{ me { id } }"}, headers={"authorization": raw})
    get = await http.get("/graphql", params={"query": "{ me { id } }"}, headers={"authorization": raw})
    for response in (post, get):
        assert response.status_code == 401, response.text
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
