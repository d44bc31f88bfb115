"""Reaction storms reach each subscriber as a bounded number of updates, in seq order."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from sanic import Sanic

from edusphere.chat import messages, reactions
from edusphere.chat.coalesce import ReactionCoalescer
from edusphere.chat.events import ChatUser, Message, MessagePosted, Reaction, ReactionChanged, RoomEvent
from edusphere.core.runtime import Runtime
from tests.chat.factories import chat_socket, classroom, enrolled, receive

AT = datetime(2026, 12, 3, tzinfo=UTC)


def _message(message_id: str, count: int = 0) -> Message:
    return Message(
        id=message_id, seq=1, room_id="r", author_id="a", author_name="A", body="hi", client_id="c", created_at=AT,
        edited_at=None, deleted=False, last_event_seq=1,
        reactions=(Reaction("👍", count, (ChatUser("u", "U"),)),) if count else (),
    )  # fmt: skip


def _reaction(seq: int, message_id: str = "m1") -> ReactionChanged:
    return ReactionChanged(room_id="r", seq=seq, at=AT, message=_message(message_id, seq), emoji="👍", added=True)


async def test_a_storm_on_one_message_is_a_few_updates_ending_with_the_latest_counts() -> None:
    sent: list[RoomEvent] = []

    async def deliver(room_id: str, event: RoomEvent) -> None:
        sent.append(event)

    coalescer = ReactionCoalescer(deliver, interval=0.05)
    for seq in range(1, 501):
        await coalescer.offer("r", _reaction(seq))
        if seq % 100 == 0:
            await asyncio.sleep(0.02)  # 500 reactions over about 0.1 s
    await asyncio.sleep(0.12)
    assert 2 <= len(sent) <= 6
    assert sent[-1].seq == 500  # the newest counts always go out
    assert [e.seq for e in sent] == sorted(e.seq or 0 for e in sent)
    assert coalescer.held_back > 400


async def test_other_events_first_send_what_is_held_so_seqs_only_rise() -> None:
    sent: list[RoomEvent] = []

    async def deliver(room_id: str, event: RoomEvent) -> None:
        await asyncio.sleep(0)  # a real delivery awaits its rendering
        sent.append(event)

    coalescer = ReactionCoalescer(deliver, interval=10)
    await coalescer.offer("r", _reaction(1))  # out at once: nothing went out before
    await coalescer.offer("r", _reaction(2, "m2"))  # held
    await coalescer.offer("r", _reaction(3, "m1"))  # held
    await coalescer.offer("r", _reaction(4, "m2"))  # replaces seq 2
    post = MessagePosted(room_id="r", seq=5, at=AT, message=_message("m3"))
    await coalescer.offer("r", post)
    assert [e.seq for e in sent] == [1, 3, 4, 5]
    await coalescer.offer("other", _reaction(6))  # another room has its own interval
    assert sent[-1].seq == 6
    await coalescer.aclose()


async def test_subscribers_receive_a_bounded_number_of_reaction_updates(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    crowd = [await enrolled(runtime, room, f"Fan {n}") for n in range(40)]
    announcement = await messages.send_message(runtime, room.creator.viewer, room.room_id, "Results are out", "a")
    query = """subscription($r: ID!) { roomEvents(roomId: $r) { type seq message { reactions { count } } } }"""
    async with chat_socket(app, room.learner.access_token) as ws:
        await ws.send(
            json.dumps({"id": "e", "type": "subscribe", "payload": {"query": query, "variables": {"r": room.room_id}}})
        )
        await asyncio.sleep(0.3)
        await asyncio.gather(
            *(reactions.react(runtime, who.viewer, announcement.id, "🎉", added=True) for who in crowd)
        )
        updates: list[dict] = []
        try:
            while True:
                event = (await receive(ws, 1.0))["payload"]["data"]["roomEvents"]
                if event["type"] == "REACTION_CHANGED":
                    updates.append(event)
                    if event["message"]["reactions"][0]["count"] == 40:
                        break
        except TimeoutError:
            pass
    assert updates, "no reaction update arrived"
    assert updates[-1]["message"]["reactions"][0]["count"] == 40
    assert len(updates) < 15  # 40 reactions, a fraction of a second: a few updates, not 40
    assert [e["seq"] for e in updates] == sorted(e["seq"] for e in updates)
