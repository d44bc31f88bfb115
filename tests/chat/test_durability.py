"""Redis losing its data, read markers, and the write-behind's failure handling."""

import asyncio
import json

import pytest

from edusphere.chat import keys as chat_keys
from edusphere.chat import live, messages
from edusphere.chat.models import ChatMessage, ReadMarker
from edusphere.chat.writebehind import GROUP, PARKED, WriteBehind, ensure_group, status
from edusphere.core.runtime import Runtime
from tests.chat.factories import classroom, drain_stream, forget_rooms, run_writer_until


async def test_seq_resumes_above_postgres_and_the_epoch_changes(runtime: Runtime) -> None:
    room = await classroom(runtime)
    for n in range(3):
        await messages.send_message(runtime, room.learner.viewer, room.room_id, f"m{n}", f"d-{n}")
    keys = messages.room_keys(runtime, room.room_id)
    _, epoch_before = await live.room_head(runtime.redis, keys)
    await drain_stream(runtime)
    await forget_rooms(runtime)
    after = await messages.send_message(runtime, room.learner.viewer, room.room_id, "after the flush", "d-new")
    assert after.seq == 4  # never a number PostgreSQL already holds
    _, epoch_after = await live.room_head(runtime.redis, keys)
    assert epoch_after
    assert epoch_after != epoch_before


async def test_seq_resumes_above_an_edit_that_was_the_last_event(runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "typo", "e-1")
    await messages.edit_message(runtime, room.learner.viewer, sent.id, "fixed")  # seq 2: only in chat_events
    await drain_stream(runtime)
    await forget_rooms(runtime)
    after = await messages.send_message(runtime, room.learner.viewer, room.room_id, "after the flush", "e-2")
    assert after.seq == 3


async def test_read_markers_only_move_forward_and_count_unread(runtime: Runtime) -> None:
    room = await classroom(runtime)
    for n in range(4):
        await messages.send_message(runtime, room.creator.viewer, room.room_id, f"m{n}", f"r-{n}")
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "mine", "r-mine")
    assert await messages.unread_count(runtime, room.learner.viewer, room.room.id) == 4
    await messages.mark_read(runtime, room.learner.viewer, room.room_id, 3)
    await messages.mark_read(runtime, room.learner.viewer, room.room_id, 1)  # never backwards
    assert await messages.last_read_seq(runtime, room.learner.viewer, room.room.id) == 3
    assert await messages.unread_count(runtime, room.learner.viewer, room.room.id) == 1
    await drain_stream(runtime)
    assert (await ReadMarker.get(room_id=room.room.id, user_id=room.learner.user.id)).seq == 3
    await forget_rooms(runtime)  # counts still come out right from PostgreSQL
    assert await messages.last_read_seq(runtime, room.learner.viewer, room.room.id) == 3
    assert await messages.unread_count(runtime, room.learner.viewer, room.room.id) == 1


async def test_mark_read_beyond_the_room_is_refused(runtime: Runtime) -> None:
    import pytest

    from edusphere.core.errors import AppError, ErrorCode

    room = await classroom(runtime)
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "one", "only")
    for bad in (2, -1):
        with pytest.raises(AppError) as caught:
            await messages.mark_read(runtime, room.learner.viewer, room.room_id, bad)
        assert caught.value.code is ErrorCode.BAD_USER_INPUT
    assert await messages.last_read_seq(runtime, room.learner.viewer, room.room.id) == 0


async def test_a_consumer_first_rereads_its_own_pending_entries(runtime: Runtime) -> None:
    room = await classroom(runtime)
    stream = chat_keys.stream(runtime.keys)
    await ensure_group(runtime.redis, stream)
    for n in range(3):
        await messages.send_message(runtime, room.learner.viewer, room.room_id, f"m{n}", f"p-{n}")
    # A consumer read these and died before writing them: they are pending, never acknowledged.
    await runtime.redis.xreadgroup(GROUP, "crashed", {stream: ">"}, count=10)
    assert (await status(runtime.redis, runtime.keys)).pending == 3
    restarted = WriteBehind(runtime.redis, runtime.keys, "crashed")
    await run_writer_until(restarted, lambda: _messages_stored(room.room.id, 3))
    assert await ChatMessage.filter(room_id=room.room.id).count() == 3
    assert (await status(runtime.redis, runtime.keys)).pending == 0


async def test_entries_of_a_dead_consumer_are_claimed(runtime: Runtime) -> None:
    room = await classroom(runtime)
    stream = chat_keys.stream(runtime.keys)
    await ensure_group(runtime.redis, stream)
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "orphan", "o-1")
    await runtime.redis.xreadgroup(GROUP, "dead-consumer", {stream: ">"}, count=10)
    survivor = WriteBehind(runtime.redis, runtime.keys, "survivor", claim_idle_seconds=0.2)
    await run_writer_until(survivor, lambda: _messages_stored(room.room.id, 1))
    assert await ChatMessage.filter(room_id=room.room.id).count() == 1


