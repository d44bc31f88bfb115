"""chat.activity: posts per minute and open sockets across processes, through real Redis."""

from __future__ import annotations

import asyncio
import time

from edusphere.chat import activity
from edusphere.core.graphql.ws import open_count
from edusphere.core.runtime import Runtime


async def test_posts_are_counted_in_the_current_minute_once_flushed(runtime: Runtime) -> None:
    before = (await activity.posts_per_minute(runtime, minutes=1))[-1][1]
    for _ in range(3):
        activity.count_post(runtime)
    await activity.flush(runtime, "test-process")
    minutes = await activity.posts_per_minute(runtime, minutes=60)
    assert len(minutes) == 60
    assert minutes[-1][1] - before >= 3
    assert [m for m, _ in minutes] == sorted(m for m, _ in minutes)
    assert activity._tally(runtime).posts == 0  # nothing counted twice


async def test_open_sockets_sum_fresh_processes_and_drop_stale_ones(runtime: Runtime) -> None:
    key = activity._sockets_key(runtime)
    await runtime.redis.hset(key, "gone", f"50 {time.time() - 3600:.0f}")
    await runtime.redis.hset(key, "other", f"7 {time.time():.0f}")
    await runtime.redis.hset(key, "garbled", "not figures")
    await activity.flush(runtime, "test-process")
    total = await activity.open_sockets(runtime)
    fields = await runtime.redis.hgetall(key)
    # The test server's own reporter may have written its figure too: count what is fresh.
    expected = sum(int(str(v).split()[0]) for k, v in fields.items() if str(k) not in {"garbled"})
    assert total == expected >= 7 + open_count()
    names = {str(k) for k in fields}
    assert "gone" not in names
    assert "garbled" not in names


async def test_a_stopping_reporter_withdraws_its_figure(runtime: Runtime) -> None:
    reporter = activity.ActivityReporter(runtime, "short-lived", interval=0.05)
    await reporter.start()
    deadline = time.monotonic() + 5
    while not await runtime.redis.hexists(activity._sockets_key(runtime), "short-lived"):
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)
    await reporter.stop()
    assert not await runtime.redis.hexists(activity._sockets_key(runtime), "short-lived")
