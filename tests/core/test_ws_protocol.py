"""graphql-transport-ws against hostile clients: every frame gets its protocol's answer (a close
code that tells the truth, or an `error` message with a client error code), never a traceback."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from sanic import Sanic
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from edusphere.chat import messages
from edusphere.core.graphql import ws as server
from edusphere.core.runtime import Runtime
from tests.chat import factories
from tests.core.test_graphql_ws import acked, closed_with, receive, send, socket
from tests.helpers import make_user

ROOM_EVENTS = "subscription Watch($room: ID!, $since: Int) { roomEvents(roomId: $room, since: $since) { seq type } }"


async def send_raw_text(ws: ClientConnection, data: bytes) -> None:
    """A text frame of exactly these bytes, valid UTF-8 or not (the library would refuse to
    encode a str that is not)."""
    ws.protocol.send_text(data)
    ws.send_data()


async def pong_after_pings(ws: ClientConnection, count: int) -> None:
    """Ping and wait for the pong; running operations' `next` and `complete` messages may come
    before it, anything else fails."""
    for _ in range(count):
        await send(ws, {"type": "ping"})
        while (message := await receive(ws)) != {"type": "pong"}:
            assert message["type"] in ("next", "complete"), message


def subscribe(operation_id: str, query: str, **variables: Any) -> dict[str, Any]:
    return {"id": operation_id, "type": "subscribe", "payload": {"query": query, "variables": variables}}


def error_code(message: dict[str, Any]) -> str:
    assert message["type"] == "error", message
    code: str = message["payload"][0]["extensions"]["code"]
    return code


async def test_pings_before_connection_init_do_not_hold_off_the_init_timeout(app: Sanic, runtime: Runtime) -> None:
    """The protocol allows pings before init; the deadline still counts from the socket's start."""
    timeout = runtime.settings.ws_init_timeout_seconds
    loop = asyncio.get_running_loop()
    async with socket(app) as ws:
        deadline = loop.time() + timeout * 3
        with pytest.raises(ConnectionClosed):  # noqa: PT012 - the close ends the ping loop
            while loop.time() < deadline:
                await pong_after_pings(ws, 1)
                await asyncio.sleep(timeout / 10)
        assert await closed_with(ws) == (4408, "Connection initialisation timeout")


async def test_a_lone_surrogate_in_a_query_is_bad_user_input(app: Sanic) -> None:
    async with socket(app) as ws:
        await acked(ws)
        for n, query in enumerate(['{ course(slug: "\ud800") { id } }', "{ __typename } # \udfff", "\ud800"]):
            await send(ws, {"id": str(n), "type": "subscribe", "payload": {"query": query}})
            assert error_code(await receive(ws)) == "BAD_USER_INPUT"
        await send(ws, subscribe("v", "query($s: String!) { course(slug: $s) { id } }", s="\udc00x"))
        assert error_code(await receive(ws)) == "BAD_USER_INPUT"
        await pong_after_pings(ws, 1)  # still open


@pytest.mark.parametrize(
    "query",
    [
        "subscription { __typename }",
        'subscription { ... on Subscription { roomEvents(roomId: "x") { seq } } }',
        'subscription { ...Watch } fragment Watch on Subscription { roomEvents(roomId: "x") { seq } }',
    ],
)
async def test_a_subscription_root_that_no_stream_serves_is_bad_user_input(app: Sanic, query: str) -> None:
    async with socket(app) as ws:
        await acked(ws)
        await send(ws, {"id": "s", "type": "subscribe", "payload": {"query": query}})
        assert error_code(await receive(ws)) == "BAD_USER_INPUT"


@pytest.mark.parametrize("token", ["\ud800", "Bearer \udfff.x.y"])
async def test_a_lone_surrogate_as_the_init_token_closes_4400(app: Sanic, token: str) -> None:
    async with socket(app) as ws:
        await send(ws, {"type": "connection_init", "payload": {"accessToken": token}})
        assert (await closed_with(ws))[0] == 4400


async def test_a_non_string_token_is_forbidden(app: Sanic) -> None:
    async with socket(app) as ws:
        await send(ws, {"type": "connection_init", "payload": {"accessToken": ["not", "a", "token"]}})
        assert (await closed_with(ws))[0] == 4403


