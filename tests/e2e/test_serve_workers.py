"""`edusphere serve --workers 2`: Sanic's worker processes act as one server. Each worker runs
its own write-behind consumers in the shared consumer group (named after the worker, so a
restarted worker takes up what it left pending), and a message posted through either worker
reaches subscribers of both, once, in seq order, and PostgreSQL once."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis.asyncio import Redis

from edusphere.chat import keys as chat_keys
from edusphere.chat.writebehind import GROUP
from tests.e2e.test_chat_processes import (
    SEND,
    Servers,
    classroom,
    gql,
    messages_seen,
    servers,  # noqa: F401 - the fixture
    subscribed,
    wait_for_durable,
)
from tests.processes import free_port, serving

pytestmark = pytest.mark.e2e
PREFIX = "edusphere:"  # the default EDUSPHERE_REDIS_PREFIX the server processes use


async def _consumers(redis_url: str) -> set[str]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        for _ in range(100):
            rows = await redis.xinfo_consumers(PREFIX + chat_keys.STREAM, GROUP)
            names = {str(row["name"]) for row in rows}
            workers = {name.rsplit("-", 1)[0] for name in names}  # "<host>-<port>-<worker>-<n>"
            if len(workers) >= 2:
                return names
            await asyncio.sleep(0.1)
        return names
    finally:
        await redis.aclose()


async def test_two_workers_share_the_write_behind_and_deliver_everything_once(servers: Servers) -> None:  # noqa: F811
    port = free_port()
    with serving(port, servers.env(), servers.data_dir, "--workers", "2"):
        base = f"http://127.0.0.1:{port}"
        room = await classroom(base, servers)
        names = await _consumers(servers.redis_url)
        workers = {name.rsplit("-", 1)[0] for name in names}
        assert len(workers) == 2, names  # each worker process consumes in the shared group
        # Sockets are accepted by whichever worker the kernel hands them to; eight of them land
        # on both (2^-7 odds of all on one, and the deliveries are checked whichever they hit).
        async with asyncio.TaskGroup() as group:
            watchers = [group.create_task(_watch(base, room.learner, room.room_id, 30)) for _ in range(8)]
            await asyncio.sleep(1.5)  # subscribed before the first send
            for n in range(30):  # a new HTTP connection each: the sends go through both workers
                await gql(base, SEND, {"r": room.room_id, "b": f"m{n}", "c": str(uuid.uuid4())}, token=room.learner)
        expected = [(seq, f"m{seq - 1}") for seq in range(1, 31)]
        for watcher in watchers:
            assert watcher.result() == expected
        assert await wait_for_durable(servers, 30) == list(range(1, 31))


async def _watch(base: str, token: str, room_id: str, count: int) -> list[tuple[int, str]]:
    async with subscribed(base, token, room_id) as ws:
        return await messages_seen(ws, count)
