"""Open sockets follow the identity that opened them.

A WebSocket is authenticated once, at connection_init; left alone it would outlive its access
token, a logout, a revoked session or a deactivated account. So every authenticated socket of
this process is watched: it ends when its token expires, and whenever its session or its user
is announced as changed (the invalidation bus, from any process) it is checked again through the
same `authenticate` that HTTP requests pass, and ended if it no longer passes. A changed role
passes, and the socket carries on as the new viewer. When the bus drops, announcements may have
been missed, so every socket is checked again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any, Protocol
from uuid import UUID

from edusphere.auth.authentication import SESSION_TOPIC, USER_TOPIC
from edusphere.auth.viewer import Viewer
from edusphere.core.runtime import Runtime

TOKEN_EXPIRED = "Your access token expired; reconnect with a fresh one"  # noqa: S105 - a message


class Socket(Protocol):
    async def recheck(self) -> None:
        """Authenticate the socket's token again, ending the socket if it fails."""

    async def end(self, reason: str) -> None:
        """Close the socket as no longer authorised."""


class SocketWatch:
    """One dict entry per socket and one sweep a second: a timer, two index sets and a closure
    per socket cost ~1.5 KB each, and idle sockets must stay small; announcements are rare
    enough to scan every socket."""

    def __init__(self, rt: Runtime, sweep_seconds: float = 1.0) -> None:
        self.sockets: dict[Socket, Viewer] = {}
        self.sweep_seconds = sweep_seconds
        self._sweeper: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        if rt.bus is not None:
            rt.bus.on(SESSION_TOPIC, lambda value: self._recheck(value, lambda viewer: viewer.session_id))
            rt.bus.on(USER_TOPIC, lambda value: self._recheck(value, lambda viewer: viewer.id))
            rt.bus.on_reset(lambda: self._spawn(_recheck_in_turn(list(self.sockets))))

    def watch(self, viewer: Viewer, socket: Socket) -> Callable[[], object]:
        """Watch `socket` for as long as it is open; call the result when it closes."""
        self.sockets[socket] = viewer
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().create_task(self._sweep_expired())
        return partial(self.sockets.pop, socket, None)

    async def aclose(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper

    async def _sweep_expired(self) -> None:
        while True:
            await asyncio.sleep(self.sweep_seconds)
            now = time.time()
            expired = [
                s for s, viewer in self.sockets.items() if viewer.expires_at is not None and viewer.expires_at <= now
            ]
            for socket in expired:
                del self.sockets[socket]
                self._spawn(socket.end(TOKEN_EXPIRED))

    def _recheck(self, value: str, key: Callable[[Viewer], UUID]) -> None:
        try:
            changed = UUID(value)
        except ValueError:
            return
        for socket in [s for s, viewer in self.sockets.items() if key(viewer) == changed]:
            self._spawn(socket.recheck())

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _expired(viewer: Viewer, now: float) -> bool:
    return viewer.expires_at is not None and viewer.expires_at <= now


async def _recheck_in_turn(sockets: list[Socket]) -> None:
    """One after another: after a bus reset every socket of the process is checked, and
    thousands at once would queue on the database pool ahead of real requests."""
    for socket in sockets:
        await socket.recheck()


def watch_socket(rt: Runtime, viewer: Viewer, socket: Socket) -> Callable[[], object]:
    watch = rt.caches.get("sockets")
    if watch is None:
        watch = rt.caches["sockets"] = SocketWatch(rt)
    assert isinstance(watch, SocketWatch)
    return watch.watch(viewer, socket)
