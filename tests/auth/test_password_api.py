"""Issue 15 #9 over the API: `passwordProblems` says what the mutations would refuse (one source of
truth for the forms), hostile input is bounded, and passwords are hashed in their NFKC form."""

import json
import time
import unicodedata

import httpx
import pytest
from argon2 import PasswordHasher

from edusphere.auth import password_policy, passwords, sessions
from edusphere.auth.models import User
from edusphere.core.errors import AppError
from edusphere.core.runtime import Runtime
from tests.helpers import LOGIN, PASSWORD, REGISTER, GraphQLClient, fullwidth, make_user, register_input

PROBLEMS = """query($password: String!, $email: String, $displayName: String) {
  passwordProblems(password: $password, email: $email, displayName: $displayName) { reason message } }"""
CHANGE = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }"


async def reasons(gql: GraphQLClient, password: str, token: str | None = None, **context: str) -> list[str]:
    result = await gql(PROBLEMS, {"password": password, **context}, token=token)
    return [problem["reason"] for problem in result.ok()["passwordProblems"]]


async def test_problems_are_listed_with_messages_and_none_for_a_good_password(gql: GraphQLClient) -> None:
    result = (await gql(PROBLEMS, {"password": "tulipmoon"})).ok()["passwordProblems"]
    assert result == [{"reason": "TOO_SHORT", "message": "The password must be at least 10 characters long."}]
    assert await reasons(gql, "password1234") == ["COMMON"]
    assert await reasons(gql, "zzzz") == ["TOO_SHORT", "REPETITIVE"]
    assert await reasons(gql, "correct horse battery staple") == []
    assert await reasons(gql, "🎓 learn every day 🎓") == []


async def test_the_context_is_what_the_form_holds_or_else_the_signed_in_user(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    assert await reasons(gql, "ada.lovelace 1815") == []  # nothing known of the account yet
    assert await reasons(gql, "ada.lovelace 1815", email="Ada.Lovelace@example.com") == ["CONTAINS_EMAIL"]
    assert await reasons(gql, "ada.lovelace 1815", email="ada.lovel") == ["CONTAINS_EMAIL"]  # still typing
    assert await reasons(gql, "grace hopper 1906", displayName="Grace Hopper") == ["CONTAINS_NAME"]
    auth = await make_user(runtime, email="marie.curie@example.com", name="Radium Lady")
    token = auth.access_token
    assert await reasons(gql, "marie.curie polonium", token) == ["CONTAINS_EMAIL"]
    assert await reasons(gql, "radiumlady polonium", token) == ["CONTAINS_NAME"]
    assert await reasons(gql, "marie.curie polonium", token, email="someone@example.com") == []


@pytest.mark.parametrize(
    "password",
    ["tulipmoon", "password1234", "qwertyuiop", "ada.lovelace!!", "edusphere rocks", "ab" * 8, "x" * 257],
)
async def test_the_query_and_the_mutations_give_the_same_first_reason(gql: GraphQLClient, password: str) -> None:
    email = "ada.lovelace@example.com"
    expected = (await reasons(gql, password, email=email, displayName="Ada"))[0]
    refused = await gql(REGISTER, register_input(email, password=password))
    assert refused.error_code == "BAD_USER_INPUT"
    assert refused.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "password", "reason": expected}
    assert refused.errors[0]["message"] == password_policy.MESSAGES[password_policy.Reason(expected)]
    assert await User.all().count() == 0


