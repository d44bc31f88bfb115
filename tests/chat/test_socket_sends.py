"""Chat's mutations over the socket (graphql-transport-ws `subscribe` carrying a mutation): the
same rate limit, idempotency and errors as over HTTP, `next` then `complete`, and hostile frames
answered clearly without changing anything."""

import asyncio
import json
from typing import Any

import pytest
from sanic import Sanic
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from edusphere.chat import live, messages
from edusphere.core import ratelimit
from edusphere.core.runtime import Runtime
from tests.chat.factories import Classroom, chat_socket, classroom, enrolled, receive
from tests.chat.test_direct_mutations import DELETE, EDIT, MESSAGE, SEND, TYPING
from tests.helpers import GraphQLClient

READ = "mutation Read($id: ID!, $seq: Int!) { markRead(roomId: $id, seq: $seq) { id lastReadSeq unreadCount } }"
REPORT = (
    "mutation ReportMessage($id: ID!, $reason: String!) "
    "{ reportMessage(messageId: $id, reason: $reason) { id status } }"
)


def operation(operation_id: str, query: str, variables: dict[str, Any]) -> str:
    return json.dumps({"id": operation_id, "type": "subscribe", "payload": {"query": query, "variables": variables}})


async def answer(ws: ClientConnection, operation_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The operation's `next` payload, having checked that `complete` follows it."""
    first = await receive(ws)
    assert (first["id"], first["type"]) == (operation_id, "next"), first
    assert await receive(ws) == {"id": operation_id, "type": "complete"}
    payload: dict[str, Any] = first["payload"]
    return payload, first


async def socket_send(ws: ClientConnection, operation_id: str, room: Classroom, body: str, client_id: str) -> Any:
    await ws.send(operation(operation_id, SEND, {"id": room.room_id, "body": body, "clientId": client_id}))
    payload, _ = await answer(ws, operation_id)
    return payload


async def head(runtime: Runtime, room: Classroom) -> int | None:
    seq, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    return seq


async def closed_with(ws: ClientConnection) -> int | None:
    async def drain() -> None:
        while True:
            await asyncio.wait_for(ws.recv(), 10)

    with pytest.raises(ConnectionClosed):
        await drain()
    return ws.close_code


async def test_a_send_before_the_ack_closes_4401_and_posts_nothing(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    url = app.ctx.base_url.replace("http://", "ws://") + "/ws"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(operation("early", SEND, {"id": room.room_id, "body": "too soon", "clientId": "early-1"}))
        assert await closed_with(ws) == 4401
    assert await head(runtime, room) is None


async def test_every_chat_mutation_is_answered_next_then_complete(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    reporter = await enrolled(runtime, room, "Reporter")
    async with chat_socket(app, room.learner.access_token) as ws:
        sent = (await socket_send(ws, "s", room, "hello", "c-1"))["data"]["sendMessage"]
        assert (sent["body"], sent["seq"], sent["author"]["displayName"]) == ("hello", 1, "Learner")
        await ws.send(operation("e", EDIT, {"id": sent["id"], "body": "hello again"}))
        edited = (await answer(ws, "e"))[0]["data"]["editMessage"]
        assert (edited["body"], edited["editedAt"] is not None) == ("hello again", True)
        await ws.send(operation("t", TYPING, {"id": room.room_id}))
        assert (await answer(ws, "t"))[0] == {"data": {"setTyping": True}}
        await ws.send(operation("r", READ, {"id": room.room_id, "seq": 2}))
        assert (await answer(ws, "r"))[0]["data"]["markRead"] == {
            "id": room.room_id,
            "lastReadSeq": 2,
            "unreadCount": 0,
        }
    async with chat_socket(app, reporter.access_token) as ws:
        await ws.send(operation("p", REPORT, {"id": sent["id"], "reason": "not nice"}))
        assert (await answer(ws, "p"))[0]["data"]["reportMessage"]["status"] == "OPEN"
    async with chat_socket(app, room.learner.access_token) as ws:
        await ws.send(operation("d", DELETE, {"id": sent["id"]}))
        assert (await answer(ws, "d"))[0] == {"data": {"deleteMessage": True}}
    state = await messages.current_state(runtime, room.room.id, sent["id"])
    assert state is not None
    assert state.deleted


@pytest.mark.parametrize(("body", "client_id"), [("", "c"), ("   ", "c"), ("x" * 4001, "c"), ("ok", "has space"),
                                                  ("bell \x07", "c")])  # fmt: skip
async def test_an_invalid_send_is_bad_user_input_in_next_and_posts_nothing(
    app: Sanic, runtime: Runtime, body: str, client_id: str
) -> None:
    room = await classroom(runtime)
    async with chat_socket(app, room.learner.access_token) as ws:
        payload = await socket_send(ws, "bad", room, body, client_id)
    assert payload["data"] is None
    assert [e["extensions"]["code"] for e in payload["errors"]] == ["BAD_USER_INPUT"]
    assert await head(runtime, room) is None


async def test_a_retried_client_id_returns_the_first_message_on_either_path(
    app: Sanic, runtime: Runtime, gql: GraphQLClient
) -> None:
    room = await classroom(runtime)
    token = room.learner.access_token
    over_http = await gql(SEND, {"id": room.room_id, "body": "first, by HTTP", "clientId": "h-1"}, token=token)
    async with chat_socket(app, token) as ws:
        retried = await socket_send(ws, "a", room, "again, by socket", "h-1")
        first = await socket_send(ws, "b", room, "first, by socket", "s-1")
        assert retried == over_http.body  # the same answer, byte for byte once parsed
        again = await socket_send(ws, "c", room, "and again", "s-1")
        assert again == first
    by_http = await gql(SEND, {"id": room.room_id, "body": "again, by HTTP", "clientId": "s-1"}, token=token)
    assert by_http.body == first
    assert await head(runtime, room) == 2  # two messages, whatever the retries


async def test_a_flood_over_the_socket_is_limited_exactly_as_over_http(
    app: Sanic, runtime: Runtime, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bucket per user (messages.chat_bucket), whichever way a send comes: a burst of 5
    and then RATE_LIMITED with the same retryAfterSeconds, the refused posts not stored."""
    burst = 5

    def strict(rt: Runtime, viewer: Any) -> ratelimit.Bucket:
        return ratelimit.Bucket(messages.chat_keys.send_bucket(rt.keys, viewer.id), burst, 0.001)

    monkeypatch.setattr(messages, "chat_bucket", strict)
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Other")
    async with chat_socket(app, room.learner.access_token) as ws:
        for n in range(burst + 3):  # pipelined: every operation in flight at once
            await ws.send(operation(f"f{n}", SEND, {"id": room.room_id, "body": f"flood {n}", "clientId": f"f-{n}"}))
        answers: dict[str, dict[str, Any]] = {}
        while len(answers) < burst + 3:
            message = await receive(ws)
            if message["type"] == "next":
                answers[message["id"]] = message["payload"]
            else:
                assert message["type"] == "complete"
    by_socket = [p["errors"][0] for p in answers.values() if p.get("errors")]
    assert len(by_socket) == 3
    assert {e["extensions"]["code"] for e in by_socket} == {"RATE_LIMITED"}
    by_http = []
    for n in range(burst + 3):
        sent = await gql(
            SEND, {"id": room.room_id, "body": f"http {n}", "clientId": f"h-{n}"}, token=other.access_token
        )
        if sent.errors:
            by_http.append(sent.errors[0])
    assert len(by_http) == 3
    assert by_socket[0] == by_http[0]  # message, extensions (retryAfterSeconds), path, locations
    assert by_socket[0]["extensions"]["retryAfterSeconds"] >= 1
    assert await head(runtime, room) == 2 * burst
    recent = await live.recent_events(runtime.redis, messages.room_keys(runtime, room.room_id), 0)
    assert len(recent) == 2 * burst


async def test_a_send_from_an_anonymous_socket_is_unauthenticated(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    url = app.ctx.base_url.replace("http://", "ws://") + "/ws"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        payload = await socket_send(ws, "anon", room, "who am I", "a-1")
    assert payload["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await head(runtime, room) is None


@pytest.mark.parametrize(
    "payload",
    [
        {"query": SEND, "variables": {"id": "ROOM", "body": 5, "clientId": "c"}},
        {"query": SEND, "variables": {"id": "ROOM", "body": ["a"], "clientId": "c"}},
        {"query": SEND, "variables": {"id": "ROOM", "body": "ok"}},
        {"query": SEND, "variables": [1, 2]},
        {"query": SEND, "variables": "ROOM"},
        {"query": 5},
        "not an object",
        {"query": SEND, "variables": {"id": "ROOM", "body": "nul \u0000", "clientId": "c"}},
        {"query": SEND, "variables": {"id": "ROOM", "body": "lone \udc00", "clientId": "c"}},
        {"query": SEND.replace(MESSAGE, "nope"), "variables": {"id": "ROOM", "body": "ok", "clientId": "c"}},
    ],
)
async def test_hostile_payloads_are_refused_with_bad_user_input_and_post_nothing(
    app: Sanic, runtime: Runtime, payload: Any
) -> None:
    room = await classroom(runtime)
    text = json.dumps({"id": "h", "type": "subscribe", "payload": payload}).replace("ROOM", room.room_id)
    async with chat_socket(app, room.learner.access_token) as ws:
        await ws.send(text)
        refused = await receive(ws)
        assert refused["id"] == "h"
        # The door's refusals (before a document is read) end the operation with `error`; the
        # gate's (the document or its variables against the schema) answer as the engine does.
        if refused["type"] == "next":
            assert refused["payload"]["data"] is None
            errors = refused["payload"]["errors"]
            assert await receive(ws) == {"id": "h", "type": "complete"}
        else:
            assert refused["type"] == "error", refused
            errors = refused["payload"]
        assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"]
        await ws.send(json.dumps({"type": "ping"}))
        assert await receive(ws) == {"type": "pong"}  # the socket stays open
    assert await head(runtime, room) is None


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ('{"id": 5, "type": "subscribe", "payload": {"query": "mutation { setTyping(roomId: \\"r\\") }"}}', 4400),
        ('{"id": ["a"], "type": "subscribe", "payload": {}}', 4400),
        ('{"id": "' + "x" * 129 + '", "type": "subscribe", "payload": {}}', 4400),
        ('{"id": "\\u0000", "type": "subscribe", "payload": {}}', 4400),
        ('{"id": "a", "type": "subscribe", "payload": {"query": "' + " " * 70_000 + '"}}', 1009),
    ],
)
async def test_hostile_frames_close_the_socket_and_post_nothing(
    app: Sanic, runtime: Runtime, frame: str, code: int
) -> None:
    room = await classroom(runtime)
    async with chat_socket(app, room.learner.access_token) as ws:
        await ws.send(frame)
        assert await closed_with(ws) == code
    assert await head(runtime, room) is None


async def test_a_thousand_sends_at_once_on_one_socket_each_get_one_clear_answer(app: Sanic, runtime: Runtime) -> None:
    """Past the per-socket cap an operation is refused (BAD_USER_INPUT, limit `operations`) and
    posts nothing; every other one posts once. No INTERNAL, no close."""
    room = await classroom(runtime)
    count = 1000
    async with chat_socket(app, room.learner.access_token) as ws:
        for n in range(count):
            await ws.send(operation(f"k{n}", SEND, {"id": room.room_id, "body": f"many {n}", "clientId": f"k-{n}"}))
        posted, refused, completed = set(), set(), set()
        while len(refused) + len(completed) < count:
            message = await receive(ws, within=30)
            if message["type"] == "next":
                assert "errors" not in message["payload"], message
                posted.add(message["id"])
            elif message["type"] == "complete":
                assert message["id"] in posted
                completed.add(message["id"])
            else:
                assert message["type"] == "error", message
                assert [(e["extensions"]["code"], e["extensions"]["limit"]) for e in message["payload"]] == [
                    ("BAD_USER_INPUT", "operations")
                ]
                refused.add(message["id"])
        await ws.send(json.dumps({"type": "ping"}))
        assert await receive(ws) == {"type": "pong"}
    assert not posted & refused
    assert len(posted) == len(completed) >= 100  # at least the cap's worth ran
    assert await head(runtime, room) == len(posted)
