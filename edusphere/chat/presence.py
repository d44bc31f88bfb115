"""Who is in a room: a Redis sorted set per room, member = "<user>|<connection>", score = last
heartbeat (ms). A user with several tabs has several members but counts once: MEMBER_JOINED goes
out for their first connection and MEMBER_LEFT after their last. Connections heartbeat every
HEARTBEAT_SECONDS; a process that dies stops heartbeating, and any process's sweep drops its
members once they are STALE_SECONDS old. The scripts decide "first" and "last" atomically, so
two processes never announce the same arrival or departure.
"""

from __future__ import annotations

import json
import time
from uuid import UUID

from redis.asyncio import Redis

from edusphere.chat.live import RoomKeys, now_iso

HEARTBEAT_SECONDS = 10.0
STALE_SECONDS = 30.0

_JOIN = """
local cutoff = tonumber(ARGV[2]) - tonumber(ARGV[4])
local first = 1
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], cutoff, '+inf')) do
  if string.sub(m, 1, string.len(ARGV[3])) == ARGV[3] and m ~= ARGV[1] then first = 0 end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[5], ARGV[6])
return first
"""

_LEAVE = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
local cutoff = tonumber(ARGV[2]) - tonumber(ARGV[4])
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], cutoff, '+inf')) do
  if string.sub(m, 1, string.len(ARGV[3])) == ARGV[3] then return 0 end
end
return 1
"""

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
    if not still then table.insert(gone, user) end
  end
end
return gone
"""


def _now_ms() -> int:
    return int(time.time() * 1000)


def _member(user_id: UUID, connection_id: str) -> str:
    return f"{user_id}|{connection_id}"


async def join(redis: Redis, room: RoomKeys, user_id: UUID, name: str, connection_id: str) -> None:
    first = await redis.eval(
        _JOIN, 2, room("presence"), room("presence-names"),
        _member(user_id, connection_id), _now_ms(), f"{user_id}|", int(STALE_SECONDS * 1000), str(user_id), name,
    )  # fmt: skip
    if first:
        await _announce(redis, room, "MEMBER_JOINED", str(user_id), name)


async def leave(redis: Redis, room: RoomKeys, user_id: UUID, connection_id: str) -> None:
    last = await redis.eval(
        _LEAVE, 1, room("presence"), _member(user_id, connection_id), _now_ms(), f"{user_id}|",
        int(STALE_SECONDS * 1000),
    )  # fmt: skip
    if last:
        await _announce(redis, room, "MEMBER_LEFT", str(user_id), await _name(redis, room, str(user_id)))


async def heartbeat(redis: Redis, members: list[tuple[RoomKeys, UUID, str]]) -> None:
    if not members:
        return
    now = _now_ms()
    async with redis.pipeline(transaction=False) as pipe:
        for room, user_id, connection_id in members:
            pipe.zadd(room("presence"), {_member(user_id, connection_id): now}, xx=True)
        await pipe.execute()


async def sweep(redis: Redis, room: RoomKeys) -> list[str]:
    """Drop members that stopped heartbeating; announce users who have no connection left."""
    gone = await redis.eval(_SWEEP, 1, room("presence"), _now_ms() - int(STALE_SECONDS * 1000))
    for user_id in gone:
        await _announce(redis, room, "MEMBER_LEFT", str(user_id), await _name(redis, room, str(user_id)))
    return [str(user) for user in gone]


async def online(redis: Redis, room: RoomKeys) -> list[dict[str, str]]:
    members = await redis.zrangebyscore(room("presence"), _now_ms() - int(STALE_SECONDS * 1000), "+inf")
    users = sorted({str(m).split("|", 1)[0] for m in members})
    names = await redis.hmget(room("presence-names"), users) if users else []
    return [{"id": user, "display_name": str(name or "")} for user, name in zip(users, names, strict=True)]


async def _name(redis: Redis, room: RoomKeys, user_id: str) -> str:
    return str(await redis.hget(room("presence-names"), user_id) or "")


async def _announce(redis: Redis, room: RoomKeys, kind: str, user_id: str, name: str) -> None:
    event = {"type": kind, "room_id": room.room_id, "at": now_iso(), "user": {"id": user_id, "display_name": name}}
    await redis.publish(room.channel, json.dumps(event))
