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

from tortoise import connections

from edusphere.chat.events import Message, MessageDeleted, MessageEdited, MessageEvent, MessagePosted
from edusphere.chat.models import ChatMessage

_EVENTS = """
SELECT log.seq, log.kind, log.at, m.id, m.room_id, m.seq AS post_seq, m.author_id, u.display_name,
       m.body, m.client_id, m.created_at, m.edited_at, m.deleted, m.last_event_seq
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
    each carrying the message as it is now (and `epoch`: the room's current one)."""
    rows = await connections.get("default").execute_query_dict(_EVENTS, [UUID(room_id), after, before])
    found: list[MessageEvent] = []
    for row in rows:
        kind = _KINDS[row["kind"]]
        state = _state(row, author_name=row["display_name"], seq=row["post_seq"])
        found.append(kind(room_id=state.room_id, seq=row["seq"], epoch=epoch, at=row["at"], message=state))
    return found


_KINDS: dict[str, type[MessagePosted] | type[MessageEdited] | type[MessageDeleted]] = {
    "MESSAGE_POSTED": MessagePosted,
    "MESSAGE_EDITED": MessageEdited,
    "MESSAGE_DELETED": MessageDeleted,
}


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
    )
