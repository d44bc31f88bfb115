from redis.asyncio import Redis

from edusphere.core import ratelimit
from edusphere.core.errors import ErrorCode
from edusphere.core.runtime import Runtime


async def test_the_window_allows_the_limit_then_refuses(runtime: Runtime, redis: Redis) -> None:
    key = runtime.keys("test", "window")
    decisions = [await ratelimit.hit(redis, key, limit=3, window_seconds=60) for _ in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert decisions[-1].count == 5
    assert 0 < decisions[-1].retry_after_seconds <= 60
    assert 0 < await redis.pttl(key) <= 60_000


async def test_rate_limited_error_carries_retry_after(runtime: Runtime, redis: Redis) -> None:
    key = runtime.keys("test", "error")
    await ratelimit.hit(redis, key, limit=0, window_seconds=30)
    decision = await ratelimit.hit(redis, key, limit=0, window_seconds=30)
    error = ratelimit.rate_limited(decision, "attempts")
    assert error.code is ErrorCode.RATE_LIMITED
    assert 1 <= error.details["retryAfterSeconds"] <= 30
