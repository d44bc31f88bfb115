"""The per-process fan-out of room events to WebSocket subscribers.

One Redis pub/sub connection per process carries the channels of the rooms that have local
subscribers. An event is executed against each distinct subscription document once (documents,
operation names and variables other than `since`/`epoch` make the group key), serialised once,
and every subscriber of the group gets the same bytes with only its operation id added. Events
go into a per-subscriber queue that the subscriber's own task drains, so one slow socket never
holds up the others, and the queue doubles as the buffer that makes a resume gap-free: live
events collect while the replay runs, and the drain skips every seq already sent.

Redis pub/sub is at-most-once: when the subscription breaks, every subscriber is told to catch
up from its last seq (the recent set, then PostgreSQL) before going on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from redis.exceptions import RedisError

from edusphere.chat import live, presence
from edusphere.core.graphql.context import RequestContext
from edusphere.core.graphql.ws import StreamRequest
from edusphere.core.runtime import Runtime
from edusphere.courses.enrollment import ENROLLMENT_REVOKED, parse_revocation

log = logging.getLogger(__name__)

CATCH_UP = -1  # queue marker: the hub may have missed events; replay from the last seq
ENDED = -2  # queue marker: access is gone; the frame slot carries the reason
QUEUE_LIMIT = 10_000
_VOLATILE_ARGUMENTS = ("since", "epoch")


@dataclass(eq=False)
class Subscriber:
    request: StreamRequest
    room_id: str
    course_id: UUID
    user_id: UUID
    last_seq: int = 0
    live: bool = False  # replay done: events may be written straight to the socket
    queue: asyncio.Queue[tuple[int | None, str]] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    group_key: tuple[str, str | None, str] = field(init=False)

    def __post_init__(self) -> None:
        variables = {k: v for k, v in self.request.variables.items() if k not in _VOLATILE_ARGUMENTS}
        self.group_key = (self.request.document, self.request.operation_name, json.dumps(variables, sort_keys=True))

    def offer(self, seq: int | None, frame: str) -> None:
        try:
            self.queue.put_nowait((seq, frame))
        except asyncio.QueueFull:
            self.end("The connection fell too far behind; resubscribe with `since`")

    def end(self, reason: str) -> None:
        self.live = False
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait((ENDED, reason))


class RoomHub:
    def __init__(self, rt: Runtime, engine: Any) -> None:
        self.rt = rt
        self.engine = engine
        self.rooms: dict[str, set[Subscriber]] = defaultdict(set)
        self._pubsub = rt.redis.pubsub(ignore_subscribe_messages=True)
        self._listener: asyncio.Task[None] | None = None
        self._keeper: asyncio.Task[None] | None = None
        self._anonymous = RequestContext(runtime=rt)  # events are rendered for nobody in particular
        self.rendered: Counter[str] = Counter()  # per event type, for tests and benchmarks
        if rt.bus is not None:
            rt.bus.on(ENROLLMENT_REVOKED, self._access_revoked)

    def keys(self, room_id: str) -> live.RoomKeys:
        return live.RoomKeys(self.rt.keys, room_id)

    async def add(self, subscriber: Subscriber) -> None:
        subscribers = self.rooms[subscriber.room_id]
        if not subscribers:
            await self._pubsub.subscribe(self.keys(subscriber.room_id).channel)
        subscribers.add(subscriber)
        if self._listener is None:
            self._listener = asyncio.create_task(self._listen(), name="chat-hub")
            self._keeper = asyncio.create_task(self._keep_presence(), name="chat-presence")

    async def remove(self, subscriber: Subscriber) -> None:
        subscribers = self.rooms.get(subscriber.room_id)
        if subscribers is None:
            return
        subscribers.discard(subscriber)
        if not subscribers:
            del self.rooms[subscriber.room_id]
            with contextlib.suppress(RedisError, ConnectionError):
                await self._pubsub.unsubscribe(self.keys(subscriber.room_id).channel)

    async def aclose(self) -> None:
        for task in (self._listener, self._keeper):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        with contextlib.suppress(RedisError, ConnectionError):
            await self._pubsub.aclose()  # type: ignore[no-untyped-call]

    async def render(self, subscriber: Subscriber, event: dict[str, Any]) -> str:
        """The subscriber's document executed against `event`, serialised."""
        request = subscriber.request
        result = await self.engine.execute_event(
            request.document,
            event=view(event),
            variables=request.variables,
            operation_name=request.operation_name,
            context=self._anonymous,
        )
        self.rendered[event["type"]] += 1
        return json.dumps(result, separators=(",", ":"), default=str)

    async def deliver(self, room_id: str, event: dict[str, Any]) -> None:
        groups: dict[tuple[str, str | None, str], list[Subscriber]] = defaultdict(list)
        for subscriber in self.rooms.get(room_id, ()):
            groups[subscriber.group_key].append(subscriber)
        seq = event.get("seq")
        for members in groups.values():
            payload = await self.render(members[0], event)
            encoded = payload.encode()
            for subscriber in members:
                request = subscriber.request
                # Live and nothing queued ahead: write now, no task switch. Otherwise queue, in order.
                if subscriber.live and subscriber.queue.empty() and request.write_next_now(encoded):
                    if seq is not None:
                        subscriber.last_seq = max(subscriber.last_seq, seq)
                else:
                    subscriber.offer(seq, request.frame(payload))

    async def _listen(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
                if message is None or message["type"] != "message":
                    continue
                channel = str(message["channel"])
                room_id = channel.removeprefix(self.rt.keys("room", "")).removesuffix(":events")
                await self.deliver(room_id, json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except (RedisError, ConnectionError, OSError) as error:
                log.warning("chat hub lost Redis (%s); subscribers will catch up", error)
                await asyncio.sleep(0.5)
                await self._resubscribe()
            except Exception:
                log.exception("chat hub failed to deliver an event")

    async def _resubscribe(self) -> None:
        with contextlib.suppress(RedisError, ConnectionError, OSError):
            channels = [self.keys(room_id).channel for room_id in self.rooms]
            if channels:
                await self._pubsub.subscribe(*channels)
            for subscribers in self.rooms.values():
                for subscriber in subscribers:
                    subscriber.live = False
                    subscriber.offer(CATCH_UP, "")

    async def _keep_presence(self) -> None:
        while True:
            await asyncio.sleep(presence.HEARTBEAT_SECONDS)
            try:
                members = [
                    (self.keys(s.room_id), s.user_id, s.request.operation_id + s.request.connection_id)
                    for subscribers in self.rooms.values()
                    for s in subscribers
                ]
                await presence.heartbeat(self.rt.redis, members)
                for room_id in list(self.rooms):
                    await presence.sweep(self.rt.redis, self.keys(room_id))
            except (RedisError, ConnectionError, OSError) as error:
                log.warning("presence heartbeat failed: %s", error)

    def _access_revoked(self, value: str) -> None:
        user_id, course_id = parse_revocation(value)
        for subscribers in self.rooms.values():
            for subscriber in subscribers:
                if str(subscriber.user_id) == user_id and str(subscriber.course_id) == course_id:
                    subscriber.end("Your enrollment in this course has ended")


def room_hub(rt: Runtime, engine: Any) -> RoomHub:
    hub = rt.caches.get("chat-hub")
    if hub is None:
        hub = rt.caches["chat-hub"] = RoomHub(rt, engine)
    assert isinstance(hub, RoomHub)
    return hub


def view(event: dict[str, Any]) -> dict[str, Any]:
    """The event as the GraphQL RoomEvent type reads it."""
    return {
        "type": event["type"],
        "seq": event.get("seq"),
        "epoch": event.get("epoch") or "",
        "recovered": event.get("recovered"),
        "message": event.get("message"),
        "user": event.get("user"),
    }
