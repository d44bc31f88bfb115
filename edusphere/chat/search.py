"""Message search: PostgreSQL full-text search over the rooms of a course the viewer reads.

Messages reach PostgreSQL through the write-behind, and are indexed after it by the search
indexer (`chat.searchindex`, migration 0019): each message not deleted has a row in the narrow
`chat_search` (its room, time and tsvector, the catalog's 'english' configuration), so search
finds a post or an edit about a second after it is posted, by its new text; a delete removes
the row. Each hit is checked against the message as it is now: its stored body must still
match (an edit not yet re-indexed) and Redis's window has the last word, so a message deleted
or edited since is left out of the page, as `inbox.my_mentions` leaves out a mention edited away.

Two plans, chosen per search by the planner's statistics (`common_words`): a word in at least
COMMON_SHARE of the messages is read room by room newest first (NEWEST stops at the page;
RELEVANCE ranks each room's newest RANKED_PER_ROOM matches, a documented bound); any other
search asks the GIN index on (room_id, vector) for its rare words' matches in the viewer's
rooms, checking each row against the whole query.

The client's text is never parsed as tsquery syntax: `plainto_tsquery` takes it as words
(`a & !b:*` searches for "a" and "b"), and a text with no searchable word (punctuation only,
stop words only) is refused rather than matching nothing silently.

Visibility is `rooms.readable_rooms` (direct rooms only for their two members; an admin reads
another pair's direct room only through a report, never here). A course or room the viewer
cannot read is NOT_FOUND whether or not it exists.

Orders: NEWEST (created_at, id) and RELEVANCE (ts_rank, then newest), each with a signed keyset
cursor that names the order and a digest of the search, so a cursor of another search or order
is refused. The snippet (`ts_headline`) comes back as parts, plain text each, flagged when it is
a match: the client renders text, never HTML, so a body cannot inject markup.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise import connections

from edusphere.auth.viewer import Viewer
from edusphere.chat import durable, events, messages
from edusphere.chat.events import Message
from edusphere.chat.models import Room, RoomKind
from edusphere.chat.rooms import is_member, readable_rooms
from edusphere.core.errors import AppError, ErrorCode, bad_input, not_found
from edusphere.core.pagination import decode_cursor, encode_cursor, page_size
from edusphere.core.runtime import Runtime
from edusphere.core.text import check_plain_text
from edusphere.courses.access import manages, parse_id, viewable_course
from edusphere.courses.catalog import TS_CONFIG
from edusphere.courses.models import Course

MAX_QUERY = 200
MAX_PAGE = 50
# Markers ts_headline puts around a match: control characters, which no stored body holds
# (`check_plain_text` refuses them in every message), so they cannot be forged by a body.
_START, _STOP = "\x01", "\x02"
_HEADLINE = f'StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'


class SearchOrder(StrEnum):
    NEWEST = "NEWEST"
    RELEVANCE = "RELEVANCE"


class SearchQueryRefused(AppError):
    """The search text cannot be searched: BAD_USER_INPUT with `field: "query"` and `reason`
    TOO_LONG (over MAX_QUERY characters) or NO_WORDS (punctuation or stop words only)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(ErrorCode.BAD_USER_INPUT, message, field="query", reason=reason)
        self.reason = reason


@dataclass(frozen=True)
class SnippetPart:
    text: str
    highlighted: bool


@dataclass(frozen=True)
class SearchHit:
    message: Message
    room: Room
    can_post: bool  # the viewer may post in `room` (its Room.canPost)
    snippet: list[SnippetPart]
    # Where the room's timeline opens (`messages(roomId, around:)`): the message's seq, or a
    # reply's root's (the timeline shows roots; the reply is in `message.thread_id`'s thread).
    around_seq: int


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    cursors: list[str]
    end_cursor: str | None
    has_next_page: bool

    def connection(self) -> dict[str, object]:
        return {
            "edges": [{"cursor": c, "node": h} for c, h in zip(self.cursors, self.hits, strict=True)],
            "page_info": {"has_next_page": self.has_next_page, "end_cursor": self.end_cursor},
        }


