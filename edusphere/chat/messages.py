"""Chat actions: send, edit, delete, typing, read markers, and history.

Each action checks membership and input first (`check_*`), then makes one atomic change in
Redis (`live.append`), which also queues it for PostgreSQL and publishes it to every process.

A muted member (`Membership.muted_until`, see `chat.moderation`) reads as before, but every
post, edit and typing is refused with `rooms.Muted` (FORBIDDEN, `reason: "MUTED"`, `until`);
deleting their own messages is still allowed (it only takes away).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import msgspec
from tortoise import connections

from edusphere.auth.viewer import Viewer
from edusphere.chat import activity, attachments, durable, events, live, mentions
from edusphere.chat import keys as chat_keys
from edusphere.chat.events import ChatUser, Message, MessageDeleted, MessageEdited, MessageEvent, MessagePosted, Typing
from edusphere.chat.models import ChatMessage, RoomKind
from edusphere.chat.rooms import Membership, Muted, cached_membership, membership
from edusphere.core import ratelimit
from edusphere.core.errors import AppError, bad_input, forbidden, not_found
from edusphere.core.runtime import Runtime
from edusphere.core.text import check_plain_text
from edusphere.courses.models import Lesson

MAX_BODY = 4_000
EDIT_WINDOW = timedelta(minutes=15)
TYPING_TTL_MS = 3_000
_CLIENT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def room_keys(rt: Runtime, room_id: UUID | str) -> chat_keys.RoomKeys:
    return chat_keys.RoomKeys(rt.keys, str(room_id))


def check_body(body: str) -> str:
    """The body as stored: a send is acknowledged with a seq only if PostgreSQL will take it
    (`check_plain_text`), or the write-behind would drop an acknowledged message later."""
    text = check_plain_text(body, "body").strip()
    if not text:
        raise bad_input("A message cannot be empty", field="body")
    if len(text) > MAX_BODY:
        raise bad_input(f"A message can be at most {MAX_BODY} characters", field="body")
    return text


def check_client_id(client_id: str) -> str:
    """The whole id must match (a `$` would let a trailing newline through, and 64 characters
    and it would then be too long for its column: the write-behind would drop the message)."""
    if not _CLIENT_ID.fullmatch(client_id):
        raise bad_input("clientId must be 1-64 letters, digits or _.:-", field="clientId")
    return client_id


def chat_bucket(rt: Runtime, viewer: Viewer) -> ratelimit.Bucket:
    """One bucket per user for everything they append to chat: a post, an edit and a delete
    each take a seq, a stream entry and a fan-out to every subscriber, so each takes a token
    (`CHAT_SEND_BURST`, `CHAT_SENDS_PER_SECOND`); separate buckets would only multiply the rate
    a flood may reach."""
    rate = rt.settings.chat_send_rate
    return ratelimit.Bucket(chat_keys.send_bucket(rt.keys, viewer.id), rate.burst, rate.per_second)


def throttled(refused: live.Throttled) -> AppError:
    return ratelimit.rate_limited(refused.decision, "chat messages, edits and deletes")


def check_not_muted(member: Membership) -> None:
    """`Muted` while the member's mute runs (compared with the clock: it ends by itself)."""
    until = member.muted()
    if until is not None:
        raise Muted(until)


def check_can_post(member: Membership) -> None:
    if not member.can_post:
        raise forbidden("Only the course's creator and admins post in this room")
    check_not_muted(member)


async def check_thread(rt: Runtime, member: Membership, thread_id: str) -> Message:
    """The root a reply goes under: a message of the same room, not deleted; a reply to a reply
    answers in its root's thread (threads are one level deep)."""
    for _ in range(2):
        try:
            room_id = await room_of(rt, thread_id)
        except AppError:
            raise bad_input("threadId is not a message of this room", field="threadId") from None
        state = await current_state(rt, room_id, thread_id) if room_id == member.room.id else None
        if state is None:
            raise bad_input("threadId is not a message of this room", field="threadId")
        if state.thread_id is None:
            if state.deleted:
                raise bad_input("That message was deleted: it takes no replies", field="threadId")
            return state
        thread_id = state.thread_id
    raise bad_input("threadId is not a message of this room", field="threadId")


async def check_lesson(member: Membership, lesson_id: str) -> str:
    """A lesson of the room's course (one round trip: lesson -> module -> course)."""
    try:
        parsed = UUID(lesson_id)
    except ValueError:
        raise bad_input("lessonId is not a lesson of this course", field="lessonId") from None
    if not await Lesson.filter(id=parsed, module__course_id=member.course.id).exists():
        raise bad_input("lessonId is not a lesson of this course", field="lessonId")
    return str(parsed)


