"""Logging in, token rotation and revocation, and every way an access token can be bad."""

import asyncio
import base64
import json
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import jwt
import pytest

from edusphere.auth import accounts, passwords, sessions
from edusphere.auth.authentication import auth_cache
from edusphere.auth.models import RefreshToken, Role, User
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.invalidation import channel
from edusphere.core.runtime import Runtime
from edusphere.core.settings import PasswordHashing, RateLimit
from tests.helpers import LOGIN, LOGOUT, ME, PASSWORD, REFRESH, GraphQLClient, eventually, make_user


async def test_login_returns_tokens_that_work(gql: GraphQLClient, runtime: Runtime) -> None:
    auth = await make_user(runtime, Role.CREATOR)
    data = (await gql(LOGIN, {"email": auth.user.email.upper(), "password": PASSWORD})).ok()["login"]
    assert data["user"]["email"] == auth.user.email
    claims = jwt.decode(
        data["accessToken"],
        runtime.settings.secret_key,
        algorithms=["HS256"],
        audience=runtime.settings.jwt_audience,
    )
    assert claims["sub"] == str(auth.user.id)
    assert claims["role"] == "CREATOR"
    assert claims["iss"] == runtime.settings.jwt_issuer
    assert {"exp", "iat", "jti", "sid"} <= claims.keys()
    assert claims["exp"] - claims["iat"] == runtime.settings.access_token_ttl_seconds
    stored = await RefreshToken.filter(user_id=auth.user.id).values_list("token_hash", flat=True)
    assert data["refreshToken"] not in stored  # only hashes are stored


async def test_wrong_password_and_unknown_email_fail_alike(gql: GraphQLClient, runtime: Runtime) -> None:
    auth = await make_user(runtime)
    tokens_before = await RefreshToken.all().count()
    wrong = await gql(LOGIN, {"email": auth.user.email, "password": "not the password"})
    unknown = await gql(LOGIN, {"email": "nobody@example.com", "password": "not the password"})
    assert wrong.error_code == unknown.error_code == "UNAUTHENTICATED"
    assert wrong.errors[0]["message"] == unknown.errors[0]["message"] == "Invalid email or password"
    assert await RefreshToken.all().count() == tokens_before


