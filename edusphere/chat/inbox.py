"""What calls for the viewer's attention across chat: mentions after their read marker,
mentions across courses, and who may be mentioned (the composer's `@` autocomplete).

Read from Redis's window while it holds the room, and from `chat_mentions` (an index the
write-behind fills) below it; each message is judged as it is now (`mentions.mentions_viewer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortoise import connections
from tortoise.expressions import Q, Subquery

from edusphere.auth.viewer import Viewer
from edusphere.chat import live, messages
from edusphere.chat.events import ChatUser, Message, MessagePosted
from edusphere.chat.mentions import mentions_viewer
from edusphere.chat.models import ChatMention, Room
from edusphere.chat.rooms import Membership
from edusphere.core.errors import bad_input
from edusphere.core.pagination import edges, keyset, newest, page_size
from edusphere.core.runtime import Runtime
from edusphere.courses.models import Course

_UNREAD_STORED = """
SELECT
  (SELECT count(*) FROM chat_mentions AS cm JOIN chat_messages AS m ON m.id = cm.message_id
   WHERE cm.room_id = $1 AND cm.user_id = $2 AND cm.seq > $3 AND cm.seq < $4 AND NOT m.deleted
     AND m.mentions @> jsonb_build_array(jsonb_build_object('id', $2::text)))
  + (SELECT count(*) FROM chat_messages AS m
     WHERE m.room_id = $1 AND m.mentions_here AND m.seq > $3 AND m.seq < $4 AND NOT m.deleted AND m.author_id <> $2)
  AS n
"""


async def unread_mentions(rt: Runtime, viewer: Viewer, room_id: UUID) -> int:
    """Messages after the viewer's read marker that mention them (replies included): Redis's
    window as it is now, PostgreSQL below it."""
    read = await messages.last_read_seq(rt, viewer, room_id)
    keys = messages.room_keys(rt, room_id)
    me = str(viewer.id)
    oldest_live = await live.oldest_recent_seq(rt.redis, keys)
    count = 0
    if oldest_live is not None:
        recent = await live.recent_events(rt.redis, keys, max(read, oldest_live - 1))
        posted = [e.message.id for e in recent if isinstance(e, MessagePosted) and e.message.author_id != me]
        states = await live.current_states(rt.redis, keys, posted)
        count = sum(1 for state in states if state is not None and mentions_viewer(state, me))
    if oldest_live is None or read < oldest_live - 1:
        below = oldest_live if oldest_live is not None else 2**62
        rows = await connections.get("default").execute_query_dict(_UNREAD_STORED, [room_id, viewer.id, read, below])
        count += int(rows[0]["n"])
    return count


# The rooms a viewer reads in every course they belong to (created or enrolled in now): the one
# rule of `rooms.readable_rooms` (every room but the direct rooms of others), across courses.
# Admins count the courses they belong to too, not every course's rooms.
_VIEWER_ROOMS = """
SELECT r.id FROM chat_rooms AS r JOIN courses AS c ON c.id = r.course_id
WHERE (c.creator_id = $1 OR EXISTS (
         SELECT 1 FROM enrollments AS e WHERE e.learner_id = $1 AND e.course_id = c.id AND e.revoked_at IS NULL))
  AND (c.creator_id = $1 OR c.status <> 'DRAFT')
  AND (r.kind <> 'DIRECT' OR $1 IN (r.member_a_id, r.member_b_id))
ORDER BY r.id
LIMIT $2
"""

# A header badge's bound: the rooms counted (a viewer in more rooms sees the first ones' sum).
MAX_COUNTED_ROOMS = 200


async def unread_mention_count(rt: Runtime, viewer: Viewer) -> int:
    """Unread mentions of the viewer in every room they read (the sum of `Room.unreadMentions`,
    for one badge in the header), over at most `MAX_COUNTED_ROOMS` rooms."""
    rows = await connections.get("default").execute_query_dict(_VIEWER_ROOMS, [viewer.id, MAX_COUNTED_ROOMS])
    total = 0
    for row in rows:
        total += await unread_mentions(rt, viewer, row["id"])
    return total


@dataclass(frozen=True)
class MentionPage:
    mentions: list[Message]
    cursors: list[str]
    end_cursor: str | None
    has_next_page: bool

    def connection(self) -> dict[str, object]:
        return {
            "edges": edges(self.mentions, self.cursors),
            "page_info": {"has_next_page": self.has_next_page, "end_cursor": self.end_cursor},
        }


async def my_mentions(rt: Runtime, viewer: Viewer, first: int | None, after: str | None) -> MentionPage:
    """Messages that name the viewer, newest first, in the rooms they can read now, each as it
    is now (one edited to drop the name, or deleted, is left out). Listed once stored."""
    size = page_size(first, maximum=50)
    query = ChatMention.filter(user_id=viewer.id)
    if not viewer.is_admin:
        courses = Subquery(
            Course.filter(
                Q(creator_id=viewer.id) | Q(enrollments__learner_id=viewer.id, enrollments__revoked_at=None)
            ).values("id")
        )
        query = query.filter(room_id__in=Subquery(Room.filter(course_id__in=courses).values("id")))
    page = await keyset(query, rt.settings.secret_key, "my-mentions", size, after, newest())
    wanted = [(row.room_id, row.message_id) for row in page.items]
    states = await messages.message_states(rt, wanted)
    kept: list[Message] = []
    cursors: list[str] = []
    for key, cursor in zip(wanted, page.cursors, strict=True):
        state = states.get(key)
        if state is not None and any(user.id == str(viewer.id) for user in state.mentions) and not state.deleted:
            kept.append(state)
            cursors.append(cursor)
    return MentionPage(kept, cursors, page.cursors[-1] if page.cursors else None, page.has_next_page)


async def room_members(rt: Runtime, member: Membership, prefix: str | None, first: int | None) -> list[ChatUser]:
    """Who may be mentioned in the room, for the composer's `@` autocomplete: the course's
    creator and its enrolled learners, by display name (a case-insensitive prefix), at most 20."""
    size = page_size(first, default=10, maximum=20)
    text = (prefix or "").strip()
    if len(text) > 80:
        raise bad_input("query can be at most 80 characters", field="query")
    pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = await connections.get("default").execute_query_dict(
        """SELECT u.id, u.display_name FROM users AS u
           WHERE u.is_active AND u.display_name ILIKE $3 AND (u.id = $2 OR EXISTS (
               SELECT 1 FROM enrollments AS e WHERE e.learner_id = u.id AND e.course_id = $1 AND e.revoked_at IS NULL))
           ORDER BY lower(u.display_name), u.id LIMIT $4""",
        [member.course.id, member.course.creator_id, pattern, size],  # type: ignore[attr-defined]
    )
    return [ChatUser(str(row["id"]), row["display_name"]) for row in rows]
