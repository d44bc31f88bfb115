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

Two things make a command cheaper than redis-py makes it (they were half of a chat send's
server CPU): commands are packed by hiredis's C packer, as redis-py's sync client packs them
(its asyncio client packs in Python: 34 us for chat's 20-argument append script on a slow
machine, 3 us in C), and the Lua scripts called in one turn of the event loop go to Redis as one
pipeline (`ScriptBatchingRedis`): each still runs atomically and alone, in the order called, and
each caller gets its own reply or error, but a burst of sends pays one connection checkout, one
write and one read for all of them instead of one each (and no pipeline object: redis-py's
costs a send more than its round trip).

`REDIS_URL=redis+cluster://host:port[,host:port...]` (see `core.redisurl`) makes the client
redis-py's `RedisCluster` instead (`ClusterRedis`), discovered from the nodes named. What it
keeps and what it does not:

- hiredis packing: kept, every node's connections are the `Hiredis*` classes;
- scripts: EVALSHA with EVAL on NOSCRIPT as before (`core.scripts`); redis-py routes each one
  to the node of its keys' slot, and refuses keys of several slots (CROSSSLOT, the worklist
  is in tests/core/test_redis_cluster.py); each node loads a script on its first EVAL;
- script batching: not kept; a batch is one pipeline on one connection, and a cluster's scripts
  go to as many nodes as their slots do, so each script is its own round trip;
