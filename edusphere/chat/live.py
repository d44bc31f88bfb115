"""The live side of chat, in Redis: seq allocation, the recent window, the write-behind stream.

Per room (keys in `chat.keys`):
- `seq`        the room's one counter; posts, edits and deletes each take the next number.
- `epoch`      a random token, replaced whenever the counter had to be rebuilt (Redis lost its
               state), so clients can tell that what they saw before may be gone.
- `recent`     sorted set of the last `window` events, score = seq.
- `states`     hash message id -> current message state, for messages in the window.
- `idem:<sender>:<clientId>`  the event a send produced, so a retried send returns it.

Events are `chat.events` types, encoded once; the scripts below are the only writers of these
keys. When the counter is missing, the caller first reads PostgreSQL's highest seq for the room
and the append resumes above it, under a new epoch: numbers are never reused.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict
from uuid import UUID

from redis.asyncio import Redis

from edusphere.chat import durable, events
from edusphere.chat.events import Message, MessageEvent, ReadMarked
from edusphere.chat.keys import RoomKeys
from edusphere.core.ratelimit import BUCKET_LUA, Bucket, Decision
from edusphere.core.scripts import Script, arg, key

WINDOW = 1_000
IDEMPOTENCY_SECONDS = 24 * 3600
MESSAGE_ROOM_SECONDS = 7 * 24 * 3600


COMMIT_LUA = (
    BUCKET_LUA
    + """
-- The second half of every script that appends an event of a message (Append, React): the
-- caller has made every check that may refuse, so from here on the event is stored whole.
local function commit(K, A, event, counterless)
  if counterless then
    redis.call('SET', K.seq, A.floor)
    redis.call('SET', K.epoch, A.new_epoch)
  end
  local epoch = redis.call('GET', K.epoch)
  if not epoch then epoch = A.new_epoch; redis.call('SET', K.epoch, epoch) end
  local seq = redis.call('INCR', K.seq)
  event.seq = seq
  event.epoch = epoch
  event.message.last_event_seq = seq
  if event.type == 'MESSAGE_POSTED' then event.message.seq = seq end
  redis.call('HSET', K.states, event.message.id, cjson.encode(event.message))
  redis.call('ZADD', K.touched, seq, event.message.id)
  if event.thread then
    event.thread.last_event_seq = seq
    redis.call('HSET', K.states, event.thread.id, cjson.encode(event.thread))
    redis.call('ZADD', K.touched, seq, event.thread.id)
  end
  local encoded = cjson.encode(event)
  redis.call('ZADD', K.recent, seq, encoded)
  local excess = redis.call('ZCARD', K.recent) - tonumber(A.window)
  if excess > 0 then
    redis.call('ZREMRANGEBYRANK', K.recent, 0, excess - 1)
    local floor = '(' .. redis.call('ZRANGE', K.recent, 0, 0, 'WITHSCORES')[2]
    local cold = redis.call('ZRANGEBYSCORE', K.touched, '-inf', floor)
    if #cold > 0 then
      redis.call('HDEL', K.states, unpack(cold))
      redis.call('HDEL', K.reactors, unpack(cold))
      redis.call('ZREMRANGEBYSCORE', K.touched, '-inf', floor)
    end
  end
  if event.type == 'MESSAGE_PINNED' then redis.call('SADD', K.pins, event.message.id)
  elseif event.type == 'MESSAGE_UNPINNED' then redis.call('SREM', K.pins, event.message.id) end
  redis.call('XADD', K.stream, '*', 'event', encoded)
  if K.idempotency ~= '' then redis.call('SET', K.idempotency, encoded, 'EX', A.idempotency_seconds) end
  if event.type == 'MESSAGE_POSTED' then
    redis.call('SET', K.message_room, event.room_id, 'EX', A.message_room_seconds)
  end
  redis.call('PUBLISH', K.channel, encoded)
  return encoded
end

local function take_sender_token(K, A)
  if K.bucket == '' then return nil end
  local allowed, wait = take_token(K.bucket, tonumber(A.bucket_capacity), tonumber(A.bucket_rate),
    tonumber(A.bucket_now))
  if allowed == 0 then return {'RATE_LIMITED', tostring(wait)} end
  return nil
end
"""
)


class RoomAppendFields(TypedDict):
    """`RoomAppend`'s own fields by name, as `RoomAppend.common` fills them for a subclass."""

    seq: str
    epoch: str
    recent: str
    states: str
    touched: str
    reactors: str
    pins: str
    stream: str
    channel: str
    idempotency: str
    message_room: str
    bucket: str
    floor: str
    new_epoch: str
    window: int
    event: str
    idempotency_seconds: int
    message_room_seconds: int
    bucket_capacity: int
    bucket_rate: float
    bucket_now: int


