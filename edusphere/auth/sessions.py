"""Sessions: log in, rotate refresh tokens, log out, revoke.

A revoked session must stop working at once, not when its access token expires: revoking
writes a short-lived marker to Redis (as long as an access token lives) that
`authentication.authenticate` checks on every request.

Failed logins are limited so that guessing is slow and nobody can lock an owner out (details
above `_RESERVE_LOGIN`). A client address counts as itself (IPv4) or as its /64 (IPv6). Per
(account, address) and per address a failure window refuses outright. Per account, past the
soft limit (LOGIN_LIMIT_PER_EMAIL) an address is refused only after FAILURES_BEFORE_REFUSAL
failures of its own for that account, so the owner's typo costs nothing; past the ceiling
(CEILING_FACTOR x that limit) only the addresses that signed in to the account in the last
KNOWN_ADDRESS_DAYS (at most KNOWN_ADDRESSES_MAX per account) may try, which ends guessing from
any number of addresses while the owner, from where they usually sign in, still gets in. One
atomic Lua step checks and reserves; a correct password gives the reservation back.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise import connections
from tortoise.transactions import in_transaction

from edusphere.auth import passwords, tokens
from edusphere.auth.authentication import sessions_revoked, user_changed
from edusphere.auth.models import RefreshToken, User
from edusphere.auth.validation import EMAIL_MAX_LENGTH, normalize_email
from edusphere.auth.viewer import Viewer
from edusphere.core import ratelimit
from edusphere.core.errors import AppError, unauthenticated
from edusphere.core.redis import is_cluster
from edusphere.core.runtime import Runtime
from edusphere.core.text import unstorable

INVALID_CREDENTIALS = "Invalid email or password"


@dataclass(frozen=True)
class AuthResult:
    access_token: str
    refresh_token: str
    user: User
    session_id: UUID

    @property
    def viewer(self) -> Viewer:
        return Viewer(user=self.user, session_id=self.session_id)


async def login(rt: Runtime, email: str, password: str, client_address: str) -> AuthResult:
    normalized = normalize_email(email)
    await check_login_rate(rt, normalized, client_address)
    params = rt.settings.password_hashing
    user = await _account_to_verify(normalized, password)
    if user is None:
        await passwords.verify_dummy(params, password)
        raise unauthenticated(INVALID_CREDENTIALS)
    match = await passwords.match_password(params, user.password_hash, password)
    if match is passwords.Match.NO:
        raise unauthenticated(INVALID_CREDENTIALS)
    await login_succeeded(rt, normalized, client_address)
    if not user.is_active:
        raise unauthenticated("This account is deactivated")
    verified = user.password_hash
    # A stale cost, or a hash of the password as typed rather than its NFKC form (see `passwords`).
    if match is passwords.Match.LEGACY or passwords.needs_rehash(params, verified):
        rehashed = await passwords.hash_password(params, password)
        # Only over the hash just verified: a password changed meanwhile is not undone.
        if await User.filter(id=user.id, password_hash=verified).update(password_hash=rehashed):
            verified = user.password_hash = rehashed
            await user_changed(rt, user.id)
    result = await start_session(rt, user)
    await _end_if_password_changed(rt, result, verified)
    return result


async def _account_to_verify(normalized_email: str, password: str) -> User | None:
    """The account to check the password against; None when none can match: an email longer
    than any stored one (Tortoise would refuse it in the lookup, INTERNAL), or a password no
    account can have (too long for Argon2 to be worth it, or not UTF-8). Those take the dummy
    verify as an unknown email does, so neither answer nor timing says whether the account exists."""
    if len(normalized_email) > EMAIL_MAX_LENGTH or not passwords.verifiable(password):
        return None
    return await User.get_or_none(email=normalized_email)


async def _end_if_password_changed(rt: Runtime, result: AuthResult, verified_hash: str) -> None:
    """A password change ends every session that exists when it looks for them; a login that
    verified the old password just before, and creates its session just after that look, would
    outlive it. Its session now exists, so: if the hash is still the one verified, any later
    change will find the session; if not, the change may have missed it, and it ends here."""
    if not await User.filter(id=result.user.id, password_hash=verified_hash).exists():
        await revoke_sessions(rt, [result.session_id])
        raise unauthenticated(INVALID_CREDENTIALS)


# The login limiter (OWASP's Authentication Cheat Sheet: limit failures per account and per
# source, and never let the limit become a way to lock out the account's owner). A client
# address counts by `ratelimit.client_key` (an IPv6 address by its /64). Failures are counted in
# three fixed windows:
#   1. per (email, address)  LOGIN_LIMIT_PER_EMAIL_AND_ADDRESS: guessing one account from one place;
#   2. per address           LOGIN_LIMIT_PER_ADDRESS: one place guessing (spraying) many accounts;
#   3. per email             LOGIN_LIMIT_PER_EMAIL: one account guessed from many places, a soft
#      limit. Past it the account is not locked: an address is refused for it only once it has
#      failed FAILURES_BEFORE_REFUSAL times for it in window 1 (a typo or two by the owner, at home
#      or on a new phone, still leaves them their right password), so each further address gets a
#      few guesses, not a full window 1;
#   4. and a hard ceiling in the same window, CEILING_FACTOR x LOGIN_LIMIT_PER_EMAIL failures, past
#      which only an address that logged in to this account in the last KNOWN_ADDRESS_DAYS may try:
#      guessing from any number of addresses (a botnet, a /48 of /64s) ends there, while the owner
#      from where they usually sign in still does. A new address then waits for the window.
# The known addresses are a sorted set per account (address -> last success), at most
# KNOWN_ADDRESSES_MAX newest, expiring KNOWN_ADDRESS_DAYS after the last success.
# Only failures count: an attempt reserves a failure in windows 1-3 at once, in the same atomic
# step as the checks (so a thousand parallel guesses cannot all pass before any is counted), and
# a correct password gives its reservation back, forgets that address's failures for the account
# and records the address as known. The email is hashed in the keys: no email addresses in key
# names, and a crafted email cannot alias another pair's key.
FAILURES_BEFORE_REFUSAL = 3
CEILING_FACTOR = 4
KNOWN_ADDRESS_DAYS = 30
KNOWN_ADDRESSES_MAX = 20
_KNOWN_ADDRESS_MS = KNOWN_ADDRESS_DAYS * 24 * 3600 * 1000

# KEYS: pair, address, account, known. ARGV: pair limit, window (ms); address limit, window;
# account soft limit, window; ceiling, failures before refusal, this address, now (ms), known age (ms).
_RESERVE_LOGIN = """
local counts = {}
for i = 1, 3 do counts[i] = tonumber(redis.call('GET', KEYS[i]) or '0') end
local function refused(i)
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then ttl = tonumber(ARGV[i * 2]); redis.call('PEXPIRE', KEYS[i], ttl) end
  return {i, ttl}
