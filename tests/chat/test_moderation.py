"""Chat moderation over GraphQL HTTP: reports, the admins' queue, resolutions, mutes and their
enforcement, on real PostgreSQL and Redis (the write-behind is off in tests: messages are only in
Redis until a test drains the stream)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from sanic import Sanic

from edusphere.audit.actions import AuditAction
from edusphere.audit.models import AuditEntry
from edusphere.auth.models import Role, User
from edusphere.auth.sessions import AuthResult
from edusphere.auth.viewer import Viewer
from edusphere.chat import events, live, messages, moderation, rooms
from edusphere.chat import keys as chat_keys
from edusphere.chat.events import Message
from edusphere.chat.models import ChatMessage, ChatMute, MessageReport, ReportStatus, Room
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.invalidation import InvalidationBus, channel
from edusphere.core.runtime import Runtime
from edusphere.core.settings import TokenBucket
from edusphere.courses.enrollment import enroll
from edusphere.courses.models import Enrollment, EnrollmentSource
from tests.chat.factories import (
    Classroom,
    chat_socket,
    classroom,
    drain_stream,
    enrolled,
    forget_rooms,
    receive,
    subscribe,
    wait_until,
)
from tests.courses import factories as course_factories
from tests.helpers import GraphQLClient, GraphQLResult, make_user

MESSAGE = "id seq body deleted author { id displayName }"
REPORT_FIELDS = f"""id status reason reportedBody reportCount roomId roomName courseId courseTitle resolution
  resolvedAt createdAt author {{ id }} reporter {{ id }} context {{ id seq body deleted }} message {{ {MESSAGE} }}"""
REPORT = f"""mutation($m: ID!, $r: String!) {{ reportMessage(messageId: $m, reason: $r) {{ {REPORT_FIELDS} }} }}"""
QUEUE = f"""query($s: ReportStatus, $f: Int, $a: String) {{ messageReports(status: $s, first: $f, after: $a) {{
  totalCount totalCountCapped pageInfo {{ hasNextPage endCursor }}
  edges {{ cursor node {{ {REPORT_FIELDS} }} }} }} }}"""
RESOLVE = f"""mutation($id: ID!, $a: ReportAction!, $m: Int, $r: String) {{
  resolveReport(reportId: $id, action: $a, muteMinutes: $m, reason: $r) {{ {REPORT_FIELDS} }} }}"""
MUTE_FIELDS = "id courseId reason createdAt endsAt liftedAt user { id displayName }"
MUTE = f"""mutation($c: ID!, $u: ID!, $m: Int!, $r: String) {{
  muteMember(courseId: $c, userId: $u, minutes: $m, reason: $r) {{ {MUTE_FIELDS} }} }}"""
UNMUTE = f"""mutation($id: ID!, $r: String) {{ unmuteMember(muteId: $id, reason: $r) {{ {MUTE_FIELDS} }} }}"""
MUTES = f"""query($c: ID) {{ chatMutes(courseId: $c) {{ {MUTE_FIELDS} }} }}"""
SEND = """mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) { id seq } }"""
EDIT = """mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { id body } }"""
DELETE = """mutation($m: ID!) { deleteMessage(messageId: $m) }"""
TYPING = """mutation($r: ID!) { setTyping(roomId: $r) }"""
ROOM = """query($id: ID!) { room(id: $id) { id canPost viewerMutedUntil } }"""
ROOMS = """query($c: ID!) { rooms(courseId: $c) { id viewerMutedUntil } }"""
HISTORY = """query($r: ID!) { messages(roomId: $r) { messages { id body } } }"""


async def admin(runtime: Runtime, name: str = "Admin") -> AuthResult:
    return await make_user(runtime, Role.ADMIN, name=name)


async def post(runtime: Runtime, who: AuthResult, room: Classroom | str, body: str) -> Message:
    room_id = room if isinstance(room, str) else room.room_id
    return await messages.send_message(runtime, who.viewer, room_id, body, f"c-{uuid4().hex[:12]}")


async def report(gql: GraphQLClient, who: AuthResult, message_id: str, reason: str = "Spam") -> GraphQLResult:
    return await gql(REPORT, {"m": message_id, "r": reason}, token=who.access_token)


async def reported(gql: GraphQLClient, who: AuthResult, message_id: str, reason: str = "Spam") -> dict[str, Any]:
    found: dict[str, Any] = (await report(gql, who, message_id, reason)).ok()["reportMessage"]
    return found


async def audit_rows(action: AuditAction | None = None) -> list[AuditEntry]:
    query = AuditEntry.all() if action is None else AuditEntry.filter(action=action)
    return await query.order_by("created_at", "id")


def muted_error(result: GraphQLResult) -> dict[str, Any]:
    """The extensions of a send refused for a mute (and checks their shape)."""
    assert result.status == 200
    extensions: dict[str, Any] = result.errors[0]["extensions"]
    assert extensions["code"] == "FORBIDDEN"
    assert extensions["reason"] == "MUTED"
    assert datetime.fromisoformat(extensions["until"]) > datetime.now(UTC)
    assert result.errors[0]["path"]
    return extensions


async def send(gql: GraphQLClient, who: AuthResult, room_id: str, body: str = "hello") -> GraphQLResult:
    return await gql(SEND, {"r": room_id, "b": body, "c": f"s-{uuid4().hex[:12]}"}, token=who.access_token)


# ------------------------------------------------------------------------ who may do what at all


async def test_anonymous_and_non_admins_are_refused_everywhere(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room)
    sent = await post(runtime, room.learner, room, "hello")
    boss = await admin(runtime)
    report_id = (await reported(gql, other, sent.id))["id"]
    mute_id = (
        await gql(MUTE, {"c": str(room.course.id), "u": str(room.learner.user.id), "m": 5}, token=boss.access_token)
    ).ok()["muteMember"]["id"]
    calls: list[tuple[str, dict[str, Any]]] = [
        (REPORT, {"m": sent.id, "r": "spam"}),
        (QUEUE, {}),
        (RESOLVE, {"id": report_id, "a": "DISMISS"}),
        (MUTE, {"c": str(room.course.id), "u": str(other.user.id), "m": 5}),
        (UNMUTE, {"id": mute_id}),
        (MUTES, {}),
    ]
    for query, variables in calls:
        assert (await gql(query, variables)).error_code == "UNAUTHENTICATED", query
    # Learners (even members of the course) and creators are not admins.
    creator_of_another = await course_factories.creator(runtime)
    await course_factories.course(creator_of_another)
    for who in (other, creator_of_another):
        assert (await gql(QUEUE, {}, token=who.access_token)).error_code == "FORBIDDEN"
        assert (await gql(MUTES, {}, token=who.access_token)).error_code == "FORBIDDEN"
        resolved = await gql(RESOLVE, {"id": report_id, "a": "DISMISS"}, token=who.access_token)
        assert resolved.error_code == "FORBIDDEN"
        muted = await gql(MUTE, {"c": str(room.course.id), "u": str(other.user.id), "m": 5}, token=who.access_token)
        assert muted.error_code == "FORBIDDEN"
        assert (await gql(UNMUTE, {"id": mute_id}, token=who.access_token)).error_code == "FORBIDDEN"
    # The course's creator mutes and unmutes in their own course, but works no admin queue.
    assert (await gql(QUEUE, {}, token=room.creator.access_token)).error_code == "FORBIDDEN"
    assert (await gql(RESOLVE, {"id": report_id, "a": "DISMISS"}, token=room.creator.access_token)).error_code == (
        "FORBIDDEN"
    )
    # Nothing changed.
    assert (await MessageReport.get(id=report_id)).status is ReportStatus.OPEN
    assert await ChatMute.filter(lifted_at__isnull=True).count() == 1
    assert [e.action for e in await audit_rows()] == [AuditAction.MEMBER_MUTED]


# --------------------------------------------------------------------------------------- reports


async def test_a_message_the_reporter_cannot_see_is_not_found(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await post(runtime, room.creator, room, "members only")
    outsider = await make_user(runtime, name="Outsider")
    elsewhere = await classroom(runtime)  # enrolled in another course
    revoked = await enrolled(runtime, room, "Revoked")
    await Enrollment.filter(learner_id=revoked.user.id, course_id=room.course.id).update(revoked_at=datetime.now(UTC))
    # A draft course's room (a course sent back to draft): only its creator and admins see it,
    # even a learner whose enrollment is still there.
    draft_creator = await course_factories.creator(runtime)
    draft = await course_factories.course(draft_creator, publish=False)
    draft_room = await Room.create(course_id=draft.id, slug="general", name="General")
    in_draft = await messages.send_message(runtime, draft_creator.viewer, str(draft_room.id), "secret", "d-1")
    await Enrollment.create(learner_id=room.learner.user.id, course_id=draft.id, source=EnrollmentSource.FREE)
    cases = [
        (room.learner, "not-a-uuid"),
        (room.learner, "' OR 1=1 --"),
        (room.learner, str(uuid4())),
        (room.learner, in_draft.id),
        (outsider, sent.id),
        (elsewhere.learner, sent.id),
        (revoked, sent.id),
    ]
    for who, message_id in cases:
        result = await report(gql, who, message_id)
        assert result.error_code == "NOT_FOUND", (message_id, result.body)
        assert result.errors[0]["message"] == "Message not found"
    assert await MessageReport.all().count() == 0


@pytest.mark.parametrize(
    "reason", ["", "   \n\t ", "x" * 501, "bell\u0007", "csi\u009b31m", "esc\u001b[2J", "del\u007f"]
)
async def test_a_bad_reason_is_refused_and_changes_nothing(
    app: Sanic, gql: GraphQLClient, runtime: Runtime, reason: str
) -> None:
    room = await classroom(runtime)
    sent = await post(runtime, room.creator, room, "hello")
    result = await report(gql, room.learner, sent.id, reason)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == "reason"
    assert await MessageReport.all().count() == 0


async def test_a_reason_of_500_characters_is_kept_trimmed(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await post(runtime, room.creator, room, "hello")
    found = await reported(gql, room.learner, sent.id, "  " + "y" * 500 + "\r\n")
    assert found["reason"] == "y" * 500


async def test_own_and_deleted_messages_cannot_be_reported(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    mine = await post(runtime, room.learner, room, "my own")
    result = await report(gql, room.learner, mine.id)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["reason"] == "OWN_MESSAGE"
    gone = await post(runtime, room.creator, room, "regretted")
    await messages.delete_message(runtime, room.creator.viewer, gone.id)
    result = await report(gql, room.learner, gone.id)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["reason"] == "DELETED"
    assert await MessageReport.all().count() == 0


async def test_a_report_copies_the_message_and_hides_what_only_admins_see(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Other")
    sent = await post(runtime, other, room, "buy cheap watches")
    assert not await ChatMessage.filter(id=sent.id).exists()  # only in Redis so far
    first = await reported(gql, room.learner, sent.id, "Spam")
    assert first["status"] == "OPEN"
    assert first["reason"] == "Spam"
    assert first["reportedBody"] == "buy cheap watches"
    assert first["message"]["body"] == "buy cheap watches"
    assert first["message"]["author"]["id"] == str(other.user.id)
    assert (first["author"], first["reporter"], first["context"]) == (None, None, None)
    assert (first["roomId"], first["roomName"], first["courseId"]) == (room.room_id, "General", str(room.course.id))
    assert first["courseTitle"] == room.course.title
    assert (first["reportCount"], first["resolution"], first["resolvedAt"]) == (1, None, None)
    stored = await MessageReport.get(id=first["id"])
    assert (stored.author_id, stored.reporter_id, stored.message_seq) == (other.user.id, room.learner.user.id, 1)  # type: ignore[attr-defined]
    # The author edits it: the evidence stays as reported, the message reads as it is now.
    await messages.edit_message(runtime, other.viewer, sent.id, "nothing to see")
    again = await reported(gql, room.learner, sent.id, "Another reason")
    assert again["id"] == first["id"]  # the first report, unchanged
    assert (again["reason"], again["reportedBody"]) == ("Spam", "buy cheap watches")
    assert again["message"]["body"] == "nothing to see"
    assert await MessageReport.all().count() == 1
    # Deleted after the report: reporting again still answers with the report.
    await messages.delete_message(runtime, other.viewer, sent.id)
    gone = await reported(gql, room.learner, sent.id)
    assert (gone["id"], gone["message"]["body"], gone["message"]["deleted"]) == (first["id"], "", True)


async def test_a_message_only_in_postgres_can_be_reported(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await post(runtime, room.creator, room, "old news")
    await drain_stream(runtime)
    await forget_rooms(runtime)  # Redis no longer has the room
    await runtime.redis.delete(chat_keys.message_room(runtime.keys, sent.id))
    found = await reported(gql, room.learner, sent.id)
    assert (found["reportedBody"], found["message"]["body"], found["message"]["seq"]) == ("old news", "old news", 1)


async def test_the_same_report_sent_at_once_is_made_once(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await post(runtime, room.creator, room, "hello")
    results = await asyncio.gather(*(report(gql, room.learner, sent.id, f"reason {n}") for n in range(8)))
    ids = {r.ok()["reportMessage"]["id"] for r in results}
    assert len(ids) == 1
    assert await MessageReport.all().count() == 1


async def test_a_report_flood_is_rate_limited(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = [await post(runtime, room.creator, room, f"m{n}") for n in range(moderation.REPORTS_PER_HOUR + 2)]
    for message in sent[: moderation.REPORTS_PER_HOUR]:
        await reported(gql, room.learner, message.id)
    refused = await report(gql, room.learner, sent[-1].id)
    assert refused.error_code == "RATE_LIMITED"
    assert refused.errors[0]["extensions"]["retryAfterSeconds"] >= 1
    assert await MessageReport.all().count() == moderation.REPORTS_PER_HOUR
    # A report already made is still answered, and another member has their own limit.
    assert (await reported(gql, room.learner, sent[0].id))["reportedBody"] == "m0"
    other = await enrolled(runtime, room)
    assert (await reported(gql, other, sent[-1].id))["reportedBody"] == sent[-1].body


# ----------------------------------------------------------------------------------------- queue


async def test_the_queue_is_oldest_open_first_with_context(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Other")
    boss = await admin(runtime)
    # Ten posts, an edit and a delete among them; the middle of the room reaches PostgreSQL first.
    posts = [await post(runtime, room.creator if n % 2 else other, room, f"m{n}") for n in range(10)]
    await drain_stream(runtime)
    await messages.edit_message(runtime, other.viewer, posts[4].id, "m4 edited")
    await messages.delete_message(runtime, room.creator.viewer, posts[3].id)
    later = [await post(runtime, other, room, f"late{n}") for n in range(2)]
    one = await reported(gql, room.learner, posts[4].id, "first")
    await reported(gql, room.creator, posts[4].id, "second")
    two = await reported(gql, room.learner, posts[0].id, "third")
    three = await reported(gql, room.learner, later[1].id, "fourth")
    page = (await gql(QUEUE, {"f": 2}, token=boss.access_token)).ok()["messageReports"]
    assert page["totalCount"] == 4
    assert page["totalCountCapped"] is False
    assert page["pageInfo"]["hasNextPage"]
    nodes = [e["node"] for e in page["edges"]]
    assert [n["reason"] for n in nodes] == ["first", "second"]
    node = nodes[0]
    assert node["id"] == one["id"]
    assert node["reportCount"] == 2
    assert node["author"]["id"] == str(other.user.id)
    assert node["reporter"]["id"] == str(room.learner.user.id)
    assert [m["body"] for m in node["context"]] == ["m1", "m2", "", "m4 edited", "m5", "m6", "m7"]
    assert node["context"][2]["deleted"]
    rest = (await gql(QUEUE, {"f": 2, "a": page["pageInfo"]["endCursor"]}, token=boss.access_token)).ok()
    nodes = [e["node"] for e in rest["messageReports"]["edges"]]
    assert [n["id"] for n in nodes] == [two["id"], three["id"]]
    assert not rest["messageReports"]["pageInfo"]["hasNextPage"]
    assert [m["body"] for m in nodes[0]["context"]] == ["m0", "m1", "m2", ""]  # nothing before the first
    assert [m["body"] for m in nodes[1]["context"]] == ["m8", "m9", "late0", "late1"]  # nothing after the last
    # The other lists are newest first; a cursor from one list is refused by another.
    await gql(RESOLVE, {"id": two["id"], "a": "DISMISS"}, token=boss.access_token)
    await gql(RESOLVE, {"id": three["id"], "a": "DISMISS"}, token=boss.access_token)
    dismissed = (await gql(QUEUE, {"s": "DISMISSED", "f": 1}, token=boss.access_token)).ok()["messageReports"]
    assert dismissed["totalCount"] == 2
    assert [e["node"]["id"] for e in dismissed["edges"]] == [three["id"]]
    assert dismissed["edges"][0]["node"]["resolution"] == "DISMISS"
    wrong = await gql(QUEUE, {"s": "OPEN", "a": dismissed["pageInfo"]["endCursor"]}, token=boss.access_token)
    assert wrong.error_code == "BAD_USER_INPUT"
    for bad in ({"f": 0}, {"f": 101}, {"f": -1}, {"a": "forged"}):
        assert (await gql(QUEUE, bad, token=boss.access_token)).error_code == "BAD_USER_INPUT", bad
    assert (await gql(QUEUE, {"s": "WHATEVER"}, token=boss.access_token)).error_code == "BAD_USER_INPUT"
    assert (await gql(QUEUE, {"s": "ACTIONED"}, token=boss.access_token)).ok()["messageReports"]["totalCount"] == 0


# ----------------------------------------------------------------------------------- resolutions


async def open_report(
    gql: GraphQLClient, runtime: Runtime
) -> tuple[Classroom, AuthResult, AuthResult, dict[str, Any], dict[str, Any]]:
    """A room where the learner posted something another member reported; and an admin."""
    room = await classroom(runtime)
    reporter = await enrolled(runtime, room, "Reporter")
    sent = await post(runtime, room.learner, room, "offensive words")
    found = await reported(gql, reporter, sent.id, "Insults")
    return room, reporter, await admin(runtime), sent, found


@pytest.mark.parametrize(
    ("action", "minutes"),
    [
        ("MUTE_AUTHOR", None),
        ("MUTE_AUTHOR", 0),
        ("MUTE_AUTHOR", -5),
        ("DELETE_AND_MUTE", -1),
        ("DELETE_AND_MUTE", 43_201),
        ("MUTE_AUTHOR", 2_147_483_647),
        ("DISMISS", 10),
        ("DELETE_MESSAGE", 10),
        ("DISMISS", 0),
    ],
)
async def test_a_bad_resolution_is_refused_and_changes_nothing(
    app: Sanic, gql: GraphQLClient, runtime: Runtime, action: str, minutes: int | None
) -> None:
    room, _, boss, sent, found = await open_report(gql, runtime)
    result = await gql(RESOLVE, {"id": found["id"], "a": action, "m": minutes}, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == "muteMinutes"
    await nothing_changed(runtime, room, sent, found)


async def nothing_changed(runtime: Runtime, room: Classroom, sent: Message, found: dict[str, Any]) -> None:
    assert (await MessageReport.get(id=found["id"])).status is ReportStatus.OPEN
    assert await ChatMute.all().count() == 0
    assert await AuditEntry.all().count() == 0
    state = await live.current_state(runtime.redis, messages.room_keys(runtime, room.room_id), sent.id)
    assert state is not None
    assert not state.deleted


async def test_absurd_minutes_and_ids_never_reach_the_service(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room, _, boss, sent, found = await open_report(gql, runtime)
    # Beyond GraphQL's 32-bit Int: refused as a bad request before anything runs.
    for minutes in (10**12, 1.5, "60"):
        result = await gql(RESOLVE, {"id": found["id"], "a": "MUTE_AUTHOR", "m": minutes}, token=boss.access_token)
        assert result.status == 400
        assert result.error_code == "BAD_USER_INPUT"
    for bad in ("nope", str(uuid4()), "", "x" * 10_000):
        result = await gql(RESOLVE, {"id": bad, "a": "DISMISS"}, token=boss.access_token)
        assert result.error_code == "NOT_FOUND", bad
    result = await gql(RESOLVE, {"id": found["id"], "a": "DISMISS", "r": "bad\u0007reason"}, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    result = await gql(RESOLVE, {"id": found["id"], "a": "DISMISS", "r": "r" * 501}, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    await nothing_changed(runtime, room, sent, found)


async def test_dismissing_resolves_every_open_report_of_the_message(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room, reporter, boss, sent, found = await open_report(gql, runtime)
    second = await reported(gql, room.creator, sent.id, "Rude")
    elsewhere = await reported(gql, reporter, (await post(runtime, room.creator, room, "another")).id)
    result = await gql(RESOLVE, {"id": second["id"], "a": "DISMISS", "r": "Banter"}, token=boss.access_token)
    resolved = result.ok()["resolveReport"]
    assert (resolved["id"], resolved["status"], resolved["resolution"]) == (second["id"], "DISMISSED", "DISMISS")
    assert resolved["resolvedAt"]
    assert resolved["reportCount"] == 0
    rows = {r.id: r for r in await MessageReport.all()}
    for report_id in (found["id"], second["id"]):
        row = rows[UUID(report_id)]
        assert (row.status, row.resolution, row.resolved_by_id) == (ReportStatus.DISMISSED, "DISMISS", boss.user.id)  # type: ignore[attr-defined]
        assert row.resolved_at is not None
    assert rows[UUID(elsewhere["id"])].status is ReportStatus.OPEN  # another message's report
    entries = await audit_rows()
    assert {e.target_id for e in entries} == {found["id"], second["id"]}
    for entry in entries:
        assert (entry.action, entry.target_type, entry.actor_id, entry.reason) == (  # type: ignore[attr-defined]
            AuditAction.REPORT_DISMISSED,
            "MessageReport",
            boss.user.id,
            "Banter",
        )
        assert (entry.before, entry.after) == ({"status": "OPEN"}, {"status": "DISMISSED", "resolution": "DISMISS"})
    state = await live.current_state(runtime.redis, messages.room_keys(runtime, room.room_id), sent.id)
    assert state is not None
    assert not state.deleted
    # Resolving either again is a conflict and changes nothing.
    for report_id in (found["id"], second["id"]):
        again = await gql(RESOLVE, {"id": report_id, "a": "DELETE_MESSAGE"}, token=boss.access_token)
        assert again.error_code == "CONFLICT"
        assert again.errors[0]["extensions"]["status"] == "DISMISSED"
    assert len(await audit_rows()) == 2


async def test_delete_and_mute(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room, reporter, boss, sent, found = await open_report(gql, runtime)
    later = await post(runtime, room.learner, room, "another one")
    async with chat_socket(app, reporter.access_token) as ws:
        await subscribe(ws, "watch", room.room_id)
        await next_event(ws, "MEMBER_JOINED")  # subscribed
        variables = {"id": found["id"], "a": "DELETE_AND_MUTE", "m": 60, "r": "Insults"}
        before = datetime.now(UTC)
        resolved = (await gql(RESOLVE, variables, token=boss.access_token)).ok()["resolveReport"]
        assert (resolved["status"], resolved["resolution"]) == ("ACTIONED", "DELETE_AND_MUTE")
        assert (resolved["message"]["body"], resolved["message"]["deleted"]) == ("", True)
        assert resolved["reportedBody"] == "offensive words"
        # Subscribers see the delete like any other.
        deleted = await next_event(ws, "MESSAGE_DELETED")
        assert deleted["message"]["id"] == sent.id
    keys = messages.room_keys(runtime, room.room_id)
    stream = [events.decode_stream(f["event"]) for _, f in await runtime.redis.xrange(chat_keys.stream(runtime.keys))]
    assert [e.type for e in stream if not isinstance(e, events.ReadMarked) and e.message.id == sent.id] == [
        "MESSAGE_POSTED", "MESSAGE_DELETED"
    ]  # fmt: skip
    state = await live.current_state(runtime.redis, keys, sent.id)
    assert state is not None
    assert state.deleted
    mute = await ChatMute.get(user_id=room.learner.user.id)
    assert (mute.course_id, mute.muted_by_id, mute.reason, mute.lifted_at) == (
        room.course.id,
        boss.user.id,
        "Insults",
        None,
    )  # type: ignore[attr-defined]
    assert before + timedelta(minutes=60) <= mute.ends_at <= datetime.now(UTC) + timedelta(minutes=60)
    by_action = {e.action: e for e in await audit_rows()}
    assert set(by_action) == {AuditAction.REPORT_ACTIONED, AuditAction.MESSAGE_DELETED, AuditAction.MEMBER_MUTED}
    deleted_entry = by_action[AuditAction.MESSAGE_DELETED]
    assert (deleted_entry.target_type, deleted_entry.target_id) == ("Message", sent.id)
    assert deleted_entry.before == {"body": "offensive words", "deleted": False}
    muted_entry = by_action[AuditAction.MEMBER_MUTED]
    assert (muted_entry.target_type, muted_entry.target_id) == ("User", str(room.learner.user.id))
    assert muted_entry.after == {
        "course_id": str(room.course.id),
        "ends_at": mute.ends_at.isoformat(),
        "mute_id": str(mute.id),
    }
    assert by_action[AuditAction.REPORT_ACTIONED].after == {"status": "ACTIONED", "resolution": "DELETE_AND_MUTE"}
    # The author is muted at once: posts, edits and typing are refused; reading is not.
    extensions = muted_error(await send(gql, room.learner, room.room_id))
    assert datetime.fromisoformat(extensions["until"]) == mute.ends_at
    muted_error(await gql(EDIT, {"m": later.id, "b": "edited"}, token=room.learner.access_token))
    muted_error(await gql(TYPING, {"r": room.room_id}, token=room.learner.access_token))
    history = (await gql(HISTORY, {"r": room.room_id}, token=room.learner.access_token)).ok()
    assert [m["body"] for m in history["messages"]["messages"]] == ["", "another one"]
    viewed = (await gql(ROOM, {"id": room.room_id}, token=room.learner.access_token)).ok()["room"]
    assert datetime.fromisoformat(viewed["viewerMutedUntil"]) == mute.ends_at
    listed = (await gql(ROOMS, {"c": str(room.course.id)}, token=room.learner.access_token)).ok()["rooms"]
    assert [datetime.fromisoformat(r["viewerMutedUntil"]) for r in listed] == [mute.ends_at]
    others = (await gql(ROOM, {"id": room.room_id}, token=reporter.access_token)).ok()["room"]
    assert others["viewerMutedUntil"] is None
    # Deleting their own message is still allowed (it only takes away).
    assert (await gql(DELETE, {"m": later.id}, token=room.learner.access_token)).ok()["deleteMessage"]
    # Everyone else goes on.
    assert (await send(gql, reporter, room.room_id)).ok()["sendMessage"]["seq"] > 0


async def next_event(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        frame = await receive(ws)
        if frame.get("id") == "send":
            continue  # a mutation's answers on the same socket
        assert frame["type"] == "next", frame
        event: dict[str, Any] = frame["payload"]["data"]["roomEvents"]
        if event["type"] == kind:
            return event


async def test_delete_message_of_an_already_deleted_message_resolves_without_a_second_delete(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room, _, boss, sent, found = await open_report(gql, runtime)
    await messages.delete_message(runtime, room.learner.viewer, sent.id)
    head = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    resolved = (await gql(RESOLVE, {"id": found["id"], "a": "DELETE_MESSAGE"}, token=boss.access_token)).ok()
    assert resolved["resolveReport"]["status"] == "ACTIONED"
    assert await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id)) == head
    assert [e.action for e in await audit_rows()] == [AuditAction.REPORT_ACTIONED]


async def test_the_moderators_own_chat_bucket_does_not_stop_a_delete(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room, _, boss, sent, found = await open_report(gql, runtime)
    strict = Runtime(replace(runtime.settings, chat_send_rate=TokenBucket(burst=1, per_second=0.001)), runtime.redis)
    await post(strict, boss, room, "the admin chatted")
    with pytest.raises(AppError) as caught:
        await post(strict, boss, room, "and again")
    assert caught.value.code is ErrorCode.RATE_LIMITED  # the admin's bucket is empty
    resolved = await moderation.resolve_report(strict, boss.viewer, found["id"], "DELETE_MESSAGE", None, "spam")
    assert resolved.status is ReportStatus.ACTIONED
    state = await live.current_state(runtime.redis, messages.room_keys(runtime, room.room_id), sent.id)
    assert state is not None
    assert state.deleted


async def test_a_redis_failure_rolls_the_resolution_back(
    app: Sanic, gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    room, _, boss, sent, found = await open_report(gql, runtime)

    async def redis_gone(*args: Any, **kwargs: Any) -> Any:
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(live, "append", redis_gone)
    with pytest.raises(RedisConnectionError):
        await moderation.resolve_report(runtime, boss.viewer, found["id"], "DELETE_AND_MUTE", 30, "spam")
    monkeypatch.undo()
    await nothing_changed(runtime, room, sent, found)
    assert (await send(gql, room.learner, room.room_id)).ok()  # not muted
    assert (await moderation.resolve_report(runtime, boss.viewer, found["id"], "DELETE_AND_MUTE", 30, "")).status is (
        ReportStatus.ACTIONED
    )


async def test_a_message_edited_during_the_resolution_is_a_conflict(
    app: Sanic, gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    room, _, boss, sent, found = await open_report(gql, runtime)
    real = messages.append_change

    async def edited_meanwhile(rt: Runtime, room_id: UUID, state: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(messages, "append_change", real)  # the edit itself goes through
        await messages.edit_message(runtime, room.learner.viewer, sent.id, "sneaky edit")
        return await real(rt, room_id, state, *args, **kwargs)

    monkeypatch.setattr(messages, "append_change", edited_meanwhile)
    with pytest.raises(AppError) as caught:
        await moderation.resolve_report(runtime, boss.viewer, found["id"], "DELETE_MESSAGE", None, "")
    assert caught.value.code is ErrorCode.CONFLICT
    assert (await MessageReport.get(id=found["id"])).status is ReportStatus.OPEN
    assert await AuditEntry.all().count() == 0


async def test_two_admins_resolving_at_once_exactly_one_wins(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room, reporter, boss, sent, found = await open_report(gql, runtime)
    second = await reported(gql, room.creator, sent.id, "Rude")
    other_admin = await admin(runtime, "Other admin")
    for attempt in range(3):
        if attempt:  # a new author each time (the last one may be muted now)
            fresh = await post(runtime, await enrolled(runtime, room, f"Author {attempt}"), room, f"again {attempt}")
            found = await reported(gql, reporter, fresh.id)
            second = await reported(gql, room.creator, fresh.id)
        results = await asyncio.gather(
            gql(RESOLVE, {"id": found["id"], "a": "DELETE_AND_MUTE", "m": 10}, token=boss.access_token),
            gql(RESOLVE, {"id": second["id"], "a": "DISMISS"}, token=other_admin.access_token),
            gql(RESOLVE, {"id": found["id"], "a": "DISMISS"}, token=other_admin.access_token),
        )
        codes = sorted("OK" if not r.errors else r.error_code for r in results)
        assert codes == ["CONFLICT", "CONFLICT", "OK"], [r.body for r in results]
        statuses = {r.status for r in await MessageReport.filter(id__in=[found["id"], second["id"]])}
        assert len(statuses) == 1
        assert ReportStatus.OPEN not in statuses
    # Exactly one audit entry per report, and mutes only from the winners that muted.
    entries = await audit_rows()
    report_entries = [e for e in entries if e.target_type == "MessageReport"]
    assert len(report_entries) == len({e.target_id for e in report_entries}) == 6
    winners_muting = sum(1 for e in report_entries if e.action is AuditAction.REPORT_ACTIONED) // 2
    assert len([e for e in entries if e.action is AuditAction.MEMBER_MUTED]) == winners_muting
    assert await ChatMute.filter(lifted_at__isnull=True).count() == winners_muting


async def test_the_creator_or_an_admin_as_author_cannot_be_muted_by_a_resolution(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room = await classroom(runtime)
    boss = await admin(runtime)
    by_creator = await post(runtime, room.creator, room, "creator speaking")
    found = await reported(gql, room.learner, by_creator.id)
    result = await gql(RESOLVE, {"id": found["id"], "a": "DELETE_AND_MUTE", "m": 5}, token=boss.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["reason"] == "CREATOR"
    await nothing_changed(runtime, room, by_creator, found)
    # The creator's message can still be deleted.
    assert (await gql(RESOLVE, {"id": found["id"], "a": "DELETE_MESSAGE"}, token=boss.access_token)).ok()


# ----------------------------------------------------------------------------------------- mutes


async def mute(
    gql: GraphQLClient, who: AuthResult, course_id: object, user_id: object, minutes: Any = 30
) -> GraphQLResult:
    return await gql(
        MUTE, {"c": str(course_id), "u": str(user_id), "m": minutes, "r": "cool off"}, token=who.access_token
    )


async def test_mute_member_checks_its_target_and_length(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    boss = await admin(runtime)
    other_admin = await admin(runtime, "Other admin")
    course = room.course.id
    for who, target, reason in [
        (boss, room.creator.user.id, "CREATOR"),
        (boss, other_admin.user.id, "ADMIN"),
        (boss, boss.user.id, "SELF"),
        (room.creator, room.creator.user.id, "SELF"),
        (room.creator, boss.user.id, "ADMIN"),
    ]:
        result = await mute(gql, who, course, target)
        assert result.error_code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["reason"] == reason
    for minutes in (0, -1, -43_200, 43_201, 2_147_483_647):
        result = await mute(gql, boss, course, room.learner.user.id, minutes)
        assert result.error_code == "BAD_USER_INPUT", minutes
        assert result.errors[0]["extensions"]["field"] == "minutes"
    for minutes in (10**12, None):
        assert (await mute(gql, boss, course, room.learner.user.id, minutes)).status == 400
    assert (await mute(gql, boss, course, uuid4())).error_code == "NOT_FOUND"
    assert (await mute(gql, boss, course, "junk")).error_code == "NOT_FOUND"
    assert (await mute(gql, boss, uuid4(), room.learner.user.id)).error_code == "NOT_FOUND"
    assert (await mute(gql, boss, "junk", room.learner.user.id)).error_code == "NOT_FOUND"
    bad_reason = await gql(MUTE, {"c": str(course), "u": str(room.learner.user.id), "m": 5, "r": "\u009b"},
                           token=boss.access_token)  # fmt: skip
    assert bad_reason.error_code == "BAD_USER_INPUT"
    assert await ChatMute.all().count() == 0
    assert await AuditEntry.all().count() == 0


async def test_the_creator_mutes_replaces_and_unmutes(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    boss = await admin(runtime)
    course = str(room.course.id)
    first = (await mute(gql, room.creator, course, room.learner.user.id, 30)).ok()["muteMember"]
    assert (first["courseId"], first["user"]["id"], first["reason"], first["liftedAt"]) == (
        course, str(room.learner.user.id), "cool off", None
    )  # fmt: skip
    muted_error(await send(gql, room.learner, room.room_id))
    # Muting again replaces the mute in force (here with a longer one).
    second = (await mute(gql, boss, course, room.learner.user.id, 120)).ok()["muteMember"]
    assert second["id"] != first["id"]
    assert (await ChatMute.get(id=first["id"])).lifted_at is not None
    in_force = (await gql(MUTES, {"c": course}, token=boss.access_token)).ok()["chatMutes"]
    assert [m["id"] for m in in_force] == [second["id"]]
    assert (await gql(MUTES, {}, token=boss.access_token)).ok()["chatMutes"] == in_force
    assert (await gql(MUTES, {"c": str(uuid4())}, token=boss.access_token)).ok()["chatMutes"] == []
    extensions = muted_error(await send(gql, room.learner, room.room_id))
    assert datetime.fromisoformat(extensions["until"]) == datetime.fromisoformat(second["endsAt"])
    muted_entries = await audit_rows(AuditAction.MEMBER_MUTED)
    assert [e.actor_id for e in muted_entries] == [room.creator.user.id, boss.user.id]  # type: ignore[attr-defined]
    assert muted_entries[0].before is None
    replaced = await ChatMute.get(id=first["id"])
    assert muted_entries[1].before == {"ends_at": replaced.ends_at.isoformat(), "mute_id": first["id"]}
    # Unmuting: an unknown id, then the real one (by the creator), then again.
    for bad in (str(uuid4()), "junk"):
        assert (await gql(UNMUTE, {"id": bad}, token=boss.access_token)).error_code == "NOT_FOUND"
    lifted = (await gql(UNMUTE, {"id": second["id"], "r": "apologised"}, token=room.creator.access_token)).ok()
    assert lifted["unmuteMember"]["liftedAt"]
    assert (await send(gql, room.learner, room.room_id)).ok()["sendMessage"]["seq"] > 0
    again = await gql(UNMUTE, {"id": second["id"]}, token=boss.access_token)
    assert again.error_code == "CONFLICT"
    assert (await gql(UNMUTE, {"id": first["id"]}, token=boss.access_token)).error_code == "CONFLICT"  # replaced
    unmuted = await audit_rows(AuditAction.MEMBER_UNMUTED)
    assert len(unmuted) == 1
    assert (unmuted[0].target_id, unmuted[0].reason, unmuted[0].actor_id) == (  # type: ignore[attr-defined]
        str(room.learner.user.id),
        "apologised",
        room.creator.user.id,
    )
    assert unmuted[0].after is not None
    assert unmuted[0].after["mute_id"] == second["id"]
    assert (await gql(MUTES, {"c": course}, token=boss.access_token)).ok()["chatMutes"] == []
    viewed = (await gql(ROOM, {"id": room.room_id}, token=room.learner.access_token)).ok()["room"]
    assert viewed["viewerMutedUntil"] is None


async def test_a_mute_ends_by_itself_even_for_a_cached_membership(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room = await classroom(runtime)
    boss = await admin(runtime)
    assert (await send(gql, room.learner, room.room_id)).ok()  # the membership is cached now
    short = await ChatMute.create(
        course_id=room.course.id, user_id=room.learner.user.id, muted_by_id=boss.user.id,
        ends_at=datetime.now(UTC) + timedelta(seconds=1.5),
    )  # fmt: skip
    await moderation.mute_changed(runtime, short)
    muted_error(await send(gql, room.learner, room.room_id))
    muted_error(await send(gql, room.learner, room.room_id))  # from the cache this time
    cached = rooms.membership_cache(runtime).get(room.learner.user.id, room.room_id)
    assert cached is not None
    assert cached.muted_until == short.ends_at
    await asyncio.sleep(1.6)
    # Nobody announced anything: the cached membership's mute has simply ended.
    assert rooms.membership_cache(runtime).get(room.learner.user.id, room.room_id) is cached
    assert (await send(gql, room.learner, room.room_id)).ok()
    assert (await gql(TYPING, {"r": room.room_id}, token=room.learner.access_token)).ok()["setTyping"]


async def test_a_mute_set_in_the_past_in_the_database_holds_no_more(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room = await classroom(runtime)
    boss = await admin(runtime)
    given = (await mute(gql, boss, room.course.id, room.learner.user.id, 60)).ok()["muteMember"]
    muted_error(await send(gql, room.learner, room.room_id))
    row = await ChatMute.get(id=given["id"])
    await ChatMute.filter(id=row.id).update(ends_at=datetime.now(UTC) - timedelta(seconds=1))
    await moderation.mute_changed(runtime, row)
    assert (await send(gql, room.learner, room.room_id)).ok()
    assert (await gql(MUTES, {}, token=boss.access_token)).ok()["chatMutes"] == []
    assert (await gql(UNMUTE, {"id": given["id"]}, token=boss.access_token)).error_code == "CONFLICT"


def test_a_membership_compares_its_mute_with_the_clock() -> None:
    now = datetime.now(UTC)
    member = rooms.Membership(room=None, course=None, viewer=None, moderates=False, muted_until=now)  # type: ignore[arg-type]
    assert member.muted(now - timedelta(seconds=1)) == now
    assert member.muted(now) is None
    assert member.muted(now + timedelta(seconds=1)) is None
    assert replace(member, muted_until=None).muted() is None
    with pytest.raises(rooms.Muted) as caught:
        messages.check_not_muted(replace(member, muted_until=now + timedelta(minutes=5)))
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert caught.value.details == {"reason": "MUTED", "until": (now + timedelta(minutes=5)).isoformat()}


async def test_muting_in_one_course_leaves_the_others_alone(app: Sanic, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    other_course = await classroom(runtime)
    await enroll(room.learner.viewer, str(other_course.course.id))
    boss = await admin(runtime)
    assert (await send(gql, room.learner, other_course.room_id)).ok()
    (await mute(gql, boss, room.course.id, room.learner.user.id)).ok()
    muted_error(await send(gql, room.learner, room.room_id))
    assert (await send(gql, room.learner, other_course.room_id)).ok()
    assert (await gql(TYPING, {"r": other_course.room_id}, token=room.learner.access_token)).ok()
    viewed = (await gql(ROOM, {"id": other_course.room_id}, token=room.learner.access_token)).ok()["room"]
    assert viewed["viewerMutedUntil"] is None
    in_b = (await gql(MUTES, {"c": str(other_course.course.id)}, token=boss.access_token)).ok()["chatMutes"]
    assert in_b == []


async def test_a_mute_reaches_the_cached_memberships_of_every_process(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    """Another process: its own invalidation bus and membership cache, on the same Redis."""
    room = await classroom(runtime)
    boss = await admin(runtime)
    bus = InvalidationBus(runtime.redis, channel(runtime.keys))
    await bus.start()
    try:
        elsewhere = Runtime(runtime.settings, runtime.redis, bus=bus)
        await messages.send_message(elsewhere, room.learner.viewer, room.room_id, "from afar", "far-1")
        cache = rooms.membership_cache(elsewhere)
        assert cache.get(room.learner.user.id, room.room_id) is not None
        given = (await mute(gql, boss, room.course.id, room.learner.user.id)).ok()["muteMember"]
        assert await wait_until(lambda: _cached(cache, room), lambda hit: hit is None, within=5)
        with pytest.raises(rooms.Muted) as caught:
            await messages.send_message(elsewhere, room.learner.viewer, room.room_id, "still here?", "far-2")
        assert caught.value.details["until"] == datetime.fromisoformat(given["endsAt"]).isoformat()
        with pytest.raises(rooms.Muted):  # now from that process's cache
            await messages.set_typing(elsewhere, room.learner.viewer, room.room_id)
        (await gql(UNMUTE, {"id": given["id"]}, token=boss.access_token)).ok()
        assert await wait_until(lambda: _cached(cache, room), lambda hit: hit is None, within=5)
        assert (await messages.send_message(elsewhere, room.learner.viewer, room.room_id, "back", "far-3")).seq
    finally:
        await bus.stop()


async def _cached(cache: rooms.MembershipCache, room: Classroom) -> rooms.Membership | None:
    return cache.get(room.learner.user.id, room.room_id)


def test_a_membership_read_while_an_announcement_arrived_is_not_cached() -> None:
    cache = rooms.MembershipCache(Runtime(None, None))  # type: ignore[arg-type]
    viewer = Viewer(user=User(id=uuid4()), session_id=uuid4())
    member = rooms.Membership(room=Room(id=uuid4()), course=None, viewer=viewer, moderates=False)  # type: ignore[arg-type]
    generation = cache.generation
    cache.mute_changed(f"{uuid4()}:{uuid4()}")  # arrives while the database is being read
    cache.put(member, generation)
    assert len(cache.entries) == 0
    cache.put(member, cache.generation)
    assert len(cache.entries) == 1


async def test_a_muted_member_keeps_reading_and_their_subscription(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    room = await classroom(runtime)
    boss = await admin(runtime)
    async with chat_socket(app, room.learner.access_token) as ws:
        await subscribe(ws, "mine", room.room_id)
        await next_event(ws, "MEMBER_JOINED")
        (await mute(gql, boss, room.course.id, room.learner.user.id)).ok()
        muted_error(await send(gql, room.learner, room.room_id))
        # Over the socket, a send is refused the same way.
        payload = {"query": SEND, "variables": {"r": room.room_id, "b": "over ws", "c": "ws-1"}}
        await ws.send(json.dumps({"id": "send", "type": "subscribe", "payload": payload}))
        frame = await receive(ws)
        while frame.get("id") != "send":
            frame = await receive(ws)
        assert frame["type"] == "next"
        refused = GraphQLResult(200, frame["payload"])
        assert refused.data is None
        muted_error(refused)
        await post(runtime, room.creator, room, "still listening?")
        event = await next_event(ws, "MESSAGE_POSTED")
        assert event["message"]["body"] == "still listening?"
    history = (await gql(HISTORY, {"r": room.room_id}, token=room.learner.access_token)).ok()
    assert [m["body"] for m in history["messages"]["messages"]] == ["still listening?"]
