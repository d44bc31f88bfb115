"""How busy chat is, across every server process: sockets open now and messages per minute.

Counting must cost the send path nothing it does not already pay: `count_post` only adds to
an integer in this process, and one reporter per process flushes the count (and the number of
sockets it holds) to Redis every few seconds, in one pipeline. The figures are therefore up to
`FLUSH_SECONDS` old, which is what a dashboard needs.

- Posts: `activity:posts:<minute>` counters (Unix minute), kept for two hours.
- Sockets: one field per process in the `activity:sockets` hash, `"<count> <unix time>"`;
  a field older than `STALE_SECONDS` belongs to a process that stopped without saying so
  and is dropped when read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from edusphere.chat import keys as chat_keys
from edusphere.core.graphql.ws import open_count
from edusphere.core.runtime import Runtime

log = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0
STALE_SECONDS = 3 * FLUSH_SECONDS
POST_COUNTER_TTL = 2 * 3600
_CACHE = "chat-activity"


@dataclass
class _Tally:
    posts: int = 0


def _tally(rt: Runtime) -> _Tally:
    tally = rt.caches.get(_CACHE)
    if tally is None:
        tally = rt.caches[_CACHE] = _Tally()
    return tally


def count_post(rt: Runtime) -> None:
    """One message posted through this process (no I/O)."""
    _tally(rt).posts += 1


def _posts_key(rt: Runtime, minute: int) -> str:
    return chat_keys.activity_posts(rt.keys, minute)


def _sockets_key(rt: Runtime) -> str:
    return chat_keys.activity_sockets(rt.keys)


async def flush(rt: Runtime, process_name: str) -> None:
    """Add this process's posts since the last flush to the current minute and report its sockets."""
    tally = _tally(rt)
    posts, tally.posts = tally.posts, 0
    now = time.time()
    async with rt.redis.pipeline(transaction=False) as pipe:
        if posts:
            key = _posts_key(rt, int(now // 60))
            pipe.incrby(key, posts)
            pipe.expire(key, POST_COUNTER_TTL)
        pipe.hset(_sockets_key(rt), process_name, f"{open_count()} {now:.0f}")
        try:
            await pipe.execute()
        except Exception:
            tally.posts += posts  # counted next time
            raise


async def open_sockets(rt: Runtime) -> int:
    """Sockets open now in every process that reported within `STALE_SECONDS`."""
    fields = await rt.redis.hgetall(_sockets_key(rt))
    now, total, stale = time.time(), 0, []
    for process, value in fields.items():
        try:
            count, at = (int(float(part)) for part in str(value).split())
        except ValueError:
            count, at = 0, 0
        if now - at > STALE_SECONDS:
            stale.append(process)
        else:
            total += count
    if stale:
        await rt.redis.hdel(_sockets_key(rt), *stale)
    return total


async def posts_per_minute(rt: Runtime, minutes: int = 60) -> list[tuple[datetime, int]]:
    """The last `minutes` whole minutes and the current one, oldest first."""
    current = int(time.time() // 60)
    span = list(range(current - minutes + 1, current + 1))
    values = await rt.redis.mget([_posts_key(rt, minute) for minute in span])
    return [
        (datetime.fromtimestamp(minute * 60, UTC), int(value) if value else 0)
        for minute, value in zip(span, values, strict=True)
    ]


class ActivityReporter:
    """One per server process: flushes every `FLUSH_SECONDS`, and once more when stopping
    (then withdraws the process's socket figure)."""

    def __init__(self, rt: Runtime, process_name: str, interval: float = FLUSH_SECONDS) -> None:
        self.rt = rt
        self.process_name = process_name
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="chat-activity")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        with contextlib.suppress(Exception):
            await flush(self.rt, self.process_name)
            await self.rt.redis.hdel(_sockets_key(self.rt), self.process_name)

    async def _run(self) -> None:
        while True:
            try:
                await flush(self.rt, self.process_name)
            except Exception:  # Redis away: the counts wait in this process
                log.debug("Flushing chat activity failed", exc_info=True)
            await asyncio.sleep(self.interval)
