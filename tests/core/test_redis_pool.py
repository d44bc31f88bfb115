"""Issue 11 #20: the Redis pool waits for a free connection instead of failing, and lets go of
connections a burst opened once they sit idle."""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from edusphere.core.redis import IdleClosingPool, create_redis
from edusphere.core.runtime import Runtime
from edusphere.core.settings import RedisPool


@pytest.fixture
async def small(redis_url: str) -> AsyncIterator[Redis]:
    client = create_redis(redis_url, RedisPool(max_connections=2, timeout_seconds=5, idle_seconds=60))
    yield client
    await client.aclose()


async def test_past_the_pool_size_commands_wait_for_a_connection(small: Redis, runtime: Runtime) -> None:
    """Six blocking reads on a pool of two: redis-py's default pool raised MaxConnectionsError for
    four of them at once; now they queue and each gets its answer."""
    keys = [runtime.keys("pool-test", str(n)) for n in range(6)]
    waiting = [asyncio.ensure_future(small.blpop([key], timeout=0)) for key in keys]
    await asyncio.sleep(0)  # all six are asking for a connection now
    for key in keys:
        await runtime.redis.rpush(key, "done")  # a separate client: the small pool is busy
    answers = await asyncio.gather(*waiting)
    assert sorted(value for _, value in answers) == ["done"] * 6
    assert len(small.connection_pool._available_connections) <= 2  # type: ignore[attr-defined]


async def test_the_default_pool_waits_past_its_size(redis_url: str, runtime: Runtime) -> None:
    """As the soak saw it: more commands in flight than the pool has connections."""
    client = create_redis(redis_url)
    try:
        size = client.connection_pool.max_connections
        keys = [runtime.keys("pool-test", "default", str(n)) for n in range(size + 10)]
        waiting = [asyncio.ensure_future(client.blpop([key], timeout=0)) for key in keys]
        await asyncio.sleep(0)
        async with runtime.redis.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.rpush(key, "done")
            await pipe.execute()
        assert len(await asyncio.gather(*waiting)) == size + 10
    finally:
        await client.aclose()


async def test_a_pool_that_stays_full_fails_after_its_timeout(redis_url: str, runtime: Runtime) -> None:
    client = create_redis(redis_url, RedisPool(max_connections=1, timeout_seconds=0.05, idle_seconds=60))
    key = runtime.keys("pool-test", "held")
    try:
        holder = asyncio.ensure_future(client.blpop([key], timeout=0))
        await asyncio.sleep(0)
        with pytest.raises(RedisConnectionError, match="No connection available"):
            await client.ping()
        await runtime.redis.rpush(key, "release")
        assert tuple(await holder) == (key, "release")
        assert await client.ping()  # and the connection is back for the next command
    finally:
        await client.aclose()


async def test_idle_connections_are_closed(small: Redis, runtime: Runtime) -> None:
    pool = small.connection_pool
    assert isinstance(pool, IdleClosingPool)
    keys = [runtime.keys("pool-test", "idle", str(n)) for n in range(2)]
    burst = [asyncio.ensure_future(small.blpop([key], timeout=0)) for key in keys]
    await asyncio.sleep(0)
    for key in keys:
        await runtime.redis.rpush(key, "x")
    await asyncio.gather(*burst)
    opened = list(pool._available_connections)
    assert len(opened) == 2
    assert all(c.is_connected for c in opened)
    # Nothing is closed before its time...
    assert await pool.close_idle() == 0
    # ...and everything idle past it is: closed and forgotten.
    assert await pool.close_idle(time.monotonic() + pool.idle_seconds) == 2
    assert pool._available_connections == []
    assert not any(c.is_connected for c in opened)
    assert await small.ping()  # a new connection when one is needed


async def test_handing_a_connection_back_sweeps_the_idle_ones(small: Redis, runtime: Runtime) -> None:
    pool = small.connection_pool
    assert isinstance(pool, IdleClosingPool)
    keys = [runtime.keys("pool-test", "sweep", str(n)) for n in range(2)]
    burst = [asyncio.ensure_future(small.blpop([key], timeout=0)) for key in keys]
    await asyncio.sleep(0)
    for key in keys:
        await runtime.redis.rpush(key, "x")
    await asyncio.gather(*burst)
    assert len(pool._available_connections) == 2
    # Pretend both were handed back long ago and the last sweep was as long ago.
    long_ago = time.monotonic() - 2 * pool.idle_seconds
    pool._released_at = dict.fromkeys(pool._released_at, long_ago)
    pool._swept_at = long_ago
    assert await small.ping()  # takes one, hands it back fresh: the other one goes
    assert len(pool._available_connections) == 1
