"""EduSphere's generic Redis users on a real Redis Cluster (issue 19): three masters and three
replicas from the machine's redis-server (`tests.redis_cluster`), reached through
`REDIS_URL=redis+cluster://...` naming one node only.

What would fail with CROSSSLOT (or redis-py's "all keys must map to the same key slot") on a
cluster today, the worklist of the sharding change. Keys are shown without the deployment
prefix; `<room>` is `room:<room id>`. Nothing of this carries a hash tag yet.

Scripts (`core.scripts.Script`, EVALSHA/EVAL, routed by their KEYS):

- chat.live `RoomAppend` (every send): `<room>:seq`, `:epoch`, `:recent`, `:states`, `:touched`,
  `:reactors`, `:pins`, `chat:stream`, `<room>:channel`, `<room>:idempotency:...` (per sender),
  `chat:message-room:<message id>`, `chat:send:<user id>` (the sender's token bucket). A room's
  own keys can share a `{<room id>}` tag; the stream, message-room and bucket keys are not the
  room's (see chat.keys: one stream per shard, the bucket per user, message-room per message).
- chat.live `Hydrate`: `<room>:states`, `:reactors`, `:touched`, `:seq`: the room's, one tag fixes it.
- chat.live `MarkRead`: `<room>:read` and `chat:stream`: the stream is global.
- chat.presence `Join`, `Leave`, `Sweep` (also queued as EVAL in pipelines): `<room>:presence`,
  `<room>:presence-names`, `<room>:channel`: the room's, one tag fixes them.

Multi-key commands:

- chat.live `mget(<room>:seq, <room>:epoch)` (catching up): the room's, one tag fixes it.
- chat.activity `mget(chat:posts:<minute>...)` (the admin dashboard's activity): one key per
  minute, several slots: `core.redis.get_values` (GET per key on a cluster) or one tag.
- chat.hub: `pubsub()` SUBSCRIBE per room channel: works (non-sharded pub/sub is broadcast over
  the cluster bus to every node) but every PUBLISH then crosses the whole cluster; SSUBSCRIBE
  and SPUBLISH with the room's tag is the plan.
- Pipelines (`pipeline(transaction=False)`, redis-py's `ClusterPipeline` splits them per node
  and orders nothing across nodes): fine for single-key commands; PUBLISH is refused in them
  (`core.invalidation.announce(pipe, ...)`; auth's revocations announce after the pipeline on a
  cluster, fixed here); the EVALs queued in chat.presence's pipelines are
  the scripts above and fail the same way.
- tests/conftest.py `_clean_state`: `scan_iter` + `delete(*keys)` (redis-py splits DEL per slot
  and scans every primary: fine).

Fixed here: auth.sessions' `_RESERVE_LOGIN` and `_LOGIN_SUCCEEDED` (every login) touch
`login:failed:pair:<account>:<address>`, `login:failed:address:<address>`,
`login:failed:account:<account>` and `login:known:<account>`: no per-subject tag joins them (the
per-address counter is every account's), so on a cluster they are `{login}:...` (one slot for
all login limiting), and unchanged on one server. auth.authentication's
`mget(session-revoked:<family>, user-version:<user>)` (every uncached request) reads through
`core.redis.get_values`, and its revocations announce after their pipeline on a cluster.
Single-key scripts work as they are: core.ratelimit `hit` (every limit: register, password
reset, email change, catalog suggest, certificate images, payment webhooks), `take_token`
buckets, payments.refunds' lock release.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar, cast

import pytest
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import RedisClusterException, RedisError

from edusphere.auth import accounts, authentication, sessions
from edusphere.auth.models import Role
from edusphere.core import ratelimit
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.invalidation import InvalidationBus, announce, channel
from edusphere.core.redis import (
    ClusterRedis,
    HiredisConnection,
    Keys,
    check_redis,
    connect_redis,
    create_redis,
    get_values,
)
from edusphere.core.runtime import Runtime
from edusphere.core.scripts import Script, arg, key
from edusphere.core.settings import ConfigurationError, RateLimit, Settings
from tests.helpers import PASSWORD, eventually, make_user, unique_email
from tests.redis_cluster import RedisClusterServers, _free_ports


@pytest.fixture
async def cluster(redis_cluster: RedisClusterServers) -> AsyncIterator[Redis]:
    """A client started from one node only (the first master): the rest is discovered."""
    client = create_redis(redis_cluster.url_of(redis_cluster.ports[0]))
    await connect_redis(client)
    yield client
    await client.aclose()


@pytest.fixture
async def other_cluster(redis_cluster: RedisClusterServers) -> AsyncIterator[Redis]:
    """A second process's client, started from another node (the last one, a replica)."""
    client = create_redis(redis_cluster.url_of(redis_cluster.ports[-1]))
    await connect_redis(client)
    yield client
    await client.aclose()


