"""A socket's life: what it leaves behind when it ends, how `complete` ends an operation, and
what a client that stops reading costs the server."""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
import socket as sockets
from typing import Any

import pytest
from sanic import Sanic
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

from edusphere.chat import messages
from edusphere.core.graphql import registry
from edusphere.core.graphql import ws as server
from edusphere.core.graphql.ws import StreamRequest
from edusphere.core.runtime import Runtime
from tests.chat import factories
from tests.core.test_graphql_ws import PROTOCOL, acked, receive, send, socket, ws_url
from tests.core.test_ws_protocol import ROOM_EVENTS, pong_after_pings, subscribe
from tests.helpers import eventually

WITH_BODIES = (
    "subscription($room: ID!, $since: Int) { roomEvents(roomId: $room, since: $since) { seq message { body } } }"
)

# Process-wide tasks that outlive any one socket by design (one per process, started on first use).
SINGLETONS = ("chat-hub", "chat-presence", "_sweep_expired")


def socket_tasks(baseline: set[asyncio.Task[Any]]) -> list[asyncio.Task[Any]]:
    """Tasks started since `baseline` that are still pending, the process's singletons aside."""
    return [
        task
        for task in asyncio.all_tasks() - baseline
        if not task.done()
        and task is not asyncio.current_task()
        and not task.get_name().startswith(SINGLETONS)  # the hub names its tasks chat-hub-<job>
        and task.get_coro().__qualname__ not in SINGLETONS  # type: ignore[union-attr]
    ]


@pytest.fixture
def leak_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record asyncio or the server logs at WARNING and above, collected after a full
    garbage collection (which is when "Task was destroyed but it is pending!" appears)."""
    caplog.set_level(logging.WARNING)
    return caplog


def complaints(caplog: pytest.LogCaptureFixture) -> list[str]:
    gc.collect()
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_socket_closed_after_several_completes_leaves_no_task(
    app: Sanic, runtime: Runtime, leak_log: pytest.LogCaptureFixture
) -> None:
    room = await factories.classroom(runtime)
    await one_socket_cycle(app, room, 0)  # start the process's singletons
    baseline = set(asyncio.all_tasks())
    for n in range(10):
        await one_socket_cycle(app, room, n)
    await eventually(lambda: not socket_tasks(baseline))
    assert server.open_connections() == []
    assert complaints(leak_log) == []


async def one_socket_cycle(app: Sanic, room: factories.Classroom, n: int) -> None:
    """Open, subscribe to a room and run queries, complete them all at once, close cleanly."""
    async with socket(app) as ws:
        await acked(ws, room.learner.access_token)
        await send(ws, subscribe(f"room{n}", ROOM_EVENTS, room=room.room_id))
        for i in range(3):
            await send(ws, {"id": f"q{i}", "type": "subscribe", "payload": {"query": "{ me { id } }"}})
        for i in range(3):
            await send(ws, {"id": f"q{i}", "type": "complete"})
        await send(ws, {"id": f"room{n}", "type": "complete"})


async def test_a_client_going_away_mid_send_is_not_an_error(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch, leak_log: pytest.LogCaptureFixture
) -> None:
    """A subscription that sends all the time while its client leaves: no ERROR, no traceback,
    no "Task exception was never retrieved"."""
    started = asyncio.Event()

    async def chatty(request: StreamRequest) -> None:
        started.set()
        while True:
            await request.send({"data": {"roomEvents": {"seq": 1, "type": "POST"}}})
            await asyncio.sleep(0)

    monkeypatch.setitem(registry._streams, "roomEvents", chatty)
    room = await factories.classroom(runtime)
    baseline = set(asyncio.all_tasks())
    for n in range(5):
        started.clear()
        async with socket(app) as ws:
            await acked(ws, room.learner.access_token)
            await send(ws, subscribe(f"chatty{n}", ROOM_EVENTS, room=room.room_id))
            await started.wait()
    await eventually(lambda: not socket_tasks(baseline))
    assert complaints(leak_log) == []


async def test_complete_ends_an_operation_that_swallows_a_cancel(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Python 3.11 `asyncio.wait_for` (inside redis-py) can swallow a cancel: the operation
    then carries on. `complete` must still end it: nothing more is delivered, it stops counting
    against the cap at once, and its task ends."""
    ended: list[str] = []
    started: list[str] = []

    async def stubborn(request: StreamRequest) -> None:
        started.append(request.operation_id)
        try:
            swallowed = False
            while True:
                try:
                    await request.send({"data": {"roomEvents": {"seq": 1, "type": "POST"}}})
                    await asyncio.sleep(0.001)
                except asyncio.CancelledError:
                    if swallowed:
                        raise
                    swallowed = True  # what wait_for's race does: the cancel is lost once
                    asyncio.current_task().uncancel()  # type: ignore[union-attr]
        finally:
            ended.append(request.operation_id)

    monkeypatch.setitem(registry._streams, "roomEvents", stubborn)
    room = await factories.classroom(runtime)
    cap = server.MAX_OPERATIONS_PER_SOCKET
    async with socket(app) as ws:
        await acked(ws, room.learner.access_token)
        for n in range(cap):
            await send(ws, subscribe(f"s{n}", ROOM_EVENTS, room=room.room_id))
        # Every one running (a `complete` read in the same turn as its `subscribe` cancels the
        # operation before it starts: nothing to swallow then).
        await eventually(lambda: len(started) == cap)
        for n in range(cap):
            await send(ws, {"id": f"s{n}", "type": "complete"})
        await send(ws, {"type": "ping"})
        while (await receive(ws))["type"] != "pong":
            pass  # frames sent before the completes arrived
        await send(ws, subscribe("fresh", ROOM_EVENTS, room=room.room_id))  # the cap has room again
        await eventually(lambda: len(ended) == cap)
        await send(ws, {"type": "ping"})
        seen = set()
        while (message := await receive(ws))["type"] != "pong":
            seen.add(message.get("id"))
        assert seen <= {"fresh"}


