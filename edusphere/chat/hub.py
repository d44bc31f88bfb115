"""The per-process fan-out of room events to WebSocket subscribers.

One Redis pub/sub connection per process carries the channel of every room that has local
subscribers, however many sockets and rooms there are. One task, the hub's owner, is the only
one that sends SUBSCRIBE and UNSUBSCRIBE on it: redis-py's PubSub opens its connection lazily and
is not safe for concurrent first use (two racing `subscribe` calls each open a connection, and
the channels of the one overwritten are never read), and batching makes a storm of subscribes or
completes a few commands instead of thousands. A subscriber counts as registered once Redis has
confirmed its room's subscription, so nothing published after that can be missed.

An event is executed against each distinct subscription document once (documents, operation
names and variables other than `since`/`epoch` make the group key), serialised once, and every
subscriber of the group gets the same bytes with only its operation id added. Events go into a
per-subscriber queue that the subscriber's own task drains, so one slow socket never holds up
the others, and the queue doubles as the buffer that makes a resume gap-free: live events
collect while the replay runs, and every path to the socket skips a seq already sent. The queue
is bounded in frames and bytes; a subscriber past either bound is ended, and resumes with `since`.

Redis pub/sub is at-most-once: when the subscription breaks, every subscriber is told to catch
up from its last seq (the recent set, then PostgreSQL) once its room is subscribed again.

Whenever a viewer may have lost access (a user written, an enrollment revoked, a course's status
changed, or the invalidation bus dropped so such news may be lost), the subscriptions concerned
check their membership again and end with an error when it no longer holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from redis.asyncio.connection import Connection as RedisConnection
from redis.exceptions import RedisError

from edusphere.auth.authentication import USER_TOPIC
from edusphere.auth.viewer import Viewer
from edusphere.chat import events, presence, rooms
from edusphere.chat import keys as chat_keys
from edusphere.chat.coalesce import ReactionCoalescer
from edusphere.chat.events import RoomEvent
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql.context import RequestContext
from edusphere.core.graphql.ws import StreamRequest
from edusphere.core.runtime import Runtime
from edusphere.courses.access import COURSE_CHANGED
from edusphere.courses.enrollment import ENROLLMENT_REVOKED, parse_revocation

log = logging.getLogger(__name__)

CATCH_UP = -1  # queue marker: the hub may have missed events; replay from the last seq
ENDED = -2  # queue marker: access is gone; the frame slot carries the reason
FELL_BEHIND = -3  # queue marker: the queue overflowed; the frame slot carries the reason
QUEUE_LIMIT = 10_000  # frames
QUEUE_BYTES = 1024 * 1024  # frames are ASCII JSON (json.dumps escapes the rest): characters are bytes
SUBSCRIBE_TIMEOUT_SECONDS = 10.0
FELL_BEHIND_MESSAGE = "The connection fell too far behind; resubscribe with `since`"
_VOLATILE_ARGUMENTS = ("since", "epoch")
_REDIS_ERRORS = (RedisError, ConnectionError, OSError)


@dataclass(eq=False)
class Subscriber:
    request: StreamRequest
    room_id: str
    course_id: UUID
    viewer: Viewer
    last_seq: int = 0
    live: bool = False  # replay done: events may be written straight to the socket
    queue: deque[tuple[int | None, str]] = field(default_factory=deque)
    queued_bytes: int = 0
    ended: bool = False
    sending: asyncio.Task[Any] | None = None  # the subscriber's task, while it waits on the socket
    interrupted: bool = False  # the hub cancelled that wait: the subscriber ended meanwhile
    joined: presence.Presence | None = None  # its place in the room's presence, once it joined
    group_key: tuple[str, str | None, str] = field(init=False)
    _wakeup: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        variables = {k: v for k, v in self.request.variables.items() if k not in _VOLATILE_ARGUMENTS}
        self.group_key = (self.request.document, self.request.operation_name, json.dumps(variables, sort_keys=True))

    @property
    def user_id(self) -> UUID:
        return self.viewer.id

    def offer(self, seq: int | None, frame: str) -> None:
        if self.ended:
            return
        if len(self.queue) >= QUEUE_LIMIT or self.queued_bytes + len(frame) > QUEUE_BYTES:
            self._finish(FELL_BEHIND, FELL_BEHIND_MESSAGE)
            return
        self.queue.append((seq, frame))
        self.queued_bytes += len(frame)
        self._wakeup.set()

    def end(self, reason: str) -> None:
        """Access is gone: nothing more is delivered, and the operation ends with FORBIDDEN."""
        self._finish(ENDED, reason)

    def _finish(self, marker: int, reason: str) -> None:
        """Drop whatever is queued (the client resumes from the last seq it got) and leave only
        the marker: the subscriber's memory is released at once, and the end cannot be lost."""
        if self.ended:
            return
        self.ended = True
        self.live = False
        self.queue.clear()
        self.queue.append((marker, reason))
        self.queued_bytes = 0
        self._wakeup.set()
        if self.sending is not None:  # blocked on a socket that does not read: stop waiting
            self.interrupted = True
            self.sending.cancel()

    async def send(self, frame: str) -> None:
        """`frame` to the socket; returns early, the frame dropped, if the subscriber ends
        while the socket is not taking it (the client resumes from its last seq)."""
        self.sending = asyncio.current_task()
        try:
            await self.request.send_frame(frame)
        except asyncio.CancelledError:
            if not self.interrupted or self.sending is None:
                raise
            self.sending.uncancel()  # ours; a cancel from elsewhere still counts (see checkpoint)
        finally:
            self.sending = None
            self.interrupted = False

    async def take(self) -> tuple[int | None, str]:
        while not self.queue:
            self._wakeup.clear()
            await self._wakeup.wait()
        seq, frame = self.queue.popleft()
        self.queued_bytes -= len(frame)
        return seq, frame


