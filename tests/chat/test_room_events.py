"""roomEvents over graphql-transport-ws: live delivery, resume, presence, typing, revocation."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import pytest
from sanic import Sanic
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from edusphere.auth import accounts
from edusphere.auth.models import Role
from edusphere.chat import live, messages
from edusphere.chat.hub import RoomHub
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Enrollment
from tests.chat.factories import (
    classroom,
    count_live,
    drain_stream,
    enrolled,
    forget_rooms,
    live_subscribers,
    wait_until,
)
from tests.helpers import GraphQLClient, make_user

EVENTS = """subscription($room: ID!, $since: Int, $epoch: String) {
  roomEvents(roomId: $room, since: $since, epoch: $epoch) {
    type seq epoch recovered user { id displayName }
    message { id seq roomId body deleted clientId createdAt editedAt author { id displayName } } } }"""


@asynccontextmanager
async def subscribed(app: Sanic, token: str, room_id: str, **variables: Any) -> AsyncIterator[ClientConnection]:
    url = app.ctx.base_url.replace("http://", "ws://") + "/ws"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"accessToken": token}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        payload = {"query": EVENTS, "variables": {"room": room_id, **variables}}
        await ws.send(json.dumps({"id": "events", "type": "subscribe", "payload": payload}))
        yield ws


async def next_event(ws: ClientConnection, *, skip: tuple[str, ...] = ("MEMBER_JOINED", "MEMBER_LEFT")) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert message["type"] == "next", message
        event: dict = message["payload"]["data"]["roomEvents"]
        if event["type"] not in skip:
            return event


async def test_a_message_reaches_subscribers_live(app: Sanic, runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    async with subscribed(app, room.learner.access_token, room.room_id) as ws:
        await asyncio.sleep(0.1)
        send = 'mutation($r: ID!) { sendMessage(roomId: $r, body: "Welcome!", clientId: "c1") { seq } }'
        assert (await gql(send, {"r": room.room_id}, token=room.creator.access_token)).ok()["sendMessage"]["seq"] == 1
        event = await next_event(ws)
    assert event["type"] == "MESSAGE_POSTED"
    assert (event["seq"], event["recovered"]) == (1, None)
    assert event["message"]["body"] == "Welcome!"
    assert event["message"]["author"] == {"id": str(room.creator.user.id), "displayName": "Creator"}
    assert event["epoch"]


async def test_resume_with_since_replays_exactly_what_was_missed(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    for n in range(3):
        await messages.send_message(runtime, room.creator.viewer, room.room_id, f"before {n}", f"b{n}")
    first = await messages.send_message(runtime, room.creator.viewer, room.room_id, "to edit", "b3")
    await messages.edit_message(runtime, room.creator.viewer, first.id, "edited")
    async with subscribed(app, room.learner.access_token, room.room_id, since=2) as ws:
        replayed = [await next_event(ws) for _ in range(3)]
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "live", "b4")
        live = await next_event(ws)
    assert [(e["seq"], e["type"], e["recovered"]) for e in replayed] == [
        (3, "MESSAGE_POSTED", True), (4, "MESSAGE_POSTED", True), (5, "MESSAGE_EDITED", True)
    ]  # fmt: skip
    assert replayed[2]["message"]["body"] == "edited"
    assert (live["seq"], live["message"]["body"], live["recovered"]) == (6, "live", None)


async def test_a_resume_older_than_the_redis_window_replays_from_postgres(
    app: Sanic, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "WINDOW", 3)  # Redis keeps seqs 6-8; 2-5 come from PostgreSQL
    room = await classroom(runtime)
    sent = [await messages.send_message(runtime, room.creator.viewer, room.room_id, f"m{n}", f"w{n}") for n in range(4)]
    await messages.edit_message(runtime, room.creator.viewer, sent[1].id, "m1, edited")  # seq 5
    await messages.delete_message(runtime, room.creator.viewer, sent[2].id)  # seq 6
    for n in range(4, 6):
        await messages.send_message(runtime, room.creator.viewer, room.room_id, f"m{n}", f"w{n}")  # seqs 7-8
    await drain_stream(runtime)
    async with subscribed(app, room.learner.access_token, room.room_id, since=1) as ws:
        replayed = [await next_event(ws) for _ in range(7)]
    assert [(e["seq"], e["type"], e["recovered"]) for e in replayed] == [
        (2, "MESSAGE_POSTED", True), (3, "MESSAGE_POSTED", True), (4, "MESSAGE_POSTED", True),
        (5, "MESSAGE_EDITED", True), (6, "MESSAGE_DELETED", True),
        (7, "MESSAGE_POSTED", True), (8, "MESSAGE_POSTED", True),
    ]  # fmt: skip
    # What PostgreSQL replays is each message as it is now: the deleted one leaves no body behind.
    assert [(e["message"]["seq"], e["message"]["body"], e["message"]["deleted"]) for e in replayed[:5]] == [
        (2, "m1, edited", False), (3, "", True), (4, "m3", False), (2, "m1, edited", False), (3, "", True)
    ]  # fmt: skip
    assert replayed[0]["message"]["author"] == {"id": str(room.creator.user.id), "displayName": "Creator"}
    assert len({e["epoch"] for e in replayed}) == 1


async def test_messages_posted_during_the_replay_arrive_once_in_order(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    for n in range(20):
        await messages.send_message(runtime, room.creator.viewer, room.room_id, f"m{n}", f"p{n}")
    others = [await enrolled(runtime, room, f"L{n}") for n in range(3)]

    async def chatter() -> None:
        for n in range(15):
            await messages.send_message(runtime, others[n % 3].viewer, room.room_id, f"during {n}", f"d{n}")

    async with subscribed(app, room.learner.access_token, room.room_id, since=0) as ws:
        task = asyncio.create_task(chatter())
        seqs = [(await next_event(ws))["seq"] for _ in range(35)]
        await task
    assert seqs == list(range(1, 36))


async def test_lost_redis_state_is_reported_as_not_recovered(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    for n in range(3):
        await messages.send_message(runtime, room.creator.viewer, room.room_id, f"m{n}", f"l{n}")
    async with subscribed(app, room.learner.access_token, room.room_id) as ws:
        await asyncio.sleep(0.1)
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "seen", "l3")
        seen = await next_event(ws)
    # Redis loses everything before the write-behind ran: events 1-4 exist nowhere now.
    await forget_rooms(runtime)
    await messages.send_message(runtime, room.creator.viewer, room.room_id, "after the loss", "l4")
    async with subscribed(app, room.learner.access_token, room.room_id, since=seen["seq"], epoch=seen["epoch"]) as ws:
        event = await next_event(ws)
    assert (event["type"], event["recovered"]) == ("RESYNC", False)
    assert event["epoch"] != seen["epoch"]


async def test_presence_and_typing(app: Sanic, runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    online = "query($r: ID!) { room(id: $r) { onlineMembers { displayName } } }"
    async with subscribed(app, room.learner.access_token, room.room_id) as learner_ws:
        async with subscribed(app, room.creator.access_token, room.room_id), \
                subscribed(app, room.creator.access_token, room.room_id):  # two tabs  # fmt: skip
            joined = await next_event(learner_ws, skip=())
            if joined["user"]["displayName"] == "Learner":  # our own arrival comes first
                joined = await next_event(learner_ws, skip=())
            assert (joined["type"], joined["user"]["displayName"]) == ("MEMBER_JOINED", "Creator")
            members = (await gql(online, {"r": room.room_id}, token=room.learner.access_token)).ok()
            assert sorted(m["displayName"] for m in members["room"]["onlineMembers"]) == ["Creator", "Learner"]
            typing = "mutation($r: ID!) { setTyping(roomId: $r) }"
            assert (await gql(typing, {"r": room.room_id}, token=room.creator.access_token)).ok() == {"setTyping": True}
            assert (await gql(typing, {"r": room.room_id}, token=room.creator.access_token)).ok()  # throttled
            event = await next_event(learner_ws, skip=("MEMBER_JOINED",))
            assert (event["type"], event["seq"], event["user"]["displayName"]) == ("TYPING", None, "Creator")
        left = await next_event(learner_ws, skip=("MEMBER_JOINED",))
        assert (left["type"], left["user"]["displayName"]) == ("MEMBER_LEFT", "Creator")
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "no second typing event", "t1")
        assert (await next_event(learner_ws))["type"] == "MESSAGE_POSTED"


async def test_losing_the_enrollment_closes_the_subscription(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    async with subscribed(app, room.learner.access_token, room.room_id) as ws:
        await asyncio.sleep(0.1)
        row = await Enrollment.get(learner_id=room.learner.user.id, course_id=room.course.id)
        await enrollment.revoke(runtime, str(row.id))
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 5))
            if message["type"] != "next":
                break
    assert message["type"] == "error"
    assert message["payload"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_refused_subscriptions(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    outsider = await make_user(runtime)
    for token, variables, code in (
        (outsider.access_token, {}, "FORBIDDEN"),
        (room.learner.access_token, {"since": 99}, "BAD_USER_INPUT"),
    ):
        async with subscribed(app, token, room.room_id, **variables) as ws:
            message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == code


async def test_each_event_is_rendered_once_per_document(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    learners = [await enrolled(runtime, room, f"S{n}") for n in range(6)]
    async with contextlib_aclosing(learners, app, room) as sockets:
        hub: RoomHub = runtime.caches["chat-hub"]
        before = hub.rendered["MESSAGE_POSTED"]
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "to everyone", "r1")
        events = [await next_event(ws) for ws in sockets]
    assert {e["message"]["body"] for e in events} == {"to everyone"}
    assert hub.rendered["MESSAGE_POSTED"] - before == 1


@asynccontextmanager
async def contextlib_aclosing(learners: list, app: Sanic, room: Any) -> AsyncIterator[list[ClientConnection]]:
    from contextlib import AsyncExitStack

    async with AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(subscribed(app, lr.access_token, room.room_id)) for lr in learners]
        await asyncio.sleep(0.2)
        yield sockets


async def test_a_socket_may_hold_only_so_many_operations(app: Sanic, runtime: Runtime) -> None:
    from edusphere.core.graphql.ws import MAX_OPERATIONS_PER_SOCKET

    room = await classroom(runtime)
    async with subscribed(app, room.learner.access_token, room.room_id) as ws:
        payload = {"query": EVENTS, "variables": {"room": room.room_id}}
        for n in range(MAX_OPERATIONS_PER_SOCKET):
            await ws.send(json.dumps({"id": f"extra-{n}", "type": "subscribe", "payload": payload}))
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if message["type"] == "error":
                break
    assert message["id"] == f"extra-{MAX_OPERATIONS_PER_SOCKET - 1}"
    assert "At most" in message["payload"][0]["message"]


async def test_a_room_watched_from_its_latest_seq_gets_only_what_follows(
    app: Sanic, runtime: Runtime, gql: GraphQLClient
) -> None:
    """Room.latestSeq/epoch let a client watch a room without loading its history first."""
    room = await classroom(runtime)
    for n in range(2):
        await messages.send_message(runtime, room.creator.viewer, room.room_id, f"before {n}", f"b-{n}")
    heads = "query($c: ID!) { rooms(courseId: $c) { id latestSeq epoch } }"
    listed = (await gql(heads, {"c": str(room.course.id)}, token=room.learner.access_token)).ok()["rooms"]
    _, epoch = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    assert listed == [{"id": room.room_id, "latestSeq": 2, "epoch": epoch}]
    async with subscribed(app, room.learner.access_token, room.room_id, since=2, epoch=epoch) as ws:
        await asyncio.sleep(0.1)
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "after", "a-1")
        event = await next_event(ws)
    assert (event["type"], event["seq"], event["message"]["body"]) == ("MESSAGE_POSTED", 3, "after")


async def test_a_room_redis_forgot_reports_postgres_latest_seq(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    await messages.send_message(runtime, room.creator.viewer, room.room_id, "kept", "k-1")
    await drain_stream(runtime)
    await forget_rooms(runtime)
    heads = "query($c: ID!) { rooms(courseId: $c) { latestSeq epoch } }"
    listed = (await gql(heads, {"c": str(room.course.id)}, token=room.learner.access_token)).ok()["rooms"]
    assert listed == [{"latestSeq": 1, "epoch": None}]


async def first_outcome(ws: ClientConnection) -> dict[str, Any]:
    """The first message that is not an event (an error or a complete), or the close."""
    while True:
        try:
            message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
        except ConnectionClosed as closed:
            return {"type": "closed", "code": closed.rcvd.code if closed.rcvd else None}
        if message["type"] != "next":
            return message


@pytest.mark.parametrize(
    "variables",
    [
        {"since": -100_000_000, "epoch": "made-up"},  # blocked the server for ~10 s
        {"since": -1},
        {"since": 2**40, "epoch": "made-up"},
        {"since": 2**70},
        {"since": "5"},
        {"since": True},
        {"since": 1.5},
        {"since": [1]},
        {"since": {"seq": 1}},
        {"epoch": 5},
        {"epoch": ["made-up"]},
        {"epoch": "x" * 1_000},
        {"room": ["a-room"]},
        {"room": True},
    ],
)
async def test_stream_arguments_are_checked_whatever_the_epoch(
    app: Sanic, runtime: Runtime, variables: dict[str, Any]
) -> None:
    """Issue 11 #2: every argument's type and `since`'s bounds, before any replay."""
    room = await classroom(runtime)
    await messages.send_message(runtime, room.creator.viewer, room.room_id, "one", "o1")
    async with subscribed(app, room.learner.access_token, room.room_id, **variables) as ws:
        outcome = await first_outcome(ws)
    assert outcome["type"] == "error", outcome
    assert outcome["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_resume_from_another_epoch_is_one_resync_whatever_its_since(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    await messages.send_message(runtime, room.creator.viewer, room.room_id, "one", "e1")
    async with subscribed(app, room.learner.access_token, room.room_id, since=2**31 - 1, epoch="made-up") as ws:
        event = await next_event(ws)
    assert (event["type"], event["seq"], event["recovered"]) == ("RESYNC", 1, False)


async def watched(app: Sanic, runtime: Runtime, token: str, room_id: str) -> AsyncIterator[ClientConnection]:
    async with subscribed(app, token, room_id) as ws:
        assert await wait_until(partial(count_live, runtime, room_id))
        yield ws


watching = asynccontextmanager(watched)


async def test_a_demoted_admin_stops_receiving_the_room(app: Sanic, runtime: Runtime, gql: GraphQLClient) -> None:
    """Issue 11 #4: an admin who is not enrolled, demoted to LEARNER while subscribed."""
    room = await classroom(runtime)
    admin = await make_user(runtime, Role.ADMIN, name="Admin")
    boss = await make_user(runtime, Role.ADMIN, name="Boss")
    async with watching(app, runtime, admin.access_token, room.room_id) as ws:
        await accounts.set_user_role(runtime, boss.viewer, str(admin.user.id), Role.LEARNER)
        outcome = await first_outcome(ws)
        history = "query($r: ID!) { messages(roomId: $r) { messages { seq } } }"
        assert (await gql(history, {"r": room.room_id}, token=admin.access_token)).error_code == "FORBIDDEN"
    assert outcome["type"] == "error", outcome
    assert outcome["payload"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_demoted_admin_who_is_enrolled_keeps_the_room(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    admin = await make_user(runtime, Role.ADMIN, name="Admin")
    boss = await make_user(runtime, Role.ADMIN, name="Boss")
    await enrollment.enroll(admin.viewer, str(room.course.id))
    async with watching(app, runtime, admin.access_token, room.room_id) as ws:
        await accounts.set_user_role(runtime, boss.viewer, str(admin.user.id), Role.LEARNER)

        async def rechecked() -> bool:
            return all(s.viewer.role is Role.LEARNER for s in live_subscribers(runtime, room.room_id))

        assert await wait_until(rechecked)
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "still here", "k1")
        event = await next_event(ws)
    assert (event["type"], event["message"]["body"]) == ("MESSAGE_POSTED", "still here")


async def test_a_deactivated_account_stops_receiving_the_room(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    boss = await make_user(runtime, Role.ADMIN, name="Boss")
    async with watching(app, runtime, room.learner.access_token, room.room_id) as ws:
        await accounts.set_user_active(runtime, boss.viewer, str(room.learner.user.id), False)
        outcome = await first_outcome(ws)
    assert outcome in ({"type": "closed", "code": 4403},) or (
        outcome["type"] == "error" and outcome["payload"][0]["extensions"]["code"] == "FORBIDDEN"
    ), outcome


async def test_a_course_that_closes_to_its_learners_ends_their_subscriptions(
    app: Sanic, runtime: Runtime, gql: GraphQLClient
) -> None:
    """An unpublished course is a draft again: only its creator and admins may see it. The
    mutation announces the change; every process's open subscriptions check again."""
    room = await classroom(runtime)
    async with watching(app, runtime, room.learner.access_token, room.room_id) as ws:
        unpublish = "mutation($id: ID!) { unpublishCourse(id: $id) { status } }"
        assert (await gql(unpublish, {"id": str(room.course.id)}, token=room.creator.access_token)).ok()
        outcome = await first_outcome(ws)
    assert outcome["type"] == "error", outcome
    assert outcome["payload"][0]["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND")


async def test_a_demoted_admin_can_no_longer_post(runtime: Runtime, gql: GraphQLClient) -> None:
    """The membership cache behind sends forgets a user whose row changed (in every process)."""
    room = await classroom(runtime)
    admin = await make_user(runtime, Role.ADMIN, name="Admin")
    boss = await make_user(runtime, Role.ADMIN, name="Boss")
    send = 'mutation($r: ID!, $c: String!) { sendMessage(roomId: $r, body: "hello", clientId: $c) { seq } }'
    assert (await gql(send, {"r": room.room_id, "c": "a1"}, token=admin.access_token)).ok()["sendMessage"]["seq"] == 1
    await accounts.set_user_role(runtime, boss.viewer, str(admin.user.id), Role.LEARNER)

    async def refused() -> str:  # at once, but for the bus's latency
        result = await gql(send, {"r": room.room_id, "c": "a2"}, token=admin.access_token)
        return result.error_code if result.errors else "accepted"

    assert await wait_until(refused, lambda code: code == "FORBIDDEN", within=5)
