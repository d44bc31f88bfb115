"""Pins: the course's creator or an admin keeps a room's important messages at hand.

A pin or unpin is a room event with a seq (`MESSAGE_PINNED`, `MESSAGE_UNPINNED`) that changes
the message's `pinned_at`. A room's pins are read from Redis's `pins` set (what was pinned
since Redis last lost the room) and PostgreSQL's rows, each as it is now: one pinned a moment
ago shows before the write-behind has stored it.
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from edusphere.auth.viewer import Viewer
from edusphere.chat import events, messages
from edusphere.chat.events import Message, MessagePinned, MessageUnpinned
from edusphere.chat.models import ChatMessage
from edusphere.chat.rooms import Membership
from edusphere.core.errors import bad_input, forbidden
from edusphere.core.runtime import Runtime

MAX_PINS = 50  # a room's pins shown (newest first); pinning more is allowed, the oldest drop off the list


async def set_pinned(rt: Runtime, viewer: Viewer, message_id: str, pinned: bool) -> Message:
    """Pin or unpin; pinning a pinned message (or unpinning one that is not) changes nothing."""

    def change(state: Message, member: Membership) -> MessagePinned | MessageUnpinned | None:
        if not member.can_pin:
            raise forbidden("Only the course's creator or an admin can pin messages")
        if pinned and state.deleted:
            raise bad_input("A deleted message cannot be pinned", field="messageId")
        if state.pinned == pinned:
            return None
        at = events.now()
        if pinned:
            return MessagePinned(room_id=state.room_id, at=at, message=msgspec.structs.replace(state, pinned_at=at))
        return MessageUnpinned(room_id=state.room_id, at=at, message=msgspec.structs.replace(state, pinned_at=None))

    return await messages.change_message(rt, viewer, message_id, change)


async def pinned_messages(rt: Runtime, room_id: UUID) -> list[Message]:
    """The room's pinned messages, newest pin first, deleted ones left out (at most MAX_PINS)."""
    recent = await rt.redis.smembers(messages.room_keys(rt, room_id).pins)
    stored = await ChatMessage.filter(room_id=room_id, pinned_at__isnull=False, deleted=False).values_list(
        "id", flat=True
    )
    wanted = {UUID(str(i)) for i in recent} | {UUID(str(i)) for i in stored}
    states = await messages.message_states(rt, [(room_id, message_id) for message_id in wanted])
    pinned = [m for m in states.values() if m.pinned_at is not None and not m.deleted]
    pinned.sort(key=lambda m: (m.pinned_at, m.id), reverse=True)
    return pinned[:MAX_PINS]