@pytest.mark.expects_errors
async def test_a_poisoned_entry_goes_to_the_dead_letters_and_the_rest_flows(runtime: Runtime) -> None:
    room = await classroom(runtime)
    stream = chat_keys.stream(runtime.keys)
    await ensure_group(runtime.redis, stream)
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "good", "g-1")
    bogus = {"type": "MESSAGE_POSTED", "room_id": "00000000-0000-0000-0000-000000000000", "seq": 1,
             "at": "2026-01-01T00:00:00+00:00", "message": {"id": "00000000-0000-0000-0000-000000000001"}}  # fmt: skip
    await runtime.redis.xadd(stream, {"event": json.dumps(bogus)})
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "also good", "g-2")

    async def settled() -> bool:
        current = await status(runtime.redis, runtime.keys)
        return current.dead_letters == 1 and current.pending == 0 and await runtime.redis.xlen(stream) <= 1

    await run_writer_until(WriteBehind(runtime.redis, runtime.keys, "w", max_attempts=2), settled)
    assert await ChatMessage.filter(room_id=room.room.id).count() == 2
    current = await status(runtime.redis, runtime.keys)
    assert (current.dead_letters, current.pending) == (1, 0)
    # Trimming never dropped anything unacknowledged, and dropped what was done.
    assert await runtime.redis.xlen(stream) <= 1


async def _messages_stored(room_id: object, count: int) -> bool:
    return await ChatMessage.filter(room_id=room_id).count() >= count


class RecordingWriter(WriteBehind):
    """The real consumer, noting the size of each batch it writes."""

    batches: list[int]

    async def flush(self, entries, *, fresh=False):  # type: ignore[no-untyped-def]
        self.batches.append(len(entries))
        return await super().flush(entries, fresh=fresh)


async def test_messages_trickling_in_are_written_in_one_batch(runtime: Runtime) -> None:
    room = await classroom(runtime)
    writer = RecordingWriter(runtime.redis, runtime.keys, "lingering", linger_seconds=0.3)
    writer.batches = []
    await writer.start()
    try:
        for n in range(4):  # a few messages at chat pace, all inside one linger
            await messages.send_message(runtime, room.learner.viewer, room.room_id, f"m{n}", f"l-{n}")
            await asyncio.sleep(0.03)
        for _ in range(100):
            if await ChatMessage.filter(room_id=room.room.id).count() == 4:
                break
            await asyncio.sleep(0.05)
    finally:
        await writer.stop()
    assert await ChatMessage.filter(room_id=room.room.id).count() == 4
    assert writer.batches == [4]


async def test_an_entry_of_a_newer_release_is_left_for_it_not_dead_lettered(runtime: Runtime) -> None:
    """A rolling restart: a newer release appended a kind of event this one does not know. It is
    handed to the parked consumer, never counted as a failure, and the rest flows."""
    room = await classroom(runtime)
    stream = chat_keys.stream(runtime.keys)
    await ensure_group(runtime.redis, stream)
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "before", "n-1")
    newer = {"v": 99, "type": "REACTION_ADDED", "room_id": room.room_id, "seq": 2, "emoji": "+1"}
    entry_id = await runtime.redis.xadd(stream, {"event": json.dumps(newer)})
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "after", "n-2")

    async def settled() -> bool:
        return await _messages_stored(room.room.id, 2) and (await status(runtime.redis, runtime.keys)).pending == 1

    await run_writer_until(WriteBehind(runtime.redis, runtime.keys, "older", max_attempts=1), settled)
    assert await ChatMessage.filter(room_id=room.room.id).count() == 2
    current = await status(runtime.redis, runtime.keys)
    assert (current.dead_letters, current.pending) == (0, 1)
    parked = await runtime.redis.xpending_range(stream, GROUP, min="-", max="+", count=10)
    assert [(p["message_id"], p["consumer"]) for p in parked] == [(entry_id, PARKED)]


class GatedWriter(WriteBehind):
    """The real consumer, its first batch held until `gate` opens (a slow commit)."""

    flushing: asyncio.Event
    gate: asyncio.Event

    async def flush(self, entries, *, fresh=False):  # type: ignore[no-untyped-def]
        if not self.flushing.is_set():
            self.flushing.set()
            await self.gate.wait()
        return await super().flush(entries, fresh=fresh)


async def test_a_stopping_consumer_writes_its_read_ahead_too(runtime: Runtime) -> None:
    """Issue 19 #3: while a batch is written the next is read; on stop (SIGTERM) those entries
    were left pending, to wait for this consumer's return or another's XAUTOCLAIM 30 s later."""
    room = await classroom(runtime)
    stream = chat_keys.stream(runtime.keys)
    writer = GatedWriter(runtime.redis, runtime.keys, "stopping")
    writer.flushing, writer.gate = asyncio.Event(), asyncio.Event()
    await messages.send_message(runtime, room.learner.viewer, room.room_id, "in hand", "s-0")
    await writer.start()
    await asyncio.wait_for(writer.flushing.wait(), 5)  # the batch in hand: being written
    for n in (1, 2):
        await messages.send_message(runtime, room.learner.viewer, room.room_id, f"ahead {n}", f"s-{n}")
    for _ in range(100):  # until the read-ahead has them: delivered, pending to this consumer
        if (await runtime.redis.xpending(stream, GROUP))["pending"] == 3:
            break
        await asyncio.sleep(0.02)
    assert (await runtime.redis.xpending(stream, GROUP))["pending"] == 3
    stopping = asyncio.create_task(writer.stop())
    await asyncio.sleep(0.05)  # told to stop while the batch in hand is still being written
    writer.gate.set()
    await asyncio.wait_for(stopping, 10)
    stored = await ChatMessage.filter(room_id=room.room.id).order_by("seq").values_list("body", flat=True)
    assert stored == ["in hand", "ahead 1", "ahead 2"]
    assert (await status(runtime.redis, runtime.keys)).pending == 0
