"""The invalidation bus: live only while subscribed, and every break resets the caches."""

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from edusphere.core.invalidation import InvalidationBus
from edusphere.core.runtime import Runtime
from tests.helpers import eventually, kill_own_pubsub_connections


@pytest.fixture
async def bus(runtime: Runtime) -> AsyncIterator[InvalidationBus]:
    instance = InvalidationBus(runtime.redis, runtime.keys("test-invalidate"))
    yield instance
    await instance.stop()


async def test_messages_reach_handlers_while_live(bus: InvalidationBus, redis: Redis) -> None:
    received: list[str] = []
    bus.on("thing", received.append)
    await bus.start()
    assert bus.live
    await redis.publish(bus.channel, "thing 42")
    await redis.publish(bus.channel, "other 7")
    await eventually(lambda: received == ["42"])


async def test_a_lost_subscription_resets_caches_and_recovers(bus: InvalidationBus, redis: Redis) -> None:
    resets: list[int] = []
    received: list[str] = []
    bus.on_reset(lambda: resets.append(1))
    bus.on("thing", received.append)
    await bus.start()
    killed = await kill_own_pubsub_connections(redis)
    assert killed >= 1
    await eventually(lambda: len(resets) >= 1)
    await eventually(lambda: bus.live, within=10)
    await redis.publish(bus.channel, "thing again")
    await eventually(lambda: received == ["again"])


async def test_stop_goes_dark(bus: InvalidationBus) -> None:
    resets: list[int] = []
    bus.on_reset(lambda: resets.append(1))
    await bus.start()
    await bus.stop()
    assert not bus.live
    assert resets
