"""A message has one shape, wherever it is read from (issue 16, point 2).

Property: after any sequence of posts, edits and deletes, each message read back from Redis
(its state), from replay after `since`, and from PostgreSQL once Redis lost it are equal field
by field, and the GraphQL `Message` a client is sent is the same before and after Redis lost it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edusphere.chat import live, messages
from edusphere.chat.events import Message, MessageDeleted, MessageEdited, MessagePosted
from edusphere.chat.subscriptions import events_after
from edusphere.core.errors import AppError
from edusphere.core.runtime import Runtime
from tests.chat.factories import classroom, drain_stream, forget_rooms
from tests.helpers import GraphQLClient

HISTORY = """query($r: ID!) { messages(roomId: $r, last: 100) {
  messages { id seq roomId author { id displayName } body createdAt editedAt deleted clientId } } }"""


def _acceptable(text: str) -> bool:
    try:
        messages.check_body(text)
    except AppError:
        return False
    return True


bodies = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(_acceptable)
changes = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["edit", "delete"]), bodies), max_size=6)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(posts=st.lists(bodies, min_size=1, max_size=4), ops=changes)
async def test_redis_replay_and_postgres_agree_on_every_field(
    runtime: Runtime, gql: GraphQLClient, posts: list[str], ops: list[tuple[int, str, str]]
) -> None:
    room = await classroom(runtime)
    author = room.learner
    sent = [
        await messages.send_message(runtime, author.viewer, room.room_id, body, f"p-{n}")
        for n, body in enumerate(posts)
    ]
    for index, kind, body in ops:
        target = sent[index % len(sent)]
        try:
            if kind == "edit":
                await messages.edit_message(runtime, author.viewer, target.id, body)
            else:
                await messages.delete_message(runtime, author.viewer, target.id)
        except AppError:
            pass  # editing a deleted message is refused: the states must still agree
    keys = messages.room_keys(runtime, room.room_id)

    from_redis = {m.id: await live.current_state(runtime.redis, keys, m.id) for m in sent}
    head, epoch = await live.room_head(runtime.redis, keys)
    replayed, _, complete = await events_after(runtime, keys, 0, head, epoch)
    assert complete
    from_replay: dict[str, Message] = {}
    for event in replayed:
        assert isinstance(event, MessagePosted | MessageEdited | MessageDeleted)
        from_replay[event.message.id] = event.message  # the last event carries the state now
    seen_before = (await gql(HISTORY, {"r": room.room_id}, token=author.access_token)).ok()["messages"]["messages"]

    await drain_stream(runtime)
    await forget_rooms(runtime)
    from_postgres = {m.id: await messages.current_state(runtime, room.room.id, m.id) for m in sent}
    durable_replay, _, _ = await events_after(runtime, keys, 0, None, None)
    seen_after = (await gql(HISTORY, {"r": room.room_id}, token=author.access_token)).ok()["messages"]["messages"]

    for message in sent:
        redis_state, postgres_state = from_redis[message.id], from_postgres[message.id]
        assert redis_state is not None
        assert postgres_state is not None
        assert _fields(redis_state) == _fields(from_replay[message.id]) == _fields(postgres_state)
    replayed_from_postgres = {
        e.message.id: e.message for e in durable_replay if isinstance(e, MessagePosted | MessageEdited | MessageDeleted)
    }
    assert {k: _fields(v) for k, v in replayed_from_postgres.items()} == {k: _fields(v) for k, v in from_replay.items()}
    assert seen_after == seen_before
    assert [m["body"] for m in seen_before] == [from_redis[m.id].body for m in sent]  # type: ignore[union-attr]


def _fields(message: Message) -> dict[str, Any]:
    """Field by field (a failure names the field that differs)."""
    return {name: getattr(message, name) for name in message.__struct_fields__}
