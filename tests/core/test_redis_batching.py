"""The shared Redis client packs commands in C exactly as redis-py does in Python, and the Lua
scripts called in one turn of the loop travel as one pipeline, each answered on its own."""

import asyncio
import enum
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.asyncio.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import DataError, NoScriptError, ResponseError

from edusphere.core.redis import HiredisConnection, HiredisPacking, ScriptBatchingRedis, create_redis
from edusphere.core.runtime import Runtime
from edusphere.core.settings import RedisPool

ECHO = "return {KEYS[1], ARGV[1]}"


class Level(enum.IntEnum):
    HIGH = 3


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[Redis]:
    redis = create_redis(redis_url, RedisPool(max_connections=4, timeout_seconds=5, idle_seconds=60))
    yield redis
    await redis.aclose()


@pytest.mark.parametrize(
    "args",
    [
        ("SET", "k", "v"),
        ("CLIENT SETNAME", "name"),  # a command name with a space is two arguments
        (b"CONFIG GET", "maxmemory"),
        ("SET", "k", 1.5, 2.0, 1e22, 1 / 3, -0.0, float("inf"), 10, -5, 2**70),
        ("SET", "é" * 3000, b"x" * 7000, "x" * 7000),  # past redis-py's buffer cutoff
        ("SET", "k", Level.HIGH),  # a subclass: redis-py's packer (which writes its repr)
        ("SET", "k", bytearray(b"ab"), memoryview(b"cd")),
    ],
)
def test_hiredis_packs_what_redis_py_packs(args: tuple[object, ...]) -> None:
    assert b"".join(HiredisConnection().pack_command(*args)) == b"".join(Connection().pack_command(*args))


@pytest.mark.parametrize("bad", [True, None, object(), "\udc80"])
def test_what_redis_py_refuses_is_refused_alike(bad: object) -> None:
    with pytest.raises((DataError, UnicodeEncodeError)) as ours:
        HiredisConnection().pack_command("SET", "k", bad)
    with pytest.raises((DataError, UnicodeEncodeError)) as theirs:
        Connection().pack_command("SET", "k", bad)
    assert type(ours.value) is type(theirs.value)


async def test_the_client_is_the_batching_one_on_hiredis_connections(client: Redis) -> None:
    assert isinstance(client, ScriptBatchingRedis)
    # TCP, TLS or a Unix socket (the embedded Redis): each has its hiredis-packing class.
    assert issubclass(client.connection_pool.connection_class, HiredisPacking)
    assert await client.set("batching-test:packed", "é")
    assert await client.get("batching-test:packed") == "é"
    await client.delete("batching-test:packed")


async def test_scripts_of_one_turn_go_as_one_pipeline_each_with_its_own_answer(client: Redis, runtime: Runtime) -> None:
    sha = await client.script_load(ECHO)
    writes: list[int] = []
    connection_class = client.connection_pool.connection_class
    real_send = connection_class.send_packed_command

    async def counting(self: HiredisPacking, command: Any, check_health: bool = True) -> None:
        writes.append(len(command))
        await real_send(self, command, check_health)

    connection_class.send_packed_command = counting  # type: ignore[method-assign]
    try:
        answers = await asyncio.gather(*(client.evalsha(sha, 1, f"k{n}", f"v{n}") for n in range(50)))
    finally:
        connection_class.send_packed_command = real_send  # type: ignore[method-assign]
    assert answers == [[f"k{n}", f"v{n}"] for n in range(50)]
    assert len(writes) == 1  # one write for the fifty, not fifty round trips


async def test_one_scripts_error_is_its_own(client: Redis) -> None:
    sha = await client.script_load(ECHO)
    good, unknown, failing = await asyncio.gather(
        client.evalsha(sha, 1, "a", "b"),
        client.evalsha("0" * 40, 0),
        client.eval("return redis.error_reply('nope')", 0),
        return_exceptions=True,
    )
    assert good == ["a", "b"]
    assert isinstance(unknown, NoScriptError)
    assert isinstance(failing, ResponseError)
    assert "nope" in str(failing)


async def test_a_call_cancelled_before_its_batch_leaves_is_not_sent(client: Redis, runtime: Runtime) -> None:
    key = runtime.keys("batching-test", "cancelled")
    incr = "return redis.call('INCR', KEYS[1])"
    doomed = asyncio.ensure_future(client.eval(incr, 1, key))
    kept = asyncio.ensure_future(client.eval(incr, 1, key))
    await asyncio.sleep(0)
    doomed.cancel()
    assert await kept == 1
    assert await client.get(key) == "1"
    await client.delete(key)


async def test_scripts_called_in_turn_run_in_that_order(client: Redis, runtime: Runtime) -> None:
    key = runtime.keys("batching-test", "order")
    append = "return redis.call('RPUSH', KEYS[1], ARGV[1])"
    await asyncio.gather(*(client.eval(append, 1, key, str(n)) for n in range(20)))
    assert await client.lrange(key, 0, -1) == [str(n) for n in range(20)]
    await client.delete(key)


async def test_a_batch_on_a_connection_redis_dropped_fails_as_one_command_would_then_reconnects(
    client: Redis, runtime: Runtime
) -> None:
    """The pool's connections retry nothing (its Retry has none), a command as a pipeline: a batch
    handed a connection Redis dropped ends as one command handed it does, and the next batch runs
    on a new connection. Which end that is depends on the transport: the pool finds a dropped Unix
    socket already readable when it hands it out (and reconnects), a TCP one often not yet (the
    call gets the ConnectionError)."""
    sha = await client.script_load(ECHO)
    dropped = await client.client_id()  # the connection the next call is handed (the pool is LIFO)
    assert await runtime.redis.client_kill_filter(_id=dropped) == 1
    single = await asyncio.gather(client.get("batching-test:single"), return_exceptions=True)
    dropped = await client.client_id()
    assert await runtime.redis.client_kill_filter(_id=dropped) == 1
    failed = await asyncio.gather(*(client.evalsha(sha, 1, f"k{n}", "v") for n in range(5)), return_exceptions=True)
    if isinstance(single[0], RedisConnectionError):
        assert all(isinstance(error, RedisConnectionError) for error in failed), failed
    else:
        assert single == [None]
        assert failed == [[f"k{n}", "v"] for n in range(5)]
    answers = await asyncio.gather(*(client.evalsha(sha, 1, f"k{n}", f"v{n}") for n in range(5)))
    assert answers == [[f"k{n}", f"v{n}"] for n in range(5)]
    assert await client.client_id() != dropped
