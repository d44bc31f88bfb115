"""Sending, editing, deleting, read markers and history, on real Redis and PostgreSQL."""

import asyncio
import time
from dataclasses import replace
from uuid import RFC_4122, UUID

import pytest

from edusphere.chat import keys as chat_keys
from edusphere.chat import live, messages
from edusphere.chat.models import ChatEvent, ChatMessage, MessageVersion
from edusphere.chat.writebehind import WriteBehind
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.core.settings import TokenBucket
from tests.chat.factories import classroom, drain_stream, enrolled, run_writer_until
from tests.helpers import GraphQLClient, make_user


async def test_sends_take_consecutive_seqs_and_retries_post_nothing(runtime: Runtime) -> None:
    room = await classroom(runtime)
    first = await messages.send_message(runtime, room.learner.viewer, room.room_id, " hello ", "c-1")
    second = await messages.send_message(runtime, room.creator.viewer, room.room_id, "welcome", "c-1")
    retried = await messages.send_message(runtime, room.learner.viewer, room.room_id, "hello again?", "c-1")
    assert (first.seq, second.seq) == (1, 2)
    assert first.body == "hello"
    assert retried == first
    keys = messages.room_keys(runtime, room.room_id)
    assert [e.seq for e in await live.recent_events(runtime.redis, keys, 0)] == [1, 2]


def test_message_ids_are_time_ordered_uuids() -> None:
    before_ms = time.time_ns() // 1_000_000
    ids = [live.new_message_id() for _ in range(3)]
    time.sleep(0.002)
    later = live.new_message_id()
    parsed = [UUID(i) for i in [*ids, later]]
    assert {(u.version, u.variant) for u in parsed} == {(7, RFC_4122)}
    assert len(set(ids)) == 3
    assert all(i < later for i in ids)  # a later millisecond sorts after, as text and in the index
    assert abs((parsed[0].int >> 80) - before_ms) < 1_000  # the first 48 bits are the time


async def test_concurrent_sends_never_share_a_seq(runtime: Runtime) -> None:
    room = await classroom(runtime)
    others = [await enrolled(runtime, room, f"L{n}") for n in range(5)]
    sent = await asyncio.gather(
        *(messages.send_message(runtime, who.viewer, room.room_id, f"m{n}", f"id-{n}")
          for n, who in enumerate(others * 2))
    )  # fmt: skip
    assert sorted(m.seq for m in sent) == list(range(1, 11))


@pytest.mark.parametrize(("body", "client_id"), [("", "a"), ("   \n\t", "a"), ("x" * 4001, "a"), ("ok", ""),
                                                  ("ok", "has spaces"), ("ok", "x" * 65), ("ok", "x" * 64 + "\n"),
                                                  ("ok", "newline\n")])  # fmt: skip
async def test_bad_messages_change_nothing(runtime: Runtime, body: str, client_id: str) -> None:
    room = await classroom(runtime)
    with pytest.raises(AppError) as caught:
        await messages.send_message(runtime, room.learner.viewer, room.room_id, body, client_id)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    head, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    assert head is None


async def test_outsiders_and_learners_in_announcements(runtime: Runtime) -> None:
    from edusphere.chat import rooms

    room = await classroom(runtime)
    outsider = await make_user(runtime)
    with pytest.raises(AppError) as caught:
        await messages.send_message(runtime, outsider.viewer, room.room_id, "let me in", "x")
    assert caught.value.code is ErrorCode.FORBIDDEN
    news = await rooms.create_room(room.creator.viewer, str(room.course.id), "Announcements", announcements=True)
    with pytest.raises(AppError) as caught:
        await messages.send_message(runtime, room.learner.viewer, str(news.id), "me too", "y")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert (await messages.send_message(runtime, room.creator.viewer, str(news.id), "Exam on Friday", "z")).seq == 1


async def test_sending_too_fast_is_rate_limited(runtime: Runtime) -> None:
    room = await classroom(runtime)
    strict = Runtime(replace(runtime.settings, chat_send_rate=TokenBucket(burst=5, per_second=1)), runtime.redis)
    for n in range(5):
        await messages.send_message(strict, room.learner.viewer, room.room_id, f"m{n}", f"burst-{n}")
    with pytest.raises(AppError) as caught:
        await messages.send_message(strict, room.learner.viewer, room.room_id, "one more", "burst-x")
    assert caught.value.code is ErrorCode.RATE_LIMITED
    assert caught.value.details["retryAfterSeconds"] >= 1
    head, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    assert head == 5
    # A retry of an accepted send still answers, limited or not.
    assert (await messages.send_message(strict, room.learner.viewer, room.room_id, "m0", "burst-0")).seq == 1