class RoomHub:
    def __init__(self, rt: Runtime, engine: Any) -> None:
        self.rt = rt
        self.engine = engine
        self.rooms: dict[str, set[Subscriber]] = defaultdict(set)
        self._pubsub = rt.redis.pubsub()  # subscribe confirmations are read: they mark a room as live
        self._changed = asyncio.Event()  # the set of rooms changed: the owner reconciles
        self._carried: set[str] = set()  # channels SUBSCRIBEd on the connection (no UNSUBSCRIBE since)
        self._unconfirmed: Counter[str] = Counter()  # commands sent per channel, not yet confirmed
        self._ready: dict[str, asyncio.Event] = {}  # per wanted channel: confirmed, events flow
        self._catch_up: set[str] = set()  # channels re-subscribed after a break
        self._connected = False
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._departures: list[presence.Presence] = []
        self._depart = asyncio.Event()
        self._closing = False
        self._rechecks: set[asyncio.Task[None]] = set()
        self.revision = 0  # access changes announced so far (see `_recheck`)
        self._anonymous = RequestContext(runtime=rt)  # events are rendered for nobody in particular
        self.rendered: Counter[str] = Counter()  # per event type, for tests and benchmarks
        self.coalescer = ReactionCoalescer(self.deliver)  # reaction storms: see chat.coalesce
        if rt.bus is not None:
            rt.bus.on(USER_TOPIC, self._user_changed)
            rt.bus.on(ENROLLMENT_REVOKED, self._enrollment_revoked)
            rt.bus.on(COURSE_CHANGED, self._course_changed)
            rt.bus.on_reset(self._bus_reset)

    def keys(self, room_id: str) -> chat_keys.RoomKeys:
        return chat_keys.RoomKeys(self.rt.keys, room_id)

    def channel_room(self, channel: str) -> str:
        return chat_keys.room_of_channel(self.rt.keys, channel)

    @property
    def connection_name(self) -> str:
        """The Redis client name of the hub's pub/sub connection."""
        return chat_keys.hub_connection(self.rt.keys)

    async def add(self, subscriber: Subscriber) -> None:
        """Register `subscriber`; returns once its room's channel is confirmed subscribed."""
        self.rooms[subscriber.room_id].add(subscriber)
        self._start()
        channel = self.keys(subscriber.room_id).channel
        ready = self._ready.setdefault(channel, asyncio.Event())
        if ready.is_set():
            return
        self._changed.set()
        try:
            async with asyncio.timeout(SUBSCRIBE_TIMEOUT_SECONDS):
                await ready.wait()
        except BaseException:
            self.remove(subscriber)
            raise

    def remove(self, subscriber: Subscriber) -> None:
        """Forget `subscriber` at once (no await: it cannot be interrupted), and take it out of
        the room's presence; the owner unsubscribes from a room nobody here watches any more."""
        subscribers = self.rooms.get(subscriber.room_id)
        if subscribers is None or subscriber not in subscribers:
            return
        if subscriber.joined is not None:
            self.depart(subscriber.joined)
            subscriber.joined = None
        subscribers.discard(subscriber)
        if not subscribers:
            del self.rooms[subscriber.room_id]
            self._changed.set()

    def depart(self, where: presence.Presence) -> None:
        """Take `where` out of the room's presence, in the background: it happens whatever
        becomes of the caller (a cancelled or failed operation), batched with other departures,
        retried while Redis is away, and flushed on shutdown."""
        departures = self._tasks.get("departures")
        if self._closing and (departures is None or departures.done()):
            return  # shut down: aclose already took everyone out
        self._departures.append(where)
        self._depart.set()
        self._start()

    async def aclose(self) -> None:
        self._closing = True
        await self.coalescer.aclose()
        for task in [self._tasks.pop(name) for name in ("owner", "listener", "presence") if name in self._tasks]:
            await stop(task)
        for task in list(self._rechecks):
            await stop(task)
        for subscriber in [s for subscribers in self.rooms.values() for s in subscribers]:
            self.remove(subscriber)  # their operations may outlive the hub: they leave now
        departures = self._tasks.get("departures")
        if departures is not None:
            self._depart.set()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(5):
                    await departures
        if self._pubsub.connection is not None:
            self._pubsub.connection.client_name = None  # it goes back to the pool for other work
        with contextlib.suppress(*_REDIS_ERRORS):
            await self._pubsub.aclose()  # type: ignore[no-untyped-call,unused-ignore]  # typed from redis-py 8

    async def render(self, subscriber: Subscriber, event: RoomEvent) -> str:
        """The subscriber's document executed against `event` (the GraphQL RoomEvent type reads
        the struct: `chat.resolvers`), serialised."""
        request = subscriber.request
        result = await self.engine.execute_event(
            request.document,
            event=event,
            variables=request.variables,
            operation_name=request.operation_name,
            context=self._anonymous,
        )
        self.rendered[event.type] += 1
        return json.dumps(result, separators=(",", ":"), default=str)

    async def deliver(self, room_id: str, event: RoomEvent) -> None:
        seq = event.seq
        groups: dict[tuple[str, str | None, str], list[Subscriber]] = defaultdict(list)
        for subscriber in self.rooms.get(room_id, ()):
            # A seq already sent (replayed while this copy was on its way) is never sent again.
            if seq is None or seq > subscriber.last_seq:
                groups[subscriber.group_key].append(subscriber)
        for members in groups.values():
            payload = await self.render(members[0], event)
            encoded = payload.encode()
            for subscriber in members:
                request = subscriber.request
                if seq is not None and seq <= subscriber.last_seq:
                    continue  # sent while the payload was being rendered
                # Live and nothing queued ahead: write now, no task switch. Otherwise queue, in order.
                if subscriber.live and not subscriber.queue and request.write_next_now(encoded):
                    if seq is not None:
                        subscriber.last_seq = seq
                else:
                    subscriber.offer(seq, request.frame(payload))

    def _start(self) -> None:
        if self._closing or self._tasks:
            return
        self._spawn_task("owner", self._own())
        self._spawn_task("presence", self._keep_presence())
        self._spawn_task("departures", self._write_departures())

    def _spawn_task(self, name: str, work: Coroutine[Any, Any, None]) -> None:
        self._tasks[name] = asyncio.get_running_loop().create_task(work, name=f"chat-hub-{name}")

    async def _own(self) -> None:
        """The only writer of SUBSCRIBE/UNSUBSCRIBE: reconciles the channels carried with the
        rooms watched, in batches, and starts the listener once the one connection exists."""
        while True:
            await self._changed.wait()
            checkpoint()
            self._changed.clear()
            try:
                if not self._connected:
                    await self._open()
                    self._spawn_task("listener", self._listen())
                await self._reconcile()
            except _REDIS_ERRORS as error:
                log.warning("chat hub could not update its subscriptions (%s); retrying", error)
                await asyncio.sleep(0.5)
                self._changed.set()

    async def _open(self) -> None:
        """Open the one connection, named (CLIENT LIST shows what it carries), before anyone
        reads from it."""
        await self._pubsub.connect()  # type: ignore[no-untyped-call]
        connection = self._pubsub.connection
        assert connection is not None
        connection.client_name = self.connection_name  # sent again on every reconnect
        await connection.send_command("CLIENT", "SETNAME", self.connection_name)
        await connection.read_response()
        connection.register_connect_callback(self._reconnected)
        self._connected = True

    async def _reconcile(self) -> None:
        wanted = {self.keys(room_id).channel for room_id in self.rooms}
        stop = sorted(self._carried - wanted)
        start = sorted(wanted - self._carried)
        for channel in stop:  # before any await: an add() from now on waits for a new SUBSCRIBE
            self._ready.pop(channel, None)
            self._catch_up.discard(channel)
        if stop:
            self._carried.difference_update(stop)
            self._unconfirmed.update(stop)
            await self._pubsub.unsubscribe(*stop)
        if start:
            self._carried.update(start)
            self._unconfirmed.update(start)
            await self._pubsub.subscribe(*start)

    async def _listen(self) -> None:
        while True:
            checkpoint()
            try:
                message = await self._pubsub.get_message(timeout=1.0)
                if message is None:
                    continue
                kind, channel = message["type"], str(message["channel"])
                if kind == "message":
                    event = events.decode(message["data"])
                    if event is not None:  # None: a newer release's kind of event, unknown here
                        await self.coalescer.offer(self.channel_room(channel), event)
                elif kind in ("subscribe", "unsubscribe"):
                    self._confirmed(channel)
            except asyncio.CancelledError:
                raise
            except _REDIS_ERRORS as error:
                log.warning("chat hub lost Redis (%s); subscribers will catch up", error)
                self._lost()
                await asyncio.sleep(0.5)
            except Exception:
                log.exception("chat hub failed to deliver an event")

    def _confirmed(self, channel: str) -> None:
        """Redis answered one SUBSCRIBE or UNSUBSCRIBE of `channel`; once the last one sent is
        answered and it was a SUBSCRIBE, events of the room flow."""
        left = self._unconfirmed.pop(channel, 0) - 1
        if left > 0:
            self._unconfirmed[channel] = left
            return
        if channel not in self._carried:
            return
        ready = self._ready.get(channel)
        if ready is not None:
            ready.set()
        if channel in self._catch_up:
            self._catch_up.discard(channel)
            for subscriber in self.rooms.get(self.channel_room(channel), ()):
                subscriber.live = False
                subscriber.offer(CATCH_UP, "")

    def _lost(self) -> None:
        """The subscription broke, and events may have been published unseen: subscribe every
        room again, and have its subscribers catch up once that is confirmed."""
        self._catch_up.update(self._carried)
        self._carried.clear()
        self._unconfirmed.clear()
        for ready in self._ready.values():
            ready.clear()
        self._changed.set()

    async def _reconnected(self, connection: RedisConnection) -> None:
        """redis-py reconnected the pub/sub connection by itself (and re-subscribed): events
        may have been missed meanwhile."""
        self._lost()

    async def _keep_presence(self) -> None:
        while True:
            await asyncio.sleep(presence.HEARTBEAT_SECONDS)
            checkpoint()
            try:
                present = [
                    presence.Presence(self.keys(room_id), s.user_id, connection_of(s.request))
                    for room_id, subscribers in self.rooms.items()
                    for s in subscribers
                ]
                await presence.heartbeat(self.rt.redis, present)
                await presence.sweep(self.rt.redis, [self.keys(room_id) for room_id in self.rooms])
            except _REDIS_ERRORS as error:
                log.warning("presence heartbeat failed: %s", error)

    async def _write_departures(self) -> None:
        while not (self._closing and not self._departures):
            if not self._departures:
                self._depart.clear()
                await self._depart.wait()
                continue
            batch, self._departures = self._departures[:500], self._departures[500:]
            try:
                await presence.leave(self.rt.redis, batch)
            except _REDIS_ERRORS as error:
                if self._closing:
                    log.warning("presence leaves lost at shutdown (%s); they expire with their TTL", error)
                    return
                log.warning("presence leaves failed (%s); retrying", error)
                self._departures[:0] = batch
                await asyncio.sleep(0.5)

    def _subscribers(self, wanted: Callable[[Subscriber], bool]) -> list[Subscriber]:
        return [s for subscribers in self.rooms.values() for s in subscribers if wanted(s)]

    def _recheck(self, subscribers: Iterable[Subscriber]) -> None:
        """Check the subscribers' membership again, in the background. Counts the change: a
        subscription being set up meanwhile (checked, but not registered yet) checks again."""
        self.revision += 1
        targets = list(subscribers)
        if targets and not self._closing:
            task = asyncio.get_running_loop().create_task(_recheck_in_turn(targets))
            self._rechecks.add(task)
            task.add_done_callback(self._rechecks.discard)

    def _user_changed(self, value: str) -> None:
        self._recheck(self._subscribers(lambda s: str(s.user_id) == value))

    def _enrollment_revoked(self, value: str) -> None:
        user_id, course_id = parse_revocation(value)
        self._recheck(self._subscribers(lambda s: str(s.user_id) == user_id and str(s.course_id) == course_id))

    def _course_changed(self, value: str) -> None:
        self._recheck(self._subscribers(lambda s: str(s.course_id) == value))

    def _bus_reset(self) -> None:
        """Announcements may have been missed: check everyone (once at a time)."""
        if self._rechecks:
            self.revision += 1
        else:
            self._recheck(self._subscribers(lambda s: True))


