"""Write-behind: the durable Redis stream of chat events, drained into PostgreSQL.

Every process runs consumers of the `writers` group (`CHAT_WRITE_BEHIND_CONSUMERS`, two: each
on its own PostgreSQL connection, so one writes while the other commits). On start a consumer
first re-reads its own pending entries (delivered before a crash, never acknowledged), then new
ones, reading the next batch while the current one is written; every few seconds it also claims
entries left pending by a dead consumer (XAUTOCLAIM). On stop (SIGTERM) it writes the batch in
hand and then what it has read ahead, so nothing it was handed waits for a claim. A batch (size and time bounded) is
written in one transaction with one statement per table, idempotently, so batches may commit
in any order:

- chat_messages:    a post's row, INSERT … ON CONFLICT (room_id, seq); an edit or delete updates
                    it only when newer (last_event_seq): versioned and replay-safe
                    (and the root a reply or a reply's deletion changed)
- chat_search_queue: in the same statement, the ids of the messages whose body this batch
                    changed (posts, edits, deletes; a replay changes nothing): the search
                    indexer (`chat.searchindex`) indexes them after the commit, so `to_tsvector`
                    is not on this path; reactions, pins and reply counts queue nothing
- chat_events:      every later change (edits, deletes, reactions, pins, answers),
                    INSERT … ON CONFLICT (room_id, seq) DO NOTHING
- chat_reactions:   who reacted with what, upserted only when newer (event_seq)
- versions:         the body an edit replaced, ON CONFLICT DO NOTHING
- read markers:     upsert keeping GREATEST(seq)
- announcements:    a post in an ANNOUNCEMENTS room (its event says so) is also a
                    course_announcements row, ON CONFLICT DO NOTHING: noticed by the course's
                    email notifications exactly when it is durable (`edusphere.notifications`)

Entries are acknowledged only after the commit. When PostgreSQL is unreachable the consumer
waits and retries with backoff, dropping nothing. An entry that fails on its own (bad data) is
retried alone and, after `max_attempts`, moved to a dead-letter stream so it cannot block the
rest. A dead letter is an incident, never routine (the services refuse at the door what
PostgreSQL would refuse, so an acknowledged message is durable): the log says which entry and
why, the dead letter keeps the event and the error, and `status` (hence `/readyz` and
`edusphere chat status`) reports it until an operator has dealt with it and deleted it. The
status shows only the error's class and SQLSTATE, never its text: asyncpg quotes parameter
values in its messages (a chat message's body), and `/readyz` is public.
The stream is trimmed only below the oldest entry not yet acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
import msgspec
from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError
from tortoise.exceptions import DBConnectionError
from tortoise.transactions import in_transaction

from edusphere.chat import events
from edusphere.chat import keys as chat_keys
from edusphere.chat.events import (
    MessageDeleted,
    MessageEdited,
    MessageEvent,
    MessagePosted,
    ReactionChanged,
    ReadMarked,
    StreamEvent,
)
from edusphere.core.redis import Keys
from edusphere.core.tasks import stop_gracefully

log = logging.getLogger(__name__)

GROUP = "writers"
RETRY_FAILED_SECONDS = 0.5
TRIM_EVERY_SECONDS = 1.0
PARKED = "for-a-newer-release"  # the consumer that holds entries this release cannot read


@dataclass(frozen=True)
class Unreadable:
    """A stream entry that is not an event this release knows: `newer` when it is well-formed
    and from a newer release (a rolling restart: left for a consumer of that release), else bad
    data (retried, then a dead letter)."""

    raw: str
    error: str
    newer: bool


Entry = tuple[str, StreamEvent | Unreadable]  # stream id, decoded event


MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class WriteBehindStatus:
    stream_length: int
    pending: int
    lag_seconds: float
    dead_letters: int
    # The newest dead letter (entry, what, error, at), so the probe shows what to look at; its
    # `error` is the class and SQLSTATE only (the full reason is in the log and the stream).
    last_dead_letter: dict[str, str] | None = None
    # For an operator: `/readyz` gathers every section's incidents (see core.health).
    incidents: list[str] = field(default_factory=list)


def _incidents(dead_letters: int, last: dict[str, str] | None) -> list[str]:
    if not dead_letters:
        return []
    newest = f" (newest: entry {last['entry']}, {last['what']}: {last['error']})" if last else ""
    return [f"{dead_letters} chat event(s) could not be written to PostgreSQL and wait in the dead letters{newest}"]


class WriteBehind:
    def __init__(
        self,
        redis: Redis,
        keys: Keys,
        consumer: str,
        *,
        batch_size: int = 500,
        max_wait_seconds: float = 0.1,
        linger_seconds: float = 0.05,
        max_attempts: int = 5,
        claim_idle_seconds: float = 30.0,
    ) -> None:
        self.redis = redis
        self.stream = chat_keys.stream(keys)
        self.dead_letters = chat_keys.dead_letters(keys)
        self.attempts_key = chat_keys.attempts(keys)
        self.consumer = consumer
        self.batch_size = batch_size
        self.max_wait_ms = max(1, int(max_wait_seconds * 1000))
        self.linger_seconds = linger_seconds
        self.max_attempts = max_attempts
        self.claim_idle_ms = int(claim_idle_seconds * 1000)
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._trimmed_at = 0.0
        self._untrimmed = False
        self.written = 0

    async def start(self) -> None:
        await ensure_group(self.redis, self.stream)
        self._task = asyncio.create_task(self.run(), name="chat-write-behind")

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Finish the batch in hand and stop; cancelling inside a transaction could strand a
        pooled connection, so cancellation is only the last resort."""
        if self._task is None:
            return
        await stop_gracefully(self._task, self._stopping, grace_seconds)
        self._task = None

    async def run(self) -> None:
        backlog = True  # our own pending entries first
        last_claim = 0.0
        backoff = 0.1
        ahead: asyncio.Task[list[Entry]] | None = None  # the next new batch, read while one is written
        try:
            while not self._stopping.is_set():
                try:
                    fresh = False  # entries read before (ours or a dead consumer's) may carry attempt counts
                    if backlog:
                        entries = await self._read("0")
                        backlog = bool(entries)
                    elif time.monotonic() - last_claim > self.claim_idle_ms / 1000 / 2:
                        last_claim = time.monotonic()
                        entries = await self._claim()
                        if not entries:
                            continue
                    else:
                        entries, fresh = await (ahead or self._batch()), True
                        ahead = asyncio.create_task(self._batch()) if entries else None
                    if entries and not await self.flush(entries, fresh=fresh):
                        backlog = True  # some entries failed alone: retry them (they count attempts)
                        await self._pause(RETRY_FAILED_SECONDS)
                    elif not entries and self._untrimmed:
                        await self._trim()  # idle: catch up on the trimming skipped while busy
                    backoff = 0.1
                except (RedisError, _Unavailable) as error:
                    log.warning("write-behind paused (%s); retrying in %.1fs", error, backoff)
                    await _settle(ahead)  # what it read is pending to us: the backlog pass re-reads it
                    ahead = None
                    await self._pause(backoff)
                    backoff = min(backoff * 2, 5.0)
                    backlog = True  # whatever we held is pending again: re-read it first
                if backlog and ahead is not None:
                    await _settle(ahead)
                    ahead = None
            held, ahead = ahead, None
            if backoff == 0.1:  # not while PostgreSQL or Redis is away: the grace would run out inside a write
                await self._write_held(held)
            else:
                await _settle(held)
        finally:
            await _settle(ahead)

    async def _write_held(self, ahead: asyncio.Task[list[Entry]] | None) -> None:
        """On stop, after the batch in hand: write what this consumer holds, the read-ahead's
        entries and any others pending to it. Left pending they would wait for this consumer's
        next start, or, if its process does not come back (a host gone in a rolling restart), for
        another process's XAUTOCLAIM (`claim_idle_seconds`, 30 s) before PostgreSQL has them.
        Measured under a steady sender: the last acknowledged message was such an entry. What was
        never read stays in the stream for the group's other consumers. Bounded by the stop's
        grace (`stop`); PostgreSQL or Redis away leaves the entries pending, as before."""
        await _settle(ahead)  # what it was handed is pending to us: read back below
        try:
            for _ in range(3):  # the read-ahead holds at most one batch; failures stay pending
                entries = await self._read("0")
                if not entries or not await self.flush(entries):
                    return
        except (RedisError, _Unavailable) as error:
            log.warning("write-behind stopped with entries pending to %s (%s)", self.consumer, error)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _read(self, start: str, *, wait: bool = True, count: int | None = None) -> list[Entry]:
        block = self.max_wait_ms if wait and start != "0" else None
        reply: Any = await self.redis.xreadgroup(
            GROUP, self.consumer, {self.stream: start}, count=count or self.batch_size, block=block
        )
        return [(entry_id, _decode(fields)) for _, items in reply for entry_id, fields in items if fields]

    async def _batch(self) -> list[Entry]:
        """New entries; a short batch lingers a moment for more. At chat rates entries arrive one
        or two at a time, and a transaction (plus XACK and XDEL) per one or two messages cost more
        server CPU than the messages themselves; the linger bounds the extra delay to PostgreSQL."""
        entries = await self._read(">")
        if entries and len(entries) < self.batch_size and self.linger_seconds > 0:
            await self._pause(self.linger_seconds)
            entries += await self._read(">", wait=False, count=self.batch_size - len(entries))
        return entries

    async def _claim(self) -> list[Entry]:
        reply: Any = await self.redis.xautoclaim(
            self.stream, GROUP, self.consumer, self.claim_idle_ms, start_id="0-0", count=self.batch_size
        )
        return [(entry_id, _decode(fields)) for entry_id, fields in reply[1] if fields]

    async def flush(self, entries: list[Entry], *, fresh: bool = False) -> bool:
        """Write and acknowledge; False when some entries failed and stay pending. `fresh` entries
        were never delivered before, so no attempt count can exist to clear."""
        entries = await self._park_newer(entries)
        if any(isinstance(event, Unreadable) for _, event in entries):
            return await self._isolate(entries)
        try:
            await write_batch([event for _, event in entries if not isinstance(event, Unreadable)])
        except Exception as error:
            if _database_unavailable(error):
                raise _Unavailable(str(error)) from error  # keep everything, retry later
            log.exception("a write-behind batch failed; writing its %d entries one by one", len(entries))
            return await self._isolate(entries)
        await self._acknowledge([entry_id for entry_id, _ in entries], counted=not fresh)
        return True

    async def _isolate(self, events: list[Entry]) -> bool:
        all_done = True
        for entry_id, event in events:
            try:
                if isinstance(event, Unreadable):
                    raise ValueError(f"not a chat event: {event.error}")
                await write_batch([event])
            except Exception as error:
                if _database_unavailable(error):
                    raise _Unavailable(str(error)) from error
                attempts = await self.redis.hincrby(self.attempts_key, entry_id, 1)
                if attempts < self.max_attempts:
                    all_done = False
                    continue
                await self._dead_letter(entry_id, event, attempts, error)
            await self._acknowledge([entry_id])
        return all_done

    async def _park_newer(self, entries: list[Entry]) -> list[Entry]:
        """Hand the entries of a newer release to the `PARKED` consumer (XCLAIM): out of this
        consumer's pending list, unacknowledged, for a consumer of that release to claim
        (XAUTOCLAIM, once idle); never counted as failures. Returns the rest."""
        newer = [entry_id for entry_id, event in entries if isinstance(event, Unreadable) and event.newer]
        if not newer:
            return entries
        log.info("write-behind leaves %d entries of a newer release to its consumers", len(newer))
        await self.redis.xclaim(self.stream, GROUP, PARKED, 0, list[Any](newer), justid=True)
        return [(entry_id, event) for entry_id, event in entries if entry_id not in newer]

    async def _dead_letter(
        self, entry_id: str, event: StreamEvent | Unreadable, attempts: int, error: Exception
    ) -> None:
        """Keep the entry with why it failed, and say so loudly: this is an incident."""
        reason = f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]
        kind = error_kind(error)
        what = describe(event)
        log.error(
            "write-behind entry %s (%s) failed %d times and was moved to the dead letters: %s",
            entry_id, what, attempts, reason,
        )  # fmt: skip
        await self.redis.xadd(
            self.dead_letters,
            {"entry": entry_id, "what": what, "error": reason, "kind": kind, "attempts": attempts,
             "event": event.raw if isinstance(event, Unreadable) else events.encode(event),
             "at": datetime.now(UTC).isoformat()},
        )  # fmt: skip

    async def _acknowledge(self, entry_ids: list[str], *, counted: bool = True) -> None:
        if not entry_ids:
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.xack(self.stream, GROUP, *entry_ids)
            if counted:
                pipe.hdel(self.attempts_key, *entry_ids)
            await pipe.execute()
        self.written += len(entry_ids)
        self._untrimmed = True
        if time.monotonic() - self._trimmed_at > TRIM_EVERY_SECONDS:
            await self._trim()

    async def _trim(self) -> None:
        self._trimmed_at = time.monotonic()
        self._untrimmed = False
        await trim_acknowledged(self.redis, self.stream)