def never_reading(app: Sanic) -> Any:
    """A client that stops reading after one message, with a tiny receive buffer."""
    host, port = app.ctx.base_url.removeprefix("http://").split(":")
    raw = sockets.socket(sockets.AF_INET, sockets.SOCK_STREAM)
    raw.setsockopt(sockets.SOL_SOCKET, sockets.SO_RCVBUF, 4096)
    raw.connect((host, int(port)))
    return connect(ws_url(app), subprotocols=[PROTOCOL], sock=raw, max_queue=1)  # type: ignore[list-item]


def learners_connection(room: factories.Classroom) -> server.Connection:
    """The server's side of the learner's socket, its kernel send buffer made small (loopback's
    grows to megabytes): what the client does not read then piles up in the server process, as
    over a real network whose window has filled."""
    (connection,) = [c for c in server.open_connections() if c.viewer and c.viewer.id == room.learner.user.id]
    transport = connection.ws.io_proto.transport  # type: ignore[union-attr]
    transport.get_extra_info("socket").setsockopt(sockets.SOL_SOCKET, sockets.SO_SNDBUF, 4096)
    return connection


async def test_a_live_subscriber_that_never_reads_is_closed_1013(app: Sanic, runtime: Runtime) -> None:
    """Posts of 4 KB reach the subscriber through the hub's direct write (`write_next_now`):
    the server keeps at most MAX_BUFFERED_BYTES for a client that stops reading, then closes
    1013 so the client resumes with `since`."""
    room = await factories.classroom(runtime)
    async with never_reading(app) as ws:
        await acked(ws, room.learner.access_token)
        connection = learners_connection(room)
        await send(ws, subscribe("slow", WITH_BODIES, room=room.room_id))
        await pong_after_pings(ws, 1)
        for _ in range(40):
            await post(runtime, room, 50)
            if not open_for_writing(connection):
                break
        assert not open_for_writing(connection), "the server kept every frame"
        assert (await closed_after_backlog(ws))[0] == 1013


async def test_a_replay_to_a_client_that_never_reads_is_closed_1013(app: Sanic, runtime: Runtime) -> None:
    """The same bound on the other path, `send_frame` (a replay of 1,000 posts of 4 KB)."""
    room = await factories.classroom(runtime)
    await post(runtime, room, 1_000)
    async with never_reading(app) as ws:
        await acked(ws, room.learner.access_token)
        connection = learners_connection(room)
        await send(ws, subscribe("resume", WITH_BODIES, room=room.room_id, since=0))
        await eventually(lambda: not open_for_writing(connection), within=20)
        assert (await closed_after_backlog(ws))[0] == 1013


async def post(runtime: Runtime, room: factories.Classroom, count: int) -> None:
    for _ in range(count):
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "x" * 4_000, secrets.token_hex(8))


def open_for_writing(connection: server.Connection) -> bool:
    return connection.ws.ws_proto.state is State.OPEN


async def closed_after_backlog(ws: ClientConnection) -> tuple[int | None, str | None]:
    """Read the backlog, then the close frame."""
    with pytest.raises(ConnectionClosed):  # noqa: PT012 - the close ends the reading
        while True:
            await asyncio.wait_for(ws.recv(), 10)
    return ws.close_code, ws.close_reason