@pytest.mark.parametrize("depth", [100, 5_000])
async def test_json_nested_thousands_deep_closes_4400(app: Sanic, depth: int) -> None:
    async with socket(app) as ws:
        await acked(ws)
        await ws.send('{"type": "subscribe", "id": "deep", "payload": ' + "[" * depth + "]" * depth + "}")
        code, reason = await closed_with(ws)
        assert code == 4400
        assert "nested deeper" in str(reason)


@pytest.mark.parametrize("since", ["1", [1], {"seq": 1}, 0.5, True, -0.5])
async def test_wrongly_typed_variables_over_the_socket_are_bad_user_input(
    app: Sanic, runtime: Runtime, since: object
) -> None:
    room = await factories.classroom(runtime)
    await messages.send_message(runtime, room.creator.viewer, room.room_id, "one post", "c1")  # head is 1
    async with socket(app) as ws:
        await acked(ws, room.learner.access_token)
        await send(ws, subscribe("typed", ROOM_EVENTS, room=room.room_id, since=since))
        answer = await receive(ws)
        assert error_code(answer) == "BAD_USER_INPUT", answer
        await pong_after_pings(ws, 1)


async def test_a_bad_init_followed_by_a_good_one_closes_4403(app: Sanic, runtime: Runtime) -> None:
    """What the client sends after the server's close is read and dropped: closing a TCP
    connection with unread data resets it, and the client may then see 1006."""
    auth = await make_user(runtime)
    async with socket(app) as ws:
        await send(ws, {"type": "connection_init", "payload": {"accessToken": "not.a.token"}})
        await send(ws, {"type": "connection_init", "payload": {"accessToken": auth.access_token}})
        for n in range(50):
            await send(ws, {"id": str(n), "type": "subscribe", "payload": {"query": "{ me { id } }"}})
        assert (await closed_with(ws))[0] == 4403


async def test_operations_are_capped_exactly_per_socket(app: Sanic, runtime: Runtime) -> None:
    """3,000 roomEvents on one socket: exactly MAX_OPERATIONS_PER_SOCKET run, every other one
    gets a clear error, and completing one makes room for exactly one more."""
    room = await factories.classroom(runtime)
    cap = server.MAX_OPERATIONS_PER_SOCKET
    async with socket(app) as ws:
        await acked(ws, room.learner.access_token)
        for n in range(3_000):
            await send(ws, subscribe(f"op{n}", ROOM_EVENTS, room=room.room_id))
        refused = await refusals(ws, 3_000 - cap)
        assert refused == {f"op{n}" for n in range(cap, 3_000)}
        await send(ws, {"id": "op0", "type": "complete"})
        await send(ws, subscribe("again", ROOM_EVENTS, room=room.room_id))
        await send(ws, subscribe("one-too-many", ROOM_EVENTS, room=room.room_id))
        assert await refusals(ws, 1) == {"one-too-many"}


async def test_operations_are_capped_per_user_across_sockets(app: Sanic, runtime: Runtime) -> None:
    room = await factories.classroom(runtime)
    per_socket, per_user = server.MAX_OPERATIONS_PER_SOCKET, server.MAX_OPERATIONS_PER_USER
    sockets = per_user // per_socket + 1
    async with OpenSockets(app, sockets) as connections:
        for ws in connections:
            await acked(ws, room.learner.access_token)
        for k, ws in enumerate(connections[:-1]):
            for n in range(per_socket):
                await send(ws, subscribe(f"s{k}-{n}", ROOM_EVENTS, room=room.room_id))
            await pong_after_pings(ws, 1)
        last = connections[-1]
        await send(last, subscribe("over", ROOM_EVENTS, room=room.room_id))
        message = await receive(last)
        assert error_code(message) == "BAD_USER_INPUT"
        assert str(per_user) in message["payload"][0]["message"]
        await connections[0].close()
        await send(last, subscribe("fits-now", ROOM_EVENTS, room=room.room_id))
        await pong_after_pings(last, 1)  # no error came before the pong


async def refusals(ws: ClientConnection, count: int) -> set[str]:
    """The ids of the next `count` error messages, each the cap's clear error (a `next` of a
    running subscription may come in between; nothing else may)."""
    refused: set[str] = set()
    while len(refused) < count:
        message = await receive(ws)
        if message["type"] == "next":
            continue
        assert error_code(message) == "BAD_USER_INPUT", message
        assert "operations" in message["payload"][0]["message"]
        refused.add(message["id"])
    await pong_after_pings(ws, 1)
    return refused