async def send_message(
    rt: Runtime,
    viewer: Viewer,
    room_id: str,
    body: str,
    client_id: str,
    *,
    thread_id: str | None = None,
    lesson_id: str | None = None,
    attachment_ids: list[str] | None = None,
) -> Message:
    """Post `body` (a reply in `thread_id`'s thread, or a question about `lesson_id`), with
    the sender's uploaded `attachment_ids`."""
    member = await cached_membership(rt, viewer, room_id)
    check_can_post(member)
    text = check_body(body)
    check_client_id(client_id)
    if thread_id is not None and lesson_id is not None:
        raise bad_input("A reply belongs to its thread's question; lessonId goes on the question", field="lessonId")
    root = await check_thread(rt, member, thread_id) if thread_id is not None else None
    lesson = await check_lesson(member, lesson_id) if lesson_id is not None else None
    named = await mentions.check_mentions(member, text) if "<" in text else mentions.NONE
    attached = await attachments.check_attachments(viewer, attachment_ids) if attachment_ids else ()
    keys = room_keys(rt, member.room.id)
    at = events.now()
    message = Message(
        id=live.new_message_id(), seq=0, room_id=str(member.room.id), author_id=str(viewer.id),
        author_name=viewer.user.display_name, body=text, client_id=client_id, created_at=at, edited_at=None,
        deleted=False, last_event_seq=0, thread_id=root.id if root else None, lesson_id=lesson,
        mentions=named.users, mentions_here=named.here, attachment_ids=attached,
    )  # fmt: skip
    # An ANNOUNCEMENTS post is noted for the course's learners (notifications) as it is stored.
    event = MessagePosted(
        room_id=message.room_id, at=at, message=message, announcement=member.room.kind is RoomKind.ANNOUNCEMENTS
    )
    # One atomic step: a retry (same clientId) gets the first message back whatever the rate
    # limit says; a new message takes a token, or is refused and changes nothing.
    try:
        stored, _ = await live.append(
            rt.redis,
            keys,
            event,
            idempotency_key=keys.idempotency(viewer.id, client_id),
            bucket=chat_bucket(rt, viewer),
            thread_delta=1 if root else 0,
        )
    except live.Throttled as refused:
        raise throttled(refused) from None
    except live.RootDeleted:
        raise bad_input("That message was deleted: it takes no replies", field="threadId") from None
    if stored.message.id == message.id:  # a new message, not a retry's first one
        activity.count_post(rt)
        await attachments.record(stored.message)  # members may fetch them at once
    return stored.message


Change = MessageEvent


async def edit_message(rt: Runtime, viewer: Viewer, message_id: str, body: str) -> Message:
    text = check_body(body)
    named = mentions.NONE
    if "<" in text:
        named = await mentions.check_mentions(await membership(viewer, await room_of(rt, message_id)), text)

    def change(state: Message, member: Membership) -> Change:
        if state.author_id != str(viewer.id):
            raise forbidden("Only its author can edit a message")
        check_not_muted(member)
        if state.deleted:
            raise bad_input("A deleted message cannot be edited")
        if state.created_at + EDIT_WINDOW < events.now():
            raise bad_input(f"Messages can be edited for {int(EDIT_WINDOW.total_seconds() // 60)} minutes")
        at = events.now()
        edited = msgspec.structs.replace(state, body=text, edited_at=at, mentions=named.users, mentions_here=named.here)
        return MessageEdited(room_id=state.room_id, at=at, message=edited, previous_body=state.body)

    return await change_message(rt, viewer, message_id, change)


async def delete_message(rt: Runtime, viewer: Viewer, message_id: str) -> Message:
    def change(state: Message, member: Membership) -> Change | None:
        if state.author_id != str(viewer.id) and not member.moderates:
            raise forbidden("Only its author, the course's creator or an admin can delete a message")
        if state.deleted:
            return None
        return deletion(state)

    return await change_message(rt, viewer, message_id, change)


def deletion(state: Message) -> MessageDeleted:
    """The change that deletes the message whose current state is `state`."""
    gone = msgspec.structs.replace(state, body="", deleted=True)
    return MessageDeleted(room_id=state.room_id, at=events.now(), message=gone)