async def test_too_many_logins_are_rate_limited_even_with_the_right_password(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    auth = await make_user(runtime)
    limit = runtime.settings.login_limit_per_email.limit
    for _ in range(limit):
        assert (
            await gql(LOGIN, {"email": auth.user.email, "password": "wrong password!"})
        ).error_code == "UNAUTHENTICATED"
    tokens_before = await RefreshToken.all().count()
    limited = await gql(LOGIN, {"email": auth.user.email, "password": PASSWORD})
    assert limited.error_code == "RATE_LIMITED"
    assert limited.errors[0]["extensions"]["retryAfterSeconds"] >= 1
    assert await RefreshToken.all().count() == tokens_before
    # Another account from the same address is not locked out by this one.
    other = await make_user(runtime)
    assert (await gql(LOGIN, {"email": other.user.email, "password": PASSWORD})).ok()


async def test_login_is_rate_limited_per_address(runtime: Runtime) -> None:
    strict = Runtime(
        replace(
            runtime.settings,
            login_limit_per_address=replace(runtime.settings.login_limit_per_address, limit=2),
        ),
        runtime.redis,
    )
    for n in range(2):
        await sessions.check_login_rate(strict, f"user{n}@example.com", "203.0.113.7")
    with pytest.raises(AppError) as caught:
        await sessions.check_login_rate(strict, "user3@example.com", "203.0.113.7")
    assert caught.value.code is ErrorCode.RATE_LIMITED


async def test_refresh_rotates_and_reuse_revokes_the_family(gql: GraphQLClient, runtime: Runtime) -> None:
    auth = await make_user(runtime)
    first = (await gql(REFRESH, {"token": auth.refresh_token})).ok()["refreshToken"]
    assert first["refreshToken"] != auth.refresh_token
    second = (await gql(REFRESH, {"token": first["refreshToken"]})).ok()["refreshToken"]
    # The original token is presented again: someone holds a copy.
    reused = await gql(REFRESH, {"token": auth.refresh_token})
    assert reused.error_code == "UNAUTHENTICATED"
    assert "already used" in reused.errors[0]["message"]
    # The whole family is dead, including the newest token and its access token.
    assert (await gql(REFRESH, {"token": second["refreshToken"]})).error_code == "UNAUTHENTICATED"
    assert (await gql(ME, token=second["accessToken"])).error_code == "UNAUTHENTICATED"
    assert await RefreshToken.filter(family_id=auth.session_id, revoked_at__isnull=True).count() == 0


async def test_refresh_with_garbage_or_expired_tokens(gql: GraphQLClient, runtime: Runtime) -> None:
    assert (await gql(REFRESH, {"token": "garbage"})).error_code == "UNAUTHENTICATED"
    auth = await make_user(runtime)
    await RefreshToken.filter(family_id=auth.session_id).update(expires_at=datetime(2000, 1, 1, tzinfo=UTC))
    expired = await gql(REFRESH, {"token": auth.refresh_token})
    assert expired.error_code == "UNAUTHENTICATED"
    assert await RefreshToken.filter(family_id=auth.session_id, rotated_at__isnull=False).count() == 0


async def test_logout_revokes_refresh_and_access_tokens(gql: GraphQLClient, runtime: Runtime) -> None:
    auth = await make_user(runtime)
    assert (await gql(LOGOUT, {"token": auth.refresh_token})).ok() == {"logout": True}
    assert (await gql(ME, token=auth.access_token)).error_code == "UNAUTHENTICATED"
    assert (await gql(REFRESH, {"token": auth.refresh_token})).error_code == "UNAUTHENTICATED"
    assert (await gql(LOGOUT, {"token": "not-a-token"})).error_code == "UNAUTHENTICATED"


def forge(
    runtime: Runtime,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    *,
    key: str | None = None,
    **overrides: object,
) -> str:
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "role": "ADMIN",
        "sid": str(session_id),
        "iat": now,
        "exp": now + 60,
        "jti": "x",
        "iss": runtime.settings.jwt_issuer,
        "aud": runtime.settings.jwt_audience,
    }
    claims.update(overrides)
    return jwt.encode(claims, key or runtime.settings.secret_key, algorithm="HS256")