async def test_a_send_takes_one_token_even_when_the_counter_is_rebuilt(runtime: Runtime) -> None:
    room = await classroom(runtime)
    keys = messages.room_keys(runtime, room.room_id)
    single = Runtime(replace(runtime.settings, chat_send_rate=TokenBucket(burst=1, per_second=0.001)), runtime.redis)
    assert await live.room_head(runtime.redis, keys) == (None, None)  # the first send asks for a floor
    assert (await messages.send_message(single, room.learner.viewer, room.room_id, "one", "only-1")).seq == 1
    with pytest.raises(AppError) as caught:
        await messages.send_message(single, room.learner.viewer, room.room_id, "two", "only-2")
    assert caught.value.code is ErrorCode.RATE_LIMITED
    # The refused send left nothing behind: no seq, no recent event, no idempotency key.
    assert (await live.room_head(runtime.redis, keys))[0] == 1
    assert [e.message.body for e in await live.recent_events(runtime.redis, keys, 0)] == ["one"]
    assert not await runtime.redis.exists(keys.idempotency(room.learner.viewer.id, "only-2"))


async def test_edit_and_delete_take_seqs_and_are_checked(runtime: Runtime) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "typo", "e-1")
    with pytest.raises(AppError) as caught:
        await messages.edit_message(runtime, other.viewer, sent.id, "hijack")
    assert caught.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(AppError) as caught:
        await messages.delete_message(runtime, other.viewer, sent.id)
    assert caught.value.code is ErrorCode.FORBIDDEN
    edited = await messages.edit_message(runtime, room.learner.viewer, sent.id, "fixed")
    assert (edited.body, edited.seq, edited.last_event_seq) == ("fixed", 1, 2)
    assert edited.edited_at
    deleted = await messages.delete_message(runtime, room.creator.viewer, sent.id)  # moderation
    assert (deleted.deleted, deleted.body, deleted.last_event_seq) == (True, "", 3)
    with pytest.raises(AppError):
        await messages.edit_message(runtime, room.learner.viewer, sent.id, "back")
    events = await live.recent_events(runtime.redis, messages.room_keys(runtime, room.room_id), 0)
    assert [e.type for e in events] == ["MESSAGE_POSTED", "MESSAGE_EDITED", "MESSAGE_DELETED"]


async def test_write_behind_persists_everything_once(runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "first", "w-1")
    await messages.send_message(runtime, room.creator.viewer, room.room_id, "second", "w-2")
    await messages.edit_message(runtime, room.learner.viewer, sent.id, "first, edited")
    await messages.mark_read(runtime, room.learner.viewer, room.room_id, 2)

    async def stored() -> bool:
        return await ChatEvent.filter(room_id=room.room.id).count() == 1

    await run_writer_until(WriteBehind(runtime.redis, runtime.keys, "test-writer"), stored)
    # The two posts are their message rows; the edit is the one logged change.
    assert [(m.seq, m.body) for m in await ChatMessage.filter(room_id=room.room.id).order_by("seq")] == [
        (1, "first, edited"),
        (2, "second"),
    ]
    assert [(e.seq, e.kind) for e in await ChatEvent.filter(room_id=room.room.id)] == [(3, "MESSAGE_EDITED")]
    stored = await ChatMessage.get(id=sent.id)
    assert (stored.body, stored.seq, stored.last_event_seq) == ("first, edited", 1, 3)
    assert [v.body for v in await MessageVersion.filter(message_id=sent.id)] == ["first"]
    # Replaying the whole stream again changes nothing.
    await drain_stream(runtime)
    assert await ChatEvent.filter(room_id=room.room.id).count() == 1
    assert await ChatMessage.filter(room_id=room.room.id).count() == 2
    assert (await ChatMessage.get(id=sent.id)).body == "first, edited"


async def test_history_is_seamless_between_redis_and_postgres(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "WINDOW", 5)  # a tiny Redis window so history must cross into PostgreSQL
    room = await classroom(runtime)
    for n in range(12):
        await messages.send_message(runtime, room.learner.viewer if n % 2 else room.creator.viewer,
                                    room.room_id, f"m{n + 1}", f"h-{n}")  # fmt: skip
    await drain_stream(runtime)
    page = await messages.history(runtime, room.learner.viewer, room.room_id, None, 4)
    assert [m.body for m in page.messages] == ["m9", "m10", "m11", "m12"]
    assert page.has_more
    older = await messages.history(runtime, room.learner.viewer, room.room_id, page.messages[0].seq, 6)
    assert [m.body for m in older.messages] == ["m3", "m4", "m5", "m6", "m7", "m8"]
    everything = await messages.history(runtime, room.learner.viewer, room.room_id, None, 100)
    assert [m.seq for m in everything.messages] == list(range(1, 13))
    assert not everything.has_more
    await runtime.redis.delete(*[k async for k in runtime.redis.scan_iter(match=runtime.keys("room", "*"))])
    flushed = await messages.history(runtime, room.learner.viewer, room.room_id, None, 100)
    assert [m.body for m in flushed.messages] == [f"m{n}" for n in range(1, 13)]


UNSTORABLE_BODIES = [
    "nul\u0000byte",
    "bell\u0007",
    "escape\u001b[31m",
    "del\u007f",
    "csi\u009b31m",
    "c1\u0080",
    "lone \ud800 surrogate",
    "\udfff",
]