async def change_message(
    rt: Runtime, viewer: Viewer, message_id: str, change: Callable[[Message, Membership], Change | None]
) -> Message:
    """Read the message as it is now, let `change` check the viewer and make the event (None:
    nothing to change), append it; read again and retry when someone else changed it first."""
    room_id = await room_of(rt, message_id)
    member = await membership(viewer, room_id)
    for _ in range(3):
        state = await current_state(rt, room_id, message_id)
        if state is None:
            raise not_found("Message")
        changed_event = change(state, member)
        if changed_event is None:
            return state  # nothing left to change (deleting a deleted message)
        try:
            return await append_change(rt, state, changed_event, chat_bucket(rt, viewer))
        except live.StaleMessage:
            continue  # someone else changed it meanwhile: look again (the script took no token)
        except live.Throttled as refused:
            raise throttled(refused) from None
    raise bad_input("The message is being changed by someone else; try again")


async def current_state(rt: Runtime, room_id: UUID, message_id: str) -> Message | None:
    """The message as it is now: Redis's state while it is in the room's window (PostgreSQL
    may not have it yet: written behind), else the stored row; None when neither has it."""
    return await live.current_state(rt.redis, room_keys(rt, room_id), message_id) or await _durable_state(message_id)


async def append_change(rt: Runtime, state: Message, change: Change, bucket: ratelimit.Bucket | None) -> Message:
    """Append a change (an edit, a delete, a pin, an answer) of the message whose current state
    is `state`: published to the room's subscribers and written behind like any other; deleting
    a reply takes it off its root's count. `live.StaleMessage` when the message changed since
    `state` was read; `live.Throttled` when `bucket` (None: no limit) is empty."""
    delta = -1 if isinstance(change, MessageDeleted) and state.thread_id and not state.deleted else 0
    stored, _ = await live.append(
        rt.redis,
        room_keys(rt, state.room_id),
        change,
        expected_last_seq=state.last_event_seq,
        bucket=bucket,
        thread_delta=delta,
    )
    return stored.message


async def room_of(rt: Runtime, message_id: str) -> UUID:
    """The room of a message (NOT_FOUND for a malformed or unknown id): recent ones from Redis,
    older ones from PostgreSQL."""
    try:
        parsed = UUID(message_id)
    except ValueError:
        raise not_found("Message") from None
    cached = await rt.redis.get(chat_keys.message_room(rt.keys, str(parsed)))
    if cached:
        return UUID(str(cached))
    row = await ChatMessage.get_or_none(id=parsed)
    if row is None:
        raise not_found("Message")
    return row.room_id  # type: ignore[attr-defined, no-any-return]


async def _durable_state(message_id: str) -> Message | None:
    row = await ChatMessage.get_or_none(id=UUID(message_id)).select_related("author")
    return durable.message(row) if row is not None else None


async def set_typing(rt: Runtime, viewer: Viewer, room_id: str) -> bool:
    """Ephemeral: no seq, not stored; at most one TYPING event per user and room every 3 s."""
    member = await cached_membership(rt, viewer, room_id)
    check_can_post(member)
    keys = room_keys(rt, member.room.id)
    if await rt.redis.set(keys.typing(viewer.id), "1", nx=True, px=TYPING_TTL_MS):
        user = ChatUser(str(viewer.id), viewer.user.display_name)
        await rt.redis.publish(keys.channel, events.encode(Typing(room_id=keys.room_id, at=events.now(), user=user)))
    return True


async def mark_read(rt: Runtime, viewer: Viewer, room_id: str, seq: int) -> Membership:
    member = await membership(viewer, room_id)
    keys = room_keys(rt, member.room.id)
    top, _ = await live.latest_seq(rt.redis, keys)
    if seq < 0 or seq > top:
        raise bad_input(f"seq must be between 0 and the room's latest ({top})", field="seq")
    await live.mark_read(rt.redis, keys, viewer.id, seq)
    return member


async def live_read_markers(rt: Runtime, wanted: list[tuple[UUID, UUID]]) -> list[int | None]:
    """Redis's read marker of each (room id, user id), in one round trip; None where Redis has
    none. PostgreSQL's `chat_read_markers` is written behind from these, so it never says more:
    how far a user read is the greater of the two (a caller working in SQL joins that table for
    the rest, as `notifications.digest` does)."""
    if not wanted:
        return []
    return await live.read_markers(rt.redis, [(room_keys(rt, room_id), user_id) for room_id, user_id in wanted])


async def last_read_seq(rt: Runtime, viewer: Viewer, room_id: UUID) -> int:
    marker = await live.read_marker(rt.redis, room_keys(rt, room_id), viewer.id)
    if marker is not None:
        return marker
    rows = await connections.get("default").execute_query_dict(
        "SELECT seq FROM chat_read_markers WHERE room_id = $1 AND user_id = $2", [room_id, viewer.id]
    )
    return int(rows[0]["seq"]) if rows else 0


