"""The digest worker: one per server process, a round every NOTIFICATIONS_INTERVAL_SECONDS
(announcements fanned out, mentions due queued, digests due sent: `notifications.digest`).

Several processes run rounds side by side safely: each claim is `FOR UPDATE SKIP LOCKED`
(`notifications.digest`), so they share the work. A round that fails (PostgreSQL away) is
logged and the next one tries again; nothing is lost, since all that is left to do is rows.
Stopping ends the round after the transaction in hand (cancelling inside one could strand a
pooled connection), and cancels only after a grace period.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from edusphere.core.runtime import Runtime
from edusphere.core.tasks import stop_gracefully
from edusphere.notifications import digest

log = logging.getLogger(__name__)


class DigestWorker:
    def __init__(self, rt: Runtime, process_name: str) -> None:
        self.rt = rt
        self.name = process_name
        self.interval = rt.settings.notifications.interval_seconds
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self.rounds = 0

    def __repr__(self) -> str:
        return f"DigestWorker({self.name!r})"

    async def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name="notifications-digests")

    async def stop(self, grace_seconds: float = 10.0) -> None:
        if self._task is None:
            return
        await stop_gracefully(self._task, self._stopping, grace_seconds)
        self._task = None

    async def _run(self) -> None:
        while not self._stopping.is_set():
            # asyncio.timeout, not wait_for: wait_for wraps the wait in a task of its own for the
            # whole interval (a task a leak check would rightly count).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.interval):
                    await self._stopping.wait()
            if self._stopping.is_set():
                return
            try:
                done = await digest.run_once(self.rt, stopping=self._stopping)
            except Exception:  # the next round tries again; the process must keep serving
                log.warning("A notifications digest round failed", exc_info=True)
                continue
            self.rounds += 1
            if done.mails or done.announcements_done or done.mentions_queued:
                log.info("Announcements: %d fanned out to %d learners; mentions: %d queued, %d not wanted; "
                         "%d digests enqueued", done.announcements_done, done.fanned_out, done.mentions_queued,
                         done.mentions_skipped, done.mails)  # fmt: skip
