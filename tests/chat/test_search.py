"""Message search and the timeline around a message, on real Redis and PostgreSQL: the service
functions and GraphQL, hostile input first."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime

import pytest
from tortoise import connections

from edusphere.chat import messages, rooms, search
from edusphere.chat.events import Message
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.pagination import encode_cursor
from edusphere.core.runtime import Runtime
from edusphere.courses.models import Enrollment
from tests.chat.factories import Classroom, classroom, enrolled, store_and_index
from tests.helpers import GraphQLClient

SEARCH = """query($c: ID!, $q: String!, $r: ID, $o: MessageSearchOrder, $f: Int, $a: String) {
  searchMessages(courseId: $c, query: $q, roomId: $r, order: $o, first: $f, after: $a) {
    edges { cursor node { aroundSeq message { id body threadId seq } room { id name canPost }
                          snippet { text highlighted } } }
    pageInfo { hasNextPage endCursor } } }"""

AROUND = """query($r: ID!, $around: Int, $after: Int, $last: Int) {
  messages(roomId: $r, around: $around, after: $after, last: $last) {
    messages { seq body } hasMore hasMoreAfter } }"""


async def _refused(code: ErrorCode, call: object) -> AppError:
    with pytest.raises(AppError) as caught:
        await call  # type: ignore[misc]
    assert caught.value.code is code, caught.value.message
    return caught.value


async def _post(runtime: Runtime, room: Classroom, *bodies: str) -> list[Message]:
    sent = [
        await messages.send_message(runtime, room.learner.viewer, room.room_id, body, f"c-{i}-{uuid.uuid4().hex[:8]}")
        for i, body in enumerate(bodies)
    ]
    await store_and_index(runtime)
    return sent


async def _bodies(runtime: Runtime, room: Classroom, query: str, **kwargs: object) -> list[str]:
    found = await search.search_messages(runtime, room.learner.viewer, str(room.course.id), query, **kwargs)  # type: ignore[arg-type]
    return [hit.message.body for hit in found.hits]


async def test_bad_search_text_is_refused_with_a_stable_code(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    await _post(runtime, room, "a and b are letters")
    course = str(room.course.id)
    for text, reason in [("x" * 10_000, "TOO_LONG"), ("?!... ;;; ---", "NO_WORDS"), ("", "NO_WORDS"),
                         ("the and of", "NO_WORDS"), ("   ", "NO_WORDS")]:  # fmt: skip
        error = await _refused(
            ErrorCode.BAD_USER_INPUT, search.search_messages(runtime, room.learner.viewer, course, text)
        )
        assert isinstance(error, search.SearchQueryRefused)
        assert (error.details["field"], error.details["reason"]) == ("query", reason)
        answer = await gql(SEARCH, {"c": course, "q": text}, token=room.learner.access_token)
        assert answer.body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert answer.body["errors"][0]["extensions"]["reason"] == reason
    for text in ("bad\x00nul", "bell\x07"):
        await _refused(ErrorCode.BAD_USER_INPUT, search.search_messages(runtime, room.learner.viewer, course, text))
    # tsquery syntax is text: `a & !b:*` searches the words, it never parses as a query.
    for text in ("letters & !b:*", "letters | (", "'letters':* <-> !!", "letters\\"):
        assert await _bodies(runtime, room, text) == ["a and b are letters"]
    for order in ("SIDEWAYS", "newest"):
        await _refused(ErrorCode.BAD_USER_INPUT, search.search_messages(runtime, room.learner.viewer, course,
                                                                        "letters", order=order))  # fmt: skip


async def test_hostile_page_arguments_are_refused(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    await _post(runtime, room, "cursor one", "cursor two", "cursor three")
    course = str(room.course.id)
    secret = runtime.settings.secret_key
    forged = [
        "", "x", "not-base64!!", "A" * 10_000, base64.urlsafe_b64encode(b"\x00" * 40).decode(),
        encode_cursor("another-secret", "chat-search:NEWEST:0", ["2020-01-01T00:00:00+00:00", str(uuid.uuid4())]),
        encode_cursor(secret, "my-mentions", [1, 2]),  # another list's cursor
    ]  # fmt: skip
    newest = await search.search_messages(runtime, room.learner.viewer, course, "cursor", first=1)
    relevant = await search.search_messages(runtime, room.learner.viewer, course, "cursor", first=1, order="RELEVANCE")
    other_search = await search.search_messages(runtime, room.learner.viewer, course, "one", first=1)
    for cursor, order in [(c, None) for c in forged] + [
        (newest.end_cursor, "RELEVANCE"), (relevant.end_cursor, "NEWEST"), (other_search.end_cursor, None)
    ]:  # fmt: skip
        assert cursor is not None
        error = await _refused(ErrorCode.BAD_USER_INPUT, search.search_messages(
            runtime, room.learner.viewer, course, "cursor", order=order, after=cursor))  # fmt: skip
        assert error.details == {"argument": "after"}
    for first in (0, -1, 51, 2**31 - 1):
        await _refused(ErrorCode.BAD_USER_INPUT,
                       search.search_messages(runtime, room.learner.viewer, course, "cursor", first=first))  # fmt: skip
    answer = await gql(SEARCH, {"c": course, "q": "cursor", "a": "A" * 10_000}, token=room.learner.access_token)
    assert answer.body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    answer = await gql(SEARCH, {"c": course, "q": "cursor", "f": 10**6}, token=room.learner.access_token)
    assert answer.body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # A well-signed cursor with values of the wrong shape is refused too (never INTERNAL).
    kind = newest.end_cursor and json.loads(base64.urlsafe_b64decode(newest.end_cursor + "==")[16:])[0]
    for values in (["not a date", "x"], [1], [None, None], ["2020-01-01T00:00:00+00:00", "nope"]):
        cursor = encode_cursor(secret, str(kind), values)
        refused = search.search_messages(runtime, room.learner.viewer, course, "cursor", after=cursor)
        await _refused(ErrorCode.BAD_USER_INPUT, refused)


async def test_courses_and_rooms_the_viewer_cannot_read_are_not_found(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    other = await classroom(runtime)
    await _post(runtime, other, "secret elsewhere")
    outsider = other.learner
    direct = await rooms.direct_room(room.creator.viewer, str(room.course.id), str(room.learner.user.id))
    await messages.send_message(runtime, room.creator.viewer, str(direct.id), "private plans", "dm-1")
    await store_and_index(runtime)
    third = await enrolled(runtime, room, "Third")
    course = str(room.course.id)
    unknown = str(uuid.uuid4())
    cases = [
        (outsider.viewer, course, None, "Course"),  # another course's learner
        (third.viewer, unknown, None, "Course"),  # no such course
        (third.viewer, "not-an-id", None, "Course"),
        (third.viewer, course, str(direct.id), "Room"),  # a DM of two others
        (third.viewer, course, str(other.room.id), "Room"),  # a room of another course
        (third.viewer, course, unknown, "Room"),
        (third.viewer, course, "x" * 10_000, "Room"),
    ]
    for viewer, course_id, room_id, what in cases:
        refused = search.search_messages(runtime, viewer, course_id, "secret", room_id=room_id)
        error = await _refused(ErrorCode.NOT_FOUND, refused)
        assert what in error.message
    answer = await gql(SEARCH, {"c": course, "q": "private", "r": str(direct.id)}, token=third.access_token)
    assert answer.body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # The DM's members find it; the third member, searching the whole course, does not.
    assert await _bodies(runtime, room, "private") == ["private plans"]
    found = await search.search_messages(runtime, third.viewer, course, "private plans")
    assert found.hits == []
    # A learner whose enrollment ended reads nothing of the course any more.
    await Enrollment.filter(learner_id=room.learner.user.id, course_id=room.course.id).update(
        revoked_at=datetime.now(UTC)
    )
    await _refused(ErrorCode.NOT_FOUND, search.search_messages(runtime, room.learner.viewer, course, "private"))


async def test_deleted_are_never_found_and_edits_by_their_new_text(runtime: Runtime) -> None:
    room = await classroom(runtime)
    kept, gone, edited = await _post(runtime, room, "banana bread recipe", "banana split", "apple pie")
    await messages.delete_message(runtime, room.learner.viewer, gone.id)
    await messages.edit_message(runtime, room.learner.viewer, edited.id, "banana muffins instead")
    # Before the write-behind stores them: Redis's state already leaves both out of the hits.
    assert await _bodies(runtime, room, "banana") == ["banana bread recipe"]
    await store_and_index(runtime)
    assert await _bodies(runtime, room, "banana") == ["banana muffins instead", "banana bread recipe"]
    assert await _bodies(runtime, room, "apple") == []
    assert await _bodies(runtime, room, "split") == []
    assert kept.body == "banana bread recipe"


async def test_a_reply_hit_opens_the_room_around_its_root(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    (root,) = await _post(runtime, room, "How do generators work?")
    reply = await messages.send_message(runtime, room.creator.viewer, room.room_id, "Generators yield lazily", "r-1",
                                        thread_id=root.id)  # fmt: skip
    await _post(runtime, room, "unrelated later post")
    found = await search.search_messages(runtime, room.learner.viewer, str(room.course.id), "yield")
    (hit,) = found.hits
    assert (hit.message.id, hit.message.thread_id, hit.around_seq) == (reply.id, root.id, root.seq)
    answer = (await gql(SEARCH, {"c": str(room.course.id), "q": "generators"}, token=room.learner.access_token)).ok()
    nodes = [edge["node"] for edge in answer["searchMessages"]["edges"]]
    assert [n["message"]["body"] for n in nodes] == ["Generators yield lazily", "How do generators work?"]
    assert nodes[0]["aroundSeq"] == root.seq
    assert nodes[0]["message"]["threadId"] == root.id
    assert nodes[0]["room"] == {"id": room.room_id, "name": "General", "canPost": True}
    assert {"text": "Generators", "highlighted": True} in nodes[0]["snippet"]
    around = (await gql(AROUND, {"r": room.room_id, "around": hit.around_seq, "last": 10},
                        token=room.learner.access_token)).ok()["messages"]  # fmt: skip
    assert [m["body"] for m in around["messages"]] == ["How do generators work?", "unrelated later post"]


async def test_snippets_are_plain_text_parts(runtime: Runtime) -> None:
    room = await classroom(runtime)
    await _post(runtime, room, "<script>alert('x')</script> <b>bold</b> kitten &amp; friends")
    found = await search.search_messages(runtime, room.learner.viewer, str(room.course.id), "kitten")
    (hit,) = found.hits
    # Plain text parts (ts_headline leaves markup-looking tags out of the excerpt; the client
    # renders the parts as text whatever they hold).
    assert "kitten &amp; friends" in "".join(part.text for part in hit.snippet)
    assert [part.text for part in hit.snippet if part.highlighted] == ["kitten"]
    assert search.snippet_parts("a \x01b\x02 c \x02d\x01") == [
        search.SnippetPart("a ", False), search.SnippetPart("b", True), search.SnippetPart(" c d", False)
    ]  # fmt: skip


async def test_paging_both_orders_visits_every_hit_once(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    bodies = [f"walrus {'walrus ' * (i % 3)}note {i}" for i in range(7)]
    await _post(runtime, room, *bodies, "no match here")
    course = str(room.course.id)
    for order in ("NEWEST", "RELEVANCE"):
        seen: list[str] = []
        after = None
        while True:
            answer = (await gql(SEARCH, {"c": course, "q": "walrus", "o": order, "f": 3, "a": after},
                                token=room.learner.access_token)).ok()["searchMessages"]  # fmt: skip
            seen += [edge["node"]["message"]["body"] for edge in answer["edges"]]
            if not answer["pageInfo"]["hasNextPage"]:
                break
            after = answer["pageInfo"]["endCursor"]
        assert sorted(seen) == sorted(bodies), order
        if order == "NEWEST":
            assert seen == bodies[::-1]
        else:  # more occurrences rank higher; ties newest first
            assert seen[:3] == [bodies[5], bodies[2], bodies[4]]
    # One room only, with roomId.
    direct = await rooms.direct_room(room.creator.viewer, course, str(room.learner.user.id))
    await messages.send_message(runtime, room.learner.viewer, str(direct.id), "walrus in private", "dm-w")
    await store_and_index(runtime)
    assert await _bodies(runtime, room, "walrus", room_id=str(direct.id)) == ["walrus in private"]
    assert len(await _bodies(runtime, room, "walrus", first=50)) == 8


async def test_around_opens_the_page_centred_on_a_seq(runtime: Runtime, gql: GraphQLClient) -> None:
    room = await classroom(runtime)
    sent = await _post(runtime, room, *[f"line {i}" for i in range(30)])
    middle = sent[15]
    page = await messages.history(runtime, room.learner.viewer, room.room_id, None, 6, around=middle.seq)
    assert [m.body for m in page.messages] == [f"line {i}" for i in range(13, 19)]
    assert (page.has_more, page.has_more_after) == (True, True)
    forward = await messages.history(runtime, room.learner.viewer, room.room_id, None, 6, after=page.messages[-1].seq)
    assert [m.body for m in forward.messages] == [f"line {i}" for i in range(19, 25)]
    assert (forward.has_more, forward.has_more_after) == (True, True)
    start = await messages.history(runtime, room.learner.viewer, room.room_id, None, 6, around=sent[0].seq)
    assert [m.body for m in start.messages] == [f"line {i}" for i in range(6)]
    assert (start.has_more, start.has_more_after) == (False, True)
    end = await messages.history(runtime, room.learner.viewer, room.room_id, None, 6, around=sent[-1].seq)
    assert [m.body for m in end.messages] == [f"line {i}" for i in range(24, 30)]
    assert (end.has_more, end.has_more_after) == (True, False)
    # Newer posts only in Redis's window (not yet stored) are in the page too.
    (late,) = [await messages.send_message(runtime, room.learner.viewer, room.room_id, "late line", "late")]
    end = await messages.history(runtime, room.learner.viewer, room.room_id, None, 6, after=sent[-2].seq)
    assert [m.body for m in end.messages] == ["line 29", "late line"]
    assert end.has_more_after is False
    assert late.seq > sent[-1].seq
    for args in ({"around": -1}, {"after": -5}, {"around": 2**60}, {"around": 3, "after": 4}):
        answer = await gql(AROUND, {"r": room.room_id, **args}, token=room.learner.access_token)
        assert answer.body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", args
    answer = await gql(AROUND, {"r": room.room_id, "around": 10**6}, token=room.learner.access_token)
    assert answer.ok()["messages"]["hasMoreAfter"] is False
    outsider = (await classroom(runtime)).learner
    answer = await gql(AROUND, {"r": room.room_id, "around": 3}, token=outsider.access_token)
    assert answer.body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def _all_pages(runtime: Runtime, room: Classroom, text: str, order: str) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        page = await search.search_messages(runtime, room.learner.viewer, str(room.course.id), text, order=order,
                                            first=4, after=after)  # fmt: skip
        seen += [hit.message.body for hit in page.hits]
        if not page.has_next_page:
            return seen
        after = page.end_cursor


async def test_a_common_word_is_read_room_by_room_with_the_same_hits(runtime: Runtime) -> None:
    """A word in most messages takes the per-room newest-first plan (chosen by the planner's
    statistics); both plans find the same hits in the same order, page by page."""
    room = await classroom(runtime)
    second = await rooms.create_room(room.creator.viewer, str(room.course.id), "Second", False)
    bodies = [f"otter {'otter ' * (i % 4)}item {i}" for i in range(14)] + [f"badger {i}" for i in range(6)]
    await _post(runtime, room, *bodies[:10])
    for i, body in enumerate(bodies[10:]):
        await messages.send_message(runtime, room.creator.viewer, str(second.id), body, f"s2-{i}")
    await store_and_index(runtime)
    assert "otter" not in await search.common_words(fresh=True)  # no statistics yet: rare, GIN
    by_gin = {order: await _all_pages(runtime, room, "otter", order) for order in ("NEWEST", "RELEVANCE")}
    await connections.get("default").execute_script("ANALYZE chat_search")
    try:
        assert "otter" in await search.common_words(fresh=True)
        for order, expected in by_gin.items():
            assert len(expected) == 14
            assert await _all_pages(runtime, room, "otter", order) == expected, order
        assert by_gin["NEWEST"] == [b for b in bodies if b.startswith("otter")][::-1]
        assert await _bodies(runtime, room, "otter badger") == []
    finally:
        await search.common_words(fresh=True)
