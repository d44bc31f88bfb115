"""Pins: the creator or an admin; learners cannot; a room lists its pins newest first."""

from __future__ import annotations

import pytest

from edusphere.chat import messages, pins
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from tests.chat.factories import classroom, drain_stream, forget_rooms


async def test_a_learner_cannot_pin_and_a_deleted_message_cannot_be_pinned(runtime: Runtime) -> None:
    room = await classroom(runtime)
    message = await messages.send_message(runtime, room.learner.viewer, room.room_id, "pin me", "c-1")
    with pytest.raises(AppError) as caught:
        await pins.set_pinned(runtime, room.learner.viewer, message.id, True)
    assert caught.value.code is ErrorCode.FORBIDDEN
    await messages.delete_message(runtime, room.learner.viewer, message.id)
    with pytest.raises(AppError) as caught:
        await pins.set_pinned(runtime, room.creator.viewer, message.id, True)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    assert await pins.pinned_messages(runtime, room.room.id) == []


async def test_pins_are_listed_newest_first_before_and_after_redis_forgets(runtime: Runtime) -> None:
    room = await classroom(runtime)
    first = await messages.send_message(runtime, room.learner.viewer, room.room_id, "syllabus", "c-1")
    second = await messages.send_message(runtime, room.learner.viewer, room.room_id, "exam date", "c-2")
    await pins.set_pinned(runtime, room.creator.viewer, first.id, True)
    pinned = await pins.set_pinned(runtime, room.creator.viewer, second.id, True)
    assert pinned.pinned
    again = await pins.set_pinned(runtime, room.creator.viewer, second.id, True)
    assert again == pinned  # already pinned: nothing changed
    assert [m.id for m in await pins.pinned_messages(runtime, room.room.id)] == [second.id, first.id]
    await drain_stream(runtime)
    await forget_rooms(runtime)
    assert [m.id for m in await pins.pinned_messages(runtime, room.room.id)] == [second.id, first.id]
    await pins.set_pinned(runtime, room.creator.viewer, first.id, False)
    assert [m.id for m in await pins.pinned_messages(runtime, room.room.id)] == [second.id]
