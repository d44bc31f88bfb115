"""A published course with a creator, an enrolled learner and its general room; chat sockets."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sanic import Sanic
from websockets.asyncio.client import ClientConnection, connect

from edusphere.auth.sessions import AuthResult
from edusphere.chat import events, rooms
from edusphere.chat import keys as chat_keys
from edusphere.chat.hub import RoomHub
from edusphere.chat.models import Room
from edusphere.chat.writebehind import WriteBehind, write_batch
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Course
from tests.courses import factories as course_factories
from tests.helpers import make_user

T = TypeVar("T")


@dataclass
class Classroom:
    course: Course
    creator: AuthResult
    learner: AuthResult
    room: Room

    @property
    def room_id(self) -> str:
        return str(self.room.id)


async def classroom(runtime: Runtime, learners: int = 1) -> Classroom:
    creator = await course_factories.creator(runtime)
    course = await course_factories.course(creator)
    learner = await make_user(runtime, name="Learner")
    await enrollment.enroll(learner.viewer, str(course.id))
    room = (await rooms.rooms_of_course(creator.viewer, str(course.id)))[0]
    return Classroom(course, creator, learner, room)


async def forget_rooms(runtime: Runtime) -> None:
    """What a Redis restart without persistence, or a flush, does to chat."""
    await runtime.redis.delete(*[k async for k in runtime.redis.scan_iter(match=runtime.keys("room", "*"))])


async def drain_stream(runtime: Runtime) -> None:
    """Write everything the stream holds into PostgreSQL, as the write-behind would."""
    raw = await runtime.redis.xrange(chat_keys.stream(runtime.keys))
    await write_batch([events.decode_stream(fields["event"]) for _, fields in raw])


async def store_and_index(runtime: Runtime) -> None:
    """The write-behind's work (`drain_stream`), then the search indexer's: every batch queued,
    run here rather than waited for."""
    from edusphere.chat.searchindex import index_all

    await drain_stream(runtime)
    await index_all()


async def run_writer_until(writer: WriteBehind, done: Callable[[], Awaitable[bool]], within: float = 6.0) -> None:
    """Run a write-behind consumer until `done()` holds (or `within` seconds pass), then stop it."""
    await writer.start()
    try:
        deadline = asyncio.get_running_loop().time() + within
        while not await done() and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110 - polls the database
            await asyncio.sleep(0.02)
    finally:
        await writer.stop()


async def enrolled(runtime: Runtime, room: Classroom, name: str = "Another") -> AuthResult:
    learner = await make_user(runtime, name=name)
    await enrollment.enroll(learner.viewer, str(room.course.id))
    return learner


EVENTS = """subscription($room: ID!, $since: Int, $epoch: String) {
  roomEvents(roomId: $room, since: $since, epoch: $epoch) {
    type seq epoch recovered user { id displayName }
    message { id seq roomId body deleted clientId createdAt editedAt author { id displayName } } } }"""


@asynccontextmanager
async def chat_socket(app: Sanic, token: str) -> AsyncIterator[ClientConnection]:
    """A graphql-transport-ws socket, initialised and acknowledged."""
    url = app.ctx.base_url.replace("http://", "ws://") + "/ws"
    async with connect(url, subprotocols=["graphql-transport-ws"], max_size=None) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"accessToken": token}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        yield ws


async def subscribe(ws: ClientConnection, operation_id: str, room_id: str, **variables: Any) -> None:
    payload = {"query": EVENTS, "variables": {"room": room_id, **variables}}
    await ws.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": payload}))


async def receive(ws: ClientConnection, within: float = 10) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), within))
    return message


async def until_idle(ws: ClientConnection, first_within: float = 10, quiet: float = 0.5) -> list[dict[str, Any]]:
    """Every message until the socket goes quiet; the first may take `first_within`."""
    received = [await receive(ws, first_within)]
    with contextlib.suppress(TimeoutError):
        while True:
            received.append(await receive(ws, quiet))
    return received


def hub_of(runtime: Runtime) -> RoomHub:
    hub = runtime.caches["chat-hub"]
    assert isinstance(hub, RoomHub)
    return hub


async def fresh_hub(runtime: Runtime) -> None:
    """Close this process's chat hub, so the next subscription starts a new one (and its first
    subscriptions race as they do in a process that just started)."""
    hub = runtime.caches.pop("chat-hub", None)
    if isinstance(hub, RoomHub):
        await hub.aclose()


async def wait_until(
    probe: Callable[[], Awaitable[T]], accept: Callable[[T], bool] = bool, within: float = 15.0
) -> bool:
    """Poll `probe` until `accept` takes its answer or `within` seconds pass; whether it did."""
    deadline = asyncio.get_running_loop().time() + within
    while not accept(await probe()):
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def hub_connections(runtime: Runtime) -> list[int]:
    """The channel count of each Redis connection this process's chat hub holds (CLIENT LIST)."""
    clients = await runtime.redis.client_list()
    return [int(c["sub"]) for c in clients if c.get("name") == chat_keys.hub_connection(runtime.keys)]


def live_subscribers(runtime: Runtime, room_id: str) -> list[Any]:
    """This process's live subscribers of the room (replayed and joined)."""
    hub = runtime.caches.get("chat-hub")
    if not isinstance(hub, RoomHub):
        return []
    return [s for s in hub.rooms.get(room_id, ()) if s.live]


async def count_live(runtime: Runtime, room_id: str) -> int:
    return len(live_subscribers(runtime, room_id))
