"""The shared Redis client, its connection pool, and the key namespace.

Every key goes through `Keys` so that one Redis can host several EduSphere deployments (or test
sessions) side by side, each under its own prefix.

The pool (redis-py's default raised MaxConnectionsError the moment its 100 connections were in
use, and never closed one) is a `BlockingConnectionPool`: past `REDIS_MAX_CONNECTIONS` a command
waits up to `REDIS_POOL_TIMEOUT_SECONDS` for a connection to come back. redis-py has no idle
timeout of its own (its issues #2992 and #3430 ask for one), and relying on the Redis server's
`timeout` would leave the client to discover dead sockets; so the pool closes connections idle
for `REDIS_IDLE_SECONDS` itself, checked whenever a connection is handed back (at most every
half of that time), which is enough for a burst's connections to go once traffic calms down.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from typing import Any

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import RedisError

from edusphere.core.settings import RedisPool

HEALTH_CHECK_SECONDS = 30


class IdleClosingPool(BlockingConnectionPool):
    """A blocking pool that closes and forgets connections idle for longer than `idle_seconds`."""

    def __init__(self, *, idle_seconds: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.idle_seconds = idle_seconds
        self._released_at: dict[AbstractConnection, float] = {}
        self._swept_at = time.monotonic()

    async def release(self, connection: AbstractConnection) -> None:
        await super().release(connection)
        now = time.monotonic()
        self._released_at[connection] = now
        if now - self._swept_at >= self.idle_seconds / 2:
            self._swept_at = now
            await self.close_idle(now)

    async def close_idle(self, now: float | None = None) -> int:
        """Close the connections nobody has used for `idle_seconds`; returns how many. They leave
        the free list before they are closed, so no task can be handed one meanwhile."""
        now = time.monotonic() if now is None else now
        idle = [c for c in self._available_connections if now - self._released_at.get(c, now) >= self.idle_seconds]
        for connection in idle:
            self._available_connections.remove(connection)
            self._released_at.pop(connection, None)
        for connection in idle:
            with contextlib.suppress(OSError, RedisError):  # it is being dropped either way
                await connection.disconnect()
        # Connections that are gone for other reasons (reset, reconnect) are not remembered either.
        known = set(self._available_connections) | set(self._in_use_connections)
        for connection in [c for c in self._released_at if c not in known]:
            del self._released_at[connection]
        return len(idle)


def create_redis(url: str, pool: RedisPool | None = None) -> Redis:
    limits = pool or RedisPool()
    connections = IdleClosingPool.from_url(
        url,
        max_connections=limits.max_connections,
        timeout=limits.timeout_seconds,
        idle_seconds=limits.idle_seconds,
        decode_responses=True,
        health_check_interval=HEALTH_CHECK_SECONDS,
    )
    return Redis.from_pool(connections)


@dataclass(frozen=True)
class Keys:
    prefix: str

    def __call__(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)