@dataclass(frozen=True)
class RoomAppend(Script):
    """What every appending script is given (`COMMIT_LUA`'s `commit` reads these by name).

    A room's states and the window move together: every event records the seq that last changed
    its message (and its thread's root) in `touched`, and a state leaves `states` (with its
    `reactors`) once that seq has left the window. A message changed recently therefore has its
    state in Redis however old it is, and an idle one costs Redis nothing."""

    PRELUDE: ClassVar[str] = COMMIT_LUA

    seq: str = key()
    epoch: str = key()
    recent: str = key()
    states: str = key()
    touched: str = key()
    reactors: str = key()
    pins: str = key()
    stream: str = key()
    channel: str = key()
    idempotency: str = key()
    message_room: str = key()
    bucket: str = key()
    floor: str = arg()
    new_epoch: str = arg()
    window: int = arg()
    event: str = arg()
    idempotency_seconds: int = arg()
    message_room_seconds: int = arg()
    bucket_capacity: int = arg()
    bucket_rate: float = arg()
    bucket_now: int = arg()

    @staticmethod
    def common(
        room: RoomKeys, event: MessageEvent, *, floor: int | None, idempotency_key: str, bucket: Bucket | None
    ) -> RoomAppendFields:
        """The shared fields' values (the `**` of a subclass's constructor)."""
        capacity, rate, now = bucket.arguments() if bucket else (0, 0.0, 0)
        return RoomAppendFields(
            seq=room.seq, epoch=room.epoch, recent=room.recent, states=room.states, touched=room.touched,
            reactors=room.reactors, pins=room.pins, stream=room.stream, channel=room.channel,
            idempotency=idempotency_key,
            message_room=room.message_room(event.message.id), bucket=bucket.key if bucket else "",
            floor="" if floor is None else str(floor), new_epoch=secrets.token_hex(8), window=WINDOW,
            event=events.encode(event), idempotency_seconds=IDEMPOTENCY_SECONDS,
            message_room_seconds=MESSAGE_ROOM_SECONDS,
            bucket_capacity=int(capacity), bucket_rate=float(rate), bucket_now=int(now),
        )  # fmt: skip


@dataclass(frozen=True)
class Append(RoomAppend):
    """Append one event of a message whose new state the caller computed (a post, an edit, a
    delete, a pin, an answer marked) to a room.

    Atomically, all or nothing (the publication is part of it, so no subscriber sees an event
    that is not stored, and none is stored unseen by the subscribers then connected):
    1. a repeated `idempotency` key returns the event it first produced (`DUPLICATE`), whatever
       the rate limit says, and changes nothing;
    2. no counter and no `floor`: `NEED_FLOOR`, nothing changed (the caller reads PostgreSQL's
       highest seq and calls again);
    3. a reply (`thread_delta` +1) or a reply's deletion (-1) whose root's state is not in
       Redis: `COLD`, nothing changed (the caller loads it, `Hydrate`, and calls again); a reply
       to a root deleted meanwhile: `ROOT_DELETED`;
    4. with `expected_last_seq`, a message whose state moved on meanwhile: `STALE` with that
       state, nothing changed and no token taken (the caller's retry costs none);
    5. the sender's token (`bucket`), or `RATE_LIMITED` with the wait in ms, nothing changed;
    6. then (`commit`): the counter resumes above `floor` under `new_epoch` if it was missing;
       the next seq is taken and written into the event and its message; a reply's root counts
       it (`reply_count`, `last_reply_at`) and travels in the event as `thread`; the event goes
       into `recent` (trimmed to `window`, with the states whose last change left it), the
       states into `states`, the event onto the write-behind `stream` and to `channel`; the
       idempotency key and a post's room are remembered. Returns `OK` and the event.
    Empty `idempotency`, `bucket` or `expected_last_seq` mean: not asked for.
    """

    LUA: ClassVar[str] = """
if K.idempotency ~= '' then
  local prior = redis.call('GET', K.idempotency)
  if prior then return {'DUPLICATE', prior} end
end
local counterless = redis.call('EXISTS', K.seq) == 0
if counterless and A.floor == '' then return {'NEED_FLOOR', ''} end
local event = cjson.decode(A.event)
local delta = tonumber(A.thread_delta)
local root = nil
if delta ~= 0 then
  local raw = redis.call('HGET', K.states, event.message.thread_id)
  if not raw then return {'COLD', event.message.thread_id} end
  root = cjson.decode(raw)
  if delta > 0 and root.deleted then return {'ROOT_DELETED', ''} end
end
if A.expected_last_seq ~= '' then
  local current = redis.call('HGET', K.states, event.message.id)
  if current and tostring(cjson.decode(current).last_event_seq) ~= A.expected_last_seq then
    return {'STALE', current}
  end
end
local refused = take_sender_token(K, A)
if refused then return refused end
if root then
  local count = (root.reply_count or 0) + delta
  if count > 0 then root.reply_count = count else root.reply_count = nil end
  if delta > 0 then root.last_reply_at = event.at end
  event.thread = root
end
return {'OK', commit(K, A, event, counterless)}
"""

    expected_last_seq: str = arg()
    thread_delta: int = arg()

    @classmethod
    def build(
        cls,
        room: RoomKeys,
        event: MessageEvent,
        *,
        floor: int | None,
        idempotency_key: str,
        expected_last_seq: int | None,
        bucket: Bucket | None,
        thread_delta: int = 0,
    ) -> Append:
        return cls(
            **cls.common(room, event, floor=floor, idempotency_key=idempotency_key, bucket=bucket),
            expected_last_seq="" if expected_last_seq is None else str(expected_last_seq),
            thread_delta=thread_delta,
        )