- the pool: REDIS_MAX_CONNECTIONS bounds each node's connections; past it a command fails at
  once (redis-py's cluster client has no blocking pool), and idle connections are not closed
  (the cluster client has no idle timeout either); REDIS_POOL_TIMEOUT_SECONDS and
  REDIS_IDLE_SECONDS are single-node settings, refused at start-up with a cluster URL.

Callers keep one type, `Redis`: `create_redis` returns the cluster client as one (a cast),
because the commands EduSphere calls (strings, hashes, sorted sets, streams, scripts, PUBLISH,
`pubsub()`, `pipeline(transaction=False)`, `scan_iter`, DEL) have the same names and arguments
on both. What a cluster refuses is the same call over keys of several slots (a script's KEYS,
MGET: `get_values` reads such keys on both) and PUBLISH inside a pipeline; `is_cluster` tells the
places that must differ (the worklist is in tests/core/test_redis_cluster.py). A `Protocol` of
the commands used would say this to mypy too; it is left for when chat's calls are settled.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import Any, cast

from hiredis import pack_command as hiredis_pack_command
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.asyncio.connection import AbstractConnection, Connection, SSLConnection, UnixDomainSocketConnection
from redis.exceptions import RedisClusterException, RedisClusterUnreachableError, RedisError, ResponseError

from edusphere.core.configuration import ConfigurationError
from edusphere.core.redisurl import ClusterURL, parse_redis_url
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


# The argument types hiredis packs exactly as redis-py's Encoder does (str as UTF-8, strict; int
# and float as their repr): anything else, a subclass included (an IntEnum's repr is not its
# number), goes to redis-py's packer, which encodes it or raises its DataError.
_HIREDIS_PACKS = frozenset({str, bytes, int, float})
# Most scripts one pipeline carries; more wait for the next (which starts at once).
MAX_BATCH = 512


class HiredisPacking(AbstractConnection):
    """`pack_command` in C (hiredis), byte for byte what redis-py's Python packer writes."""

    def pack_command(self, *args: Any) -> list[bytes]:
        encoder = self.encoder
        if encoder.encoding != "utf-8" or encoder.encoding_errors != "strict":
            return super().pack_command(*args)
        # As redis-py: a command name with spaces ("CLIENT SETNAME") is several arguments.
        first = args[0]
        if isinstance(first, str):
            args = (*first.encode().split(), *args[1:])
        elif isinstance(first, bytes) and b" " in first:
            args = (*first.split(), *args[1:])
        for arg in args:
            if type(arg) not in _HIREDIS_PACKS:
                return super().pack_command(*args)
        return [hiredis_pack_command(args)]


class HiredisConnection(HiredisPacking, Connection):
    pass


class HiredisSSLConnection(HiredisPacking, SSLConnection):
    pass


class HiredisUnixConnection(HiredisPacking, UnixDomainSocketConnection):
    pass


_PACKED_BY_HIREDIS: dict[type[AbstractConnection], type[AbstractConnection]] = {
    Connection: HiredisConnection,
    SSLConnection: HiredisSSLConnection,
    UnixDomainSocketConnection: HiredisUnixConnection,
}


class ScriptBatchingRedis(Redis):
    """A client whose EVALSHA and EVAL calls made in one turn of the event loop go to Redis as one
    pipeline (no transaction): Redis runs each script atomically, one after another in the order
    they were called, and each caller is answered with its own reply or its own error (a
    NOSCRIPT too, which `core.scripts` answers with EVAL, batched in turn). Nothing waits for a
    batch to fill: the pipeline leaves as soon as the callbacks ready in this turn have run. A
    call cancelled before its batch leaves is not sent. A failed connection fails the calls of
    its batch as it would have failed each one alone (after redis-py's retries, the same for a
    pipeline as for a command). Every other command, and `pipeline()`, are redis-py's own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: list[tuple[tuple[Any, ...], asyncio.Future[Any]]] = []
        self._pending_loop: asyncio.AbstractEventLoop | None = None
        self._batches: set[asyncio.Task[None]] = set()

    def evalsha(self, sha: str, numkeys: int, *keys_and_args: Any) -> asyncio.Future[Any]:
        return self._batched("EVALSHA", sha, numkeys, *keys_and_args)

    def eval(self, script: str, numkeys: int, *keys_and_args: Any) -> asyncio.Future[Any]:
        return self._batched("EVAL", script, numkeys, *keys_and_args)

    def _batched(self, *command: Any) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        if self._pending_loop is not loop or not self._pending:
            self._pending = []
            self._pending_loop = loop
            loop.call_soon(self._flush, loop)
        self._pending.append((command, future))
        return future

    def _flush(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._pending_loop is not loop:
            return
        batch, self._pending = self._pending, []
        for start in range(0, len(batch), MAX_BATCH):
            task = loop.create_task(self._execute(batch[start : start + MAX_BATCH]))
            self._batches.add(task)
            task.add_done_callback(self._batches.discard)

    async def _execute(self, batch: list[tuple[tuple[Any, ...], asyncio.Future[Any]]]) -> None:
        wanted = [(command, future) for command, future in batch if not future.done()]
        if not wanted:
            return
        try:
            if len(wanted) == 1:
                replies: list[Any] = [await self.execute_command(*wanted[0][0])]  # type: ignore[no-untyped-call]
            else:
                replies = await self._pipelined([command for command, _ in wanted])
        except Exception as error:
            for _, future in wanted:
                if not future.done():
                    future.set_exception(error)
            return
        except BaseException:  # the batch itself was cancelled (a shutdown): so are its calls
            for _, future in wanted:
                future.cancel()
            raise
        for (_, future), reply in zip(wanted, replies, strict=True):
            if future.done():
                continue
            if isinstance(reply, Exception):
                future.set_exception(reply)
            else:
                future.set_result(reply)

    async def _pipelined(self, commands: list[tuple[Any, ...]]) -> list[Any]:
        """`commands` in one write on one connection, each reply (or its error) in order: what
        redis-py's `Pipeline.execute(raise_on_error=False)` does for commands like these, with
        its retries on a broken connection, without building a pipeline object per batch."""
        pool = self.connection_pool
        connection: Connection = await pool.get_connection()  # type: ignore[no-untyped-call]
        try:
            replies: list[Any] = await connection.retry.call_with_retry(
                lambda: self._send_and_read(connection, commands), lambda _: connection.disconnect()
            )
        except BaseException:
            await connection.disconnect()  # replies may be left unread on it
            raise
        finally:
            await pool.release(connection)
        return replies

    async def _send_and_read(self, connection: Connection, commands: list[tuple[Any, ...]]) -> list[Any]:
        await connection.send_packed_command(connection.pack_commands(commands))
        replies: list[Any] = []
        for command in commands:
            try:
                replies.append(await self.parse_response(connection, command[0]))
            except ResponseError as error:
                replies.append(error)
        return replies

    async def aclose(self, close_connection_pool: bool | None = None) -> None:
        """Let the batches under way answer their callers before the pool closes."""
        if self._batches:
            await asyncio.wait(set(self._batches), timeout=5)
        await super().aclose(close_connection_pool)


def create_redis(url: str, pool: RedisPool | None = None) -> Redis:
    """The client for REDIS_URL: one server's (`ScriptBatchingRedis`), or a cluster's
    (`ClusterRedis`, typed as `Redis`: see the module's docstring). Nothing connects yet; a
    server calls `connect_redis` at start-up to fail there, clearly, if nothing answers."""
    limits = pool or RedisPool()
    cluster = parse_redis_url(url)
    if cluster is not None:
        return cast(Redis, ClusterRedis.for_url(cluster, limits))
    connections = IdleClosingPool.from_url(
        url,
        max_connections=limits.max_connections,
        timeout=limits.timeout_seconds,
        idle_seconds=limits.idle_seconds,
        decode_responses=True,
        health_check_interval=HEALTH_CHECK_SECONDS,
    )
    packed = _PACKED_BY_HIREDIS.get(connections.connection_class)
    if packed is not None:
        connections.connection_class = packed
    return ScriptBatchingRedis.from_pool(connections)


def is_cluster(redis: object) -> bool:
    """Whether `redis` (a client or a pipeline) talks to a Redis Cluster."""
    from redis.asyncio.cluster import ClusterPipeline

    return isinstance(redis, RedisCluster | ClusterPipeline)


async def get_values(redis: Redis, *keys: str) -> list[Any]:
    """The values of `keys` (None for a missing one), in order: one MGET on a single server; on
    a cluster, whose MGET refuses keys of several slots, one GET per key, sent to their nodes
    side by side (redis-py's `mget_nonatomic`). Only for reads that need no snapshot: on a
    cluster a write may land between two of the GETs."""
    if isinstance(redis, RedisCluster):
        values: list[Any] = await redis.mget_nonatomic(list(keys))
        return values
    return list(await redis.mget(list(keys)))


class ClusterRedis(RedisCluster):
    """redis-py's cluster client, started from the nodes of a `redis+cluster://` URL, with
    hiredis packing on every node's connections (those discovered later too)."""

    url: ClusterURL

    @classmethod
    def for_url(cls, url: ClusterURL, limits: RedisPool) -> ClusterRedis:
        client = cls(
            startup_nodes=[ClusterNode(node.host, node.port) for node in url.nodes],
            username=url.username,
            password=url.password,
            ssl=url.tls,
            max_connections=limits.max_connections,
            decode_responses=True,
            health_check_interval=HEALTH_CHECK_SECONDS,
        )
        client.url = url
        # Every node redis-py creates, now or once discovered, takes its connection class from
        # these (shared) keyword arguments; the startup nodes were made from them already.
        plain = client.connection_kwargs.get("connection_class", Connection)
        packed = _PACKED_BY_HIREDIS.get(plain)
        if packed is not None:
            client.connection_kwargs["connection_class"] = packed
            for node in client.startup_nodes:
                node.connection_class = cast("type[Connection]", packed)
        return client


async def connect_redis(redis: Redis) -> None:
    """For a cluster, discover it now, so that a server whose REDIS_URL names no node that
    answers (or nodes that are no cluster) refuses to start, naming every node it tried. A
    single server is left to connect on first use, as always."""
    if not isinstance(redis, ClusterRedis):
        return
    try:
        await redis.initialize()
    except (RedisClusterUnreachableError, OSError) as error:
        raise ConfigurationError(
            f"REDIS_URL names a Redis Cluster, but it could not be reached from any of the nodes tried "
            f"({redis.url.describe()}): {error}"
        ) from None
    except (RedisClusterException, RedisError) as error:  # wrong credentials, no cluster there...
        raise ConfigurationError(
            f"REDIS_URL names a Redis Cluster, but the nodes tried ({redis.url.describe()}) refused: {error}"
        ) from None


async def check_redis(url: str, pool: RedisPool | None = None) -> None:
    """`connect_redis` on a client of its own, for the serving process before its workers
    start (each worker connects its own client again)."""
    if parse_redis_url(url) is None:
        return
    redis = create_redis(url, pool)
    try:
        await connect_redis(redis)
    finally:
        await redis.aclose()


@dataclass(frozen=True)
class Keys:
    prefix: str

    def __call__(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)
