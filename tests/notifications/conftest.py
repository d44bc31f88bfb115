"""Notifications tests drive the digest rounds themselves, with a clock of their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sanic import Sanic

from edusphere.notifications.worker import DigestWorker


@pytest.fixture
async def digests_paused(app: Sanic[Any, Any]) -> AsyncIterator[None]:
    """The session server's digest workers stopped for the test (which runs rounds itself, at
    the times it chooses), and started again after it."""
    workers = [w for group in getattr(app.ctx, "domain_workers", []) for w in group if isinstance(w, DigestWorker)]
    for worker in workers:
        await worker.stop()
    yield
    for worker in workers:
        await worker.start()
