"""Fixed-window counters in Redis, shared by every process.

One Lua call increments and sets the expiry atomically, so a crash between the two can never
leave a counter without a TTL (which would lock the subject out forever).
"""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from edusphere.core.errors import AppError, ErrorCode

_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_after_seconds: float


async def hit(redis: Redis, key: str, limit: int, window_seconds: int) -> Decision:
    count, ttl_ms = await redis.eval(_HIT, 1, key, window_seconds * 1000)
    return Decision(allowed=int(count) <= limit, count=int(count), retry_after_seconds=int(ttl_ms) / 1000)


def rate_limited(decision: Decision, what: str) -> AppError:
    return AppError(
        ErrorCode.RATE_LIMITED,
        f"Too many {what}; try again in {max(1, round(decision.retry_after_seconds))} seconds",
        retryAfterSeconds=max(1, round(decision.retry_after_seconds)),
    )
