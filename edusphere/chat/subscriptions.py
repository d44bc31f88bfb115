"""`roomEvents(roomId, since, epoch)`: replay what was missed, then go live, gap-free.

Order of work for one subscription:
1. register with the hub, so live events start collecting in the subscriber's queue;
2. replay every event after `since` (Redis's recent set, then PostgreSQL for what is older),
   checking that the seqs run without a hole up to the room's head; a hole, or an epoch other
   than the client's, means Redis lost events that never reached PostgreSQL: the client gets one
   RESYNC event with `recovered: false` and should reload its history;
3. drain the queue, skipping every seq the replay already sent (no duplicates), and stay live.
Without `since` the subscription starts at the room's head as read before registering, so
nothing posted while it is being set up is lost.
"""

from __future__ import annotations

from typing import Any

from edusphere.auth.viewer import require_viewer
from edusphere.chat import durable, live, presence
from edusphere.chat.hub import CATCH_UP, ENDED, Subscriber, room_hub
from edusphere.chat.rooms import membership
from edusphere.core.errors import AppError, ErrorCode, bad_input
from edusphere.core.graphql import stream
from edusphere.core.graphql.ws import StreamRequest
from edusphere.core.runtime import Runtime


@stream("roomEvents")
async def room_events(request: StreamRequest) -> None:
    ctx = request.context
    viewer = require_viewer(ctx)
    arguments = request.arguments
    member = await membership(viewer, str(arguments.get("roomId")))
    rt = ctx.runtime
    hub = room_hub(rt, request.engine)
    keys = hub.keys(str(member.room.id))
    since = arguments.get("since")
    head, epoch = await live.latest_seq(rt.redis, keys)
    epoch_changed = arguments.get("epoch") is not None and arguments.get("epoch") != epoch
    if since is not None and not epoch_changed and not 0 <= since <= head:
        raise bad_input(f"since must be between 0 and the room's latest seq ({head})", field="since")
    subscriber = Subscriber(request=request, room_id=str(member.room.id), course_id=member.course.id, user_id=viewer.id)
    connection = request.operation_id + request.connection_id
    await hub.add(subscriber)
    try:
        await replay(hub, subscriber, head if since is None else min(since, head), arguments.get("epoch"))
        await presence.join(rt.redis, keys, viewer.id, viewer.user.display_name, connection)
        subscriber.live = True
        while True:
            seq, frame = await subscriber.queue.get()
            if seq == CATCH_UP:
                await replay(hub, subscriber, subscriber.last_seq, None)
                subscriber.live = True
            elif seq == ENDED:
                raise AppError(ErrorCode.FORBIDDEN, frame)
            elif seq is None or seq > subscriber.last_seq:
                if seq is not None:
                    subscriber.last_seq = seq
                await request.send_frame(frame)
    finally:
        await hub.remove(subscriber)
        await presence.leave(rt.redis, keys, viewer.id, connection)


async def replay(hub: Any, subscriber: Subscriber, since: int, client_epoch: str | None) -> None:
    rt: Runtime = hub.rt
    keys = hub.keys(subscriber.room_id)
    subscriber.last_seq = max(subscriber.last_seq, since)
    events, top, epoch, complete = await events_after(rt, keys, since)
    if not complete or (client_epoch is not None and client_epoch != epoch):
        resync = {"type": "RESYNC", "seq": top, "epoch": epoch or "", "recovered": False}
        await subscriber.request.send_frame(subscriber.request.frame(await hub.render(subscriber, resync)))
        subscriber.last_seq = max(subscriber.last_seq, top)
        return
    for event in events:
        payload = await hub.render(subscriber, {**event, "recovered": True})
        await subscriber.request.send_frame(subscriber.request.frame(payload))
        subscriber.last_seq = event["seq"]


async def events_after(
    rt: Runtime, keys: live.RoomKeys, since: int
) -> tuple[list[dict[str, Any]], int, str | None, bool]:
    """Every event after `since` (oldest first), the room's head and epoch, and whether the events
    run without a hole up to that head. The head is read first, so events posted meanwhile (above
    it) are delivered but never mistaken for a hole."""
    head, epoch = await live.room_head(rt.redis, keys)
    recent = await live.recent_events(rt.redis, keys, since)
    oldest = recent[0]["seq"] if recent else None
    older: list[dict[str, Any]] = []
    if oldest is None or oldest > since + 1:
        older = [{**e, "epoch": epoch} for e in await durable.events_between(keys.room_id, since, oldest)]
    events = older + recent
    top = head if head is not None else (events[-1]["seq"] if events else since)
    complete = [e["seq"] for e in events if e["seq"] <= top] == list(range(since + 1, top + 1))
    return events, top, epoch, complete