async def _recheck_in_turn(subscribers: list[Subscriber]) -> None:
    """One after another, so a course-wide change does not queue thousands of checks on the
    database pool ahead of real requests."""
    for subscriber in subscribers:
        if subscriber.ended:
            continue
        try:
            member = await rooms.current_membership(subscriber.viewer, subscriber.room_id)
        except AppError as error:
            subscriber.end(error.message)
        except Exception:  # the database away: keep delivering; the next change checks again
            log.warning("could not re-check a room subscription of %s", subscriber.user_id)
        else:
            subscriber.viewer = member.viewer


def checkpoint() -> None:
    """Honour a cancel that was swallowed: Python 3.11's asyncio.wait_for, which redis-py uses
    around every socket write, returns normally when the cancel arrives as the write completes,
    and the task would carry on (a completed operation still delivering, a hub that never
    stops). The task still counts the cancel request, so it is raised here."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


async def stop(task: asyncio.Task[None]) -> None:
    """Cancel `task` and wait for it to end, cancelling again if a cancel was swallowed."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()


def connection_of(request: StreamRequest) -> str:
    """The operation's identity in presence: unique per socket and operation."""
    return request.operation_id + request.connection_id


def room_hub(rt: Runtime, engine: Any) -> RoomHub:
    hub = rt.caches.get("chat-hub")
    if hub is None:
        hub = rt.caches["chat-hub"] = RoomHub(rt, engine)
    assert isinstance(hub, RoomHub)
    return hub


def ended_error(marker: int, reason: str) -> AppError:
    """The error an ended subscription closes with."""
    if marker == FELL_BEHIND:
        return AppError(ErrorCode.RATE_LIMITED, reason, reason_code="FELL_BEHIND")
    return AppError(ErrorCode.FORBIDDEN, reason)
