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
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine
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
    def __init__(self, rt: Runtime) -> None:
        self.by_session: defaultdict[UUID, set[Socket]] = defaultdict(set)
        self.by_user: defaultdict[UUID, set[Socket]] = defaultdict(set)
        self._tasks: set[asyncio.Task[None]] = set()
        if rt.bus is not None:
            rt.bus.on(SESSION_TOPIC, lambda value: self._recheck(self.by_session, value))
            rt.bus.on(USER_TOPIC, lambda value: self._recheck(self.by_user, value))
            rt.bus.on_reset(self._recheck_all)

    def watch(self, viewer: Viewer, socket: Socket) -> Callable[[], None]:
        """Watch `socket` for as long as it is open; call the result when it closes."""
        self.by_session[viewer.session_id].add(socket)
        self.by_user[viewer.id].add(socket)
        expiry = None
        if viewer.expires_at is not None:
            delay = max(0.0, viewer.expires_at - time.time())
            expiry = asyncio.get_running_loop().call_later(delay, lambda: self._spawn(socket.end(TOKEN_EXPIRED)))

        def unwatch() -> None:
            if expiry is not None:
                expiry.cancel()
            _discard(self.by_session, viewer.session_id, socket)
            _discard(self.by_user, viewer.id, socket)

        return unwatch

    def _recheck(self, index: defaultdict[UUID, set[Socket]], value: str) -> None:
        try:
            key = UUID(value)
        except ValueError:
            return
        for socket in list(index.get(key, ())):
            self._spawn(socket.recheck())

    def _recheck_all(self) -> None:
        self._spawn(_recheck_in_turn([socket for sockets in self.by_session.values() for socket in sockets]))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def _recheck_in_turn(sockets: list[Socket]) -> None:
    """One after another: after a bus reset every socket of the process is checked, and
    thousands at once would queue on the database pool ahead of real requests."""
    for socket in sockets:
        await socket.recheck()


def _discard(index: defaultdict[UUID, set[Socket]], key: UUID, socket: Socket) -> None:
    sockets = index.get(key)
    if sockets is not None:
        sockets.discard(socket)
        if not sockets:
            del index[key]


def watch_socket(rt: Runtime, viewer: Viewer, socket: Socket) -> Callable[[], None]:
    watch = rt.caches.get("sockets")
    if watch is None:
        watch = rt.caches["sockets"] = SocketWatch(rt)
    assert isinstance(watch, SocketWatch)
    return watch.watch(viewer, socket)