@pytest.fixture
def cluster_runtime(runtime: Runtime, cluster: Redis) -> Runtime:
    """The session's settings and database, with the cluster for Redis."""
    prefix = f"cluster-{uuid.uuid4().hex[:8]}:"
    return Runtime(settings=replace(runtime.settings, redis_prefix=prefix), redis=cluster)


def as_cluster(redis: Redis) -> RedisCluster:
    assert isinstance(redis, ClusterRedis)
    return redis


def keys_on_every_master(client: RedisCluster, prefix: str) -> list[str]:
    """One key per master: key names of distinct slots served by distinct nodes."""
    found: dict[str, str] = {}
    for n in range(10_000):
        name = f"{prefix}{n}"
        node = client.get_node_from_key(name)
        assert node is not None
        found.setdefault(node.name, name)
        if len(found) == 3:
            return list(found.values())
    raise AssertionError("keys did not spread over three masters")


async def test_one_node_named_is_enough_the_rest_is_discovered(
    redis_cluster: RedisClusterServers, cluster: Redis
) -> None:
    client = as_cluster(cluster)
    assert len(client.startup_nodes) == 1
    assert {node.port for node in client.get_primaries()} | {node.port for node in client.get_replicas()} == set(
        redis_cluster.ports
    )
    assert len(client.get_primaries()) == 3
    assert len(client.get_replicas()) == 3
    # Every node, discovered ones included, packs with hiredis.
    assert {node.connection_class for node in client.get_nodes()} == {HiredisConnection}
    names = keys_on_every_master(client, "spread:")
    for n, name in enumerate(names):
        assert await cluster.set(name, f"v{n}", ex=60)
    assert [await cluster.get(name) for name in names] == ["v0", "v1", "v2"]
    assert await cluster.ping()
    print(f"\nRedis Cluster fixture started in {redis_cluster.started_in_seconds:.2f} s")


async def test_a_dead_startup_node_is_skipped_for_the_next_one_named(redis_cluster: RedisClusterServers) -> None:
    dead = _free_ports(1)[0]  # nothing listens there
    client = create_redis(f"redis+cluster://127.0.0.1:{dead},127.0.0.1:{redis_cluster.ports[1]}")
    try:
        await connect_redis(client)
        assert len(as_cluster(client).get_primaries()) == 3
        assert await client.set("after-a-dead-node", "1", ex=60)
    finally:
        await client.aclose()


async def test_wrong_credentials_stop_the_start_without_showing_the_password(
    redis_cluster: RedisClusterServers,
) -> None:
    node = f"127.0.0.1:{redis_cluster.ports[2]}"
    with pytest.raises(ConfigurationError) as refused:
        await check_redis(f"redis+cluster://mallory:guessed-secret@{node}")
    message = str(refused.value)
    assert f"the nodes tried ({node}) refused" in message
    assert "invalid username-password pair" in message
    assert "guessed-secret" not in message


