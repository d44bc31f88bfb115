"""Who is in a room: a Redis sorted set per room, member = "<user>|<connection>", score = last
heartbeat (ms). A user with several tabs has several members but counts once: MEMBER_JOINED goes
out for their first connection and MEMBER_LEFT after their last.

Presence is a lease: every process heartbeats its connections every HEARTBEAT_SECONDS, and a
member whose heartbeat is older than STALE_SECONDS (the TTL) is not online, whether or not anyone
removed it: `online` reads only fresh members, so the list is never stale by more than the TTL,
even when a process dies without a word. Sweeps (by any process watching the room) drop stale
members and announce MEMBER_LEFT for them; the keys themselves expire when no process refreshes
them. The scripts decide "first" and "last" atomically, and publish the announcement themselves
(one round trip per join or leave), so two processes never announce the same arrival or departure.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from redis.asyncio import Redis

from edusphere.chat import events
from edusphere.chat.events import ChatUser, MemberJoined, MemberLeft
from edusphere.chat.keys import RoomKeys
from edusphere.core.scripts import Script, arg, key

HEARTBEAT_SECONDS = 10.0
STALE_SECONDS = 30.0
KEY_TTL_FACTOR = 4  # the keys outlive the TTL, so a slow heartbeat never loses a room's names


@dataclass(frozen=True)
class Join(Script):
    """Record `member` (one connection of `user`) as online at `now_ms`, and the user's name;
    atomically decide whether it is the user's first fresh connection in the room and, if so,
    publish `announcement` (MEMBER_JOINED, with the name filled in). Returns 1 for the first."""

    LUA: ClassVar[str] = """
local cutoff = tonumber(A.now_ms) - tonumber(A.stale_ms)
local first = 1
for _, m in ipairs(redis.call('ZRANGEBYSCORE', K.presence, cutoff, '+inf')) do
  if string.sub(m, 1, string.len(A.user_prefix)) == A.user_prefix and m ~= A.member then first = 0 end
end
redis.call('ZADD', K.presence, A.now_ms, A.member)
redis.call('HSET', K.names, A.user, A.name)
redis.call('PEXPIRE', K.presence, A.key_ttl_ms)
redis.call('PEXPIRE', K.names, A.key_ttl_ms)
if first == 1 then redis.call('PUBLISH', K.channel, A.announcement) end
return first
"""

    presence: str = key()
    names: str = key()
    channel: str = key()
    member: str = arg()
    now_ms: int = arg()
    user_prefix: str = arg()
    stale_ms: int = arg()
    user: str = arg()
    name: str = arg()
    announcement: str = arg()
    key_ttl_ms: int = arg()


@dataclass(frozen=True)
class Leave(Script):
    """Remove `member`; atomically, if it was the user's last fresh connection in the room,
    publish `announcement` (MEMBER_LEFT) with the user's recorded name. Returns 1 then."""

    LUA: ClassVar[str] = """
if redis.call('ZREM', K.presence, A.member) == 0 then return 0 end
local cutoff = tonumber(A.now_ms) - tonumber(A.stale_ms)
for _, m in ipairs(redis.call('ZRANGEBYSCORE', K.presence, cutoff, '+inf')) do
  if string.sub(m, 1, string.len(A.user_prefix)) == A.user_prefix then return 0 end
end
local event = cjson.decode(A.announcement)
event.user.display_name = redis.call('HGET', K.names, A.user) or ''
redis.call('PUBLISH', K.channel, cjson.encode(event))
return 1
"""

    presence: str = key()
    names: str = key()
    channel: str = key()
    member: str = arg()
    now_ms: int = arg()
    user_prefix: str = arg()
    stale_ms: int = arg()
    user: str = arg()
    announcement: str = arg()


@dataclass(frozen=True)
class Sweep(Script):
    """Drop members whose heartbeat is older than `cutoff_ms`; for each user left with no fresh
    connection, publish `announcement` (a MEMBER_LEFT template: the user's id and name are
    filled in), all in one step so no other process announces the same departure. Returns the
    users gone."""

    LUA: ClassVar[str] = """
local cutoff = tonumber(A.cutoff_ms)
local stale = redis.call('ZRANGEBYSCORE', K.presence, '-inf', '(' .. cutoff)
if #stale == 0 then return {} end
redis.call('ZREMRANGEBYSCORE', K.presence, '-inf', '(' .. cutoff)
local fresh = redis.call('ZRANGE', K.presence, 0, -1)
local gone, seen = {}, {}
for _, m in ipairs(stale) do
  local user = string.match(m, '^([^|]+)|')
  if user and not seen[user] then
    seen[user] = true
    local still = false
    for _, f in ipairs(fresh) do
      if string.sub(f, 1, string.len(user) + 1) == user .. '|' then still = true end
    end
    if not still then
      table.insert(gone, user)
      local event = cjson.decode(A.announcement)
      event.user.id = user
      event.user.display_name = redis.call('HGET', K.names, user) or ''
      redis.call('PUBLISH', K.channel, cjson.encode(event))
    end
  end
end
return gone
"""

    presence: str = key()
    names: str = key()
    channel: str = key()
    cutoff_ms: int = arg()
    announcement: str = arg()


