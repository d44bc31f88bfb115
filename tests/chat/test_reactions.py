"""Reactions on real Redis and PostgreSQL: what an emoji is, one per member, the cap, storms."""

from __future__ import annotations

import asyncio

import pytest

from edusphere.chat import live, messages, reactions
from edusphere.chat.models import ChatMessage, ChatReaction
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from tests.chat.factories import classroom, drain_stream, enrolled, forget_rooms
from tests.helpers import make_user

EMOJI_SAMPLES = ["👍", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️", "1️⃣"]


@pytest.mark.parametrize(
    "value", ["a", "ok", "👍👍", ":)", "", " ", "👍 ", "\u200d", "x" * 10_000, "👍" * 5_000, "<b>"]
)
async def test_what_is_not_one_emoji_is_refused_and_changes_nothing(runtime: Runtime, value: str) -> None:
    room = await classroom(runtime)
    message = await messages.send_message(runtime, room.learner.viewer, room.room_id, "hi", "c-1")
    with pytest.raises(AppError) as caught:
        await reactions.react(runtime, room.creator.viewer, message.id, value, added=True)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    assert caught.value.details.get("field") == "emoji"
    head, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    assert head == 1


async def test_outsiders_cannot_react_and_deleted_messages_take_none(runtime: Runtime) -> None:
    room = await classroom(runtime)
    message = await messages.send_message(runtime, room.learner.viewer, room.room_id, "hi", "c-1")
    outsider = await make_user(runtime)
    with pytest.raises(AppError) as caught:
        await reactions.react(runtime, outsider.viewer, message.id, "👍", added=True)
    assert caught.value.code is ErrorCode.FORBIDDEN
    await messages.delete_message(runtime, room.learner.viewer, message.id)
    with pytest.raises(AppError) as caught:
        await reactions.react(runtime, room.creator.viewer, message.id, "👍", added=True)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    with pytest.raises(AppError) as caught:
        await reactions.react(runtime, room.creator.viewer, "not-an-id", "👍", added=True)
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_one_reaction_per_member_and_emoji_counted_with_the_first_names(runtime: Runtime) -> None:
    room = await classroom(runtime)
    others = [await enrolled(runtime, room, f"Member {n}") for n in range(4)]
    message = await messages.send_message(runtime, room.learner.viewer, room.room_id, "Exam moved", "c-1")
    for emoji in EMOJI_SAMPLES:
        await reactions.react(runtime, room.creator.viewer, message.id, emoji, added=True)
    again = await reactions.react(runtime, room.creator.viewer, message.id, "👍", added=True)
    assert next(r for r in again.reactions if r.emoji == "👍").count == 1  # once per member and emoji
    for who in others:
        state = await reactions.react(runtime, who.viewer, message.id, "👍", added=True)
    thumbs = next(r for r in state.reactions if r.emoji == "👍")
    assert thumbs.count == 5
    assert [u.display_name for u in thumbs.users] == [room.creator.user.display_name, "Member 0", "Member 1"]
    assert [r.emoji for r in state.reactions] == EMOJI_SAMPLES  # in first-use order
    state = await reactions.react(runtime, room.creator.viewer, message.id, "👍", added=False)
    thumbs = next(r for r in state.reactions if r.emoji == "👍")
    assert (thumbs.count, [u.display_name for u in thumbs.users]) == (4, ["Member 0", "Member 1", "Member 2"])
    for emoji in EMOJI_SAMPLES[1:]:
        state = await reactions.react(runtime, room.creator.viewer, message.id, emoji, added=False)
    assert [r.emoji for r in state.reactions] == ["👍"]
    unchanged = await reactions.react(runtime, room.creator.viewer, message.id, "🇫🇷", added=False)
    assert unchanged == state
    mine = await reactions.viewer_reactions(runtime, str(others[0].viewer.id), [state])
    assert mine == {state.id: ["👍"]}


async def test_the_twenty_first_distinct_emoji_is_refused(runtime: Runtime) -> None:
    room = await classroom(runtime)
    message = await messages.send_message(runtime, room.learner.viewer, room.room_id, "vote", "c-1")
    faces = [chr(0x1F600 + n) for n in range(reactions.MAX_EMOJI + 1)]
    for face in faces[:-1]:
        await reactions.react(runtime, room.creator.viewer, message.id, face, added=True)
    head, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    with pytest.raises(AppError) as caught:
        await reactions.react(runtime, room.learner.viewer, message.id, faces[-1], added=True)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    after, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    assert after == head
    # An emoji already there is still welcome.
    state = await reactions.react(runtime, room.learner.viewer, message.id, faces[0], added=True)
    assert state.reactions[0].count == 2


async def test_concurrent_reactions_are_each_counted_once_and_stored(runtime: Runtime) -> None:
    room = await classroom(runtime)
    crowd = [await enrolled(runtime, room, f"Fan {n}") for n in range(12)]
    message = await messages.send_message(runtime, room.creator.viewer, room.room_id, "Launch!", "c-1")
    await asyncio.gather(*(reactions.react(runtime, who.viewer, message.id, "🎉", added=True) for who in crowd * 2))
    state = await messages.current_state(runtime, room.room.id, message.id)
    assert state is not None
    assert state.reactions[0].count == 12
    await drain_stream(runtime)
    assert await ChatReaction.filter(message_id=message.id, present=True).count() == 12
    row = await ChatMessage.get(id=message.id)
    assert row.reactions[0]["count"] == 12
    # Redis loses the room: the next reaction brings who reacted back from PostgreSQL.
    await forget_rooms(runtime)
    state = await reactions.react(runtime, crowd[0].viewer, message.id, "🎉", added=False)
    assert state.reactions[0].count == 11
    state = await reactions.react(runtime, crowd[1].viewer, message.id, "🎉", added=True)  # already there
    assert state.reactions[0].count == 11