async def test_hostile_input_is_bounded(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    started = time.perf_counter()
    assert await reasons(gql, "p" * 900_000) == ["TOO_LONG"]  # answered without reading it
    assert time.perf_counter() - started < 2
    for field in ("email", "displayName"):
        result = await gql(PROBLEMS, {"password": "a fine password", field: "x" * 1_001})
        assert result.error_code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["field"] == field
    # Past the request size limit (a megabyte) the server does not even read it.
    response = await http.post("/graphql", json={"query": PROBLEMS, "variables": {"password": "p" * 1_100_000}})
    assert response.status_code == 413


@pytest.mark.parametrize("password", ["nul \u0000 inside it", "lone \ud800 surrogate"])
async def test_nul_and_lone_surrogates_are_bad_input_naming_the_password(
    http: httpx.AsyncClient, password: str
) -> None:
    """The transport refuses them before any resolver (see core.text), for the query and the
    mutation alike, and says which variable."""
    for query, variables in ((PROBLEMS, {"password": password}), (REGISTER, register_input(password=password))):
        # ASCII JSON with \u escapes, as a browser's JSON.stringify sends a lone surrogate.
        body = json.dumps({"query": query, "variables": variables}).encode()
        response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["field"] == "password"
    assert await User.all().count() == 0


async def test_a_password_is_the_same_password_in_any_unicode_form(gql: GraphQLClient) -> None:
    """800-63B: normalise before hashing. Registered full-width (a Japanese IME's), it opens with
    ASCII; registered decomposed (e + U+0301), it opens composed."""
    wide = fullwidth("tulip moon night")
    composed = "café noir à minuit"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    for typed, later in ((wide, "tulip moon night"), (decomposed, composed), (composed, decomposed)):
        email = (await gql(REGISTER, register_input(password=typed))).ok()["register"]["user"]["email"]
        assert (await gql(LOGIN, {"email": email, "password": later})).ok()["login"]["accessToken"]
        assert (await gql(LOGIN, {"email": email, "password": "tulip moon"})).error_code == "UNAUTHENTICATED"


async def test_a_hash_made_before_normalisation_still_opens_and_is_upgraded(runtime: Runtime) -> None:
    """Hashes made before this change are of the text as typed: still accepted, and rehashed at
    the login in the NFKC form, after which either form opens the account."""
    typed = fullwidth("tulip moon night")
    auth = await make_user(runtime)
    params = runtime.settings.password_hashing
    legacy = PasswordHasher(
        time_cost=params.time_cost, memory_cost=params.memory_cost_kib, parallelism=params.parallelism
    ).hash(typed)
    await User.filter(id=auth.user.id).update(password_hash=legacy)
    assert (await sessions.login(runtime, auth.user.email, typed, "198.51.100.20")).user.id == auth.user.id
    upgraded = (await User.get(id=auth.user.id)).password_hash
    assert upgraded != legacy
    assert await passwords.match_password(params, upgraded, "tulip moon night") is passwords.Match.YES
    assert await passwords.match_password(params, upgraded, typed) is passwords.Match.YES
    assert await passwords.match_password(params, legacy, typed) is passwords.Match.LEGACY
    assert await passwords.match_password(params, legacy, "tulip moon night") is passwords.Match.NO


async def test_a_wrong_unnormalised_password_costs_the_same_for_unknown_emails(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A password NFKC changes is verified twice (both forms); the dummy verify for an unknown
    email must do the same, or the count of verifies would say whether the account exists."""
    auth = await make_user(runtime)
    calls: list[str] = []
    real_verify = PasswordHasher.verify

    def spy(self: PasswordHasher, hash: str, password: str | bytes) -> bool:
        calls.append(str(password))
        return real_verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    counts = []
    for email in (auth.user.email, "nobody-here@example.com"):
        calls.clear()
        with pytest.raises(AppError, match="Invalid email or password"):
            await sessions.login(runtime, email, fullwidth("wrong password"), "198.51.100.21")
        counts.append(len(calls))
    assert counts == [2, 2]


async def test_change_password_refuses_with_the_reason_and_keeps_the_old_one(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    auth = await make_user(runtime, email="alan.turing@example.com")
    refused = await gql(CHANGE, {"c": PASSWORD, "n": "alan.turing enigma"}, token=auth.access_token)
    assert refused.errors[0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "newPassword",
        "reason": "CONTAINS_EMAIL",
    }
    assert (await gql(LOGIN, {"email": auth.user.email, "password": PASSWORD})).ok()


def test_the_passwords_tests_and_seeds_use_meet_the_policy() -> None:
    """Or the tests that sign up and change passwords with them would only test refusals."""
    from edusphere.courses.demo import DEMO_PASSWORD
    from edusphere.courses.scale import SCALE_PASSWORD

    for password in (PASSWORD, DEMO_PASSWORD, SCALE_PASSWORD, "a brand new password", "another long password"):
        assert password_policy.problems(password, email="someone@example.com", display_name="Test User") == []
