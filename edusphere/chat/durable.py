"""Reading back what the write-behind put in PostgreSQL: a room's log beyond the Redis window.

The log is two tables that never share a seq: a post is its `chat_messages` row, a later edit
or delete is a `chat_events` row. Replayed events carry the message as it is now, not as it
was: a client replaying a post that was later deleted gets no trace of its body, and applying
the events in seq order still ends in the state everyone else sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import msgspec
from tortoise import connections

from edusphere.chat.events import (
    AnswerMarked,
    ChatUser,
    Message,
    MessageDeleted,
    MessageEdited,
    MessageEvent,
    MessagePinned,
    MessagePosted,
    MessageUnpinned,
    Reaction,
    ReactionChanged,
)
from edusphere.chat.models import ChatMessage

_EVENTS = """
SELECT log.seq, log.kind, log.at, m.id, m.room_id, m.seq AS post_seq, m.author_id, u.display_name,
       m.body, m.client_id, m.created_at, m.edited_at, m.deleted, m.last_event_seq, m.thread_id, m.reply_count,
       m.last_reply_at, m.lesson_id, m.answer_id, m.pinned_at, m.reactions, m.mentions, m.mentions_here,
       m.attachment_ids
FROM (
    SELECT seq, 'MESSAGE_POSTED' AS kind, id AS message_id, created_at AS at FROM chat_messages
    WHERE room_id = $1 AND seq > $2 AND ($3::bigint IS NULL OR seq < $3)
    UNION ALL
    SELECT seq, kind, message_id, created_at FROM chat_events
    WHERE room_id = $1 AND seq > $2 AND ($3::bigint IS NULL OR seq < $3)
) AS log
JOIN chat_messages AS m ON m.id = log.message_id
JOIN users AS u ON u.id = m.author_id
ORDER BY log.seq
"""


async def max_seq(room_id: str) -> int:
    """The highest seq PostgreSQL has seen in the room: where a lost Redis counter resumes."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT greatest((SELECT max(seq) FROM chat_messages WHERE room_id = $1),"
        " (SELECT max(seq) FROM chat_events WHERE room_id = $1), 0) AS top",
        [UUID(room_id)],
    )
    return int(rows[0]["top"])


async def events_between(room_id: str, after: int, before: int | None, epoch: str | None = None) -> list[MessageEvent]:
    """The room's events with after < seq < before (no upper bound when None), oldest first,
    each carrying the message as it is now (and `epoch`: the room's current one); a reply's
    post carries its root as it is now too, so a client's reply counts end where everyone's are."""
    rows = await connections.get("default").execute_query_dict(_EVENTS, [UUID(room_id), after, before])
    states = [_state(row, author_name=row["display_name"], seq=row["post_seq"]) for row in rows]
    roots = await _states_by_id({s.thread_id for s, row in zip(states, rows, strict=True) if s.thread_id})
    found: list[MessageEvent] = []
    for row, state in zip(rows, states, strict=True):
        kind = _KINDS[row["kind"]]
        if kind is MessagePosted or kind is MessageDeleted:
            thread = roots.get(state.thread_id) if state.thread_id else None
            found.append(kind(room_id=state.room_id, seq=row["seq"], epoch=epoch, at=row["at"], message=state,
                              thread=thread))  # fmt: skip
        else:
            found.append(kind(room_id=state.room_id, seq=row["seq"], epoch=epoch, at=row["at"], message=state))
    return found


_KINDS: dict[str, type[MessageEvent]] = {
    kind.__struct_config__.tag: kind  # type: ignore[misc]
    for kind in (
        MessagePosted, MessageEdited, MessageDeleted, ReactionChanged, MessagePinned, MessageUnpinned, AnswerMarked
    )
}  # fmt: skip

_STATES = """
SELECT m.*, u.display_name FROM chat_messages AS m JOIN users AS u ON u.id = m.author_id WHERE m.id = ANY($1::uuid[])
"""

