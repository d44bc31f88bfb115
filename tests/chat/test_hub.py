"""The chat hub under concurrency: one subscription connection carries every room, a resume never
delivers a seq twice, and a subscriber that cannot keep up is bounded and ended."""

import asyncio
import contextlib
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import pytest
from sanic import Sanic
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from edusphere.chat import hub as hub_module
from edusphere.chat import messages, rooms
from edusphere.chat.keys import RoomKeys
from edusphere.core.runtime import Runtime
from tests.chat.factories import (
    Classroom,
    chat_socket,
    classroom,
    enrolled,
    fresh_hub,
    hub_connections,
    hub_of,
    receive,
    subscribe,
    wait_until,
)
from tests.helpers import kill_own_pubsub_connections

ROOMS = 8
POSTS_PER_ROOM = 5
MIB = 1024 * 1024  # the most a subscriber may hold queued


async def course_rooms(room: Classroom, count: int) -> list[str]:
    """The course's general room and `count - 1` more."""
    created = [
        await rooms.create_room(room.creator.viewer, str(room.course.id), f"Room {n}", False) for n in range(count - 1)
    ]
    return [room.room_id, *(str(r.id) for r in created)]


async def members_online(runtime: Runtime, room_ids: list[str], user_id: str) -> int:
    """Connections of `user_id` in the presence of the rooms (each joins once its replay is done
    and it is live)."""
    total = 0
    for room_id in room_ids:
        members = await runtime.redis.zrange(RoomKeys(runtime.keys, room_id).presence, 0, -1)
        total += sum(1 for m in members if str(m).startswith(f"{user_id}|"))
    return total


async def posts_by_operation(ws: object, count: int) -> dict[str, list[int]]:
    """MESSAGE_POSTED seqs per operation id, until `count` have arrived."""
    seen: dict[str, list[int]] = defaultdict(list)
    received = 0
    while received < count:
        message = await receive(ws, 5)  # type: ignore[arg-type]
        assert message["type"] == "next", message
        event = message["payload"]["data"]["roomEvents"]
        if event["type"] == "MESSAGE_POSTED":
            seen[message["id"]].append(event["seq"])
            received += 1
    return seen


async def test_every_room_of_a_course_subscribed_at_once_delivers_everything(app: Sanic, runtime: Runtime) -> None:
    """Issue 11 #14: the first subscriptions of a process race to open the hub's connection."""
    room = await classroom(runtime)
    room_ids = await course_rooms(room, ROOMS)
    for attempt in range(5):
        await fresh_hub(runtime)  # as in a process that just started
        learner = await enrolled(runtime, room, f"Watcher {attempt}")
        async with chat_socket(app, learner.access_token) as a, chat_socket(app, learner.access_token) as b:
            for ws in (a, b):
                await asyncio.gather(*(subscribe(ws, f"room-{n}", room_id) for n, room_id in enumerate(room_ids)))
            assert await wait_until(
                partial(members_online, runtime, room_ids, str(learner.user.id)), lambda n: n == 2 * ROOMS
            )
            assert await hub_connections(runtime) == [ROOMS]  # one connection carries every room
            for p in range(POSTS_PER_ROOM):
                for room_id in room_ids:
                    await messages.send_message(runtime, room.creator.viewer, room_id, f"post {p}", f"{attempt}-{p}")
            for ws in (a, b):
                seen = await posts_by_operation(ws, ROOMS * POSTS_PER_ROOM)
                assert len(seen) == ROOMS
                first = attempt * POSTS_PER_ROOM
                assert all(seqs == list(range(first + 1, first + POSTS_PER_ROOM + 1)) for seqs in seen.values())


async def test_many_resumes_under_concurrent_posts_see_every_seq_exactly_once(app: Sanic, runtime: Runtime) -> None:
    """Issue 11 #17: a replayed copy, then a live copy of the same seq."""
    room = await classroom(runtime)
    posters = [await enrolled(runtime, room, f"Poster {n}") for n in range(3)]
    total = 600
    posted = 0

    async def post(poster: int) -> None:
        nonlocal posted
        while posted < total:
            posted += 1
            number = posted
            await messages.send_message(runtime, posters[poster].viewer, room.room_id, f"m{number}", f"c{number}")
            await asyncio.sleep(0.003)  # pace the posts so they overlap the resumes

    tasks = [asyncio.create_task(post(n)) for n in range(3)]
    resumes = 0
    try:
        async with chat_socket(app, room.learner.access_token) as ws, busy_room(app, room):
            last = 0
            while last < total:
                operation = f"resume-{resumes}"
                await subscribe(ws, operation, room.room_id, since=last)
                seqs: list[int] = []
                while len(seqs) < 10 and last + len(seqs) < total:
                    message = await receive(ws)
                    if message.get("id") != operation:
                        continue  # the completed operations' last frames
                    assert message["type"] == "next", message
                    event = message["payload"]["data"]["roomEvents"]
                    if event["seq"] is not None:
                        seqs.append(event["seq"])
                await ws.send(json.dumps({"id": operation, "type": "complete"}))
                assert seqs == list(range(last + 1, last + 1 + len(seqs))), (operation, last, seqs)
                last = seqs[-1]
                resumes += 1
    finally:
        await asyncio.gather(*tasks)
    assert resumes >= total // 10