@dataclass(frozen=True)
class History:
    messages: list[Message]  # oldest first
    has_more: bool
    # Newer posts exist after the last one: known on `around` and `after` pages (None on the
    # others: the newest page has none, a `before` page has some unless nothing was posted since).
    has_more_after: bool | None = None


def check_page_size(last: int | None) -> int:
    size = 50 if last is None else last
    if not 1 <= size <= 100:
        raise bad_input("`last` must be between 1 and 100", field="last")
    return size


def check_seq(value: int | None, argument: str) -> int | None:
    if value is not None and not 0 <= value <= 2**53:
        raise bad_input(f"`{argument}` must be a seq (0 or more)", argument=argument)
    return value


async def history(
    rt: Runtime,
    viewer: Viewer,
    room_id: str,
    before: int | None,
    last: int | None,
    *,
    around: int | None = None,
    after: int | None = None,
) -> History:
    """The room's timeline: its roots (replies are in their threads), `last` before `before`;
    or the page centred on seq `around` (a search hit, a link); or `last` after `after`, oldest
    first (paging forward from an `around` page). At most one of before, around and after."""
    if sum(arg is not None for arg in (before, around, after)) > 1:
        raise bad_input("Give at most one of before, around and after", argument="around")
    size = check_page_size(last)
    check_seq(around, "around")
    check_seq(after, "after")
    member = await membership(viewer, room_id)
    if around is not None:
        return await around_page(rt, member.room.id, around, size)
    if after is not None:
        newer, more = await page_after(rt, member.room.id, after, size, thread_id=None)
        older = await _exists_before(rt, member.room.id, newer[0].seq if newer else after + 1)
        return History(newer, older, more)
    return await page(rt, member.room.id, before, size, thread_id=None)


