"""The search indexer (`chat.searchindex`) on real Redis and PostgreSQL: what the write-behind
queues, what a batch indexes, concurrent indexers, a failing batch, stopping."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from tortoise import connections

from edusphere.chat import keys as chat_keys
from edusphere.chat import messages, reactions, search, searchindex
from edusphere.chat.searchindex import SearchIndexer, index_all, index_batch
from edusphere.core.runtime import Runtime
from tests.chat.factories import Classroom, classroom, drain_stream, store_and_index


async def _write_behind(runtime: Runtime) -> None:
    """Store what the stream holds and trim it, as the write-behind's consumers do (they
    acknowledge and trim), so the next call writes only what came since."""
    await drain_stream(runtime)
    await runtime.redis.delete(chat_keys.stream(runtime.keys))


async def _rows(sql: str, *args: object) -> list[dict[str, object]]:
    return await connections.get("default").execute_query_dict(sql, list(args))


async def _queued() -> set[str]:
    return {str(row["message_id"]) for row in await _rows("SELECT message_id FROM chat_search_queue")}


async def _indexed(room: Classroom) -> set[str]:
    rows = await _rows("SELECT message_id FROM chat_search WHERE room_id = $1", room.room_id)
    return {str(row["message_id"]) for row in rows}


async def _bodies(runtime: Runtime, room: Classroom, text: str) -> list[str]:
    page = await search.search_messages(runtime, room.learner.viewer, str(room.course.id), text)
    return [hit.message.body for hit in page.hits]


async def test_only_body_changes_are_queued_and_an_edit_is_found_by_its_new_text(runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "ancient walrus", "q-1")
    await _write_behind(runtime)
    assert await _queued() == {sent.id}
    assert await _bodies(runtime, room, "walrus") == []  # stored, not indexed yet
    assert await index_all() == 1
    assert await _queued() == set()
    assert await _bodies(runtime, room, "walrus") == ["ancient walrus"]
    # A reaction rewrites the message's row but not its text: nothing to re-index.
    await reactions.react(runtime, room.creator.viewer, sent.id, "👍", added=True)
    await _write_behind(runtime)
    assert await _queued() == set()
    await messages.edit_message(runtime, room.learner.viewer, sent.id, "modern narwhal")
    await _write_behind(runtime)
    assert await _queued() == {sent.id}
    # Stored, not re-indexed: the old text's entry still matches, but the stored body does not.
    assert await _bodies(runtime, room, "walrus") == []
    assert await _bodies(runtime, room, "narwhal") == []
    await index_all()
    assert await _bodies(runtime, room, "narwhal") == ["modern narwhal"]
    assert await _bodies(runtime, room, "walrus") == []


async def test_a_delete_removes_the_message_from_the_index(runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "secret plans", "d-1")
    await store_and_index(runtime)
    assert await _indexed(room) == {sent.id}
    await messages.delete_message(runtime, room.learner.viewer, sent.id)
    assert await _bodies(runtime, room, "plans") == []  # Redis knows first
    await _write_behind(runtime)
    assert await _bodies(runtime, room, "plans") == []  # stored deleted, still indexed: left out
    await index_all()
    assert await _indexed(room) == set()
    # Replaying it all (the write-behind is at-least-once) queues nothing: the rows are as new.
    await drain_stream(runtime)
    assert await _queued() == set()
    await index_all()
    assert await _indexed(room) == set()


async def test_concurrent_indexers_index_each_message_once(runtime: Runtime) -> None:
    room = await classroom(runtime)
    sent = [
        await messages.send_message(runtime, room.learner.viewer, room.room_id, f"parallel note {i}", f"p-{i}")
        for i in range(60)
    ]
    await _write_behind(runtime)
    claimed = await asyncio.gather(*(index_batch(4) for _ in range(24)))  # each in its own transaction
    assert sum(claimed) == 60  # SKIP LOCKED: disjoint batches, none claimed twice
    assert await _indexed(room) == {m.id for m in sent}
    # Two workers over a second round.
    more = [
        await messages.send_message(runtime, room.learner.viewer, room.room_id, f"second note {i}", f"s-{i}")
        for i in range(40)
    ]
    await _write_behind(runtime)
    workers = [SearchIndexer(batch_size=3, idle_seconds=0.01) for _ in range(2)]
    for worker in workers:
        await worker.start()
    try:
        deadline = time.monotonic() + 10
        while await _queued() and time.monotonic() < deadline:  # noqa: ASYNC110 - polls the database
            await asyncio.sleep(0.02)
    finally:
        for worker in workers:
            await worker.stop()
    assert sum(worker.indexed for worker in workers) == 40
    assert await _indexed(room) == {m.id for m in sent + more}
    assert await _bodies(runtime, room, "second") == [f"second note {i}" for i in reversed(range(20, 40))]


@pytest.mark.expects_errors
async def test_a_failing_batch_is_logged_and_retried(runtime: Runtime, caplog: pytest.LogCaptureFixture) -> None:
    room = await classroom(runtime)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "stubborn entry", "f-1")
    await _write_behind(runtime)
    db = connections.get("default")
    # A real refusal by PostgreSQL: every row chat_search is given violates this constraint.
    await db.execute_script("ALTER TABLE chat_search ADD CONSTRAINT refuse_all CHECK (false) NOT VALID")
    worker = SearchIndexer(idle_seconds=0.01, backoff_seconds=0.02, max_backoff_seconds=0.05)
    try:
        with caplog.at_level(logging.ERROR, logger="edusphere.chat.searchindex"):
            await worker.start()
            deadline = time.monotonic() + 10
            while worker.failures < 3 and time.monotonic() < deadline:  # noqa: ASYNC110 - polls a counter
                await asyncio.sleep(0.01)
        assert worker.failures >= 3
        assert "a search index batch failed" in caplog.text
        assert await _queued() == {sent.id}  # rolled back: still queued
        assert await _indexed(room) == set()
    finally:
        await db.execute_script("ALTER TABLE chat_search DROP CONSTRAINT IF EXISTS refuse_all")
    try:
        deadline = time.monotonic() + 10
        while not await _indexed(room) and time.monotonic() < deadline:  # noqa: ASYNC110 - polls the database
            await asyncio.sleep(0.02)
    finally:
        await worker.stop()
    assert await _indexed(room) == {sent.id}
    assert (await searchindex.status()).queued == 0


async def test_the_worker_stops_promptly_and_cleanly(runtime: Runtime) -> None:
    room = await classroom(runtime)
    worker = SearchIndexer(idle_seconds=30)  # idle: the pause must not delay stopping
    await worker.start()
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await worker.stop()
    assert time.monotonic() - started < 1
    assert worker._task is None
    await worker.stop()  # twice is harmless
    # It can start again (a process's domains restarted) and index what was queued meanwhile.
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "after restart", "r-1")
    await _write_behind(runtime)
    await worker.start()
    try:
        deadline = time.monotonic() + 10
        while not await _indexed(room) and time.monotonic() < deadline:  # noqa: ASYNC110 - polls the database
            await asyncio.sleep(0.02)
    finally:
        await worker.stop()
    assert await _indexed(room) == {sent.id}
    assert worker.failures == 0
