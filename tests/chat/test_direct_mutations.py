"""Chat's mutations of the direct shape answer byte for byte what the engine answers for the same
document (`core.graphql.direct`): successes, every kind of error, aliases and `__typename`, and
documents written over several lines; documents of any other shape still go to the engine."""

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from sanic import Sanic

from edusphere.chat import messages
from edusphere.chat.events import Message
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql.context import RequestContext
from edusphere.core.graphql.engine import Admitted, GraphQLEngine
from edusphere.core.runtime import Runtime
from tests.chat.factories import Classroom, classroom
from tests.helpers import make_user

MESSAGE = "id seq roomId author { id displayName } body createdAt editedAt deleted clientId"  # the web app's
SEND = (
    "mutation Send($id: ID!, $body: String!, $clientId: String!) "
    f"{{ sendMessage(roomId: $id, body: $body, clientId: $clientId) {{ {MESSAGE} }} }}"
)
EDIT = f"mutation Edit($id: ID!, $body: String!) {{ editMessage(messageId: $id, body: $body) {{ {MESSAGE} }} }}"
DELETE = "mutation Delete($id: ID!) { deleteMessage(messageId: $id) }"
TYPING = "mutation Typing($id: ID!) { setTyping(roomId: $id) }"
BENCH_SEND = "mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) { seq } }"
ALIASED = """# a comment, then tabs
mutation Aliased($id: ID!, $body: String!, $clientId: String!) {
\tsent: sendMessage(roomId: $id, body: $body, clientId: $clientId) {
\t\t__typename
\t\tkey: id
\t\twho: author { __typename name: displayName id }
\t\tseq editedAt
\t}
}"""


def engine_of(app: Sanic) -> GraphQLEngine:
    engine: GraphQLEngine = app.ctx.engine
    return engine


def context(runtime: Runtime, who: Any) -> RequestContext:
    return RequestContext(runtime=runtime, viewer=who.viewer if who is not None else None)


async def both(
    app: Sanic, runtime: Runtime, who: Any, document: str, variables: dict[str, Any], name: str | None = None
) -> tuple[str, str]:
    """The direct answer, then the engine's, to the same request, as the socket writes them."""
    engine = engine_of(app)
    admitted = engine.admit(document, name, variables)
    assert admitted.direct is not None, "expected the direct shape"
    direct = await engine.run(admitted, context=context(runtime, who), time_limit=10)
    general = await engine.run(dataclasses.replace(admitted, direct=None), context=context(runtime, who), time_limit=10)
    return json.dumps(direct), json.dumps(general)


@pytest.mark.parametrize(("document", "name"), [(SEND, "Send"), (SEND, None), (BENCH_SEND, None), (ALIASED, None)])
async def test_a_send_answers_as_the_engine_does(app: Sanic, runtime: Runtime, document: str, name: str | None) -> None:
    """Real sends: the engine's run is a retry of the direct one (same clientId), so both read
    the same stored message."""
    room = await classroom(runtime)
    direct, general = await both(app, runtime, room.learner, document, _send_variables(document, room), name)
    assert direct == general
    assert json.loads(direct)["data"]


def _send_variables(document: str, room: Classroom) -> dict[str, Any]:
    if "$r" in document:
        return {"r": room.room_id, "b": "hello", "c": "bench-1"}
    return {"id": room.room_id, "body": " hello\nthere ", "clientId": "c-1"}


@pytest.mark.parametrize(
    ("who", "variables", "code"),
    [
        ("learner", {"body": "", "clientId": "c"}, "BAD_USER_INPUT"),
        ("learner", {"body": "x" * 4001, "clientId": "c"}, "BAD_USER_INPUT"),
        ("learner", {"body": "ok", "clientId": "has spaces"}, "BAD_USER_INPUT"),
        ("learner", {"id": "not-a-room", "body": "ok", "clientId": "c"}, "NOT_FOUND"),
        ("learner", {"id": "00000000-0000-0000-0000-000000000000", "body": "ok", "clientId": "c"}, "NOT_FOUND"),
        ("outsider", {"body": "ok", "clientId": "c"}, "FORBIDDEN"),
        ("nobody", {"body": "ok", "clientId": "c"}, "UNAUTHENTICATED"),
    ],
)
async def test_a_refused_send_answers_as_the_engine_does(
    app: Sanic, runtime: Runtime, who: str, variables: dict[str, Any], code: str
) -> None:
    room = await classroom(runtime)
    people = {"learner": room.learner, "outsider": await make_user(runtime), "nobody": None}
    for document in (SEND, ALIASED):
        direct, general = await both(app, runtime, people[who], document, {"id": room.room_id, **variables})
        assert direct == general
        assert json.loads(direct)["errors"][0]["extensions"]["code"] == code


