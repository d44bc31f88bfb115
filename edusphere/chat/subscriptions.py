"""`roomEvents(roomId, since, epoch)`: replay what was missed, then go live, gap-free.

Order of work for one subscription:
1. check the arguments (types and bounds, whatever the epoch: they arrive as the client sent
   them) and the viewer's membership;
2. register with the hub, so live events start collecting in the subscriber's queue, and from
   then on every change of access re-checks it (one announced while it was being set up: now);
3. replay every event after `since` (Redis's recent set, then PostgreSQL for what is older),
   checking that the seqs run without a hole up to the room's head; a hole, or an epoch other
   than the client's, means Redis lost events that never reached PostgreSQL: the client gets one
   RESYNC event with `recovered: false` and should reload its history;
4. drain the queue, skipping every seq already sent (no duplicates), and stay live.
Without `since` the subscription starts at the room's head as read before registering, so
nothing posted while it is being set up is lost. Replay costs what the room holds after
`since`, never more: `since` is bounded by the room's head.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from edusphere.auth.viewer import require_viewer
from edusphere.chat import durable, live, presence
from edusphere.chat.events import Resync, RoomEvent
from edusphere.chat.hub import (
    CATCH_UP,
    ENDED,
    FELL_BEHIND,
    RoomHub,
    Subscriber,
    checkpoint,
    connection_of,
    ended_error,
    room_hub,
)
from edusphere.chat.keys import RoomKeys
from edusphere.chat.rooms import current_membership, membership
from edusphere.core.errors import bad_input
from edusphere.core.graphql import stream
from edusphere.core.graphql.ws import StreamRequest
from edusphere.core.runtime import Runtime

MAX_INT = 2**31 - 1  # GraphQL's Int is 32-bit
MAX_EPOCH_LENGTH = 64


@dataclass(frozen=True)
class StreamArguments:
    room_id: str
    since: int | None
    epoch: str | None


def stream_arguments(arguments: dict[str, Any]) -> StreamArguments:
    """The arguments as the schema types them, or BAD_USER_INPUT: they come straight from the
    client's variables, so a string, bool, float or huge number may stand where an Int should."""
    room_id = arguments.get("roomId")
    if isinstance(room_id, bool) or not isinstance(room_id, str | int):
        raise bad_input("roomId must be an ID", field="roomId")
    since = arguments.get("since")
    if since is not None and (isinstance(since, bool) or not isinstance(since, int) or not 0 <= since <= MAX_INT):
        raise bad_input("since must be a seq: a whole number from 0", field="since")
    epoch = arguments.get("epoch")
    if epoch is not None and (not isinstance(epoch, str) or len(epoch) > MAX_EPOCH_LENGTH):
        raise bad_input(f"epoch must be a string of at most {MAX_EPOCH_LENGTH} characters", field="epoch")
    return StreamArguments(str(room_id), since, epoch)


@stream("roomEvents")
async def room_events(request: StreamRequest) -> None:
    ctx = request.context
    viewer = require_viewer(ctx)
    arguments = stream_arguments(request.arguments)
    rt = ctx.runtime
    hub = room_hub(rt, request.engine)
    revision = hub.revision
    member = await membership(viewer, arguments.room_id)
    room_id = str(member.room.id)
    keys = hub.keys(room_id)
    redis_head, epoch = await live.room_head(rt.redis, keys)
    head = redis_head if redis_head is not None else await durable.max_seq(room_id)
    since, client_epoch = arguments.since, arguments.epoch
    epoch_changed = client_epoch is not None and client_epoch != epoch
    if since is not None and not epoch_changed and since > head:
        raise bad_input(f"since must be between 0 and the room's latest seq ({head})", field="since")
    subscriber = Subscriber(request=request, room_id=room_id, course_id=member.course.id, viewer=viewer)
    await hub.add(subscriber)
    try:
        checkpoint()
        if hub.revision != revision:  # access changed somewhere while this was set up
            await current_membership(viewer, room_id)
        start = head if since is None else since
        await replay(hub, subscriber, start, client_epoch, (redis_head, epoch))
        checkpoint()
        subscriber.joined = presence.Presence(keys, viewer.id, connection_of(request))
        await presence.join(rt.redis, subscriber.joined, viewer.user.display_name)
        checkpoint()
        subscriber.live = not subscriber.ended
        await drain(hub, subscriber)
    finally:
        hub.remove(subscriber)