end
if counts[1] >= tonumber(ARGV[1]) then return refused(1) end
if counts[2] >= tonumber(ARGV[3]) then return refused(2) end
if counts[3] >= tonumber(ARGV[5]) then
  if counts[1] >= tonumber(ARGV[8]) then return refused(3) end
  if counts[3] >= tonumber(ARGV[7]) then
    local since = redis.call('ZSCORE', KEYS[4], ARGV[9])
    if not since or tonumber(since) < tonumber(ARGV[10]) - tonumber(ARGV[11]) then return refused(3) end
  end
end
for i = 1, 3 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[i * 2]) end
end
return {0, 0}
"""
# KEYS: pair, address, account, known. ARGV: this address, now (ms), known age (ms), known max.
_LOGIN_SUCCEEDED = """
redis.call('DEL', KEYS[1])
for i = 2, 3 do
  if redis.call('EXISTS', KEYS[i]) == 1 and redis.call('DECR', KEYS[i]) <= 0 then redis.call('DEL', KEYS[i]) end
end
local now = tonumber(ARGV[2])
redis.call('ZADD', KEYS[4], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (now - tonumber(ARGV[3])))
local extra = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[4])
if extra > 0 then redis.call('ZREMRANGEBYRANK', KEYS[4], 0, extra - 1) end
redis.call('PEXPIRE', KEYS[4], ARGV[3])
return 0
"""


@dataclass(frozen=True)
class _LoginKeys:
    address: str  # the client address as the limits count it (`ratelimit.client_key`)
    pair: str
    per_address: str
    account: str
    known: str  # sorted set: addresses that logged in to the account -> last success (ms)

    def all(self) -> list[str]:
        return [self.pair, self.per_address, self.account, self.known]


# On a Redis Cluster a script's keys must share one slot, and the per-address counter is every
# account's while the per-account ones are every address's: no per-subject hash tag joins the
# four, so there they all carry the tag `{login}` (one slot for all login limiting; every login
# costs an Argon2 hash, so the servers' CPU bounds that slot's load). On one server the names are
# unchanged, so a rolling restart keeps the counters and the known addresses.
CLUSTER_LOGIN_TAG = "{login}"


def _login_keys(rt: Runtime, normalized_email: str, client_address: str) -> _LoginKeys:
    account = hashlib.sha256(normalized_email.encode()).hexdigest()[:32]
    address = ratelimit.client_key(client_address)
    login = CLUSTER_LOGIN_TAG if is_cluster(rt.redis) else "login"
    return _LoginKeys(
        address=address,
        pair=rt.keys(login, "failed", "pair", account, address),
        per_address=rt.keys(login, "failed", "address", address),
        account=rt.keys(login, "failed", "account", account),
        known=rt.keys(login, "known", account),
    )


def known_addresses_key(rt: Runtime, normalized_email: str) -> str:
    """Where the addresses that logged in to the account are kept (for operators and tests)."""
    return _login_keys(rt, normalized_email, "").known


async def check_login_rate(rt: Runtime, normalized_email: str, client_address: str) -> None:
    """Reserve this attempt as a failure, or refuse it with RATE_LIMITED (see above)."""
    keys = _login_keys(rt, normalized_email, client_address)
    settings = rt.settings
    windows: list[int | str] = []
    for rate in (settings.login_limit_per_email_and_address, settings.login_limit_per_address):
        windows += [rate.limit, rate.window_seconds * 1000]
    soft = settings.login_limit_per_email
    windows += [soft.limit, soft.window_seconds * 1000, soft.limit * CEILING_FACTOR, FAILURES_BEFORE_REFUSAL]
    windows += [keys.address, _now_ms(), _KNOWN_ADDRESS_MS]
    refused, wait_ms = await rt.redis.eval(_RESERVE_LOGIN, 4, *keys.all(), *windows)
    if int(refused):
        decision = ratelimit.Decision(allowed=False, count=0, retry_after_seconds=int(wait_ms) / 1000)
        raise ratelimit.rate_limited(decision, "failed logins")


async def login_succeeded(rt: Runtime, normalized_email: str, client_address: str) -> None:
    """The password was right: give back the reserved failure, forget this address's failures
    for the account, and remember the address as one its owner signs in from."""
    keys = _login_keys(rt, normalized_email, client_address)
    arguments: list[int | str] = [keys.address, _now_ms(), _KNOWN_ADDRESS_MS, KNOWN_ADDRESSES_MAX]
    await rt.redis.eval(_LOGIN_SUCCEEDED, 4, *keys.all(), *arguments)


def _now_ms() -> int:
    return int(time.time() * 1000)


async def start_session(rt: Runtime, user: User) -> AuthResult:
    family_id = uuid.uuid4()
    refresh = await _issue_refresh_token(rt, user, family_id)
    return AuthResult(_access_token(rt, user, family_id), refresh, user, family_id)


async def refresh_session(rt: Runtime, refresh_token: str) -> AuthResult:
    """Rotate a refresh token. Presenting an already-rotated one revokes its whole family."""
    failure: AppError | None = None
    token_hash = _token_hash(refresh_token)
    async with in_transaction():
        row = await RefreshToken.filter(token_hash=token_hash).select_for_update().first()
        if row is None:
            raise unauthenticated("The refresh token is invalid")
        now = datetime.now(UTC)
        if row.revoked_at is not None:
            raise unauthenticated("This session has been revoked")
        if await _family_revoked(row.family_id):
            await _revoke_families_in_db([row.family_id], now)  # the successor a racing refresh left
            failure = unauthenticated("This session has been revoked")
        elif row.rotated_at is not None:
            await _revoke_families_in_db([row.family_id], now)
            failure = unauthenticated("The refresh token was already used; the session is revoked")
        elif row.expires_at <= now:
            raise unauthenticated("The refresh token has expired")
        else:
            user = await User.get(id=row.user_id)  # type: ignore[attr-defined]
            if not user.is_active:
                raise unauthenticated("This account is deactivated")
            row.rotated_at = now
            await row.save(update_fields=["rotated_at"])
            new_refresh = await _issue_refresh_token(rt, user, row.family_id)
    if failure is not None:
        await sessions_revoked(rt, [row.family_id])
        raise failure
    return AuthResult(_access_token(rt, user, row.family_id), new_refresh, user, row.family_id)


async def logout(rt: Runtime, refresh_token: str) -> bool:
    row = await RefreshToken.get_or_none(token_hash=_token_hash(refresh_token))
    if row is None:
        raise unauthenticated("The refresh token is invalid")
    await revoke_sessions(rt, [row.family_id])
    return True


async def revoke_sessions(rt: Runtime, family_ids: Iterable[UUID]) -> None:
    families = list(family_ids)
    if families:
        await _revoke_families_in_db(families, datetime.now(UTC))
        await sessions_revoked(rt, families)


async def revoke_user_sessions(rt: Runtime, user_id: UUID, keep: UUID | None = None) -> None:
    query = RefreshToken.filter(user_id=user_id, revoked_at__isnull=True)
    if keep is not None:
        query = query.exclude(family_id=keep)
    families = await query.distinct().values_list("family_id", flat=True)
    await revoke_sessions(rt, families)  # type: ignore[arg-type]


async def revoke_users_sessions_in_db(user_ids: list[UUID]) -> list[UUID]:
    """`revoke_user_sessions` for callers that revoke inside their own transaction (an admin's
    change and its audit entry): marks every session of the users revoked in PostgreSQL and
    returns their families, for the caller to hand to `sessions_revoked` once it has committed
    (the Redis markers and announcements, which end access tokens and sockets at once)."""
    query = RefreshToken.filter(user_id__in=user_ids, revoked_at__isnull=True)
    families: list[UUID] = list(await query.distinct().values_list("family_id", flat=True))  # type: ignore[arg-type]
    if families:
        await _revoke_families_in_db(families, datetime.now(UTC))
    return families


@dataclass(frozen=True)
class LiveSession:
    """One signed-in device as an admin sees it: a refresh-token family."""

    id: UUID  # the family
    started_at: datetime  # its first token
    last_refreshed_at: datetime  # its newest token
    expires_at: datetime  # the newest token's expiry


LIVE_SESSIONS_SHOWN = 100

# A family is live while none of its tokens is revoked (see `_family_revoked`) and its newest
# has not expired. Revocation marks every unrevoked token of a family, so a live family's tokens
# are all unrevoked: the scan keeps to `revoked_at IS NULL`, and NOT EXISTS drops the rare family
# whose successor a racing refresh committed after its revocation.
_LIVE_SESSIONS = """
SELECT t.family_id AS id, min(t.created_at) AS started_at, max(t.created_at) AS last_refreshed_at,
       (array_agg(t.expires_at ORDER BY t.created_at DESC, t.id DESC))[1] AS expires_at