def check_query(raw: str) -> str:
    """The text as searched, or SearchQueryRefused: length is checked before anything else
    looks at it (a 10,000-character text costs nothing), then that it holds a letter or digit."""
    if len(raw) > MAX_QUERY * 4:
        raise SearchQueryRefused("TOO_LONG", f"A search can be at most {MAX_QUERY} characters")
    text = " ".join(check_plain_text(raw, "query").split())
    if len(text) > MAX_QUERY:
        raise SearchQueryRefused("TOO_LONG", f"A search can be at most {MAX_QUERY} characters")
    if not any(ch.isalnum() for ch in text):
        raise SearchQueryRefused("NO_WORDS", "Search for at least one word")
    return text


def check_order(raw: str | None) -> SearchOrder:
    try:
        return SearchOrder(raw or SearchOrder.NEWEST)
    except ValueError:
        raise bad_input("order must be NEWEST or RELEVANCE", argument="order") from None


def _cursor_kind(order: SearchOrder, course_id: UUID, room_id: UUID | None, text: str) -> str:
    digest = hashlib.sha256(f"{course_id}:{room_id}:{text}".encode()).hexdigest()[:16]
    return f"chat-search:{order.value}:{digest}"


def _after_values(order: SearchOrder, values: list[Any]) -> list[Any]:
    """The keyset of a decoded cursor, typed (signed, so ours; still checked: never a 500)."""
    invalid = bad_input("Invalid cursor", argument="after")
    try:
        if order is SearchOrder.NEWEST:
            at, message_id = values
            return [datetime.fromisoformat(at), UUID(message_id)]
        rank, at, message_id = values
        if not isinstance(rank, int | float) or isinstance(rank, bool):
            raise invalid
        return [float(rank), datetime.fromisoformat(at), UUID(message_id)]
    except (ValueError, TypeError):
        raise invalid from None


async def searchable_rooms(viewer: Viewer, course_id: str, room_id: str | None) -> tuple[Course, list[Room]]:
    """The course and its rooms the viewer reads (one when `room_id` is given). NOT_FOUND for a
    course or room they cannot read, the same as for one that does not exist."""
    course = await viewable_course(viewer, course_id=course_id)
    if not await is_member(viewer, course):
        raise not_found("Course")
    query = readable_rooms(viewer, course.id)
    if room_id is not None:
        query = query.filter(id=parse_id(room_id, "Room"))
    found = await query
    if room_id is not None and not found:
        raise not_found("Room")
    return course, found


_HAS_WORDS = f"SELECT numnode(plainto_tsquery('{TS_CONFIG}', $1)) AS n"

_COLUMNS = """m.id, m.room_id, m.seq, m.author_id, m.client_id, m.body, m.created_at, m.edited_at, m.deleted,
  m.last_event_seq, m.thread_id, m.reply_count, m.last_reply_at, m.lesson_id, m.answer_id, m.pinned_at, m.reactions,
  m.mentions, m.mentions_here, m.attachment_ids"""

# A word held by at least this share of the indexed messages is "common": the hits then come
# from each readable room read newest first through chat_search_newest (NEWEST stops at the
# page, about `first / share` rows a room; RELEVANCE ranks the room's newest RANKED_PER_ROOM
# matches), instead of from the GIN index, whose every posting of such a word is read. The share
# is the planner's own statistics of chat_search.vector (pg_stats.most_common_elems, kept by
# ANALYZE), read once a minute per process: a word not among them is rare, and the GIN index
# finds its few matches in the viewer's rooms.
COMMON_SHARE = 0.05
RANKED_PER_ROOM = 300
COMMON_WORDS_SECONDS = 60.0

_COMMON_WORDS = """
SELECT coalesce(array_agg(u.elem) FILTER (WHERE u.freq >= $1), '{}') AS words
FROM pg_stats AS s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(elem, freq)
WHERE s.schemaname = current_schema() AND s.tablename = 'chat_search' AND s.attname = 'vector'
"""
_common_words: tuple[float, list[str]] = (-COMMON_WORDS_SECONDS, [])


async def common_words(*, fresh: bool = False) -> list[str]:
    """The lexemes in at least COMMON_SHARE of the indexed messages (cached a minute)."""
    global _common_words
    now = time.monotonic()
    if fresh or now - _common_words[0] > COMMON_WORDS_SECONDS:
        rows = await connections.get("default").execute_query_dict(_COMMON_WORDS, [COMMON_SHARE])
        _common_words = (now, list(rows[0]["words"]) if rows else [])
    return _common_words[1]


