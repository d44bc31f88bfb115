"""Mentions: <@USER_ID> of members who can read the room, <!here> in announcements, counted
after the read marker and listed across courses. Hostile input first."""

from __future__ import annotations

import uuid

import pytest

from edusphere.chat import inbox, live, messages, rooms
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from tests.chat.factories import classroom, drain_stream, enrolled, forget_rooms
from tests.helpers import GraphQLClient, make_user


async def _head(runtime: Runtime, room_id: str) -> int | None:
    head, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room_id))
    return head


async def test_mentions_that_cannot_be_are_refused_and_change_nothing(runtime: Runtime) -> None:
    room = await classroom(runtime)
    outsider = await make_user(runtime, name="Outsider")
    crowd = [await enrolled(runtime, room, f"M{n}") for n in range(21)]
    bodies = [
        f"hi <@{outsider.user.id}>",  # cannot read the room
        "hi <@not-an-id>",  # malformed
        "hi <@>",
        f"hi <@{uuid.uuid4()}>",  # nobody
        " ".join(f"<@{who.user.id}>" for who in crowd),  # 21 people
        "<@" + "x" * 10_000 + ">",
        "<!here> everyone",  # a learner, in a discussion room
    ]
    for n, body in enumerate(bodies):
        with pytest.raises(AppError) as caught:
            await messages.send_message(runtime, room.learner.viewer, room.room_id, body, f"m-{n}")
        assert caught.value.code in (ErrorCode.BAD_USER_INPUT, ErrorCode.FORBIDDEN), body[:40]
    with pytest.raises(AppError) as caught:
        await messages.send_message(runtime, room.creator.viewer, room.room_id, "<!here> look", "h-1")
    assert caught.value.code is ErrorCode.BAD_USER_INPUT  # a discussion room
    assert await _head(runtime, room.room_id) is None
    # 90 mentions of one member are one mention, and `<@` without a closing bracket is text.
    one = await messages.send_message(
        runtime, room.learner.viewer, room.room_id, f"<@{crowd[0].user.id}> " * 90 + "<@ unfinished", "ok"
    )
    assert [u.display_name for u in one.mentions] == ["M0"]


async def test_mentions_are_named_counted_after_the_read_marker_and_listed(runtime: Runtime) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Grace")
    learner_id = room.learner.user.id
    first = await messages.send_message(runtime, other.viewer, room.room_id, f"<@{learner_id}> look at this", "a")
    assert [(u.id, u.display_name) for u in first.mentions] == [(str(learner_id), "Learner")]
    await messages.send_message(runtime, other.viewer, room.room_id, "no mention", "b")
    reply = await messages.send_message(runtime, room.creator.viewer, room.room_id, f"<@{learner_id}> and here",
                                        "c", thread_id=first.id)  # fmt: skip
    assert await inbox.unread_mentions(runtime, room.learner.viewer, room.room.id) == 2
    assert await inbox.unread_mentions(runtime, other.viewer, room.room.id) == 0
    await messages.mark_read(runtime, room.learner.viewer, room.room_id, first.seq)
    assert await inbox.unread_mentions(runtime, room.learner.viewer, room.room.id) == 1
    edited = await messages.edit_message(runtime, room.creator.viewer, reply.id, "never mind")
    assert edited.mentions == ()
    assert await inbox.unread_mentions(runtime, room.learner.viewer, room.room.id) == 0
    later = await messages.send_message(runtime, other.viewer, room.room_id, f"<@{learner_id}> again", "d")
    await drain_stream(runtime)
    listed = await inbox.my_mentions(runtime, room.learner.viewer, None, None)
    assert [m.id for m in listed.mentions] == [later.id, first.id]  # the edit dropped the reply's mention
    await forget_rooms(runtime)
    assert await inbox.unread_mentions(runtime, room.learner.viewer, room.room.id) == 1  # from PostgreSQL


async def test_here_in_an_announcement_calls_every_learner(runtime: Runtime) -> None:
    room = await classroom(runtime)
    news = await rooms.create_room(room.creator.viewer, str(room.course.id), "News", announcements=True)
    sent = await messages.send_message(runtime, room.creator.viewer, str(news.id), "<!here> exam moved", "n")
    assert sent.mentions_here
    assert await inbox.unread_mentions(runtime, room.learner.viewer, news.id) == 1
    assert await inbox.unread_mentions(runtime, room.creator.viewer, news.id) == 0  # not by their own


async def test_members_autocomplete_by_prefix(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    await enrolled(runtime, room, "Grace Hopper")
    await enrolled(runtime, room, "grace kelly")
    await make_user(runtime, name="Grace Outsider")
    query = """query($r: ID!, $q: String) { room(id: $r) { members(query: $q) { displayName } } }"""
    found = (await gql(query, {"r": room.room_id, "q": "gra"}, token=room.learner.access_token)).ok()
    assert [m["displayName"] for m in found["room"]["members"]] == ["Grace Hopper", "grace kelly"]
    wild = (await gql(query, {"r": room.room_id, "q": "%"}, token=room.learner.access_token)).ok()
    assert wild["room"]["members"] == []  # a wildcard is a character, not a pattern
    long = await gql(query, {"r": room.room_id, "q": "x" * 10_000}, token=room.learner.access_token)
    assert long.errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_unread_mention_count_sums_the_rooms_the_viewer_reads(runtime: Runtime, gql: GraphQLClient) -> None:
    query = "query { unreadMentionCount }"
    anonymous = await gql(query)
    assert anonymous.errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Grace")
    learner = room.learner
    assert (await gql(query, token=learner.access_token)).ok() == {"unreadMentionCount": 0}
    await messages.send_message(runtime, other.viewer, room.room_id, f"<@{learner.user.id}> one", "a")
    news = await rooms.create_room(room.creator.viewer, str(room.course.id), "News", announcements=True)
    await messages.send_message(runtime, room.creator.viewer, str(news.id), "<!here> two", "b")
    second = await classroom(runtime)  # another course: its creator names a learner of the first
    await enrollment.enroll(learner.viewer, str(second.course.id))
    await messages.send_message(runtime, second.creator.viewer, second.room_id, f"<@{learner.user.id}> three", "c")
    # A direct room between two others is not the learner's; mentions there are not counted.
    direct = await rooms.direct_room(room.creator.viewer, str(room.course.id), str(other.user.id))
    await messages.send_message(runtime, room.creator.viewer, str(direct.id), f"<@{other.user.id}> private", "d")
    assert (await gql(query, token=learner.access_token)).ok() == {"unreadMentionCount": 3}
    assert (await gql(query, token=other.access_token)).ok() == {"unreadMentionCount": 2}  # <!here>, and theirs
    assert (await gql(query, token=room.creator.access_token)).ok() == {"unreadMentionCount": 0}
    await drain_stream(runtime)
    await forget_rooms(runtime)
    assert (await gql(query, token=learner.access_token)).ok() == {"unreadMentionCount": 3}  # from PostgreSQL