FROM refresh_tokens t
WHERE t.user_id = $1 AND t.revoked_at IS NULL
GROUP BY t.family_id
HAVING max(t.expires_at) > $2
   AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = t.family_id AND r.revoked_at IS NOT NULL)
ORDER BY started_at DESC, id DESC
LIMIT $3
"""


async def live_sessions(user_id: UUID, limit: int | None = LIVE_SESSIONS_SHOWN) -> list[LiveSession]:
    """The user's sessions that are neither revoked nor expired, newest first (None: all)."""
    rows = await connections.get("default").execute_query_dict(_LIVE_SESSIONS, [user_id, datetime.now(UTC), limit])
    return [LiveSession(**row) for row in rows]


def _token_hash(refresh_token: str) -> str:
    """What a refresh token is looked up by; ours are URL-safe ASCII, so anything that is not
    even UTF-8 (a lone surrogate) is simply not one of them."""
    if unstorable(refresh_token) is not None:
        raise unauthenticated("The refresh token is invalid")
    return tokens.hash_refresh_token(refresh_token)


def _access_token(rt: Runtime, user: User, family_id: UUID) -> str:
    return tokens.issue_access_token(rt.settings, user.id, user.role, family_id)


async def _issue_refresh_token(rt: Runtime, user: User, family_id: UUID) -> str:
    token, token_hash = tokens.new_refresh_token()
    await RefreshToken.create(
        user=user,
        family_id=family_id,
        token_hash=token_hash,
        expires_at=datetime.now(UTC) + timedelta(seconds=rt.settings.refresh_token_ttl_seconds),
    )
    return token


async def _family_revoked(family_id: UUID) -> bool:
    """A session is revoked once any of its refresh tokens is. A revocation marks every token
    its UPDATE can see, but a refresh that held the newest one meanwhile commits a successor the
    UPDATE cannot (it began before that commit): the marked predecessor still ends the session,
    however long after the Redis marker expired the successor is presented."""
    return await RefreshToken.filter(family_id=family_id, revoked_at__isnull=False).exists()


async def _revoke_families_in_db(family_ids: list[UUID], now: datetime) -> None:
    await RefreshToken.filter(family_id__in=family_ids, revoked_at__isnull=True).update(revoked_at=now)