@asynccontextmanager
async def busy_room(app: Sanic, room: Classroom, documents: int = 20) -> AsyncIterator[ClientConnection]:
    """Subscriptions with `documents` distinct documents: the hub renders each event that many
    times, so live copies arrive well after the events are readable from Redis (as under load)."""
    async with chat_socket(app, room.creator.access_token) as ws:
        for n in range(documents):
            payload = {"query": f"subscription Watch{n}($r: ID!) {{ roomEvents(roomId: $r) {{ seq }} }}",
                       "variables": {"r": room.room_id}}  # fmt: skip
            await ws.send(json.dumps({"id": f"watch-{n}", "type": "subscribe", "payload": payload}))
        reader = asyncio.create_task(_discard(ws))
        try:
            yield ws
        finally:
            reader.cancel()


async def _discard(ws: ClientConnection) -> None:
    async for _ in ws:
        pass


async def test_a_subscriber_that_cannot_keep_up_is_bounded_and_ended(app: Sanic, runtime: Runtime) -> None:
    """Issue 11 #25: a socket that never reads; its queue stays under a MiB and it is ended."""
    room = await classroom(runtime)
    body = "x" * 3_900
    url = app.ctx.base_url.replace("http://", "ws://") + "/ws"
    from websockets.asyncio.client import connect

    async with connect(url, subprotocols=["graphql-transport-ws"], max_queue=1, max_size=None) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"accessToken": room.learner.access_token}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await subscribe(ws, "slow", room.room_id)
        assert await wait_until(lambda: _has_subscribers(runtime, room.room_id))
        hub = hub_of(runtime)
        ended = False
        for n in range(4_000):  # 15 MiB of posts, far beyond any socket buffer
            await messages.send_message(runtime, room.creator.viewer, room.room_id, body, f"slow-{n}")
            subscribers = hub.rooms.get(room.room_id, set())
            assert all(sum(len(frame) for _, frame in s.queue) <= MIB for s in subscribers)
            if not subscribers:
                ended = True
                break
        assert ended, "the subscriber was never ended"
        # Live frames go straight to the socket, whose buffer is bounded too: past it the socket
        # closes 1013 (the hub's queue bound is what holds while a replay runs). Either way the
        # client is told to come back with `since`.
        outcome = await _end_of(ws)
    if outcome["type"] == "closed":
        assert outcome["code"] == 1013, outcome
        assert "since" in outcome["reason"]
    else:
        assert (outcome["type"], outcome["id"]) == ("error", "slow")
        assert outcome["payload"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert "since" in outcome["payload"][0]["message"]


async def _end_of(ws: ClientConnection) -> dict[str, Any]:
    """The first message that is not `next`, or the close the socket ended with."""
    try:
        while True:
            message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if message["type"] != "next":
                return message
    except ConnectionClosed as closed:
        code, reason = (closed.rcvd.code, closed.rcvd.reason) if closed.rcvd else (None, "")
        return {"type": "closed", "code": code, "reason": reason}


async def _has_subscribers(runtime: Runtime, room_id: str) -> bool:
    hub = runtime.caches.get("chat-hub")
    return isinstance(hub, hub_module.RoomHub) and any(s.live for s in hub.rooms.get(room_id, ()))


@pytest.fixture(autouse=True)
async def _own_hub(runtime: Runtime) -> None:
    await fresh_hub(runtime)


async def test_a_swallowed_cancel_still_ends_the_task() -> None:
    """Issue 11 #24: Python 3.11's wait_for (inside redis-py) can return normally although the
    task was cancelled; the hub's loops and every subscription step honour it all the same."""
    started = asyncio.Event()

    async def swallowing() -> None:
        started.set()
        with contextlib.suppress(asyncio.CancelledError):  # what wait_for does when the write just completed
            await asyncio.sleep(60)
        hub_module.checkpoint()
        raise AssertionError("carried on after a cancel")

    task = asyncio.create_task(swallowing())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_stopping_a_task_that_swallows_every_cancel_but_one() -> None:
    swallowed = 0

    async def stubborn() -> None:
        nonlocal swallowed
        while True:
            try:
                await asyncio.sleep(60)
            except asyncio.CancelledError:
                swallowed += 1
                if swallowed == 3:
                    raise

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    await hub_module.stop(task)
    assert task.cancelled()
    assert swallowed == 3


async def test_the_hub_comes_back_after_redis_drops_its_connection(app: Sanic, runtime: Runtime) -> None:
    """Redis closing the hub's connection (a restart, a failover, CLIENT KILL, an output-buffer
    limit) must not end live chat for the process: watched rooms are subscribed again and catch
    up on what was posted meanwhile, and rooms subscribed afterwards work."""
    room = await classroom(runtime)
    other = await rooms.create_room(room.creator.viewer, str(room.course.id), "Later", False)
    learner = await enrolled(runtime, room, "Survivor")
    async with chat_socket(app, learner.access_token) as ws:
        await subscribe(ws, "r1", room.room_id)
        assert await wait_until(partial(hub_connections, runtime), lambda c: c == [1])
        assert await kill_own_pubsub_connections(runtime.redis) >= 1
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "after the drop", "drop-1")
        assert await posts_by_operation(ws, 1) == {"r1": [1]}
        await subscribe(ws, "r2", str(other.id))
        assert await wait_until(partial(hub_connections, runtime), lambda c: c == [2])
        await messages.send_message(runtime, room.creator.viewer, str(other.id), "in the later room", "drop-2")
        assert await posts_by_operation(ws, 1) == {"r2": [1]}