@dataclass(frozen=True)
class React(RoomAppend):
    """`user_id` adds (`add` 1) or takes back (0) `emoji` on `message_id`, counted in Lua so that
    a storm of reactions to one message costs one script each and never a retry.

    Atomically: a message whose state is not in Redis is `COLD` (the caller loads it with its
    reactors, `Hydrate`, and calls again); a deleted one `DELETED`; a reaction the user already
    has (or, taking back, does not have) `UNCHANGED` with the state, and no token taken; a new
    emoji past `max_emoji` distinct ones `TOO_MANY`; then the sender's token or `RATE_LIMITED`;
    then `reactors` (the full list, in order) and the state's `reactions` summary (each emoji's
    count and first `names` users) change together and the event is committed as `Append`'s is.
    """

    LUA: ClassVar[str] = """
local raw = redis.call('HGET', K.states, A.message_id)
if not raw then return {'COLD', ''} end
local counterless = redis.call('EXISTS', K.seq) == 0
if counterless and A.floor == '' then return {'NEED_FLOOR', ''} end
local state = cjson.decode(raw)
if state.deleted then return {'DELETED', ''} end
local who = cjson.decode(redis.call('HGET', K.reactors, A.message_id) or '[]')
local entry, place, mine = nil, nil, nil
for i, e in ipairs(who) do
  if e[1] == A.emoji then entry = e; place = i end
end
if entry then
  for i, u in ipairs(entry[2]) do
    if u[1] == A.user_id then mine = i end
  end
end
local adding = A.add == '1'
if (adding and mine) or (not adding and not mine) then return {'UNCHANGED', raw} end
if adding and not entry and #who >= tonumber(A.max_emoji) then return {'TOO_MANY', ''} end
local refused = take_sender_token(K, A)
if refused then return refused end
if adding then
  if not entry then entry = {A.emoji, {}}; table.insert(who, entry) end
  table.insert(entry[2], {A.user_id, A.user_name})
else
  table.remove(entry[2], mine)
  if #entry[2] == 0 then table.remove(who, place) end
end
if #who == 0 then
  state.reactions = nil
  redis.call('HDEL', K.reactors, A.message_id)
else
  local summary = {}
  for _, e in ipairs(who) do
    local users = {}
    for i = 1, math.min(#e[2], tonumber(A.names)) do
      users[i] = {id = e[2][i][1], display_name = e[2][i][2]}
    end
    table.insert(summary, {emoji = e[1], count = #e[2], users = users})
  end
  state.reactions = summary
  redis.call('HSET', K.reactors, A.message_id, cjson.encode(who))
end
local event = cjson.decode(A.event)
event.message = state
return {'OK', commit(K, A, event, counterless)}
"""

    message_id: str = arg()
    user_id: str = arg()
    user_name: str = arg()
    emoji: str = arg()
    add: int = arg()
    max_emoji: int = arg()
    names: int = arg()


