"""Edit history: moderators see the bodies edits replaced; members see none of it."""

from __future__ import annotations

from edusphere.chat import messages
from edusphere.core.runtime import Runtime
from tests.chat.factories import classroom, drain_stream, enrolled
from tests.helpers import GraphQLClient

HISTORY = """query($r: ID!) { messages(roomId: $r) { messages { body editHistory { body replacedAt } } } }"""


async def test_moderators_see_what_an_edit_replaced_and_members_do_not(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Grace")
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "first words", "c-1")
    await messages.edit_message(runtime, room.learner.viewer, sent.id, "second words")
    await messages.edit_message(runtime, room.learner.viewer, sent.id, "final words")
    await drain_stream(runtime)
    moderator = (await gql(HISTORY, {"r": room.room_id}, token=room.creator.access_token)).ok()
    shown = moderator["messages"]["messages"][0]
    assert shown["body"] == "final words"
    assert [v["body"] for v in shown["editHistory"]] == ["first words", "second words"]
    for token in (other.access_token, room.learner.access_token):  # a member, and the author too
        member = (await gql(HISTORY, {"r": room.room_id}, token=token)).ok()
        assert member["messages"]["messages"][0]["editHistory"] is None
