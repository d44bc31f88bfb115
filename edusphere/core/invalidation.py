"""Cache invalidation across processes, over one Redis pub/sub channel.

Pub/sub is at-most-once, but only across a broken subscription: while one subscription stays up,
messages arrive in order and none is skipped. So `live` is true exactly while subscribed, and
every break resets the registered caches before `live` can turn true again. A cache may trust
itself only while the bus is live; otherwise it must ask Redis or the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import RedisError

from edusphere.core.redis import Keys

log = logging.getLogger(__name__)

Handler = Callable[[str], None]
RETRY_SECONDS = 1.0


def channel(keys: Keys) -> str:
    """The one channel; a message is `"<topic> <value>"`."""
    return keys("invalidate")


def message(topic: str, value: object) -> str:
    return f"{topic} {value}"


async def announce(redis: Redis | Pipeline, keys: Keys, topic: str, value: object) -> None:
    """Tell every process's bus (pipelines queue the PUBLISH with their other commands). A Redis
    Cluster's pipeline cannot carry one (redis-py refuses it, and it orders nothing across
    nodes): announce with the client once such a pipeline has run (`core.redis.is_cluster`)."""
    result = redis.publish(channel(keys), message(topic, value))
    if not isinstance(redis, Pipeline):
        await result


class InvalidationBus:
    def __init__(self, redis: Redis, channel: str) -> None:
        self.redis = redis
        self.channel = channel
        self.live = False
        self._handlers: dict[str, list[Handler]] = {}
        self._resets: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    def on(self, topic: str, handler: Handler) -> None:
        self._handlers.setdefault(topic, []).append(handler)

    def on_reset(self, reset: Callable[[], None]) -> None:
        self._resets.append(reset)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="invalidation-bus")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await self._subscribed.wait()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._go_dark()

    def dispatch(self, data: str) -> None:
        topic, _, value = data.partition(" ")
        for handler in self._handlers.get(topic, ()):
            handler(value)

    async def _run(self) -> None:
        while True:
            try:
                async with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    self.live = True
                    self._subscribed.set()
                    async for message in pubsub.listen():
                        if message["type"] == "message":
                            self.dispatch(message["data"])
            except (RedisError, OSError) as error:
                log.warning("invalidation subscription lost (%s); caches reset", error)
            finally:
                self._go_dark()
            await asyncio.sleep(RETRY_SECONDS)

    def _go_dark(self) -> None:
        self.live = False
        for reset in self._resets:
            reset()
