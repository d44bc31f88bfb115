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

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from redis.asyncio import Redis

from edusphere.chat.live import RoomKeys, now_iso

HEARTBEAT_SECONDS = 10.0
STALE_SECONDS = 30.0
KEY_TTL_FACTOR = 4  # the keys outlive the TTL, so a slow heartbeat never loses a room's names

# KEYS: presence, presence-names, channel. ARGV: member, now ms, "<user>|", stale ms, user, name,
# announcement (JSON without the user's name), key ttl ms.
_JOIN = """
local cutoff = tonumber(ARGV[2]) - tonumber(ARGV[4])
local first = 1
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], cutoff, '+inf')) do
  if string.sub(m, 1, string.len(ARGV[3])) == ARGV[3] and m ~= ARGV[1] then first = 0 end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[5], ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
if first == 1 then
  local event = cjson.decode(ARGV[7])
  event.user.display_name = ARGV[6]
  redis.call('PUBLISH', KEYS[3], cjson.encode(event))
end
return first
"""

# KEYS: presence, presence-names, channel. ARGV: member, now ms, "<user>|", stale ms, user,
# announcement (JSON without the user's name).
_LEAVE = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
local cutoff = tonumber(ARGV[2]) - tonumber(ARGV[4])
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], cutoff, '+inf')) do
  if string.sub(m, 1, string.len(ARGV[3])) == ARGV[3] then return 0 end
end
local event = cjson.decode(ARGV[6])
event.user.display_name = redis.call('HGET', KEYS[2], ARGV[5]) or ''
redis.call('PUBLISH', KEYS[3], cjson.encode(event))
return 1
"""

# KEYS: presence, presence-names, channel. ARGV: cutoff ms, room id, now (ISO).
_SWEEP = """
local cutoff = tonumber(ARGV[1])
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff)
if #stale == 0 then return {} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff)
local fresh = redis.call('ZRANGE', KEYS[1], 0, -1)
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
      local name = redis.call('HGET', KEYS[2], user) or ''
      redis.call('PUBLISH', KEYS[3], cjson.encode({type = 'MEMBER_LEFT', room_id = ARGV[2], at = ARGV[3],
        user = {id = user, display_name = name}}))
    end
  end
end
return gone
"""


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


def _announcement(kind: str, room: RoomKeys, user_id: UUID) -> str:
    return json.dumps({"type": kind, "room_id": room.room_id, "at": now_iso(), "user": {"id": str(user_id)}})


async def join(redis: Redis, where: Presence, name: str) -> bool:
    """Record the connection as online; True (and MEMBER_JOINED published) for the user's first."""
    room, user = where.room, str(where.user_id)
    first = await redis.eval(
        _JOIN, 3, room("presence"), room("presence-names"), room.channel,
        where.member, _now_ms(), f"{user}|", _ms(STALE_SECONDS), user, name,
        _announcement("MEMBER_JOINED", room, where.user_id), _ms(STALE_SECONDS * KEY_TTL_FACTOR),
    )  # fmt: skip
    return bool(first)


async def leave(redis: Redis, departures: Sequence[Presence]) -> None:
    """Remove connections (in one round trip however many); MEMBER_LEFT goes out for each user
    whose last connection in a room this was."""
    if not departures:
        return
    now = _now_ms()
    async with redis.pipeline(transaction=False) as pipe:
        for where in departures:
            room, user = where.room, str(where.user_id)
            pipe.eval(
                _LEAVE, 3, room("presence"), room("presence-names"), room.channel,
                where.member, now, f"{user}|", _ms(STALE_SECONDS), user,
                _announcement("MEMBER_LEFT", room, where.user_id),
            )  # fmt: skip
        await pipe.execute()


async def heartbeat(redis: Redis, present: Sequence[Presence]) -> None:
    """Renew the lease of every connection in `present` and of their rooms' keys."""
    if not present:
        return
    now, ttl = _now_ms(), _ms(STALE_SECONDS * KEY_TTL_FACTOR)
    async with redis.pipeline(transaction=False) as pipe:
        for where in present:
            pipe.zadd(where.room("presence"), {where.member: now}, xx=True)
        for room in {where.room for where in present}:
            pipe.pexpire(room("presence"), ttl)
            pipe.pexpire(room("presence-names"), ttl)
        await pipe.execute()


async def sweep(redis: Redis, rooms: Sequence[RoomKeys]) -> list[str]:
    """Drop members that stopped heartbeating (in one round trip); MEMBER_LEFT goes out for each
    user left with no connection. Returns "<room id> <user id>" of each."""
    if not rooms:
        return []
    cutoff, at = _now_ms() - _ms(STALE_SECONDS), now_iso()
    async with redis.pipeline(transaction=False) as pipe:
        for room in rooms:
            pipe.eval(_SWEEP, 3, room("presence"), room("presence-names"), room.channel, cutoff, room.room_id, at)
        results = await pipe.execute()
    return [f"{room.room_id} {user}" for room, gone in zip(rooms, results, strict=True) for user in gone]


async def online(redis: Redis, room: RoomKeys) -> list[dict[str, str]]:
    members = await redis.zrangebyscore(room("presence"), _now_ms() - _ms(STALE_SECONDS), "+inf")
    users = sorted({str(m).split("|", 1)[0] for m in members})
    names = await redis.hmget(room("presence-names"), users) if users else []
    return [{"id": user, "display_name": str(name or "")} for user, name in zip(users, names, strict=True)]
