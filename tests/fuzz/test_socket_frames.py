"""Hypothesis over the socket: generated hostile graphql-transport-ws frames (random JSON, wrong
types, huge and odd ids, lone surrogates, deep nesting, invalid UTF-8, unknown types, messages out
of order) against the real test server. Every socket must end with a protocol close code or
answer in protocol (`error` and `next` messages whose errors carry a client error code, never
INTERNAL); the server logs no error and stays responsive (/healthz) throughout."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sanic import Sanic
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from edusphere.core.runtime import Runtime
from tests.chat import factories
from tests.core.test_graphql_ws import socket
from tests.core.test_ws_protocol import send_raw_text

# What the server may close with: 1000 never (we never close first), 1011 never (a bug).
PROTOCOL_CLOSES = {4400, 4401, 4403, 4408, 4409, 4429, 1007, 1009, 1013}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))

surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(st.one_of(st.characters(), surrogates), max_size=20),
    st.sampled_from(["", "\x00", "\ud800", "é" * 80, "x" * 200, "Bearer ", "null", "{}"]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)
ids = st.one_of(
    st.sampled_from(["1", "a", "same", "x" * 128, "x" * 129, "é" * 70]),
    hostile_text,
    st.integers(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
ROOM_EVENTS = "subscription($room: ID!, $since: Int, $epoch: String) { roomEvents(roomId: $room, since: $since, epoch: $epoch) { seq type } }"  # noqa: E501
documents = st.one_of(
    st.sampled_from(
        [
            "{ __typename }",
            "{ me { id displayName } }",
            "{ categories { id name } }",
            ROOM_EVENTS,
            "subscription { __typename }",
            'subscription { ... on Subscription { roomEvents(roomId: "x") { seq } } }',
            '{ course(slug: "\ud800") { id } }',
            "{ __typename } # \udfff",
            "{ " * 300 + "}" * 300,
            "query($n: Int) { courses(first: $n) { edges { node { id } } } }",
            "mutation { logout(refreshToken: 5) }",
            "{ me { id }",
        ]
    ),
    hostile_text,
)
variables = st.one_of(
    st.none(),
    json_values,
    st.fixed_dictionaries(
        {"room": st.one_of(st.just("ROOM"), hostile_text), "since": json_values, "epoch": json_values},
    ),
)
payloads = st.one_of(
    st.fixed_dictionaries({"query": documents}, optional={"variables": variables, "operationName": json_values}),
    json_values,
)
messages = st.one_of(
    st.fixed_dictionaries({"type": st.just("subscribe"), "id": ids, "payload": payloads}),
    st.fixed_dictionaries({"type": st.just("complete"), "id": ids}),
    st.fixed_dictionaries({"type": st.sampled_from(["ping", "pong"])}, optional={"payload": json_values}),
    st.fixed_dictionaries(
        {"type": st.just("connection_init")},
        optional={"payload": st.one_of(json_values, st.fixed_dictionaries({"accessToken": json_values}))},
    ),
    st.fixed_dictionaries({"type": st.one_of(hostile_text, json_values)}, optional={"id": ids}),
    json_values,
)


@dataclass(frozen=True)
class Raw:
    """A frame sent as these exact bytes (maybe not UTF-8, maybe JSON nested deep)."""

    data: bytes


raw_frames = st.one_of(
    st.integers(30, 5_000).map(lambda depth: Raw(b'{"type":"pong","x":' + b"[" * depth + b"]" * depth + b"}")),
    st.binary(max_size=30).map(lambda data: Raw(b'{"type":"pong","x":"' + data + b'"}')),
    st.sampled_from([Raw(b"\xff\xfe"), Raw(b'{"type": "pong"'), Raw(b"")]),
)  # raw frames never ask for a pong (see `answers_until_pong`)
frames = st.lists(st.one_of(messages, raw_frames), min_size=1, max_size=6)
openings = st.sampled_from(["none", "anonymous", "token", "bad-token", "surrogate-token"])


@pytest.fixture(scope="module")
def fuzz_log() -> list[logging.LogRecord]:
    """Every WARNING-and-above record the server (or asyncio) logs during the property test."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    yield records
    logging.getLogger().removeHandler(handler)


@pytest.fixture(scope="module")
async def classroom(app: Sanic, runtime: Runtime) -> factories.Classroom:
    return await factories.classroom(runtime)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(opening=openings, script=frames)
async def test_hostile_frames_get_protocol_answers(
    app: Sanic, classroom: factories.Classroom, fuzz_log: list[logging.LogRecord], opening: str, script: list[Any]
) -> None:
    async with socket(app, max_size=None) as ws:
        closed = await play(ws, classroom, opening, script)
        answers = await answers_until_pong(ws, script) if not closed else []
        if ws.close_code is not None:
            assert ws.close_code in PROTOCOL_CLOSES, (ws.close_code, ws.close_reason)
        for answer in answers:
            assert_no_internal(answer)
    async with httpx.AsyncClient(base_url=app.ctx.base_url, timeout=5) as http:
        assert (await http.get("/healthz")).status_code == 200
    assert [f"{r.name}: {r.getMessage()}" for r in fuzz_log] == []


async def play(ws: ClientConnection, room: factories.Classroom, opening: str, script: list[Any]) -> bool:
    """Send the opening and the script; True when the server closed the socket meanwhile."""
    tokens = {"token": room.learner.access_token, "bad-token": "not.a.token", "surrogate-token": "\ud800"}
    try:
        if opening != "none":
            token = tokens.get(opening)
            await ws.send(json.dumps({"type": "connection_init", "payload": {"accessToken": token} if token else {}}))
        for frame in script:
            if isinstance(frame, Raw):
                await send_raw_text(ws, frame.data)
            else:
                await ws.send(json.dumps(frame).replace('"ROOM"', json.dumps(room.room_id)))
    except ConnectionClosed:
        return True
    return False


async def answers_until_pong(ws: ClientConnection, script: list[Any]) -> list[dict[str, Any]]:
    """What the server answers until the pong to a last ping (or until it closes). Every ping
    message of the script is answered or ends the socket, and messages are handled in order,
    so the last ping's pong is the script's pings' count plus one."""
    pongs = 1 + sum(1 for frame in script if isinstance(frame, dict) and frame.get("type") == "ping")
    answers: list[dict[str, Any]] = []
    with contextlib.suppress(ConnectionClosed):
        await ws.send(json.dumps({"type": "ping"}))
        while pongs:
            answers.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
            pongs -= answers[-1] == {"type": "pong"}
    return answers


def assert_no_internal(answer: dict[str, Any]) -> None:
    errors: list[Any] = []
    if answer.get("type") == "error":
        errors = answer["payload"]
    elif answer.get("type") == "next":
        errors = answer["payload"].get("errors") or []
    for error in errors:
        assert error["extensions"]["code"] != "INTERNAL", answer
