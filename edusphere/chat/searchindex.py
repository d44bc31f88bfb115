"""The search indexer: fills `chat_search` (migration 0019) from the messages the write-behind
queued, so `to_tsvector` and the GIN index are off the write-behind's path.

The write-behind queues a message's id in `chat_search_queue` in its batch's transaction when
the body changed: a post, an edit, a delete (never a reaction, a pin or a root's reply count).
Each server process runs one `SearchIndexer` (any number may run at once). A batch, in one
transaction:

1. claims up to `batch_size` queued ids: `DELETE ... WHERE message_id IN (SELECT ... FOR UPDATE
   SKIP LOCKED) RETURNING`, so concurrent indexers take disjoint batches and never wait on each
   other;
2. in a second statement (a snapshot taken after the claim), upserts the chat_search row of each
   claimed message that is not deleted from its body as stored now, and deletes the rows of the
   others (deleted, or gone).

Why this cannot lose a change: the write-behind's queue insert is an upsert that locks a row
already queued, and it runs after its chat_messages upsert. If the indexer claims first, the
write-behind's insert waits for the indexer's commit and then queues the id afresh (indexed
again by the next batch). If the write-behind locks it first, the indexer skips it until the
write-behind has committed. The indexer takes no lock a write-behind waits for while it waits
itself, so they cannot deadlock.

Search finds a post or an edit once indexed (the indexer polls every `idle_seconds` when the
queue is empty; with a backlog it spends at most `max_busy` of its time in batches, so that a
write burst leaves PostgreSQL's CPUs to the write-behind first); meanwhile the service still checks each hit against the
message as it is now (its stored body must still match, and Redis's state), so a deleted
message is never shown and an edited one is never shown for its old text.

A failing batch rolls back (its ids stay queued) and is retried after a backoff that doubles
to `max_backoff_seconds`; the error is logged each time. Stopping finishes the batch in hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from edusphere.core.tasks import stop_gracefully
from edusphere.courses.catalog import TS_CONFIG

log = logging.getLogger(__name__)

_CLAIM = """
DELETE FROM chat_search_queue
WHERE message_id IN (SELECT message_id FROM chat_search_queue LIMIT $1 FOR UPDATE SKIP LOCKED)
RETURNING message_id
"""

_INDEX = f"""
WITH live AS (
  SELECT id, room_id, created_at, seq, to_tsvector('{TS_CONFIG}', body) AS vector
  FROM chat_messages WHERE id = ANY($1::uuid[]) AND NOT deleted
),
upserted AS (
  INSERT INTO chat_search (message_id, room_id, created_at, seq, vector)
  SELECT id, room_id, created_at, seq, vector FROM live
  ON CONFLICT (message_id) DO UPDATE SET vector = EXCLUDED.vector
  RETURNING message_id
)
DELETE FROM chat_search WHERE message_id = ANY($1::uuid[]) AND message_id NOT IN (SELECT id FROM live)
"""  # noqa: S608 - the configuration's name is a constant


async def index_batch(limit: int = 500) -> int:
    """Index up to `limit` queued messages in one transaction; how many were claimed."""
    async with in_transaction() as connection:
        rows: list[dict[str, Any]] = await connection.execute_query_dict(_CLAIM, [limit])
        ids = [row["message_id"] for row in rows]
        if ids:
            await connection.execute_query(_INDEX, [ids])
    return len(ids)


async def index_all(limit: int = 500) -> int:
    """Index everything queued now (tests, the benchmark); how many were claimed."""
    total = 0
    while claimed := await index_batch(limit):
        total += claimed
    return total


@dataclass(frozen=True)
class IndexStatus:
    queued: int
    lag_seconds: float  # the age of the oldest queued change: how far search is behind


async def status() -> IndexStatus:
    db = connections.get("default")
    row = (
        await db.execute_query_dict(
            "SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(queued_at)), 0) AS lag"
            " FROM chat_search_queue"
        )
    )[0]
    return IndexStatus(int(row["n"]), round(float(row["lag"]), 3))


class SearchIndexer:
    """One per server process (see `chat.domain`): indexes batches while there is work, polls
    every `idle_seconds` when there is none."""

    def __init__(
        self,
        *,
        batch_size: int = 500,
        idle_seconds: float = 0.25,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
        max_busy: float = 0.5,
    ) -> None:
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        # The share of its time the indexer may spend in batches while there is a backlog: it
        # competes with the write-behind for PostgreSQL's CPUs, and indexing can wait a moment
        # (a burst is indexed a little later; chat's usual rates leave it idle most of the time).
        self.max_busy = max_busy
        self.indexed = 0  # messages claimed and indexed by this worker
        self.failures = 0
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self.run(), name="chat-search-indexer")

    async def stop(self, grace_seconds: float = 5.0) -> None:
        """Finish the batch in hand and stop (cancelling mid-transaction only as a last resort:
        its ids stay queued either way)."""
        if self._task is None:
            return
        await stop_gracefully(self._task, self._stopping, grace_seconds)
        self._task = None

    async def run(self) -> None:
        backoff = self.backoff_seconds
        while not self._stopping.is_set():
            started = time.monotonic()
            try:
                claimed = await index_batch(self.batch_size)
            except Exception:
                self.failures += 1
                log.exception("a search index batch failed; its messages stay queued, retrying in %.1fs", backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, self.max_backoff_seconds)
                continue
            backoff = self.backoff_seconds
            self.indexed += claimed
            if claimed < self.batch_size:
                await self._pause(self.idle_seconds)
            elif self.max_busy < 1:
                await self._pause((time.monotonic() - started) * (1 - self.max_busy) / self.max_busy)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
