"""Issue 11 #3 for accounts: what PostgreSQL (or Argon2) cannot take is refused by the services
themselves with BAD_USER_INPUT (or UNAUTHENTICATED for a token), never INTERNAL."""

import pytest

from edusphere.auth import accounts, sessions
from edusphere.auth.models import Role, User
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from tests.helpers import PASSWORD, GraphQLClient, make_user


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


async def test_a_nul_password_is_only_ever_hashed_so_it_is_fine(runtime: Runtime) -> None:
    user = await accounts.register(
        runtime,
        email="nul@example.com",
        password="with\u0000nul inside",
        display_name="N",
        role=Role.LEARNER,
        client_address="198.51.100.9",
    )
    assert (await sessions.login(runtime, user.email, "with\u0000nul inside", "198.51.100.1")).user.id == user.id


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