async def test_get_values_reads_keys_of_several_slots_on_a_cluster_and_one_server_alike(
    cluster: Redis, redis: Redis
) -> None:
    client = as_cluster(cluster)
    names = keys_on_every_master(client, "values:")
    for n, name in enumerate(names):
        await cluster.set(name, str(n), ex=60)
    with pytest.raises(RedisClusterException, match="same key slot"):
        await cluster.mget(names)  # what get_values avoids
    assert await get_values(cluster, *names, "values:missing") == ["0", "1", "2", None]
    prefix = f"single-{uuid.uuid4().hex[:6]}:"
    await redis.set(prefix + "a", "x", ex=60)
    assert await get_values(redis, prefix + "a", prefix + "b") == ["x", None]


@dataclass(frozen=True)
class _Incr(Script):
    LUA: ClassVar[str] = "return redis.call('INCRBY', K.counter, A.by)"
    counter: str = key()
    by: int = arg()


@dataclass(frozen=True)
class _Pair(Script):
    LUA: ClassVar[str] = "redis.call('SET', K.a, 1) redis.call('SET', K.b, 1) return 1"
    a: str = key()
    b: str = key()


async def test_scripts_run_on_the_node_of_their_key_loading_themselves_there(cluster: Redis) -> None:
    client = as_cluster(cluster)
    await cluster.script_flush()  # on every primary: redis-py sends SCRIPT FLUSH to all of them
    names = keys_on_every_master(client, f"script-{uuid.uuid4().hex[:6]}:")
    for name in names:  # first on each node: NOSCRIPT there, then EVAL; then EVALSHA works
        assert await _Incr(counter=name, by=2).run(cluster) == 2
        assert await _Incr(counter=name, by=3).run(cluster) == 5
    # A script over keys of two slots is refused before it is sent: the sharding worklist.
    with pytest.raises(RedisClusterException, match="all keys must map to the same key slot"):
        await _Pair(a=names[0], b=names[1]).run(cluster)
    # With a shared hash tag the same script runs.
    assert await _Pair(a="{tagged}:a", b="{tagged}:b").run(cluster) == 1


async def test_fixed_window_limits_count_and_expire_on_the_cluster(cluster: Redis) -> None:
    key_ = f"limit-{uuid.uuid4().hex[:8]}"
    decisions = [await ratelimit.hit(cluster, key_, limit=3, window_seconds=60) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.count for d in decisions] == [1, 2, 3, 4]
    assert 58 <= decisions[-1].retry_after_seconds <= 60
    assert 0 < await cluster.pttl(key_) <= 60_000


@dataclass(frozen=True)
class _Take(Script):
    PRELUDE: ClassVar[str] = ratelimit.BUCKET_LUA
    LUA: ClassVar[str] = """
local allowed, wait = take_token(K.bucket, tonumber(A.capacity), tonumber(A.rate), tonumber(A.now))
return {allowed, wait}
"""
    bucket: str = key()
    capacity: int = arg()
    rate: float = arg()
    now: int = arg()


async def test_token_buckets_burst_then_refill_on_the_cluster(cluster: Redis) -> None:
    bucket = ratelimit.Bucket(f"bucket-{uuid.uuid4().hex[:8]}", capacity=3, per_second=2.0)
    capacity, rate, now = bucket.arguments()
    takes = [await _Take(bucket.key, int(capacity), float(rate), int(now)).run(cluster) for _ in range(4)]
    assert [allowed for allowed, _ in takes] == [1, 1, 1, 0]
    assert 0 < takes[-1][1] <= 500  # half a second for the next token at 2/s
    later = await _Take(bucket.key, int(capacity), float(rate), int(now) + 600).run(cluster)
    assert later[0] == 1
    assert 0 < await cluster.pttl(bucket.key) <= 3 * 1000 // 2 + 1000