async def drain(hub: RoomHub, subscriber: Subscriber) -> None:
    """Send what the hub queues for `subscriber`, in order and each seq once, until it ends."""
    while True:
        seq, frame = await subscriber.take()
        checkpoint()
        if seq == CATCH_UP:
            await replay(hub, subscriber, subscriber.last_seq, None)
            subscriber.live = not subscriber.ended
        elif seq in (ENDED, FELL_BEHIND):
            raise ended_error(seq, frame)
        elif seq is None or seq > subscriber.last_seq:
            if seq is not None:
                subscriber.last_seq = seq
            await subscriber.send(frame)


async def replay(
    hub: RoomHub,
    subscriber: Subscriber,
    since: int,
    client_epoch: str | None,
    known_head: tuple[int | None, str | None] | None = None,
) -> None:
    """Send every event after `since`, or one RESYNC. `known_head` is the room's head as read
    before the subscriber was registered (one round trip fewer: anything posted since is above it
    and in what is read now)."""
    rt: Runtime = hub.rt
    keys = hub.keys(subscriber.room_id)
    subscriber.last_seq = max(subscriber.last_seq, since)
    head, epoch = known_head if known_head is not None else await live.room_head(rt.redis, keys)
    if client_epoch is not None and client_epoch != epoch:  # what the client saw may be gone: nothing to replay
        await resync(hub, subscriber, head if head is not None else await durable.max_seq(subscriber.room_id), epoch)
        return
    events, top, complete = await events_after(rt, keys, since, head, epoch)
    if not complete:
        await resync(hub, subscriber, top, epoch)
        return
    for event in events:
        if subscriber.ended:
            return  # the queue holds why
        if event.seq is None or event.seq <= subscriber.last_seq:
            continue
        payload = await hub.render(subscriber, msgspec.structs.replace(event, recovered=True))
        subscriber.last_seq = event.seq
        await subscriber.send(subscriber.request.frame(payload))


async def resync(hub: RoomHub, subscriber: Subscriber, top: int, epoch: str | None) -> None:
    resync = Resync(room_id=subscriber.room_id, seq=top, epoch=epoch or "", recovered=False)
    subscriber.last_seq = max(subscriber.last_seq, top)
    await subscriber.send(subscriber.request.frame(await hub.render(subscriber, resync)))


async def events_after(
    rt: Runtime, keys: RoomKeys, since: int, head: int | None, epoch: str | None
) -> tuple[list[RoomEvent], int, bool]:
    """Every event after `since` (oldest first), the room's head, and whether the events run
    without a hole up to that head (read by the caller first, so events posted meanwhile, above
    it, are delivered but never mistaken for a hole). Costs what the room holds after `since`."""
    recent = [e for e in await live.recent_events(rt.redis, keys, since) if e.seq is not None]
    oldest = recent[0].seq if recent else None
    older: list[RoomEvent] = []
    if oldest is None or oldest > since + 1:
        older = [*await durable.events_between(keys.room_id, since, oldest, epoch)]
    events = older + recent
    top = head if head is not None else (events[-1].seq or since if events else since)
    return events, top, consecutive(events, since, top)


def consecutive(events: list[RoomEvent], since: int, top: int) -> bool:
    """The events' seqs are exactly since+1 .. top (then anything above top)."""
    expected = since + 1
    for event in events:
        seq = event.seq or 0
        if seq > top:
            break
        if seq != expected:
            return False
        expected += 1
    return expected == top + 1
