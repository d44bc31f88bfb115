"""Stopping a background worker's task: the one way every worker (the write-behind, the search
indexer, the notification digests) ends its loop on shutdown."""

from __future__ import annotations

import asyncio
import contextlib


async def stop_gracefully(task: asyncio.Task[None], stopping: asyncio.Event, grace_seconds: float) -> None:
    """Ask the loop to stop (`stopping`), let it finish the batch in hand for `grace_seconds`,
    and only then cancel it: cancelling inside a transaction could strand a pooled connection,
    so cancellation is the last resort."""
    stopping.set()
    try:
        await asyncio.wait_for(asyncio.shield(task), grace_seconds)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
