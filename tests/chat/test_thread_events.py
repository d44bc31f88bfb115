"""Replies, reactions, pins and answers as room events: live, and replayed once each, in seq
order, after `since` (from Redis's window and from PostgreSQL beyond it)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from sanic import Sanic

from edusphere.chat import live, messages, pins, questions, reactions
from edusphere.core.runtime import Runtime
from tests.chat.factories import chat_socket, classroom, drain_stream, receive
from tests.courses import factories as course_factories
from tests.helpers import GraphQLClient

EVENTS = """subscription($room: ID!, $since: Int) {
  roomEvents(roomId: $room, since: $since) {
    type seq recovered emoji added user { displayName }
    message { id body threadId replyCount pinned answerId viewerReactions
              reactions { emoji count users { displayName } } }
    thread { id replyCount lastReplyAt } } }"""


async def _events(app: Sanic, token: str, room_id: str, count: int, **variables: Any) -> list[dict[str, Any]]:
    async with chat_socket(app, token) as ws:
        payload = {"query": EVENTS, "variables": {"room": room_id, **variables}}
        await ws.send(json.dumps({"id": "e", "type": "subscribe", "payload": payload}))
        found: list[dict[str, Any]] = []
        while len(found) < count:
            message = await receive(ws)
            assert message["type"] == "next", message
            event = message["payload"]["data"]["roomEvents"]
            if event["type"] not in ("MEMBER_JOINED", "MEMBER_LEFT"):
                found.append(event)
        return found


async def _story(runtime: Runtime, room: Any, *, stored: bool = False) -> list[str]:
    """seq 1 question, 2 reply, 3 reaction, 4 pin, 5 answer, 6 reaction taken back, 7 reply
    deleted; `stored`: written behind after each step (a window smaller than the write-behind's
    lag would otherwise lose states that PostgreSQL does not have yet)."""

    async def step(change: Any) -> Any:
        done = await change
        if stored:
            await drain_stream(runtime)
        return done

    lesson = (await course_factories.lessons_of(room.course))[0]
    question = await step(messages.send_message(runtime, room.learner.viewer, room.room_id, "Why?", "q",
                                                lesson_id=str(lesson.id)))  # fmt: skip
    reply = await step(messages.send_message(runtime, room.creator.viewer, room.room_id, "Because.", "r",
                                             thread_id=question.id))  # fmt: skip
    await step(reactions.react(runtime, room.learner.viewer, reply.id, "👍", added=True))
    await step(pins.set_pinned(runtime, room.creator.viewer, question.id, True))
    await step(questions.mark_answer(runtime, room.learner.viewer, question.id, reply.id))
    await step(reactions.react(runtime, room.learner.viewer, reply.id, "👍", added=False))
    await step(messages.delete_message(runtime, room.creator.viewer, reply.id))
    return [question.id, reply.id]


KINDS = [
    (1, "MESSAGE_POSTED"), (2, "MESSAGE_POSTED"), (3, "REACTION_CHANGED"), (4, "MESSAGE_PINNED"),
    (5, "ANSWER_MARKED"), (6, "REACTION_CHANGED"), (7, "MESSAGE_DELETED"),
]  # fmt: skip


async def test_every_kind_is_replayed_once_in_seq_order_from_redis(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    question_id, reply_id = await _story(runtime, room)
    replayed = await _events(app, room.learner.access_token, room.room_id, 7, since=0)
    assert [(e["seq"], e["type"]) for e in replayed] == KINDS
    assert all(e["recovered"] for e in replayed)
    posted = replayed[1]
    assert posted["message"]["threadId"] == question_id
    assert posted["thread"]["id"] == question_id
    assert posted["thread"]["replyCount"] == 1  # as the reply left it
    reacted = replayed[2]
    assert (reacted["emoji"], reacted["added"], reacted["user"]["displayName"]) == ("👍", True, "Learner")
    assert reacted["message"]["reactions"] == [{"emoji": "👍", "count": 1, "users": [{"displayName": "Learner"}]}]
    assert reacted["message"]["viewerReactions"] is None  # the same for every subscriber
    assert replayed[3]["message"]["pinned"] is True
    assert replayed[4]["message"]["answerId"] == reply_id
    assert replayed[5]["message"]["reactions"] == []
    assert (replayed[6]["thread"]["id"], replayed[6]["thread"]["replyCount"]) == (question_id, 0)


async def test_every_kind_is_replayed_from_postgresql_beyond_the_window(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "WINDOW", 2)  # Redis keeps seqs 6-7; 1-5 come from PostgreSQL
    room = await classroom(runtime)
    question_id, _ = await _story(runtime, room, stored=True)
    replayed = await _events(app, room.learner.access_token, room.room_id, 7, since=0)
    assert [(e["seq"], e["type"]) for e in replayed] == KINDS
    # PostgreSQL replays each message as it is now: the question pinned, its reply deleted.
    assert replayed[1]["thread"] == {
        "id": question_id,
        "replyCount": 0,
        "lastReplyAt": replayed[1]["thread"]["lastReplyAt"],
    }
    assert replayed[0]["message"]["pinned"] is True
    assert replayed[2]["emoji"] is None  # who reacted is not replayed from storage, the counts are


async def test_reactions_over_graphql_show_the_viewers_own(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    message = await messages.send_message(runtime, room.creator.viewer, room.room_id, "Hello", "c-1")
    react = """mutation($m: ID!, $e: String!) { addReaction(messageId: $m, emoji: $e) {
                 reactions { emoji count } viewerReactions } }"""
    answer = (await gql(react, {"m": message.id, "e": "🎉"}, token=room.learner.access_token)).ok()
    assert answer["addReaction"] == {"reactions": [{"emoji": "🎉", "count": 1}], "viewerReactions": ["🎉"]}
    refused = await gql(react, {"m": message.id, "e": "lol"}, token=room.learner.access_token)
    assert refused.errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    history = """query($r: ID!) { messages(roomId: $r) { messages { viewerReactions reactions { count } } } }"""
    creator_view = (await gql(history, {"r": room.room_id}, token=room.creator.access_token)).ok()
    assert creator_view["messages"]["messages"] == [{"viewerReactions": [], "reactions": [{"count": 1}]}]
    await asyncio.sleep(0)
