"""Reactions: a member adds an emoji to a message, or takes it back.

One reaction per user per emoji, at most `MAX_EMOJI` distinct emoji on a message, and an emoji
is one emoji (`emoji.is_emoji`: a single emoji, ZWJ sequences, skin tones, flags and keycaps
included; never text). The counting is done in Redis by one script per reaction (`live.React`):
a storm of reactions to one announcement costs one round trip each and never a retry. Each
change is a `REACTION_CHANGED` room event with a seq, carrying the message's counts after it;
the hub coalesces a storm of them for its subscribers (`chat.coalesce`).

A muted member cannot react (a reaction is posted like a message); reading a message is
enough otherwise, so learners react to announcements they cannot answer.
"""

from __future__ import annotations

import emoji as emoji_data
import msgspec
from tortoise import connections

from edusphere.auth.viewer import Viewer
from edusphere.chat import events, live
from edusphere.chat.events import ChatUser, Message, ReactionChanged
from edusphere.chat.messages import (
    chat_bucket,
    check_not_muted,
    current_state,
    room_keys,
    room_of,
    throttled,
)
from edusphere.chat.rooms import cached_membership
from edusphere.core.errors import bad_input, not_found
from edusphere.core.runtime import Runtime

MAX_EMOJI = 20
REACTION_NAMES = 3  # the first few who reacted with each emoji, shown by name
MAX_EMOJI_CHARS = 32  # the longest emoji sequences (families, tagged flags) are well under this

# `live.React`'s list of who reacted: [[emoji, [[user id, name], ...]], ...]
_reactors = msgspec.json.Decoder(list[tuple[str, list[tuple[str, str]]]])


def check_emoji(value: str) -> str:
    """One emoji, as sent (no normalisation: `❤` and `❤️` stay what the client chose)."""
    if not value or len(value) > MAX_EMOJI_CHARS or not emoji_data.is_emoji(value):
        raise bad_input("A reaction is one emoji", field="emoji")
    return value


async def react(rt: Runtime, viewer: Viewer, message_id: str, emoji: str, *, added: bool) -> Message:
    """Add (`added`) or take back the viewer's `emoji` on the message; the message after it.
    Adding one already there, or taking back one that is not, changes nothing."""
    value = check_emoji(emoji)
    room_id = await room_of(rt, message_id)
    member = await cached_membership(rt, viewer, str(room_id))
    check_not_muted(member)
    state = await current_state(rt, room_id, message_id)
    if state is None:
        raise not_found("Message")
    if state.deleted:
        raise bad_input("That message was deleted", field="messageId")
    event = ReactionChanged(
        room_id=state.room_id, at=events.now(), message=state, user=ChatUser(str(viewer.id), viewer.user.display_name),
        emoji=value, added=added,
    )  # fmt: skip
    try:
        changed = await live.react(
            rt.redis, room_keys(rt, room_id), event, max_emoji=MAX_EMOJI, names=REACTION_NAMES,
            bucket=chat_bucket(rt, viewer),
        )  # fmt: skip
    except live.TooManyReactions:
        raise bad_input(f"A message can have at most {MAX_EMOJI} different reactions", field="emoji") from None
    except live.MessageGone:
        raise bad_input("That message was deleted", field="messageId") from None
    except live.Cold:
        raise not_found("Message") from None
    except live.Throttled as refused:
        raise throttled(refused) from None
    if changed is not None:
        return changed
    return await current_state(rt, room_id, message_id) or state


async def viewer_reactions(rt: Runtime, viewer_id: str, messages: list[Message]) -> dict[str, list[str]]:
    """The emoji the viewer reacted with, per message id: Redis's reactors for messages it holds
    (the truth while they are there), PostgreSQL's for the rest."""
    wanted = [m for m in messages if m.reactions]
    found: dict[str, list[str]] = {m.id: [] for m in messages}
    if not wanted:
        return found
    async with rt.redis.pipeline(transaction=False) as pipe:
        for message in wanted:
            pipe.hget(room_keys(rt, message.room_id).reactors, message.id)
        answers = await pipe.execute()
    cold: list[str] = []
    for message, raw in zip(wanted, answers, strict=True):
        if raw is None:
            cold.append(message.id)
            continue
        for emoji, users in _reactors.decode(raw):
            if any(user_id == viewer_id for user_id, _ in users):
                found[message.id].append(emoji)
    if cold:
        rows = await connections.get("default").execute_query_dict(
            "SELECT message_id, emoji FROM chat_reactions WHERE message_id = ANY($1::uuid[]) AND user_id = $2"
            " AND present ORDER BY event_seq",
            [cold, viewer_id],
        )
        for row in rows:
            found[str(row["message_id"])].append(row["emoji"])
    return found