@pytest.mark.parametrize("body", UNSTORABLE_BODIES)
async def test_a_body_postgres_would_refuse_is_refused_at_the_door(runtime: Runtime, body: str) -> None:
    """Issue 11 #3: acknowledged with a seq, the body then failed in the write-behind and went
    to the dead letters. Refused before it takes a seq, whether sent or edited in."""
    room = await classroom(runtime)
    keys = messages.room_keys(runtime, room.room_id)
    with pytest.raises(AppError) as caught:
        await messages.send_message(runtime, room.learner.viewer, room.room_id, body, "bad-1")
    assert (caught.value.code, caught.value.details["field"]) == (ErrorCode.BAD_USER_INPUT, "body")
    assert (await live.room_head(runtime.redis, keys))[0] is None
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "fine", "ok-1")
    with pytest.raises(AppError) as caught:
        await messages.edit_message(runtime, room.learner.viewer, sent.id, body)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    assert (await live.room_head(runtime.redis, keys))[0] == 1


async def test_every_acknowledged_body_reaches_postgres_as_sent(runtime: Runtime) -> None:
    """What is accepted is durable: tabs, newlines, emoji (surrogate pairs in JSON), CRLF."""
    room = await classroom(runtime)
    bodies = {"tab\there": "tab\there", "two\nlines": "two\nlines", "crlf\r\nline": "crlf\nline",
              "emoji \U0001f600 and \u4e2d": "emoji \U0001f600 and \u4e2d"}  # fmt: skip
    for n, body in enumerate(bodies):
        await messages.send_message(runtime, room.learner.viewer, room.room_id, body, f"s-{n}")

    async def stored() -> bool:
        return await ChatMessage.filter(room_id=room.room.id).count() == len(bodies)

    writer = WriteBehind(runtime.redis, runtime.keys, "text-writer", max_attempts=1)
    await run_writer_until(writer, stored)
    rows = await ChatMessage.filter(room_id=room.room.id).order_by("seq")
    assert [row.body for row in rows] == list(bodies.values())
    assert await runtime.redis.xlen(runtime.keys(chat_keys.DEAD_LETTERS)) == 0


async def test_a_nul_body_over_http_is_bad_user_input(app: object, gql: GraphQLClient, runtime: Runtime) -> None:
    room = await classroom(runtime)
    send = 'mutation($r: ID!, $b: String!) { sendMessage(roomId: $r, body: $b, clientId: "n1") { seq } }'
    result = await gql(send, {"r": room.room_id, "b": "nul\u0000byte"}, token=room.learner.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert (await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id)))[0] is None


async def test_edits_and_deletes_are_rate_limited_like_sends(runtime: Runtime) -> None:
    """Issue 11 #7: each edit or delete takes a seq, a stream entry and a fan-out, so it takes a
    token from the author's chat bucket, the one sends take from."""
    room = await classroom(runtime)
    sent = [
        await messages.send_message(runtime, room.learner.viewer, room.room_id, f"m{n}", f"r-{n}") for n in range(4)
    ]
    strict = Runtime(replace(runtime.settings, chat_send_rate=TokenBucket(burst=3, per_second=0.001)), runtime.redis)
    keys = messages.room_keys(runtime, room.room_id)
    for n in range(3):
        await messages.edit_message(strict, room.learner.viewer, sent[n].id, f"edited {n}")
    head = (await live.room_head(runtime.redis, keys))[0]
    with pytest.raises(AppError) as caught:
        await messages.edit_message(strict, room.learner.viewer, sent[3].id, "one edit too many")
    assert caught.value.code is ErrorCode.RATE_LIMITED
    assert caught.value.details["retryAfterSeconds"] >= 1
    with pytest.raises(AppError) as caught:
        await messages.delete_message(strict, room.learner.viewer, sent[3].id)
    assert caught.value.code is ErrorCode.RATE_LIMITED
    with pytest.raises(AppError) as caught:
        await messages.send_message(strict, room.learner.viewer, room.room_id, "and a send", "r-x")
    assert caught.value.code is ErrorCode.RATE_LIMITED
    # Nothing was appended by the refused ones; the message is as it was.
    assert (await live.room_head(runtime.redis, keys))[0] == head
    assert (await live.current_state(runtime.redis, keys, sent[3].id)).body == "m3"  # type: ignore[union-attr]
    # Someone else's bucket is their own: the creator still moderates.
    assert (await messages.delete_message(strict, room.creator.viewer, sent[3].id)).deleted


async def test_deleting_an_already_deleted_message_takes_no_token(runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "bye", "d-1")
    single = Runtime(replace(runtime.settings, chat_send_rate=TokenBucket(burst=1, per_second=0.001)), runtime.redis)
    await messages.delete_message(single, room.learner.viewer, sent.id)
    assert (await messages.delete_message(single, room.learner.viewer, sent.id)).deleted
