"""Chat across real server processes, on PostgreSQL and Redis servers these tests own and may stop:
scale-out, a SIGKILLed server, PostgreSQL down under traffic, a dropped socket, every room of a
course watched from two processes."""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect

from edusphere.core.embedded import EmbeddedServers
from tests.e2e.mailbox import verify_by_mail
from tests.processes import command_env, crash, free_port, serving

pytestmark = pytest.mark.e2e
SECRET = "a-shared-secret-key-for-every-test-process-0123456789"


@dataclass
class Servers:
    database_url: str
    redis_url: str
    data_dir: Path
    embedded: EmbeddedServers

    def env(self) -> dict[str, str]:
        return command_env(DATABASE_URL=self.database_url, REDIS_URL=self.redis_url, SECRET_KEY=SECRET,
                           EDUSPHERE_DATA_DIR=str(self.data_dir), CHAT_SEND_BURST="10000",
                           CHAT_SENDS_PER_SECOND="10000")  # fmt: skip


@pytest.fixture
async def servers(tmp_path: Path) -> AsyncIterator[Servers]:
    embedded = EmbeddedServers(tmp_path / "var")
    database_url, redis_url = await embedded.start(None, None)
    yield Servers(database_url, redis_url, tmp_path, embedded)
    embedded.stop()


@contextmanager
def server(servers: Servers) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    with serving(port, servers.env(), servers.data_dir) as process:
        yield f"http://127.0.0.1:{port}", process