@dataclass(frozen=True)
class Hydrate(Script):
    """Bring a message that left the window back into `states` (with its `reactors`), from
    PostgreSQL, so that a script may change it. Never over a state Redis already has (HSETNX:
    two callers hydrating at once agree on one). It counts as touched at the room's current
    seq, so it stays for a whole window even if nothing changes it."""

    LUA: ClassVar[str] = """
if redis.call('HSETNX', K.states, A.message_id, A.state) == 1 then
  if A.reactors_json ~= '' then redis.call('HSET', K.reactors, A.message_id, A.reactors_json) end
  redis.call('ZADD', K.touched, tonumber(redis.call('GET', K.seq) or '0'), A.message_id)
end
return 1
"""

    states: str = key()
    reactors: str = key()
    touched: str = key()
    seq: str = key()
    message_id: str = arg()
    state: str = arg()
    reactors_json: str = arg()


@dataclass(frozen=True)
class MarkRead(Script):
    """Move a user's read marker forward, never back; atomically with queueing the new marker
    on the write-behind `stream` (only when it moved). Returns the marker."""

    LUA: ClassVar[str] = """
local current = tonumber(redis.call('HGET', K.read, A.user_id) or '0')
if tonumber(A.seq) <= current then return current end
redis.call('HSET', K.read, A.user_id, A.seq)
redis.call('XADD', K.stream, '*', 'event', A.event)
return tonumber(A.seq)
"""

    read: str = key()
    stream: str = key()
    user_id: str = arg()
    seq: int = arg()
    event: str = arg()


class StaleMessage(Exception):
    """Another edit or delete of the same message won the race; read it again and retry."""