@dataclass(frozen=True)
class Presence:
    """One connection's place in one room."""

    room: RoomKeys
    user_id: UUID
    connection_id: str

    @property
    def member(self) -> str:
        return f"{self.user_id}|{self.connection_id}"


def _now_ms() -> int:
    return int(time.time() * 1000)


def _ms(seconds: float) -> int:
    return int(seconds * 1000)


async def join(redis: Redis, where: Presence, name: str) -> bool:
    """Record the connection as online; True (and MEMBER_JOINED published) for the user's first."""
    room, user = where.room, str(where.user_id)
    announcement = MemberJoined(room_id=room.room_id, at=events.now(), user=ChatUser(user, name))
    first = await Join(
        presence=room.presence, names=room.presence_names, channel=room.channel,
        member=where.member, now_ms=_now_ms(), user_prefix=f"{user}|", stale_ms=_ms(STALE_SECONDS), user=user,
        name=name, announcement=events.encode(announcement), key_ttl_ms=_ms(STALE_SECONDS * KEY_TTL_FACTOR),
    ).run(redis)  # fmt: skip
    return bool(first)


async def leave(redis: Redis, departures: Sequence[Presence]) -> None:
    """Remove connections (in one round trip however many); MEMBER_LEFT goes out for each user
    whose last connection in a room this was."""
    if not departures:
        return
    now, at = _now_ms(), events.now()
    async with redis.pipeline(transaction=False) as pipe:
        for where in departures:
            room, user = where.room, str(where.user_id)
            announcement = MemberLeft(room_id=room.room_id, at=at, user=ChatUser(user, ""))
            Leave(
                presence=room.presence, names=room.presence_names, channel=room.channel,
                member=where.member, now_ms=now, user_prefix=f"{user}|", stale_ms=_ms(STALE_SECONDS), user=user,
                announcement=events.encode(announcement),
            ).queue(pipe)  # fmt: skip
        await pipe.execute()


async def heartbeat(redis: Redis, present: Sequence[Presence]) -> None:
    """Renew the lease of every connection in `present` and of their rooms' keys."""
    if not present:
        return
    now, ttl = _now_ms(), _ms(STALE_SECONDS * KEY_TTL_FACTOR)
    async with redis.pipeline(transaction=False) as pipe:
        for where in present:
            pipe.zadd(where.room.presence, {where.member: now}, xx=True)
        for room in {where.room for where in present}:
            pipe.pexpire(room.presence, ttl)
            pipe.pexpire(room.presence_names, ttl)
        await pipe.execute()


async def sweep(redis: Redis, rooms: Sequence[RoomKeys]) -> list[str]:
    """Drop members that stopped heartbeating (in one round trip); MEMBER_LEFT goes out for each
    user left with no connection. Returns "<room id> <user id>" of each."""
    if not rooms:
        return []
    cutoff, at = _now_ms() - _ms(STALE_SECONDS), events.now()
    async with redis.pipeline(transaction=False) as pipe:
        for room in rooms:
            template = MemberLeft(room_id=room.room_id, at=at, user=ChatUser("", ""))
            Sweep(
                presence=room.presence,
                names=room.presence_names,
                channel=room.channel,
                cutoff_ms=cutoff,
                announcement=events.encode(template),
            ).queue(pipe)
        results = await pipe.execute()
    return [f"{room.room_id} {user}" for room, gone in zip(rooms, results, strict=True) for user in gone]


async def online(redis: Redis, room: RoomKeys) -> list[ChatUser]:
    members = await redis.zrangebyscore(room.presence, _now_ms() - _ms(STALE_SECONDS), "+inf")
    users = sorted({str(m).split("|", 1)[0] for m in members})
    names = await redis.hmget(room.presence_names, users) if users else []
    return [ChatUser(user, str(name or "")) for user, name in zip(users, names, strict=True)]
