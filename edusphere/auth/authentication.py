"""Who is calling: turn an access token into a `Viewer`, usually without any I/O.

Every authenticated request passes here. The slow, always-correct path reads the session's
revocation marker and the user's *version* from Redis in one MGET (the version changes on every
write to the user) and re-reads the user from PostgreSQL when it moved. While the process's
invalidation bus is live, what that path validated is kept in memory, and the bus removes it the
moment a session is revoked or the user is written, in any process. If the bus drops, the
memory is cleared and the slow path is used until it is back.

A generation counter closes the race between validating and caching: anything that arrives on
the bus while a request is validating bumps it, and a stale result is then not cached.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from uuid import UUID

from edusphere.auth import tokens
from edusphere.auth.models import User
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import unauthenticated
from edusphere.core.invalidation import announce
from edusphere.core.lru import LRU
from edusphere.core.redis import get_values, is_cluster
from edusphere.core.runtime import Runtime

_CACHE_SIZE = 10_000
# Even a live bus is not trusted for longer than this per entry.
TRUST_SECONDS = 60.0
SESSION_TOPIC = "auth.session"  # a session was revoked (value: its family id)
USER_TOPIC = "auth.user"  # a user row was written (value: the user id)


@dataclass(frozen=True)
class _CachedUser:
    version: str
    user: User


class AuthCache:
    def __init__(self, rt: Runtime) -> None:
        self.bus = rt.bus
        self.claims: LRU[str, tokens.AccessClaims] = LRU(_CACHE_SIZE)
        self.users: LRU[UUID, _CachedUser] = LRU(_CACHE_SIZE)
        self.trusted_sessions: LRU[UUID, float] = LRU(_CACHE_SIZE)
        self.trusted_users: LRU[UUID, float] = LRU(_CACHE_SIZE)
        self.generation = 0
        if self.bus is not None:
            self.bus.on(SESSION_TOPIC, lambda value: self._forget(self.trusted_sessions, value))
            self.bus.on(USER_TOPIC, lambda value: self._forget(self.trusted_users, value, self.users))
            self.bus.on_reset(self.reset)

    @property
    def live(self) -> bool:
        return self.bus is not None and self.bus.live

    def reset(self) -> None:
        self.generation += 1
        self.trusted_sessions = LRU(_CACHE_SIZE)
        self.trusted_users = LRU(_CACHE_SIZE)
        self.users = LRU(_CACHE_SIZE)

    def trusted(self, claims: tokens.AccessClaims) -> User | None:
        if not self.live:
            return None
        now = time.monotonic()
        session_since = self.trusted_sessions.get(claims.session_id)
        user_since = self.trusted_users.get(claims.user_id)
        cached = self.users.get(claims.user_id)
        if session_since is None or user_since is None or cached is None:
            return None
        if now - session_since > TRUST_SECONDS or now - user_since > TRUST_SECONDS:
            return None
        return cached.user

    def trust(self, claims: tokens.AccessClaims, generation: int) -> None:
        if self.live and generation == self.generation:
            now = time.monotonic()
            self.trusted_sessions.put(claims.session_id, now)
            self.trusted_users.put(claims.user_id, now)

    def _forget(self, trusted: LRU[UUID, float], value: str, *others: LRU[UUID, _CachedUser]) -> None:
        self.generation += 1
        try:
            key = UUID(value)
        except ValueError:
            return
        trusted.pop(key)
        for other in others:
            other.pop(key)


def auth_cache(rt: Runtime) -> AuthCache:
    cache = rt.caches.get("auth")
    if cache is None:
        cache = rt.caches["auth"] = AuthCache(rt)
    assert isinstance(cache, AuthCache)
    return cache


async def authenticate(rt: Runtime, access_token: str) -> Viewer:
    cache = auth_cache(rt)
    claims = cache.claims.get(access_token)
    if claims is None or claims.expires_at <= time.time():
        claims = tokens.decode_access_token(rt.settings, access_token)
        cache.claims.put(access_token, claims)
    user = cache.trusted(claims)
    if user is None:
        user = await _validate(rt, cache, claims)
    if not user.is_active:
        raise unauthenticated("This account is no longer active")
    return Viewer(user=user, session_id=claims.session_id, expires_at=claims.expires_at)


async def user_changed(rt: Runtime, user_id: UUID) -> None:
    """Call after every write to a user row: every process re-reads the user next time."""
    await rt.redis.set(_version_key(rt, user_id), uuid.uuid4().hex)
    auth_cache(rt).users.pop(user_id)
    await announce(rt.redis, rt.keys, USER_TOPIC, user_id)


async def sessions_revoked(rt: Runtime, family_ids: list[UUID]) -> None:
    """Mark sessions revoked for as long as their access tokens live, and tell every process."""
    ttl = rt.settings.access_token_ttl_seconds + 60
    # A cluster's pipeline carries no PUBLISH and orders nothing across nodes: there the marks
    # are written first and announced once they are (a process told earlier could read no mark).
    cluster = is_cluster(rt.redis)
    async with rt.redis.pipeline(transaction=False) as pipe:
        for family_id in family_ids:
            pipe.set(_revoked_key(rt, family_id), "1", ex=ttl)
            if not cluster:
                await announce(pipe, rt.keys, SESSION_TOPIC, family_id)
        await pipe.execute()
    if cluster:
        for family_id in family_ids:
            await announce(rt.redis, rt.keys, SESSION_TOPIC, family_id)


async def _validate(rt: Runtime, cache: AuthCache, claims: tokens.AccessClaims) -> User:
    generation = cache.generation
    # Two keys of two slots: one MGET on one server, a GET each on a cluster (no snapshot needed).
    revoked, version = await get_values(rt.redis, _revoked_key(rt, claims.session_id), _version_key(rt, claims.user_id))
    version = str(version) if version is not None else None
    if revoked:
        raise unauthenticated("This session has been revoked")
    cached = cache.users.get(claims.user_id)
    if cached is None or version is None or cached.version != version:
        cached = await _load_user(rt, claims.user_id, version)
        if generation == cache.generation:
            cache.users.put(claims.user_id, cached)
    cache.trust(claims, generation)
    return cached.user


async def _load_user(rt: Runtime, user_id: UUID, version: str | None) -> _CachedUser:
    if version is None:
        # No version yet (first use, or Redis lost its data): claim one; a racing process
        # may win, in which case its version is the one to keep.
        fresh = uuid.uuid4().hex
        created = await rt.redis.set(_version_key(rt, user_id), fresh, nx=True)
        current = None if created else await rt.redis.get(_version_key(rt, user_id))
        version = str(current) if current else fresh
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise unauthenticated("This account is no longer active")
    return _CachedUser(version=version, user=user)


def _revoked_key(rt: Runtime, family_id: UUID) -> str:
    return rt.keys("session-revoked", str(family_id))


def _version_key(rt: Runtime, user_id: UUID) -> str:
    return rt.keys("user-version", str(user_id))
