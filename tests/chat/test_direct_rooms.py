"""Direct rooms: a learner and the creator, or two learners when the course allows it; read by
their two members only. Hostile cases first."""

from __future__ import annotations

import uuid

import pytest

from edusphere.chat import messages, moderation, pins, rooms
from edusphere.chat.models import Room, RoomKind
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from tests.chat.factories import classroom, enrolled
from tests.courses import factories as course_factories
from tests.helpers import GraphQLClient, make_user


async def _refused(code: ErrorCode, call: object) -> None:
    with pytest.raises(AppError) as caught:
        await call  # type: ignore[misc]
    assert caught.value.code is code, caught.value.message


async def test_direct_rooms_that_cannot_be_are_refused_and_create_nothing(runtime: Runtime) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Grace")
    outsider = await make_user(runtime)
    course_id = str(room.course.id)
    await _refused(
        ErrorCode.BAD_USER_INPUT, rooms.direct_room(room.learner.viewer, course_id, str(room.learner.user.id))
    )
    await _refused(ErrorCode.FORBIDDEN, rooms.direct_room(room.learner.viewer, course_id, str(outsider.user.id)))
    await _refused(ErrorCode.FORBIDDEN, rooms.direct_room(outsider.viewer, course_id, str(room.creator.user.id)))
    await _refused(ErrorCode.FORBIDDEN, rooms.direct_room(room.learner.viewer, course_id, str(other.user.id)))
    await _refused(ErrorCode.NOT_FOUND, rooms.direct_room(room.learner.viewer, course_id, str(uuid.uuid4())))
    await _refused(ErrorCode.NOT_FOUND, rooms.direct_room(room.learner.viewer, course_id, "nope"))
    await _refused(ErrorCode.FORBIDDEN, rooms.set_learner_direct_messages(room.learner.viewer, course_id, True))
    await _refused(ErrorCode.BAD_USER_INPUT, rooms.create_room(room.creator.viewer, course_id, "dm 1234", False))
    assert not await Room.filter(kind=RoomKind.DIRECT).filter(course_id=room.course.id).exists()


async def test_a_learner_and_the_creator_talk_privately(runtime: Runtime) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Grace")
    course_id = str(room.course.id)
    direct = await rooms.direct_room(room.learner.viewer, course_id, str(room.creator.user.id))
    again = await rooms.direct_room(room.creator.viewer, course_id, str(room.learner.user.id))
    assert (direct.id, direct.kind) == (again.id, RoomKind.DIRECT)
    sent = await messages.send_message(runtime, room.learner.viewer, str(direct.id), "a private question", "p-1")
    reply = await messages.send_message(runtime, room.creator.viewer, str(direct.id), "a private answer", "p-2")
    assert (sent.seq, reply.seq) == (1, 2)
    await pins.set_pinned(runtime, room.learner.viewer, sent.id, True)  # both members pin
    await _refused(ErrorCode.FORBIDDEN, messages.history(runtime, other.viewer, str(direct.id), None, None))
    await _refused(ErrorCode.FORBIDDEN, messages.send_message(runtime, other.viewer, str(direct.id), "hi", "x"))
    admin = await course_factories.admin(runtime)
    await _refused(ErrorCode.FORBIDDEN, messages.history(runtime, admin.viewer, str(direct.id), None, None))
    await _refused(
        ErrorCode.BAD_USER_INPUT,
        messages.send_message(runtime, room.learner.viewer, str(direct.id), f"<@{other.user.id}> look", "m"),
    )  # a mention of someone who cannot read the room
    listed = {r.id for r in await rooms.rooms_of_course(other.viewer, course_id)}
    assert direct.id not in listed
    assert direct.id in {r.id for r in await rooms.rooms_of_course(room.learner.viewer, course_id)}
    # A report opens the room to the admins who handle it.
    await moderation.report_message(runtime, room.creator.viewer, sent.id, "testing reports")
    history = await messages.history(runtime, admin.viewer, str(direct.id), None, None)
    assert [m.body for m in history.messages] == ["a private question", "a private answer"]


async def test_learners_message_each_other_only_when_the_course_allows(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Grace")
    open_room = """mutation($c: ID!, $u: ID!) { directRoom(courseId: $c, userId: $u) {
                     kind name directMember { displayName } canPost } }"""
    variables = {"c": str(room.course.id), "u": str(other.user.id)}
    refused = await gql(open_room, variables, token=room.learner.access_token)
    assert refused.errors[0]["extensions"]["code"] == "FORBIDDEN"
    allow = """mutation($c: ID!) {
                 updateChatSettings(courseId: $c, learnerDirectMessages: true) { learnerDirectMessages } }"""
    assert (await gql(allow, {"c": str(room.course.id)}, token=room.creator.access_token)).ok() == {
        "updateChatSettings": {"learnerDirectMessages": True}
    }
    opened = (await gql(open_room, variables, token=room.learner.access_token)).ok()["directRoom"]
    assert opened == {"kind": "DIRECT", "name": "Grace", "directMember": {"displayName": "Grace"}, "canPost": True}
    settings = """query($s: String!) { course(slug: $s) { chatSettings { learnerDirectMessages } } }"""
    seen = (await gql(settings, {"s": room.course.slug}, token=room.learner.access_token)).ok()
    assert seen["course"]["chatSettings"] == {"learnerDirectMessages": True}