# Every word of the search common (the query's lexemes within the common ones, {common} the
# parameter); evaluated once (an InitPlan), it gates the two branches: the one not taken is
# never run. The per-room branch matches with `ts_match_vq` (the `@@` function, which no index
# serves), so each room is read through chat_search_newest in order and stops at its LIMIT. The
# GIN branch looks up only the query's rare words (`rare`, their AND, as quoted lexemes):
# "common rare" reads the rare word's postings, not the common one's half a million (the
# planner ANDs them with chat_search_newest's bitmap of the rooms), and every row is checked
# against the whole query.
_COMMON = r"""
common AS (
  SELECT coalesce(cardinality(w) > 0 AND w <@ {common}::text[], false) AS yes
  FROM (SELECT tsvector_to_array(to_tsvector('{config}', $2)) AS w) AS words
),
rare AS (
  SELECT CASE WHEN count(*) = 0 THEN (SELECT query FROM q) ELSE string_agg(lexeme, ' & ')::tsquery END AS query
  FROM (SELECT '''' || replace(replace(w, '\', '\\'), '''', '''''') || '''' AS lexeme
        FROM unnest(tsvector_to_array(to_tsvector('{config}', $2))) AS w
        WHERE NOT w = ANY({common}::text[])) AS words
),"""

_PER_ROOM = """
    SELECT s.message_id, s.created_at, {rank} AS rank
    FROM unnest($1::uuid[]) AS r(id) CROSS JOIN LATERAL (
      SELECT s.message_id, s.created_at, s.vector FROM chat_search AS s, q
      WHERE s.room_id = r.id AND ts_match_vq(s.vector, q.query) {room_keyset}
      ORDER BY s.created_at DESC, s.message_id DESC
      LIMIT {room_limit}
    ) AS s CROSS JOIN q
    WHERE (SELECT yes FROM common)
    UNION ALL
    SELECT s.message_id, s.created_at, {rank} AS rank
    FROM chat_search AS s, q, rare
    WHERE s.room_id = ANY($1::uuid[]) AND s.vector @@ rare.query AND ts_match_vq(s.vector, q.query) {room_keyset}
      AND NOT (SELECT yes FROM common)"""

_HITS = """
hits AS (
  SELECT * FROM ({branches}
  ) AS u
  WHERE true {keyset}
  ORDER BY {order}
  LIMIT $3
)"""

# One round trip: the page's hits from the narrow chat_search (`LIMIT` before anything costly),
# then for those rows only the message, the snippet, the author's name, a reply's root's seq, and
# whether the body as stored now still matches (an edit the indexer has not caught up with yet).
_SEARCH = """
WITH q AS (SELECT plainto_tsquery('{config}', $2) AS query),{estimate}{hits}
SELECT {columns}, h.rank, u.display_name, root.seq AS root_seq,
       ts_headline('{config}', m.body, q.query, '{headline}') AS headline,
       to_tsvector('{config}', m.body) @@ q.query AS matches
FROM hits AS h CROSS JOIN q
JOIN chat_messages AS m ON m.id = h.message_id
JOIN users AS u ON u.id = m.author_id
LEFT JOIN chat_messages AS root ON root.id = m.thread_id
ORDER BY {outer_order}
"""


def _sql(order: SearchOrder, paged: bool) -> str:
    """The statement; its parameters are rooms, text, page size + 1, the keyset when `paged`,
    then the common words."""
    common = "$6" if order is SearchOrder.NEWEST and paged else "$7" if paged else "$4"
    if order is SearchOrder.NEWEST:
        rank, room_limit = "0::real", "$3"
        room_keyset, keyset = "AND (s.created_at, s.message_id) < ($4, $5)", ""
        sort = "created_at DESC, message_id DESC"
    else:  # ranks need every match (bounded per room for a common word): the keyset is on the rank
        rank, room_limit = "ts_rank(s.vector, q.query)", str(RANKED_PER_ROOM)
        room_keyset, keyset = "", "AND (rank, created_at, message_id) < ($4::real, $5, $6)"
        sort = "rank DESC, created_at DESC, message_id DESC"
    branches = _PER_ROOM.format(rank=rank, room_keyset=room_keyset if paged else "", room_limit=room_limit)
    hits = _HITS.format(branches=branches, keyset=keyset if paged else "", order=sort)
    return _SEARCH.format(
        config=TS_CONFIG, columns=_COLUMNS, estimate=_COMMON.format(common=common, config=TS_CONFIG), hits=hits,
        outer_order=", ".join(f"h.{part}" for part in sort.split(", ")), headline=_HEADLINE.replace("'", "''"),
    )  # fmt: skip


