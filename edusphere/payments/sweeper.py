"""Cancels checkouts nobody finished, so their coupon redemptions come back.

One per server process; several processes sweeping at once is harmless (each cancellation is
an `apply_update` with one event id per order, applied once). A provider's own expiry event
usually gets there first; this catches the TEST provider and lost webhooks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from edusphere.core.runtime import Runtime
from edusphere.payments.checkout import expire_stale

log = logging.getLogger(__name__)

PENDING_LIFETIME = timedelta(hours=25)  # past Stripe's 24-hour session lifetime
INTERVAL_SECONDS = 600.0


class PendingOrderSweeper:
    def __init__(self, rt: Runtime, interval_seconds: float = INTERVAL_SECONDS) -> None:
        self.rt = rt
        self.interval = interval_seconds
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="payments-sweeper")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def sweep(self) -> int:
        return await expire_stale(self.rt, PENDING_LIFETIME)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                swept = await self.sweep()
            except Exception:  # the next round tries again; the process must keep serving
                log.warning("Sweeping stale checkouts failed", exc_info=True)
                continue
            if swept:
                log.info("Canceled %d checkouts older than %s", swept, PENDING_LIFETIME)