class Throttled(Exception):
    """The sender's bucket was empty: nothing was appended."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(f"retry after {decision.retry_after_seconds} s")
        self.decision = decision


def new_message_id() -> str:
    """A time-ordered UUID (the version 7 layout of RFC 9562: 48 bits of Unix milliseconds, then
    random bits). Message ids are chat_messages' primary key: random ids land on random index
    pages, and after each checkpoint every page touched is written to the WAL whole; ordered ids
    append at the index's right edge (measured: 1,000 rows in 16 ms instead of 25 ms, 0.5 MB of
    WAL instead of 6 MB). Python 3.14's uuid.uuid7() is the same thing."""
    random_bits = int.from_bytes(secrets.token_bytes(10))
    value = (
        (time.time_ns() // 1_000_000) << 80
        | 0x7 << 76  # version
        | (random_bits >> 68) << 64  # rand_a, 12 bits
        | 0b10 << 62  # variant
        | random_bits & ((1 << 62) - 1)  # rand_b
    )
    return str(uuid.UUID(int=value))


class RootDeleted(Exception):
    """A reply's root was deleted while the reply was on its way: nothing was appended."""


class Cold(Exception):
    """A message the script needs is not in Redis and PostgreSQL does not have it either."""


async def append(
    redis: Redis,
    room: RoomKeys,
    event: MessageEvent,
    *,
    idempotency_key: str = "",
    expected_last_seq: int | None = None,
    bucket: Bucket | None = None,
    thread_delta: int = 0,
) -> tuple[MessageEvent, bool]:
    """Append `event` (see `Append`); returns (the stored event, whether this call created it).
    `StaleMessage`, `Throttled` or `RootDeleted` when the script refused it."""
    floor: int | None = None
    for _ in range(4):
        call = Append.build(
            room, event, floor=floor, idempotency_key=idempotency_key,
            expected_last_seq=expected_last_seq, bucket=bucket, thread_delta=thread_delta,
        )  # fmt: skip
        status, payload = await call.run(redis)
        if status == "NEED_FLOOR":
            floor = await durable.max_seq(room.room_id)
            continue
        if status == "COLD":
            await hydrate(redis, room, str(payload))
            continue
        _refused(status, payload)
        return _stored(payload), status == "OK"
    raise RuntimeError("the room's counter or a thread's root vanished again and again")


async def react(
    redis: Redis,
    room: RoomKeys,
    event: events.ReactionChanged,
    *,
    max_emoji: int,
    names: int,
    bucket: Bucket | None = None,
) -> Message | None:
    """Add or take back a reaction (see `React`); the message after it, or None when it did not
    change (the user's reaction was already there, or already gone). `TooManyReactions`,
    `MessageGone`, `Throttled` when the script refused it."""
    if event.user is None or event.emoji is None:
        raise TypeError("a reaction names its user and emoji")
    floor: int | None = None
    for _ in range(4):
        call = React(
            **React.common(room, event, floor=floor, idempotency_key="", bucket=bucket),
            message_id=event.message.id, user_id=event.user.id, user_name=event.user.display_name,
            emoji=event.emoji, add=1 if event.added else 0, max_emoji=max_emoji, names=names,
        )  # fmt: skip
        status, payload = await call.run(redis)
        if status == "NEED_FLOOR":
            floor = await durable.max_seq(room.room_id)
            continue
        if status == "COLD":
            await hydrate(redis, room, event.message.id)
            continue
        if status == "UNCHANGED":
            return None
        if status == "TOO_MANY":
            raise TooManyReactions()
        if status == "DELETED":
            raise MessageGone()
        _refused(status, payload)
        return _stored(payload).message
    raise RuntimeError("the room's counter or the message's state vanished again and again")


class TooManyReactions(Exception):
    """The message already has the most distinct emoji it may have."""


class MessageGone(Exception):
    """The message was deleted."""


def _refused(status: str, payload: Any) -> None:
    if status == "STALE":
        raise StaleMessage(payload)
    if status == "RATE_LIMITED":
        raise Throttled(Decision(allowed=False, count=0, retry_after_seconds=int(payload) / 1000))
    if status == "ROOT_DELETED":
        raise RootDeleted()


def _stored(payload: Any) -> MessageEvent:
    stored = events.decode(payload)
    assert isinstance(stored, MessageEvent)
    return stored


async def hydrate(redis: Redis, room: RoomKeys, message_id: str) -> None:
    """Load a message that left the window (and who reacted to it) from PostgreSQL into Redis;
    `Cold` when PostgreSQL does not have it either."""
    found = await durable.state_and_reactors(message_id)
    if found is None:
        raise Cold(message_id)
    state, reactors = found
    call = Hydrate(
        states=room.states, reactors=room.reactors, touched=room.touched, seq=room.seq,
        message_id=message_id, state=events.encode(state), reactors_json=reactors,
    )  # fmt: skip
    await call.run(redis)


async def current_state(redis: Redis, room: RoomKeys, message_id: str) -> Message | None:
    raw = await redis.hget(room.states, message_id)
    return events.decode_message(raw) if raw else None


async def current_states(redis: Redis, room: RoomKeys, message_ids: list[str]) -> list[Message | None]:
    """The states of `message_ids` in the window, in order (None for one that is not)."""
    if not message_ids:
        return []
    return [events.decode_message(raw) if raw else None for raw in await redis.hmget(room.states, message_ids)]


def decode_all(raw: Iterable[Any]) -> list[events.RoomEvent]:
    """Stored events, those of a newer release's unknown types left out."""
    return [event for event in map(events.decode, raw) if event is not None]


async def recent_events(redis: Redis, room: RoomKeys, after: int, until: int | None = None) -> list[events.RoomEvent]:
    raw = await redis.zrangebyscore(room.recent, f"({after}", "+inf" if until is None else until)
    return decode_all(raw)


async def oldest_recent_seq(redis: Redis, room: RoomKeys) -> int | None:
    first = await redis.zrange(room.recent, 0, 0, withscores=True)
    return int(first[0][1]) if first else None


async def room_head(redis: Redis, room: RoomKeys) -> tuple[int | None, str | None]:
    """The room's current seq and epoch in Redis (None, None when Redis has none)."""
    seq, epoch = await redis.mget(room.seq, room.epoch)
    return (int(seq) if seq is not None else None), (str(epoch) if epoch is not None else None)


async def latest_seq(redis: Redis, room: RoomKeys) -> tuple[int, str | None]:
    """The room's latest seq and epoch: Redis's counter, or PostgreSQL's highest seq when Redis
    has none (it lost the room, or nobody posted since it did)."""
    head, epoch = await room_head(redis, room)
    return (head if head is not None else await durable.max_seq(room.room_id)), epoch


async def mark_read(redis: Redis, room: RoomKeys, user_id: UUID, seq: int) -> int:
    """Move the user's read marker forward (never back); returns the marker."""
    event = events.encode(ReadMarked(room_id=room.room_id, user_id=str(user_id), seq=seq))
    call = MarkRead(read=room.read, stream=room.stream, user_id=str(user_id), seq=seq, event=event)
    return int(await call.run(redis))


async def read_marker(redis: Redis, room: RoomKeys, user_id: UUID) -> int | None:
    raw = await redis.hget(room.read, str(user_id))
    return int(raw) if raw is not None else None


async def read_markers(redis: Redis, wanted: Iterable[tuple[RoomKeys, UUID]]) -> list[int | None]:
    """`read_marker` of each (room, user), in one pipeline (None where Redis has none)."""
    async with redis.pipeline(transaction=False) as pipe:
        for room, user_id in wanted:
            pipe.hget(room.read, str(user_id))
        answers: list[Any] = await pipe.execute()
    return [int(raw) if raw is not None else None for raw in answers]