async def _live_states(rt: Runtime, stored: list[Message]) -> dict[str, Message]:
    """The current state of those of `stored` still in their room's Redis window (one pipeline)."""
    if not stored:
        return {}
    async with rt.redis.pipeline(transaction=False) as pipe:
        for state in stored:
            pipe.hget(messages.room_keys(rt, state.room_id).states, state.id)
        answers = await pipe.execute()
    return {state.id: events.decode_message(raw) for state, raw in zip(stored, answers, strict=True) if raw}


def snippet_parts(headline: str) -> list[SnippetPart]:
    """ts_headline's text split at its markers: plain text parts, the matches flagged."""
    parts: list[SnippetPart] = []
    for i, chunk in enumerate(headline.split(_START)):
        inside, sep, rest = chunk.partition(_STOP)
        if i == 0 or not sep:  # text before the first match, or a stray (never-opened) part
            before = inside.replace(_STOP, "") + rest
            if before:
                parts.append(SnippetPart(before, False))
            continue
        if inside:
            parts.append(SnippetPart(inside, True))
        tail = rest.replace(_STOP, "")
        if tail:
            parts.append(SnippetPart(tail, False))
    return parts


async def search_messages(
    rt: Runtime,
    viewer: Viewer,
    course_id: str,
    query: str,
    *,
    room_id: str | None = None,
    order: str | None = None,
    first: int | None = None,
    after: str | None = None,
) -> SearchPage:
    """Messages of the course's rooms the viewer reads whose text matches `query` (all its
    words), newest or most relevant first, `first` (at most 50) after `after`."""
    text = check_query(query)
    sort = check_order(order)
    size = page_size(first, maximum=MAX_PAGE)
    course, found_rooms = await searchable_rooms(viewer, course_id, room_id)
    moderates = manages(viewer, course)
    kind = _cursor_kind(sort, course.id, found_rooms[0].id if room_id is not None else None, text)
    keyset = _after_values(sort, decode_cursor(rt.settings.secret_key, kind, after)) if after is not None else []
    by_id = {room.id: room for room in found_rooms}
    db = connections.get("default")
    common = await common_words()
    rows = await db.execute_query_dict(_sql(sort, bool(keyset)), [list(by_id), text, size + 1, *keyset, common])
    if not rows and not (await db.execute_query_dict(_HAS_WORDS, [text]))[0]["n"]:
        raise SearchQueryRefused("NO_WORDS", "Search for at least one word that is not too common")
    more = len(rows) > size
    rows = rows[:size]
    stored = [durable.message_of_row(row) for row in rows]
    live_states = await _live_states(rt, stored)
    hits: list[SearchHit] = []
    cursors: list[str] = []
    end_cursor: str | None = None
    for row, state in zip(rows, stored, strict=True):
        values: list[Any] = [row["created_at"].isoformat(), str(row["id"])]
        if sort is SearchOrder.RELEVANCE:
            values.insert(0, float(row["rank"]))
        cursor = encode_cursor(rt.settings.secret_key, kind, values)
        end_cursor = cursor
        now = live_states.get(state.id) or state
        if not row["matches"] or now.deleted or now.body != state.body:
            continue  # deleted or edited since it was stored (Redis knows first): found again once stored
        around = row["seq"] if now.thread_id is None else row["root_seq"]
        if around is None:  # the root is still only in Redis
            root = await messages.current_state(rt, row["room_id"], now.thread_id)  # type: ignore[arg-type]
            around = root.seq if root is not None else row["seq"]
        room = by_id[row["room_id"]]
        parts = snippet_parts(str(row["headline"]))
        hits.append(SearchHit(now, room, moderates or room.kind is not RoomKind.ANNOUNCEMENTS, parts, int(around)))
        cursors.append(cursor)
    return SearchPage(hits, cursors, end_cursor, more)