async def _settle(task: asyncio.Task[list[Entry]] | None) -> None:
    """Stop a read-ahead and wait for it: entries it was handed stay pending, never lost."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, RedisError):
        await task


class _Unavailable(Exception):
    """PostgreSQL cannot be reached (as opposed to refusing this data)."""


_UNAVAILABLE = (
    OSError,
    TimeoutError,
    DBConnectionError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.AdminShutdownError,
)


def error_kind(error: BaseException) -> str:
    """What failed, without what the error says (which may quote the data): the class, and the
    driver's class and SQLSTATE when PostgreSQL answered, e.g. `OperationalError
    (CharacterNotInRepertoireError, SQLSTATE 22021)`."""
    seen: BaseException | None = error.__cause__ or error.__context__
    while seen is not None:
        sqlstate = getattr(seen, "sqlstate", None)
        if isinstance(sqlstate, str):
            return f"{type(error).__name__} ({type(seen).__name__}, SQLSTATE {sqlstate})"
        seen = seen.__cause__ or seen.__context__
    sqlstate = getattr(error, "sqlstate", None)
    return f"{type(error).__name__} (SQLSTATE {sqlstate})" if isinstance(sqlstate, str) else type(error).__name__


def _database_unavailable(error: BaseException) -> bool:
    """Walk the cause chain: Tortoise wraps driver errors in its own classes."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, _UNAVAILABLE):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def ensure_group(redis: Redis, stream: str) -> None:
    try:
        await redis.xgroup_create(stream, GROUP, id="0", mkstream=True)
    except ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise


async def trim_acknowledged(redis: Redis, stream: str) -> None:
    """Drop only entries every reader is done with: below the oldest pending or undelivered one."""
    summary = await redis.xpending(stream, GROUP)
    if summary["pending"]:
        floor = summary["min"]
    else:
        groups = await redis.xinfo_groups(stream)
        floor = next((g["last-delivered-id"] for g in groups if g["name"] == GROUP), None)
    if floor:
        await redis.xtrim(stream, minid=floor, approximate=False)


async def status(redis: Redis, keys: Keys) -> WriteBehindStatus:
    stream = chat_keys.stream(keys)
    await ensure_group(redis, stream)
    length = await redis.xlen(stream)
    summary = await redis.xpending(stream, GROUP)
    oldest = summary["min"] if summary["pending"] else None
    if oldest is None:
        groups = await redis.xinfo_groups(stream)
        delivered = next((g["last-delivered-id"] for g in groups if g["name"] == GROUP), "0-0")
        undelivered = (
            await redis.xrange(stream, min=f"({delivered}", count=1)
            if delivered != "0-0"
            else (await redis.xrange(stream, count=1))
        )
        oldest = undelivered[0][0] if undelivered else None
    lag = max(0.0, time.time() - int(str(oldest).split("-")[0]) / 1000) if oldest else 0.0
    dead_letters = await redis.xlen(chat_keys.dead_letters(keys))
    newest: Any = await redis.xrevrange(chat_keys.dead_letters(keys), count=1) if dead_letters else []
    last = None
    if newest:
        recorded = newest[0][1] or {}
        last = {name: str(recorded.get(name, "?")) for name in ("entry", "what", "at")}
        # Never the recorded reason's text; one recorded before `kind` existed shows its class.
        last["error"] = str(recorded.get("kind") or str(recorded.get("error", "?")).split(":", 1)[0])
    return WriteBehindStatus(length, int(summary["pending"]), lag, dead_letters, last, _incidents(dead_letters, last))


def describe(event: StreamEvent | Unreadable | None) -> str:
    """An event in a few words, for the log and the readiness probe (never its text)."""
    if event is None or isinstance(event, Unreadable):
        return "not a chat event"
    parts = [event.type, f"room {event.room_id}", f"seq {event.seq}"]
    if not isinstance(event, ReadMarked):
        parts.append(f"message {event.message.id}")
    return ", ".join(parts)


def _decode(fields: dict[str, str]) -> StreamEvent | Unreadable:
    raw = fields.get("event", "")
    try:
        return events.decode_stream(raw)
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        return Unreadable(raw, str(error), newer=events.unknown_type(raw))


async def write_batch(batch: list[StreamEvent]) -> None:
    """Write a batch in one transaction, one statement per table; replaying it changes nothing.

    A post is its chat_messages row; edits and deletes upsert that row (only when newer, so
    batches may land in any order) and add a chat_events row. Ids travel as text that asyncpg
    encodes as uuid itself: building UUID objects in Python cost more than the inserts.
    """
    chat = [e for e in batch if not isinstance(e, ReadMarked)]
    changes = [e for e in chat if not isinstance(e, MessagePosted)]
    edits = [e for e in changes if isinstance(e, MessageEdited) and e.previous_body is not None]
    reads = _latest_read_markers([e for e in batch if isinstance(e, ReadMarked)])
    states = _latest_states(chat)
    announced = [e.message for e in chat if isinstance(e, MessagePosted) and e.announcement]
    # Only a post, an edit or a delete changes what search finds (never a reaction, a pin or a
    # root's reply count), and only when this batch stored it (RETURNING: a replay queues
    # nothing, unless a newer state of the message is in the same batch: indexed once more).
    # Its id is queued for the search indexer in the same statement; DO UPDATE, not
    # DO NOTHING, locks an id already queued, so an indexer that has not claimed it skips it
    # (SKIP LOCKED) until this body is committed, and one that has claimed it makes this insert
    # wait for its commit, then queue it afresh. Sorted: writers lock queue rows in one order.
    to_index = sorted({e.message.id for e in chat if isinstance(e, MessagePosted | MessageEdited | MessageDeleted)})
    if not QUEUE_FOR_SEARCH:
        to_index = []
    # Reactions as they happened (a replayed one carries no user): each (message, user, emoji) once, its newest.
    reactions = _latest_reactions([e for e in chat if isinstance(e, ReactionChanged) and e.user is not None])
    attached = sorted(
        {
            (asset, e.message.id, e.room_id)
            for e in chat
            if isinstance(e, MessagePosted)
            for asset in e.message.attachment_ids
        }
    )
    mentioned = sorted(
        {(user.id, e.message.id, e.room_id, e.message.seq, e.message.created_at)
         for e in chat if isinstance(e, MessagePosted | MessageEdited) for user in e.message.mentions}
    )  # fmt: skip
    async with in_transaction() as connection:
        if states:
            await connection.execute_query(
                _UPSERT_QUEUED if to_index else _UPSERT,
                [
                    [m.id for m in states],
                    [m.room_id for m in states],
                    [m.seq for m in states],
                    [m.author_id for m in states],
                    [m.client_id for m in states],
                    [m.body for m in states],
                    [m.created_at for m in states],
                    [m.edited_at for m in states],
                    [m.deleted for m in states],
                    [m.last_event_seq for m in states],
                    [m.thread_id for m in states],
                    [m.reply_count for m in states],
                    [m.last_reply_at for m in states],
                    [m.lesson_id for m in states],
                    [m.answer_id for m in states],
                    [m.pinned_at for m in states],
                    [_EMPTY if not m.reactions else events.encode_list(m.reactions) for m in states],
                    [_EMPTY if not m.mentions else events.encode_list(m.mentions) for m in states],
                    [m.mentions_here for m in states],
                    [_EMPTY if not m.attachment_ids else events.encode_list(m.attachment_ids) for m in states],
                    *([to_index] if to_index else []),
                ],
            )
        if attached:
            await connection.execute_query(
                """INSERT INTO chat_attachments (asset_id, message_id, room_id)
                   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[])
                   ON CONFLICT (asset_id, message_id) DO NOTHING""",
                [list(column) for column in zip(*attached, strict=True)],
            )
        if mentioned:
            await connection.execute_query(
                """INSERT INTO chat_mentions (user_id, message_id, room_id, seq, created_at)
                   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::timestamptz[])
                   ON CONFLICT (user_id, message_id) DO NOTHING""",
                [list(column) for column in zip(*mentioned, strict=True)],
            )
        if reactions:
            await connection.execute_query(
                """INSERT INTO chat_reactions (message_id, user_id, emoji, present, event_seq)
                   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bool[], $5::bigint[])
                   ON CONFLICT (message_id, user_id, emoji) DO UPDATE SET present = EXCLUDED.present,
                       event_seq = EXCLUDED.event_seq
                   WHERE chat_reactions.event_seq < EXCLUDED.event_seq""",
                [list(column) for column in zip(*reactions, strict=True)],
            )
        if changes:
            await connection.execute_query(
                """INSERT INTO chat_events (room_id, seq, kind, message_id, created_at)
                   SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::uuid[], $5::timestamptz[])
                   ON CONFLICT (room_id, seq) DO NOTHING""",
                [
                    [e.room_id for e in changes],
                    [e.seq for e in changes],
                    [e.type for e in changes],
                    [e.message.id for e in changes],
                    [e.at for e in changes],
                ],
            )
        if edits:
            await connection.execute_query(
                """INSERT INTO chat_message_versions (message_id, event_seq, body, replaced_at)
                   SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::timestamptz[])
                   ON CONFLICT (message_id, event_seq) DO NOTHING""",
                [
                    [e.message.id for e in edits],
                    [e.seq for e in edits],
                    [e.previous_body for e in edits],
                    [e.at for e in edits],
                ],
            )
        if announced:
            # Only posts flagged by send_message (ANNOUNCEMENTS rooms): no cost for the others.
            await connection.execute_query(
                """INSERT INTO course_announcements (id, course_id, room_id, posted_at)
                   SELECT m.id, r.course_id, r.id, m.created_at
                   FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS m(id, room_id, created_at)
                   JOIN chat_rooms r ON r.id = m.room_id AND r.kind = 'ANNOUNCEMENTS'
                   ON CONFLICT (id) DO NOTHING""",
                [
                    [m.id for m in announced],
                    [m.room_id for m in announced],
                    [m.created_at for m in announced],
                ],
            )
        if reads:
            await connection.execute_query(
                """INSERT INTO chat_read_markers (room_id, user_id, seq)
                   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[])
                   ON CONFLICT (room_id, user_id) DO UPDATE SET seq = GREATEST(chat_read_markers.seq, EXCLUDED.seq)""",
                [[r for r, _ in reads], [u for _, u in reads], list(reads.values())],
            )


_EMPTY = "[]"

_UPSERT = """INSERT INTO chat_messages (id, room_id, seq, author_id, client_id, body, created_at, edited_at,
                                              deleted, last_event_seq, thread_id, reply_count, last_reply_at,
                                              lesson_id, answer_id, pinned_at, reactions, mentions, mentions_here,
                                              attachment_ids)
                   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::text[],
                                        $7::timestamptz[], $8::timestamptz[], $9::bool[], $10::bigint[],
                                        $11::uuid[], $12::int[], $13::timestamptz[], $14::uuid[], $15::uuid[],
                                        $16::timestamptz[], $17::jsonb[], $18::jsonb[], $19::bool[], $20::jsonb[])
                   ON CONFLICT (room_id, seq) DO UPDATE SET body = EXCLUDED.body, edited_at = EXCLUDED.edited_at,
                       deleted = EXCLUDED.deleted, last_event_seq = EXCLUDED.last_event_seq,
                       reply_count = EXCLUDED.reply_count, last_reply_at = EXCLUDED.last_reply_at,
                       answer_id = EXCLUDED.answer_id, pinned_at = EXCLUDED.pinned_at, reactions = EXCLUDED.reactions,
                       mentions = EXCLUDED.mentions, mentions_here = EXCLUDED.mentions_here
                   WHERE chat_messages.last_event_seq < EXCLUDED.last_event_seq"""
# The same, and the ids of `to_index` ($21) it stored queued for the search indexer.
_UPSERT_QUEUED = f"""WITH stored AS ({_UPSERT}
   RETURNING id)
INSERT INTO chat_search_queue (message_id)
SELECT id FROM stored WHERE id = ANY($21::uuid[]) ORDER BY id
ON CONFLICT (message_id) DO UPDATE SET queued_at = EXCLUDED.queued_at"""  # noqa: S608 - constants only

# Off only in `benchmarks.chat_search`, for its floor (the write-behind with no search machinery).
QUEUE_FOR_SEARCH = True


def _latest_states(batch: list[MessageEvent]) -> list[events.Message]:
    """Each message once, in its newest state (a reply's root included: the reply changed it),
    in (room, seq) order: concurrent writers then take row locks in the same order and cannot
    deadlock."""
    latest: dict[str, events.Message] = {}
    for event in batch:
        changed = (
            (event.message, event.thread) if isinstance(event, MessagePosted | MessageDeleted) else (event.message,)
        )
        for message in changed:
            if message is None:
                continue
            known = latest.get(message.id)
            if known is None or known.last_event_seq < message.last_event_seq:
                latest[message.id] = message
    return sorted(latest.values(), key=lambda m: (m.room_id, m.seq))


ReactionRow = tuple[str, str, str, bool, int]  # message id, user id, emoji, present, event seq


def _latest_reactions(batch: list[ReactionChanged]) -> list[ReactionRow]:
    """Each (message, user, emoji) once, its newest change, in key order (row locks again)."""
    latest: dict[tuple[str, str, str], ReactionRow] = {}
    for event in batch:
        if event.user is None or event.emoji is None or event.seq is None:
            continue  # replayed from PostgreSQL: already there
        key = (event.message.id, event.user.id, event.emoji)
        known = latest.get(key)
        if known is None or known[4] < event.seq:
            latest[key] = (*key, bool(event.added), event.seq)
    return [latest[key] for key in sorted(latest)]


def _latest_read_markers(batch: list[ReadMarked]) -> dict[tuple[str, str], int]:
    markers: dict[tuple[str, str], int] = {}
    for event in batch:
        key = (event.room_id, event.user_id)
        markers[key] = max(markers.get(key, 0), event.seq)
    return markers