_REACTORS = """
SELECT r.emoji, r.user_id, u.display_name FROM chat_reactions AS r JOIN users AS u ON u.id = r.user_id
WHERE r.message_id = $1 AND r.present ORDER BY r.event_seq
"""


async def _states_by_id(message_ids: set[str]) -> dict[str, Message]:
    if not message_ids:
        return {}
    rows = await connections.get("default").execute_query_dict(_STATES, [list(message_ids)])
    return {str(row["id"]): _state(row, author_name=row["display_name"], seq=row["seq"]) for row in rows}


async def state_and_reactors(message_id: str) -> tuple[Message, str] | None:
    """A message as PostgreSQL has it, and who reacted to it in the shape `live.React` keeps
    (`[[emoji, [[user id, name], ...]], ...]`, each emoji where it was first used, its users in
    the order they reacted; empty text: nobody); None when PostgreSQL has no such message."""
    found = await _states_by_id({message_id})
    state = found.get(message_id)
    if state is None:
        return None
    rows = await connections.get("default").execute_query_dict(_REACTORS, [UUID(message_id)])
    reactors: dict[str, list[list[str]]] = {}
    for row in rows:
        reactors.setdefault(row["emoji"], []).append([str(row["user_id"]), row["display_name"]])
    if not reactors:
        return state, ""
    return state, msgspec.json.encode([[emoji, users] for emoji, users in reactors.items()]).decode()


def message_of_row(row: Mapping[str, Any]) -> Message:
    """A message from raw SQL selecting chat_messages' columns and the author's `display_name`."""
    return _state(row, author_name=row["display_name"], seq=row["seq"])


def message(row: ChatMessage) -> Message:
    """A stored message in the shape Redis keeps it (author loaded with select_related)."""
    return _state(row.__dict__, author_name=row.author.display_name, seq=row.seq)


def _state(row: Mapping[str, Any], *, author_name: str, seq: int) -> Message:
    """A row from the ORM (`__dict__`) or from raw SQL: the one place a database row becomes a Message."""
    return Message(
        id=str(row["id"]),
        seq=seq,
        room_id=str(row["room_id"]),
        author_id=str(row["author_id"]),
        author_name=author_name,
        body=row["body"],
        client_id=row["client_id"],
        created_at=row["created_at"],
        edited_at=row["edited_at"],
        deleted=row["deleted"],
        last_event_seq=row["last_event_seq"],
        thread_id=_text(row.get("thread_id")),
        reply_count=row.get("reply_count") or 0,
        last_reply_at=row.get("last_reply_at"),
        lesson_id=_text(row.get("lesson_id")),
        answer_id=_text(row.get("answer_id")),
        pinned_at=row.get("pinned_at"),
        # jsonb arrives as text from raw SQL and decoded from the ORM's JSONField
        reactions=_summary(row.get("reactions")),
        mentions=_users(row.get("mentions")),
        mentions_here=bool(row.get("mentions_here")),
        attachment_ids=_ids(row.get("attachment_ids")),
    )


_Summary = tuple[Reaction, ...]
_summaries = msgspec.json.Decoder(_Summary)


def _summary(value: object) -> _Summary:
    """jsonb arrives as text from raw SQL, and decoded already from the ORM's JSONField."""
    if not value:
        return ()
    return _summaries.decode(value) if isinstance(value, str) else msgspec.convert(value, _Summary)


_Users = tuple[ChatUser, ...]
_user_lists = msgspec.json.Decoder(_Users)


def _users(value: object) -> _Users:
    if not value:
        return ()
    return _user_lists.decode(value) if isinstance(value, str) else msgspec.convert(value, _Users)


_id_lists = msgspec.json.Decoder(tuple[str, ...])


def _ids(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    return _id_lists.decode(value) if isinstance(value, str) else msgspec.convert(value, tuple[str, ...])


def _text(value: object) -> str | None:
    return None if value is None else str(value)