async def around_page(rt: Runtime, room_id: UUID, seq: int, size: int) -> History:
    """The roots around `seq`: the one at `seq` (or the newest before it) and up to half the
    page before it, the rest after it; flags for more on each side. A seq that is a reply's or
    an edit's (not a root's) opens where it would be in the timeline."""
    older = await page(rt, room_id, seq + 1, (size + 1) // 2, thread_id=None)
    newer, more_after = await page_after(rt, room_id, seq, size - len(older.messages), thread_id=None)
    if len(older.messages) + len(newer) < size and older.has_more:  # near the end: fill from before
        fuller = await page(rt, room_id, seq + 1, size - len(newer), thread_id=None)
        return History(fuller.messages + newer, fuller.has_more, more_after)
    return History(older.messages + newer, older.has_more, more_after)


async def _exists_before(rt: Runtime, room_id: UUID, seq: int) -> bool:
    return bool((await page(rt, room_id, seq, 1, thread_id=None)).messages)


async def page_after(
    rt: Runtime, room_id: UUID, after: int, size: int, *, thread_id: str | None
) -> tuple[list[Message], bool]:
    """Posts of one room (roots, or one thread's replies) with seq > `after`, the oldest `size`
    of them, oldest first, and whether more follow: PostgreSQL below Redis's window, then the
    window (the mirror of `page`)."""
    if size <= 0:
        more, _ = await page_after(rt, room_id, after, 1, thread_id=thread_id)
        return [], bool(more)
    keys = room_keys(rt, room_id)
    oldest_live = await live.oldest_recent_seq(rt.redis, keys)
    found: list[Message] = []
    if oldest_live is None or after + 1 < oldest_live:
        stored = ChatMessage.filter(room_id=room_id, seq__gt=after)
        if oldest_live is not None:
            stored = stored.filter(seq__lt=oldest_live)
        stored = (
            stored.filter(thread_id__isnull=True) if thread_id is None else stored.filter(thread_id=UUID(thread_id))
        )
        rows = await stored.order_by("seq").limit(size + 1).select_related("author")
        found = [durable.message(row) for row in rows]
        if len(found) > size:
            return found[:size], True
    if oldest_live is not None:
        recent = await live.recent_events(rt.redis, keys, max(after, oldest_live - 1))
        posts = [e.message for e in recent if isinstance(e, MessagePosted) and e.message.thread_id == thread_id]
        wanted = posts[: size - len(found) + 1]
        states = await live.current_states(rt.redis, keys, [m.id for m in wanted])
        found += [state or posted for state, posted in zip(states, wanted, strict=True)]
    return found[:size], len(found) > size


async def thread(rt: Runtime, viewer: Viewer, message_id: str, before: int | None, last: int | None) -> History:
    """A root's replies, oldest first, `last` before seq `before` (a reply's id: its root's)."""
    size = check_page_size(last)
    room_id = await room_of(rt, message_id)
    member = await membership(viewer, room_id)
    root = await check_thread(rt, member, message_id)
    return await page(rt, member.room.id, before, size, thread_id=root.id)


async def page(rt: Runtime, room_id: UUID, before: int | None, size: int, *, thread_id: str | None) -> History:
    """Posts of one room (its roots, or one thread's replies) with seq < `before`, the newest
    `size` of them, oldest first: from Redis's window, then PostgreSQL below it, seamless at the
    boundary (the partial indexes `chat_messages_room_roots` and `chat_messages_thread`)."""
    keys = room_keys(rt, room_id)
    ceiling = before if before is not None else 2**62
    oldest_live = await live.oldest_recent_seq(rt.redis, keys)
    found: list[Message] = []
    if oldest_live is not None and ceiling > oldest_live:
        recent = await live.recent_events(rt.redis, keys, oldest_live - 1, ceiling - 1)
        posts = [e.message for e in recent if isinstance(e, MessagePosted) and e.message.thread_id == thread_id]
        posts = posts[-size:]
        states = await live.current_states(rt.redis, keys, [m.id for m in posts])
        found = [state or posted for state, posted in zip(states, posts, strict=True)]
        ceiling = oldest_live
    stored = ChatMessage.filter(room_id=room_id)
    stored = stored.filter(thread_id__isnull=True) if thread_id is None else stored.filter(thread_id=UUID(thread_id))
    if len(found) < size:
        rows = (
            await stored.filter(seq__lt=ceiling).order_by("-seq").limit(size - len(found) + 1).select_related("author")
        )
        older = [durable.message(row) for row in rows[: size - len(found)]][::-1]
        has_more = len(rows) > size - len(found)
        return History(older + found, has_more)
    has_more = await stored.filter(seq__lt=found[0].seq).exists() or (
        oldest_live is not None and found[0].seq > oldest_live
    )
    return History(found, has_more)


async def message_states(rt: Runtime, wanted: list[tuple[UUID, UUID]]) -> dict[tuple[UUID, UUID], Message]:
    """The current state of each (room id, message id): Redis's window in one pipeline, the
    rest from PostgreSQL in one query."""
    by_room: dict[UUID, list[UUID]] = {}
    for room_id, message_id in wanted:
        by_room.setdefault(room_id, []).append(message_id)
    found: dict[tuple[UUID, UUID], Message] = {}
    async with rt.redis.pipeline(transaction=False) as pipe:
        for room_id, ids in by_room.items():
            pipe.hmget(room_keys(rt, room_id).states, [str(i) for i in ids])
        answers = await pipe.execute()
    for (room_id, ids), states in zip(by_room.items(), answers, strict=True):
        for message_id, raw in zip(ids, states, strict=True):
            if raw:
                found[(room_id, message_id)] = events.decode_message(raw)
    missing = [message_id for room_id, message_id in wanted if (room_id, message_id) not in found]
    if missing:
        for row in await ChatMessage.filter(id__in=missing).select_related("author"):
            found[(row.room_id, row.id)] = durable.message(row)  # type: ignore[attr-defined]
    return found


async def room_head(rt: Runtime, room_id: UUID) -> tuple[int, str | None]:
    """The room's latest seq and epoch: where a client that loads no history subscribes from."""
    return await live.latest_seq(rt.redis, room_keys(rt, room_id))


async def unread_count(rt: Runtime, viewer: Viewer, room_id: UUID) -> int:
    """Messages by others, not deleted, after the viewer's read marker (roots: the timeline's)."""
    read = await last_read_seq(rt, viewer, room_id)
    keys = room_keys(rt, room_id)
    oldest_live = await live.oldest_recent_seq(rt.redis, keys)
    count = 0
    if oldest_live is not None:
        recent = await live.recent_events(rt.redis, keys, max(read, oldest_live - 1))
        posts = [
            e.message.id
            for e in recent
            if isinstance(e, MessagePosted) and e.message.author_id != str(viewer.id) and e.message.thread_id is None
        ]
        states = await live.current_states(rt.redis, keys, posts)
        count = sum(1 for state in states if not (state and state.deleted))
    if oldest_live is None or read < oldest_live - 1:
        below = oldest_live if oldest_live is not None else 2**62
        count += (
            await ChatMessage.filter(
                room_id=room_id, seq__gt=read, seq__lt=below, deleted=False, thread_id__isnull=True
            )
            .exclude(author_id=viewer.id)
            .count()
        )
    return count
