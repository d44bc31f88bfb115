"""Presence ends on every close path, and is a lease that expires when its process dies."""

import logging
import socket
import struct
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from functools import partial

import pytest
from sanic import Sanic
from websockets.asyncio.client import ClientConnection

from edusphere.chat import presence
from edusphere.chat.keys import RoomKeys
from edusphere.core.graphql import ws as graphql_ws
from edusphere.core.runtime import Runtime
from tests.chat.factories import (
    chat_socket,
    classroom,
    count_live,
    fresh_hub,
    hub_connections,
    hub_of,
    receive,
    subscribe,
    wait_until,
)
from tests.chat.test_hub import course_rooms

SOCKETS = 10
OPERATIONS_PER_SOCKET = 100  # the cap of one socket


def reset(ws: ClientConnection) -> None:
    """Drop the connection as a crashed client or a network reset does: a TCP RST, no close frame."""
    sock = ws.transport.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    ws.transport.abort()


async def online_count(runtime: Runtime, room_ids: list[str]) -> int:
    return sum([len(await presence.online(runtime.redis, RoomKeys(runtime.keys, r))) for r in room_ids])


async def members(runtime: Runtime, room_ids: list[str]) -> int:
    """Connections in the rooms' presence, fresh or not."""
    return sum([await runtime.redis.zcard(RoomKeys(runtime.keys, r).presence) for r in room_ids])


async def hub_subscribers(runtime: Runtime) -> int:
    return sum(len(s) for s in hub_of(runtime).rooms.values())


@pytest.fixture
def leases_never_run_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only an explicit leave can take anyone offline during the test."""
    monkeypatch.setattr(presence, "STALE_SECONDS", 3600.0)


@pytest.fixture
async def sockets(app: Sanic) -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as stack:
        yield stack


@pytest.fixture
def one_user_may_hold_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test's thousand subscriptions are one learner's, past the per-user cap of a process."""
    monkeypatch.setattr(graphql_ws, "MAX_OPERATIONS_PER_USER", SOCKETS * OPERATIONS_PER_SOCKET)


@pytest.mark.usefixtures("leases_never_run_out", "one_user_may_hold_them_all")
async def test_resetting_a_thousand_subscriptions_at_once_leaves_nobody_online(
    app: Sanic, runtime: Runtime, sockets: AsyncExitStack, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 11 #23 and #24: leaves lost, and MaxConnectionsError, when 1,000 subscriptions end
    together."""
    room = await classroom(runtime)
    room_ids = await course_rooms(room, 8)
    await fresh_hub(runtime)
    opened = [await sockets.enter_async_context(chat_socket(app, room.learner.access_token)) for _ in range(SOCKETS)]
    for s, ws in enumerate(opened):
        for n in range(OPERATIONS_PER_SOCKET):
            await subscribe(ws, f"op-{s}-{n}", room_ids[n % len(room_ids)])
    total = SOCKETS * OPERATIONS_PER_SOCKET
    assert await wait_until(partial(members, runtime, room_ids), lambda n: n == total, within=60)
    assert await hub_connections(runtime) == [len(room_ids)]  # one connection carries every room
    with caplog.at_level(logging.WARNING):
        for ws in opened:
            reset(ws)
        assert await wait_until(partial(online_count, runtime, room_ids), lambda n: n == 0, within=30)
        assert await wait_until(partial(hub_subscribers, runtime), lambda n: n == 0)
    assert await members(runtime, room_ids) == 0
    assert await wait_until(partial(hub_connections, runtime), lambda subs: subs == [0])  # kept, carrying nothing
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.usefixtures("leases_never_run_out")
async def test_a_socket_reset_mid_subscription_leaves(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    async with chat_socket(app, room.learner.access_token) as ws:
        await subscribe(ws, "events", room.room_id)
        assert await wait_until(partial(count_live, runtime, room.room_id))
        reset(ws)
    assert await wait_until(partial(online_count, runtime, [room.room_id]), lambda n: n == 0)


@pytest.mark.usefixtures("leases_never_run_out")
async def test_a_process_shutting_down_takes_its_subscribers_out_of_presence(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    async with chat_socket(app, room.learner.access_token) as ws:
        await subscribe(ws, "events", room.room_id)
        assert await wait_until(partial(count_live, runtime, room.room_id))
        assert await online_count(runtime, [room.room_id]) == 1
        await fresh_hub(runtime)  # what the server's shutdown does
        assert await online_count(runtime, [room.room_id]) == 0


async def test_presence_of_a_process_that_died_expires_with_its_lease(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that dies leaves no word: its members go stale, a sweep announces MEMBER_LEFT,
    and the room's presence keys themselves expire when nobody renews them."""
    monkeypatch.setattr(presence, "STALE_SECONDS", 1.0)
    monkeypatch.setattr(presence, "HEARTBEAT_SECONDS", 0.2)
    await fresh_hub(runtime)  # its heartbeat at the new pace
    room = await classroom(runtime)
    keys = RoomKeys(runtime.keys, room.room_id)
    ghost = "00000000-0000-4000-8000-00000000dead"
    # What a process's join left behind before it was killed: no heartbeat, no leave will follow.
    await runtime.redis.zadd(keys.presence, {f"{ghost}|gone-connection": int(time.time() * 1000)})
    await runtime.redis.hset(keys.presence_names, ghost, "Ghost")
    async with chat_socket(app, room.learner.access_token) as ws:
        await subscribe(ws, "events", room.room_id)
        left = None
        while left is None:
            event = (await receive(ws))["payload"]["data"]["roomEvents"]
            if event["type"] == "MEMBER_LEFT" and event["user"]["id"] == ghost:
                left = event
        online = await presence.online(runtime.redis, keys)
        assert [m.id for m in online] == [str(room.learner.user.id)]  # renewed by its heartbeat
        assert left["user"]["displayName"] == "Ghost"
        for key in (keys.presence, keys.presence_names):
            assert 0 < await runtime.redis.pttl(key) <= presence.STALE_SECONDS * 1000 * 10