def unsigned(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


@pytest.mark.parametrize(
    "case", ["expired", "other_key", "alg_none", "wrong_aud", "wrong_iss", "missing_sid", "not_a_jwt"]
)
async def test_bad_access_tokens_are_unauthenticated(gql: GraphQLClient, runtime: Runtime, case: str) -> None:
    auth = await make_user(runtime)
    uid, sid = auth.user.id, auth.session_id
    now = int(time.time())
    token = {
        "expired": lambda: forge(runtime, uid, sid, iat=now - 120, exp=now - 60),
        "other_key": lambda: forge(runtime, uid, sid, key="another-secret-key-that-is-long-enough"),
        "alg_none": lambda: unsigned(
            {
                "sub": str(uid),
                "role": "ADMIN",
                "sid": str(sid),
                "iat": now,
                "exp": now + 60,
                "jti": "x",
                "iss": "edusphere",
                "aud": "edusphere",
            }
        ),
        "wrong_aud": lambda: forge(runtime, uid, sid, aud="someone-else"),
        "wrong_iss": lambda: forge(runtime, uid, sid, iss="someone-else"),
        "missing_sid": lambda: jwt.encode(
            {
                "sub": str(uid),
                "role": "LEARNER",
                "iat": now,
                "exp": now + 60,
                "jti": "x",
                "iss": "edusphere",
                "aud": "edusphere",
            },
            runtime.settings.secret_key,
            algorithm="HS256",
        ),
        "not_a_jwt": lambda: "abc.def.ghi",
    }[case]()
    result = await gql(ME, token=token)
    assert (result.status, result.error_code) == (401, "UNAUTHENTICATED")
    if case == "expired":
        assert result.errors[0]["extensions"]["reason"] == "TOKEN_EXPIRED"


async def test_a_token_of_a_deactivated_user_stops_working(gql: GraphQLClient, runtime: Runtime) -> None:
    auth = await make_user(runtime)
    admin = await make_user(runtime, Role.ADMIN)
    assert (await gql(ME, token=auth.access_token)).ok()["me"]  # now cached in this process
    await accounts.set_user_active(runtime, admin.viewer, str(auth.user.id), False)
    assert (await gql(ME, token=auth.access_token)).error_code == "UNAUTHENTICATED"
    login = await gql(LOGIN, {"email": auth.user.email, "password": PASSWORD})
    assert login.error_code == "UNAUTHENTICATED"


async def test_cached_users_follow_writes_made_elsewhere(gql: GraphQLClient, runtime: Runtime) -> None:
    """Another process changes the user: the version in Redis moves, this process re-reads."""
    auth = await make_user(runtime)
    assert (await gql(ME, token=auth.access_token)).ok()["me"]["role"] == "LEARNER"
    assert auth_cache(runtime).trusted_users.get(auth.user.id) is not None
    await User.filter(id=auth.user.id).update(role=Role.CREATOR)
    await runtime.redis.set(runtime.keys("user-version", str(auth.user.id)), "changed-elsewhere")
    await runtime.redis.publish(channel(runtime.keys), f"auth.user {auth.user.id}")
    await eventually(lambda: auth_cache(runtime).trusted_users.get(auth.user.id) is None)
    assert (await gql(ME, token=auth.access_token)).ok()["me"]["role"] == "CREATOR"


async def test_authentication_survives_redis_losing_its_data(gql: GraphQLClient, runtime: Runtime) -> None:
    auth = await make_user(runtime)
    assert (await gql(ME, token=auth.access_token)).ok()["me"]
    await runtime.redis.delete(runtime.keys("user-version", str(auth.user.id)))
    await User.filter(id=auth.user.id).update(display_name="Renamed Meanwhile")
    auth_cache(runtime).reset()  # what a lost subscription does
    assert (await gql(ME, token=auth.access_token)).ok()["me"]["displayName"] == "Renamed Meanwhile"


async def test_role_comes_from_the_database_not_the_token(gql: GraphQLClient, runtime: Runtime) -> None:
    auth = await make_user(runtime)
    forged = forge(runtime, auth.user.id, auth.session_id, role="ADMIN")
    result = await gql("{ users { totalCount } }", token=forged)
    assert result.error_code == "FORBIDDEN"


async def test_login_rehashes_when_the_parameters_change(runtime: Runtime) -> None:
    auth = await make_user(runtime)
    old_hash = auth.user.password_hash
    stronger = replace(
        runtime.settings, password_hashing=PasswordHashing(time_cost=2, memory_cost_kib=2048, parallelism=1)
    )
    result = await sessions.login(Runtime(stronger, runtime.redis), auth.user.email, PASSWORD, "127.0.0.1")
    new_hash = (await User.get(id=auth.user.id)).password_hash
    assert new_hash != old_hash
    assert "m=2048,t=2,p=1" in new_hash
    assert result.user.id == auth.user.id
    assert not passwords.needs_rehash(stronger.password_hashing, new_hash)


def limited(runtime: Runtime, **limits: RateLimit) -> Runtime:
    return Runtime(replace(runtime.settings, **limits), runtime.redis)


async def login_code(runtime: Runtime, email: str, password: str, address: str) -> str:
    try:
        await sessions.login(runtime, email, password, address)
    except AppError as error:
        return error.code.value
    return "OK"


VICTIM, ATTACKER = "198.51.100.10", "203.0.113.66"


async def test_an_attacker_s_failures_do_not_lock_the_owner_out(gql: GraphQLClient, runtime: Runtime) -> None:
    """Issue 11 #5: ten wrong passwords for someone's email, from anywhere, made their correct
    password RATE_LIMITED for 15 minutes. Failures from the attacker's address stop the attacker
    only; the owner, from an address with no failure for the account, logs in."""
    victim = await make_user(runtime)
    email = victim.user.email
    attempts = [await login_code(runtime, email, f"guess number {n}", ATTACKER) for n in range(12)]
    assert "RATE_LIMITED" in attempts  # the per-account limit (5 in the tests) holds the attacker back
    assert await login_code(runtime, email, PASSWORD, ATTACKER) == "RATE_LIMITED"
    assert await login_code(runtime, email, PASSWORD, VICTIM) == "OK"
    # And over HTTP (from 127.0.0.1, where nobody failed), the owner signs in as usual.
    assert (await gql(LOGIN, {"email": email, "password": PASSWORD})).ok()["login"]["user"]["email"] == email


async def test_guessing_from_one_address_is_still_limited(runtime: Runtime) -> None:
    strict = limited(
        runtime,
        login_limit_per_email_and_address=RateLimit(3, 60),
        login_limit_per_email=RateLimit(100, 60),
    )
    victim = await make_user(runtime)
    email = victim.user.email
    assert [await login_code(strict, email, f"guess {n}", ATTACKER) for n in range(4)] == [
        "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"
    ]  # fmt: skip
    with pytest.raises(AppError) as caught:
        await sessions.login(strict, email, PASSWORD, ATTACKER)  # even the right one, from there
    assert caught.value.code is ErrorCode.RATE_LIMITED
    assert 1 <= caught.value.details["retryAfterSeconds"] <= 60
    # Spraying many accounts from one address meets the per-address limit.
    spray = limited(runtime, login_limit_per_address=RateLimit(4, 60))
    codes = [await login_code(spray, f"someone{n}@example.com", "password123!", "192.0.2.5") for n in range(6)]
    assert codes == ["UNAUTHENTICATED"] * 4 + ["RATE_LIMITED"] * 2


async def test_guessing_one_account_from_many_addresses_is_slowed(runtime: Runtime) -> None:
    """Past the per-account (soft) limit, an address that has failed three times for the account
    is refused and a fresh one gets three guesses, not a full per-address window; the owner (who
    has not failed) still gets in."""
    strict = limited(
        runtime,
        login_limit_per_email_and_address=RateLimit(10, 60),
        login_limit_per_email=RateLimit(6, 60),
    )
    victim = await make_user(runtime)
    email = victim.user.email
    bots = [f"192.0.2.{n}" for n in range(1, 7)]
    for bot in bots[:3]:
        assert [await login_code(strict, email, "wrong password", bot) for _ in range(2)] == ["UNAUTHENTICATED"] * 2
    # Six failures for the account: each address that failed has one guess left of its three.
    for bot in bots[:3]:
        assert [await login_code(strict, email, "another guess", bot) for _ in range(2)] == [
            "UNAUTHENTICATED", "RATE_LIMITED"
        ]  # fmt: skip
    # A fresh address gets three guesses, then is refused as well.
    assert [await login_code(strict, email, "wrong password", bots[3]) for _ in range(4)] == [
        "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"
    ]  # fmt: skip
    assert await login_code(strict, email, PASSWORD, VICTIM) == "OK"


def v6(n: int, host: int = 1) -> str:
    """An address in the n-th /64 of the documentation prefix 2001:db8::/32."""
    return f"2001:db8:{n >> 16:x}:{n & 0xFFFF:x}::{host:x}"


async def test_an_ipv6_64_counts_as_one_address(runtime: Runtime) -> None:
    """Review of #5, (a): sixty guesses from sixty addresses of one IPv6 /64 were all verified,
    each address a fresh counter. A /64 is one subscriber: its guesses share one window."""
    strict = limited(
        runtime,
        login_limit_per_email_and_address=RateLimit(10, 60),
        login_limit_per_email=RateLimit(100, 60),
    )
    victim = await make_user(runtime)
    codes = [await login_code(strict, victim.user.email, f"guess {n}", v6(7, host=n + 1)) for n in range(60)]
    assert codes.count("UNAUTHENTICATED") == 10
    assert codes[10:] == ["RATE_LIMITED"] * 50
    # Spraying many accounts from one /64 meets the per-address limit too.
    spray = limited(runtime, login_limit_per_address=RateLimit(4, 60))
    codes = [await login_code(spray, f"sprayed{n}@example.com", "password123!", v6(8, host=n + 1)) for n in range(6)]
    assert codes == ["UNAUTHENTICATED"] * 4 + ["RATE_LIMITED"] * 2


async def test_distributed_guessing_stops_at_the_account_s_ceiling(runtime: Runtime) -> None:
    """Review of #5, (a): past the soft limit every new address still got guesses, so a botnet
    (or a /48 of /64s) could guess without end. Past CEILING_FACTOR x the per-account limit only an
    address that signed in to the account before may try: the owner at home still does."""
    strict = limited(
        runtime,
        login_limit_per_email_and_address=RateLimit(10, 60),
        login_limit_per_email=RateLimit(5, 60),
    )
    victim = await make_user(runtime)
    email = victim.user.email
    home = "2001:db8:ffff:1::10"
    assert await login_code(strict, email, PASSWORD, home) == "OK"
    ceiling = 5 * sessions.CEILING_FACTOR
    codes = [await login_code(strict, email, f"guess {n}", v6(100 + n // 3)) for n in range(3 * ceiling)]
    assert codes.count("UNAUTHENTICATED") == ceiling
    assert codes[-ceiling:] == ["RATE_LIMITED"] * ceiling
    assert await login_code(strict, email, "a new address's guess", v6(9999)) == "RATE_LIMITED"
    # The owner, from where they signed in before (another host of the same /64 too), still does.
    assert await login_code(strict, email, PASSWORD, home) == "OK"
    assert await login_code(strict, email, PASSWORD, "2001:db8:ffff:1::99") == "OK"
    # Even with a typo first, as long as that address has not failed three times.
    assert [await login_code(strict, email, p, home) for p in ("typo!", PASSWORD)] == ["UNAUTHENTICATED", "OK"]


async def test_one_typo_by_the_owner_under_attack_does_not_lock_them_out(runtime: Runtime) -> None:
    """Review of #5, (b): an attacker failed three addresses x10; the owner's first try from a
    new address worked, but one typo and then the right password got RATE_LIMITED for the
    account's window (an hour). An address is refused only after three failures for the account."""
    strict = limited(
        runtime,
        login_limit_per_email_and_address=RateLimit(10, 900),
        login_limit_per_email=RateLimit(30, 3600),
    )
    victim = await make_user(runtime)
    email = victim.user.email
    for bot in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        assert [await login_code(strict, email, "guess", bot) for _ in range(10)] == ["UNAUTHENTICATED"] * 10
    assert [await login_code(strict, email, p, VICTIM) for p in ("tpyo", PASSWORD)] == ["UNAUTHENTICATED", "OK"]
    phone = "198.51.100.77"
    assert [await login_code(strict, email, p, phone) for p in ("typo 1", "typo 2", PASSWORD)] == [
        "UNAUTHENTICATED", "UNAUTHENTICATED", "OK"
    ]  # fmt: skip


async def test_the_known_addresses_of_an_account_stay_few(runtime: Runtime) -> None:
    user = await make_user(runtime)
    for n in range(sessions.KNOWN_ADDRESSES_MAX + 5):
        assert await login_code(runtime, user.user.email, PASSWORD, f"198.18.0.{n + 1}") == "OK"
    key = sessions.known_addresses_key(runtime, user.user.email)
    known = await runtime.redis.zrange(key, 0, -1)
    assert len(known) == sessions.KNOWN_ADDRESSES_MAX
    assert f"198.18.0.{sessions.KNOWN_ADDRESSES_MAX + 5}" in known  # the newest are kept
    assert "198.18.0.1" not in known
    ttl = await runtime.redis.pttl(key)
    assert 0 < ttl <= sessions.KNOWN_ADDRESS_DAYS * 24 * 3600 * 1000


async def test_a_correct_password_forgets_that_address_s_failures(runtime: Runtime) -> None:
    strict = limited(runtime, login_limit_per_email_and_address=RateLimit(3, 60))
    user = await make_user(runtime)
    for _ in range(2):
        assert await login_code(strict, user.user.email, "typo typo typo", VICTIM) == "UNAUTHENTICATED"
    assert await login_code(strict, user.user.email, PASSWORD, VICTIM) == "OK"
    # The typos are forgiven: three more tries before the limit, not one.
    assert [await login_code(strict, user.user.email, "typo again!", VICTIM) for _ in range(4)] == [
        "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"
    ]  # fmt: skip


async def test_parallel_guesses_cannot_outrun_the_count(runtime: Runtime) -> None:
    strict = limited(runtime, login_limit_per_email_and_address=RateLimit(3, 60))
    user = await make_user(runtime)
    codes = await asyncio.gather(*(login_code(strict, user.user.email, f"guess {n}", ATTACKER) for n in range(10)))
    assert codes.count("UNAUTHENTICATED") == 3
    assert codes.count("RATE_LIMITED") == 7