async def test_the_invalidation_bus_carries_announcements_between_two_clients(
    cluster: Redis, other_cluster: Redis
) -> None:
    keys = Keys(f"bus-{uuid.uuid4().hex[:8]}:")
    bus = InvalidationBus(cluster, channel(keys))
    received: list[str] = []
    bus.on("thing", received.append)
    try:
        await bus.start()
        assert bus.live
        await announce(other_cluster, keys, "thing", 1)
        await announce(other_cluster, keys, "thing", 2)
        # A cluster pipeline cannot carry a PUBLISH (redis-py refuses it): auth's revocations
        # announce after their pipeline on a cluster.
        async with other_cluster.pipeline(transaction=False) as pipe:
            with pytest.raises(RedisClusterException, match="publish is blocked"):
                await announce(cast(Any, pipe), keys, "thing", "never")
        await announce(cluster, keys, "other", 3)
        await announce(cluster, keys, "thing", 4)
        await eventually(lambda: received == ["1", "2", "4"])
    finally:
        await bus.stop()
    assert not bus.live


async def test_a_lost_cluster_subscription_resets_the_caches_and_comes_back(
    cluster: Redis, other_cluster: Redis
) -> None:
    keys = Keys(f"bus-{uuid.uuid4().hex[:8]}:")
    bus = InvalidationBus(cluster, channel(keys))
    resets: list[int] = []
    received: list[str] = []
    bus.on_reset(lambda: resets.append(1))
    bus.on("thing", received.append)
    try:
        await bus.start()
        killed = await other_cluster.execute_command(  # type: ignore[no-untyped-call]
            "CLIENT KILL", "TYPE", "pubsub", target_nodes=RedisCluster.ALL_NODES
        )
        assert sum(cast(dict[str, int], killed).values()) >= 1
        await eventually(lambda: len(resets) >= 1)
        await eventually(lambda: bus.live, within=10)
        await announce(other_cluster, keys, "thing", "again")
        await eventually(lambda: received == ["again"])
    finally:
        await bus.stop()


async def test_sign_up_limits_per_address_on_the_cluster(cluster_runtime: Runtime) -> None:
    rt = Runtime(
        settings=replace(cluster_runtime.settings, register_limit_per_address=RateLimit(limit=2, window_seconds=60)),
        redis=cluster_runtime.redis,
    )
    address = "198.51.100.7"
    for _ in range(2):
        user = await accounts.register(rt, email=unique_email(), password=PASSWORD, display_name="Ada",
                                       role=Role.LEARNER, client_address=address)  # fmt: skip
        assert user.email
    with pytest.raises(AppError) as refused:
        await accounts.register(rt, email=unique_email(), password=PASSWORD, display_name="Ada",
                                role=Role.LEARNER, client_address=address)  # fmt: skip
    assert refused.value.code is ErrorCode.RATE_LIMITED
    # Another address is counted apart.
    assert await accounts.register(rt, email=unique_email(), password=PASSWORD, display_name="Ada",
                                   role=Role.LEARNER, client_address="198.51.100.8")  # fmt: skip


async def test_authentication_reads_revocations_and_user_versions_on_the_cluster(
    cluster_runtime: Runtime, other_cluster: Redis
) -> None:
    """Every uncached request reads two keys of two slots (fixed: `get_values`); a revocation
    (SET and PUBLISH in one cluster pipeline) is seen by another process's bus and by reads."""
    rt = cluster_runtime
    auth = await make_user(rt)
    viewer = await authentication.authenticate(rt, auth.access_token)
    assert viewer.user.id == auth.user.id
    await authentication.user_changed(rt, auth.user.id)  # a new version: the user is read again
    assert (await authentication.authenticate(rt, auth.access_token)).user.id == auth.user.id
    heard: list[str] = []
    bus = InvalidationBus(other_cluster, channel(rt.keys))
    bus.on(authentication.SESSION_TOPIC, heard.append)
    try:
        await bus.start()
        await authentication.sessions_revoked(rt, [viewer.session_id])
        await eventually(lambda: heard == [str(viewer.session_id)])
    finally:
        await bus.stop()
    with pytest.raises(AppError) as refused:
        await authentication.authenticate(rt, auth.access_token)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED


async def test_the_login_limit_counts_and_forgives_on_the_cluster(cluster_runtime: Runtime) -> None:
    """Its four keys share the `{login}` tag on a cluster (one script, one slot); the limits
    behave as on one server: failures per account and address, then RATE_LIMITED; a success
    gives its reservation back and remembers the address."""
    rt = Runtime(
        settings=replace(
            cluster_runtime.settings, login_limit_per_email_and_address=RateLimit(limit=3, window_seconds=60)
        ),
        redis=cluster_runtime.redis,
    )
    email, address = unique_email(), "198.51.100.9"
    keys = sessions._login_keys(rt, email, address)
    assert all(name.startswith(rt.keys("{login}")) for name in keys.all())
    await sessions.check_login_rate(rt, email, address)
    await sessions.login_succeeded(rt, email, address)  # the reservation given back
    assert await rt.redis.zscore(sessions.known_addresses_key(rt, email), address) is not None
    for _ in range(3):
        await sessions.check_login_rate(rt, email, address)  # three failures reserved
    with pytest.raises(AppError) as refused:
        await sessions.check_login_rate(rt, email, address)
    assert refused.value.code is ErrorCode.RATE_LIMITED
    await sessions.check_login_rate(rt, email, "198.51.100.10")  # another address: its own count


def test_the_settings_of_a_cluster_deployment_are_accepted(redis_cluster: RedisClusterServers) -> None:
    settings = Settings.from_env({"REDIS_URL": redis_cluster.url, "REDIS_MAX_CONNECTIONS": "20"}, env_file="/none")
    assert settings.redis_url == redis_cluster.url
    assert settings.redis_pool.max_connections == 20


async def test_many_concurrent_scripts_spread_over_the_nodes(cluster: Redis) -> None:
    """No batching on a cluster: each script its own round trip, concurrent ones side by side."""
    names = keys_on_every_master(as_cluster(cluster), f"many-{uuid.uuid4().hex[:6]}:")
    began = time.monotonic()
    results = await asyncio.gather(*(_Incr(counter=names[n % 3], by=1).run(cluster) for n in range(300)))
    assert sorted(results)[-1] == 100
    assert [int(await cluster.get(name) or 0) for name in names] == [100, 100, 100]
    assert time.monotonic() - began < 20


async def test_a_master_that_dies_is_replaced_by_its_replica_and_the_client_carries_on(tmp_path: Path) -> None:
    """A cluster of its own (this one loses a node): the master of a limit's key is killed, its
    replica is promoted after `cluster-node-timeout`, and the same client counts on there."""
    servers = RedisClusterServers(tmp_path / "failover")
    servers.start()
    try:
        client = create_redis(servers.url_of(*servers.ports))
        await connect_redis(client)
        name = "failover-limit"
        assert (await ratelimit.hit(client, name, limit=10, window_seconds=60)).count == 1
        node = as_cluster(client).get_node_from_key(name)
        assert node is not None
        # On the key's master: wait until its replica has the count.
        assert await client.execute_command("WAIT", 1, 2000, target_nodes=node) == 1  # type: ignore[no-untyped-call]
        index = servers.ports.index(node.port)
        servers.processes[index].kill()
        servers.processes[index].wait()
        deadline = time.monotonic() + 30
        while True:
            try:
                decision = await ratelimit.hit(client, name, limit=10, window_seconds=60)
                break
            except (RedisClusterException, RedisError, OSError):
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
        assert decision.count == 2  # counted on from the promoted replica's copy
        promoted = as_cluster(client).get_node_from_key(name)
        assert promoted is not None
        assert promoted.port != node.port
        await client.aclose()
    finally:
        servers.stop()