async def test_edits_deletes_and_typing_answer_as_the_engine_does(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = await classroom(runtime)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "first", "e-1")
    edited = await messages.edit_message(runtime, room.learner.viewer, sent.id, "second")
    # An edit stamps its time: both paths are handed the same edited message.
    monkeypatch.setattr(messages, "edit_message", _answering(edited))
    direct, general = await both(app, runtime, room.learner, EDIT, {"id": sent.id, "body": "second"})
    assert direct == general
    assert json.loads(direct)["data"]["editMessage"]["editedAt"] is not None
    monkeypatch.undo()
    direct, general = await both(app, runtime, room.creator, EDIT, {"id": sent.id, "body": "not yours"})
    assert direct == general
    assert json.loads(direct)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for document, variables in ((DELETE, {"id": sent.id}), (DELETE, {"id": "nope"}), (TYPING, {"id": room.room_id}),
                                (DELETE.replace("{ deleteMessage", "{\n  deleteMessage"), {"id": "nope"})):  # fmt: skip
        direct, general = await both(app, runtime, room.learner, document, variables)
        assert direct == general
    assert json.loads(direct)["errors"][0]["locations"] == [{"line": 2, "column": 3}]


async def test_a_rate_limited_send_answers_as_the_engine_does(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = await classroom(runtime)

    async def throttled(*_: Any, **__: Any) -> Message:
        raise AppError(ErrorCode.RATE_LIMITED, "Too many chat messages; try again in 3 seconds", retryAfterSeconds=3)

    monkeypatch.setattr(messages, "send_message", throttled)
    direct, general = await both(app, runtime, room.learner, SEND, _send_variables(SEND, room))
    assert direct == general
    assert json.loads(direct)["errors"][0]["extensions"] == {"code": "RATE_LIMITED", "retryAfterSeconds": 3}


@pytest.mark.expects_errors
async def test_a_bug_in_the_service_is_internal_on_both_paths(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = await classroom(runtime)

    async def broken(*_: Any) -> Message:
        raise RuntimeError("a bug")

    monkeypatch.setattr(messages, "send_message", broken)
    direct, general = await both(app, runtime, room.learner, SEND, _send_variables(SEND, room))
    assert direct == general
    assert json.loads(direct)["errors"][0]["extensions"] == {"code": "INTERNAL"}


def _answering(message: Message) -> Callable[..., Any]:
    async def answer(*_: Any) -> Message:
        return message

    return answer


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        (SEND, {"id": 5, "body": "ok", "clientId": "c"}),  # an Int for an ID: the engine coerces it
        (SEND, {"id": "r", "body": "ok", "clientId": "c", "extra": 1}),
        (SEND, {"id": "r", "body": "ok"}),  # missing: the gate refuses it
        ('mutation { sendMessage(roomId: "r", body: "b", clientId: "c") { seq } }', {}),
        ("mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) "
         "{ ...M } } fragment M on Message { seq }", {"r": "r", "b": "b", "c": "c"}),
        ("mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) "
         "{ seq @include(if: true) } }", {"r": "r", "b": "b", "c": "c"}),
        ("mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) "
         "{ seq seq } }", {"r": "r", "b": "b", "c": "c"}),
        ("mutation($r: ID!, $b: String!, $c: String!) { __typename sendMessage(roomId: $r, body: $b, clientId: $c) "
         "{ seq } }", {"r": "r", "b": "b", "c": "c"}),
        ("mutation Read($id: ID!, $seq: Int!) { markRead(roomId: $id, seq: $seq) { id lastReadSeq } }",
         {"id": "r", "seq": 1}),
        ("mutation R($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id } }",
         {"id": "m", "reason": "spam"}),
        ("query { me { id } }", {}),
    ],
)  # fmt: skip
async def test_other_shapes_go_to_the_engine(
    app: Sanic, runtime: Runtime, document: str, variables: dict[str, Any]
) -> None:
    engine = engine_of(app)
    refused: list[ErrorCode] = []
    admitted: Admitted | None = None
    try:
        admitted = engine.admit(document, None, variables)
    except AppError as error:
        refused.append(error.code)
    assert refused == [ErrorCode.BAD_USER_INPUT] if admitted is None else admitted.direct is None
