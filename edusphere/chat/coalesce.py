"""Reaction storms, coalesced before the fan-out.

When 500 members react to one announcement within a second, every subscriber would otherwise
be sent 500 events, each rendering the message's counts a moment before the next. Per room,
this process lets a reaction event through at once when none went out in the last `interval`,
and otherwise holds it, replacing any held for the same message (only the newest counts
matter: each event carries the message's counts after it), and sends what it holds when the
interval ends: at most one reaction update per message and room every `interval` (200 ms), so a
subscriber gets about five a second however many arrive.

Order is kept: any other event of the room first sends what is held (in seq order), and
one lock serialises deliveries, so a subscriber still sees seqs only rising (the hub skips a
seq at or below the last one sent). The seqs of superseded reaction events are never sent live;
a client that resumes with `since` is replayed every event it missed, reactions included.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from edusphere.chat.events import ReactionChanged, RoomEvent

INTERVAL_SECONDS = 0.2
_PRUNE_ABOVE = 10_000  # rooms remembered; beyond, those quiet for an interval are forgotten

Deliver = Callable[[str, RoomEvent], Awaitable[None]]


class ReactionCoalescer:
    def __init__(self, deliver: Deliver, interval: float = INTERVAL_SECONDS) -> None:
        self._deliver = deliver
        self.interval = interval
        self._held: dict[str, dict[str, ReactionChanged]] = {}  # room -> message id -> newest held
        self._sent_at: dict[str, float] = {}  # room -> when reactions last went out
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._lock = asyncio.Lock()
        self.held_back = 0  # reaction events superseded before they went out (for benchmarks)

    async def offer(self, room_id: str, event: RoomEvent) -> None:
        """Deliver `event` now, or hold it if it is a reaction within a room's interval."""
        async with self._lock:
            if not isinstance(event, ReactionChanged):
                await self._flush_locked(room_id)
                await self._deliver(room_id, event)
                return
            now = asyncio.get_running_loop().time()
            held = self._held.get(room_id)
            if held is None and now - self._sent_at.get(room_id, float("-inf")) >= self.interval:
                self._sent_at[room_id] = now
                self._prune(now)
                await self._deliver(room_id, event)
                return
            if held is None:
                held = self._held[room_id] = {}
            if event.message.id in held:
                self.held_back += 1
            held[event.message.id] = event
            if room_id not in self._timers:
                due = self._sent_at.get(room_id, now) + self.interval - now
                self._timers[room_id] = asyncio.create_task(self._later(room_id, max(0.0, due)))

    async def _later(self, room_id: str, delay: float) -> None:
        await asyncio.sleep(delay)
        async with self._lock:
            self._timers.pop(room_id, None)
            await self._flush_locked(room_id)

    async def _flush_locked(self, room_id: str) -> None:
        held = self._held.pop(room_id, None)
        if not held:
            return
        timer = self._timers.pop(room_id, None)
        if timer is not None and timer is not asyncio.current_task():
            timer.cancel()
        self._sent_at[room_id] = asyncio.get_running_loop().time()
        for event in sorted(held.values(), key=lambda e: e.seq or 0):
            await self._deliver(room_id, event)

    def _prune(self, now: float) -> None:
        if len(self._sent_at) > _PRUNE_ABOVE:
            quiet = [room for room, at in self._sent_at.items() if now - at >= self.interval and room not in self._held]
            for room in quiet:
                del self._sent_at[room]

    async def aclose(self) -> None:
        for timer in list(self._timers.values()):
            timer.cancel()
        self._timers.clear()
        self._held.clear()