class OpenSockets:
    """`count` sockets open at once."""

    def __init__(self, app: Sanic, count: int) -> None:
        self.managers = [socket(app) for _ in range(count)]

    async def __aenter__(self) -> list[ClientConnection]:
        return [await manager.__aenter__() for manager in self.managers]

    async def __aexit__(self, *exc: object) -> None:
        for manager in self.managers:
            await manager.__aexit__(None, None, None)


async def test_a_long_close_reason_keeps_its_code(app: Sanic) -> None:
    """Reasons are cut to the 123 bytes a close frame holds, never through a character."""
    async with socket(app) as ws:
        await acked(ws)
        await send(ws, {"type": "x" * 300})
        code, reason = await closed_with(ws)
        assert code == 4400
        assert str(reason).startswith("Unknown message type")
        assert len(str(reason).encode()) <= 123
    async with socket(app) as ws:
        await acked(ws)
        same = "é" * 60  # 120 bytes: the reason that echoes it runs over
        slow = {"id": same, "type": "subscribe", "payload": {"query": "{ categories { id } }"}}
        await send(ws, slow)
        await send(ws, slow)
        code, reason = await closed_with(ws)
        assert code == 4409
        assert str(reason).startswith("Subscriber for éé")
        assert len(str(reason).encode()) <= 123


async def test_invalid_utf8_in_a_text_frame_closes_1007(app: Sanic) -> None:
    async with socket(app) as ws:
        await acked(ws)
        await send_raw_text(ws, b'{"type": "ping", "x": "\xff\xfe"}')
        assert (await closed_with(ws))[0] == 1007


async def test_operation_ids_are_bounded(app: Sanic) -> None:
    async with socket(app) as ws:
        await acked(ws)
        longest = "i" * server.MAX_OPERATION_ID_LENGTH
        await send(ws, {"id": longest, "type": "subscribe", "payload": {"query": "{ __typename }"}})
        assert (await receive(ws))["id"] == longest
        await send(ws, {"id": longest + "i", "type": "subscribe", "payload": {"query": "{ __typename }"}})
        assert (await closed_with(ws))[0] == 4400


async def test_a_frame_that_is_not_an_object_with_a_type_closes_4400(app: Sanic) -> None:
    for frame in ['"ping"', "null", '{"type": ["ping"]}', '{"type": "complete", "id": 5}']:
        async with socket(app) as ws:
            await acked(ws)
            await ws.send(frame)
            assert (await closed_with(ws))[0] == 4400, frame


def test_close_reasons_are_cut_on_character_boundaries() -> None:
    assert server.fit_reason("ok") == "ok"
    for reason in ["a" * 200, "é" * 100, "a" + "€" * 60, "\ud800" * 10 + "x" * 200]:
        cut = server.fit_reason(reason)
        assert len(cut.encode()) <= 123
        assert reason.startswith(cut) or "\ud800" in reason
    assert json.dumps(server.fit_reason("\ud800"))  # encodable, whatever it became


async def test_a_client_that_floods_faster_than_it_is_served_is_paused_not_buffered(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages waiting to be handled are bounded (count and bytes): past the bound the socket
    stops reading (TCP holds the rest), and every message is still handled, in order."""
    auth = await make_user(runtime)
    real_authenticate = app.ctx.authenticate
    paused: list[int] = []
    real_pause = server.Connection._pause_reading

    async def slow(rt: Runtime, token: str) -> Any:
        await asyncio.sleep(0.5)  # the messages behind the init wait meanwhile
        return await real_authenticate(rt, token)

    def pause(self: server.Connection) -> None:
        paused.append(self._inbox_bytes)
        real_pause(self)

    monkeypatch.setattr(app.ctx, "authenticate", slow)
    monkeypatch.setattr(server.Connection, "_pause_reading", pause)
    padding = " " * 60_000
    async with socket(app, max_size=None) as ws:
        await send(ws, {"type": "connection_init", "payload": {"accessToken": auth.access_token}})
        for n in range(40):
            await send(ws, {"type": "ping", "payload": {"n": n, "pad": padding}})
        assert await receive(ws) == {"type": "connection_ack"}
        assert [await receive(ws) for _ in range(40)] == [{"type": "pong"}] * 40
    assert paused
    assert max(paused) < server.MAX_INBOX_BYTES + 70_000  # one message past the bound at most