async def gql(base: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


@dataclass
class Classroom:
    creator: str
    learner: str
    room_id: str
    course_id: str


async def classroom(base: str, servers: Servers, tag: str = "") -> Classroom:
    connection = await asyncpg.connect(urlsplit(servers.database_url)._replace(scheme="postgresql").geturl())
    await connection.execute("INSERT INTO categories (slug, name) VALUES ('testing', 'Testing') ON CONFLICT DO NOTHING")
    await connection.close()
    register = "mutation($i: RegisterInput!) { register(input: $i) { accessToken } }"
    tokens = []
    for email, role in ((f"creator{tag}@example.com", "CREATOR"), (f"learner{tag}@example.com", "LEARNER")):
        data = await gql(base, register, {"i": {"email": email, "password": "long enough pw", "displayName": role,
                                                "role": role}})  # fmt: skip
        tokens.append(data["register"]["accessToken"])
    await verify_by_mail(base, f"creator{tag}@example.com")  # publishing needs a verified address
    creator, learner = tokens
    course = (await gql(base, 'mutation { createCourse(input: {title: "Distributed", description: "x", '
                              'categorySlug: "testing"}) { id } }', token=creator))["createCourse"]["id"]  # fmt: skip
    module = (await gql(base, "mutation($c: ID!) { createModule(courseId: $c, title: \"M\") { id } }", {"c": course},
                        token=creator))["createModule"]["id"]  # fmt: skip
    await gql(base, 'mutation($m: ID!) { createLesson(moduleId: $m, input: {title: "L", body: "B"}) { id } }',
              {"m": module}, token=creator)  # fmt: skip
    await gql(base, "mutation($c: ID!) { publishCourse(id: $c) { id } }", {"c": course}, token=creator)
    await gql(base, "mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course}, token=learner)
    rooms = await gql(base, "query($c: ID!) { rooms(courseId: $c) { id } }", {"c": course}, token=learner)
    return Classroom(creator, learner, rooms["rooms"][0]["id"], course)


async def more_rooms(base: str, room: Classroom, count: int) -> list[str]:
    """The course's general room and `count - 1` more."""
    create = "mutation($c: ID!, $n: String!) { createRoom(courseId: $c, name: $n) { id } }"
    created = [await gql(base, create, {"c": room.course_id, "n": f"Room {n}"}, token=room.creator)
               for n in range(count - 1)]  # fmt: skip
    return [room.room_id, *(data["createRoom"]["id"] for data in created)]


SEND = "mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) { seq } }"
EVENTS = "subscription($r: ID!, $s: Int) { roomEvents(roomId: $r, since: $s) { type seq message { body } } }"


@asynccontextmanager
async def subscribed(base: str, token: str, room_id: str, since: int | None = None) -> AsyncIterator[ClientConnection]:
    async with connect(base.replace("http", "ws") + "/ws", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"accessToken": token}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        payload = {"query": EVENTS, "variables": {"r": room_id, "s": since}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        yield ws


async def messages_seen(ws: ClientConnection, count: int) -> list[tuple[int, str]]:
    seen = []
    while len(seen) < count:
        event = json.loads(await asyncio.wait_for(ws.recv(), 10))["payload"]["data"]["roomEvents"]
        if event["type"] == "MESSAGE_POSTED":
            seen.append((event["seq"], event["message"]["body"]))
    return seen


async def durable_messages(servers: Servers) -> list[int]:
    connection = await asyncpg.connect(urlsplit(servers.database_url)._replace(scheme="postgresql").geturl())
    try:
        return [row["seq"] for row in await connection.fetch("SELECT seq FROM chat_messages ORDER BY seq")]
    finally:
        await connection.close()


async def wait_for_durable(servers: Servers, count: int) -> list[int]:
    for _ in range(300):
        seqs = await durable_messages(servers)
        if len(seqs) >= count:
            return seqs
        await asyncio.sleep(0.1)
    return await durable_messages(servers)


async def test_two_processes_act_as_one(servers: Servers) -> None:
    with server(servers) as (a, _), server(servers) as (b, _):
        room = await classroom(a, servers)
        async with subscribed(b, room.learner, room.room_id) as ws:
            await asyncio.sleep(0.3)
            for n in range(20):
                await gql(a, SEND, {"r": room.room_id, "b": f"from A {n}", "c": f"a{n}"}, token=room.creator)
            seen = await messages_seen(ws, 20)
        assert seen == [(n + 1, f"from A {n}") for n in range(20)]
        assert await wait_for_durable(servers, 20) == list(range(1, 21))


async def test_a_killed_server_loses_no_acknowledged_message(servers: Servers) -> None:
    with server(servers) as (base, process):
        room = await classroom(base, servers)
        for n in range(200):
            await gql(base, SEND, {"r": room.room_id, "b": f"m{n}", "c": f"k{n}"}, token=room.creator)
        crash(process)  # main process and workers, mid-stream
    with server(servers) as (base, _):
        assert await wait_for_durable(servers, 200) == list(range(1, 201))  # each exactly once


async def test_chat_goes_on_while_postgres_is_down(servers: Servers) -> None:
    with server(servers) as (base, _):
        room = await classroom(base, servers)
        async with subscribed(base, room.learner, room.room_id) as ws:
            await gql(base, SEND, {"r": room.room_id, "b": "before", "c": "p0"}, token=room.creator)
            assert await messages_seen(ws, 1) == [(1, "before")]
            servers.embedded.postgres.stop()  # type: ignore[union-attr]
            try:
                for n in range(1, 11):
                    await gql(base, SEND, {"r": room.room_id, "b": f"during {n}", "c": f"p{n}"}, token=room.creator)
                assert await messages_seen(ws, 10) == [(n + 1, f"during {n}") for n in range(1, 11)]
            finally:
                servers.database_url = servers.embedded.postgres.start()  # type: ignore[union-attr]
        assert await wait_for_durable(servers, 11) == list(range(1, 12))


async def test_a_dropped_socket_resumes_with_exactly_the_missed_messages(servers: Servers) -> None:
    with server(servers) as (base, _):
        room = await classroom(base, servers)
        async with subscribed(base, room.learner, room.room_id) as ws:
            await gql(base, SEND, {"r": room.room_id, "b": "seen", "c": "d0"}, token=room.creator)
            last_seen = (await messages_seen(ws, 1))[0][0]
        for n in range(1, 6):  # the learner is offline
            await gql(base, SEND, {"r": room.room_id, "b": f"missed {n}", "c": f"d{n}"}, token=room.creator)
        async with subscribed(base, room.learner, room.room_id, since=last_seen) as ws:
            await gql(base, SEND, {"r": room.room_id, "b": "live again", "c": "d6"}, token=room.creator)
            seen = await messages_seen(ws, 6)
        assert seen == [(n + 1, f"missed {n}") for n in range(1, 6)] + [(7, "live again")]


async def presence_members(servers: Servers, room_ids: list[str]) -> int:
    """Connections in the rooms' presence: each joins once its subscription is live."""
    redis = Redis.from_url(servers.redis_url, decode_responses=True)
    try:
        return sum([await redis.zcard(f"edusphere:room:{room_id}:presence") for room_id in room_ids])
    finally:
        await redis.aclose()


async def subscribe_room(ws: ClientConnection, operation_id: str, room_id: str) -> None:
    payload = {"query": EVENTS, "variables": {"r": room_id}}
    await ws.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": payload}))


async def all_live(servers: Servers, room_ids: list[str], subscriptions: int) -> bool:
    """Wait (up to 15 s) until `subscriptions` have joined the rooms' presence."""
    for _ in range(300):
        if await presence_members(servers, room_ids) == subscriptions:
            return True
        await asyncio.sleep(0.05)
    return False


async def posts_per_room(ws: ClientConnection, count: int) -> dict[str, list[int]]:
    """The seqs of MESSAGE_POSTED per operation (one operation per room), until `count` came."""
    seen: dict[str, list[int]] = {}
    received = 0
    while received < count:
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert message["type"] == "next", message
        event = message["payload"]["data"]["roomEvents"]
        if event["type"] == "MESSAGE_POSTED":
            seen.setdefault(message["id"], []).append(event["seq"])
            received += 1
    return seen


async def test_every_room_of_a_course_watched_from_two_processes_delivers_everything(servers: Servers) -> None:
    """Issue 11 #14: eight rooms subscribed at once on each of two fresh processes; several rooms
    delivered nothing to one socket (redis-py's lazily opened pub/sub connection, raced)."""
    rooms_per_course, posts = 8, 5
    for attempt in range(3):  # fresh processes each time: the race is in a process's first subscriptions
        with server(servers) as (a, _), server(servers) as (b, _):
            room = await classroom(a, servers, tag=str(attempt))
            room_ids = await more_rooms(a, room, rooms_per_course)
            async with AsyncExitStack() as stack:
                sockets = [await stack.enter_async_context(socket_on(base, room.learner)) for base in (a, b)]
                for ws in sockets:
                    await asyncio.gather(*(subscribe_room(ws, f"room-{n}", r) for n, r in enumerate(room_ids)))
                assert await all_live(servers, room_ids, 2 * rooms_per_course)
                for p in range(posts):
                    for n, room_id in enumerate(room_ids):
                        base = (a, b)[(p + n) % 2]  # alternating between the processes
                        await gql(base, SEND, {"r": room_id, "b": f"post {p}", "c": f"{p}-{n}"}, token=room.creator)
                for ws in sockets:
                    seen = await posts_per_room(ws, rooms_per_course * posts)
                    assert sorted(seen) == sorted(f"room-{n}" for n in range(rooms_per_course))
                    assert all(seqs == list(range(1, posts + 1)) for seqs in seen.values()), seen


@asynccontextmanager
async def socket_on(base: str, token: str) -> AsyncIterator[ClientConnection]:
    async with connect(base.replace("http", "ws") + "/ws", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"accessToken": token}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        yield ws
