"""Request-scoped batching: many `load(key)` calls in one tick become one query.

Resolvers of a list's items run as sibling tasks; each asks for its key and awaits. The batch is
dispatched once those tasks have all had their turn, so a page of 50 courses asking for their
creators costs one `IN (...)` query, whatever the page size.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

BatchFn = Callable[[list[K]], Awaitable[Mapping[K, V]]]


class DataLoader(Generic[K, V]):
    def __init__(self, batch: BatchFn[K, V], default: Callable[[], V | None] = lambda: None) -> None:
        self._batch = batch
        self._default = default
        self._futures: dict[K, asyncio.Future[V | None]] = {}
        self._pending: list[K] = []
        self._dispatches: set[asyncio.Task[None]] = set()

    def load(self, key: K) -> asyncio.Future[V | None]:
        future = self._futures.get(key)
        if future is None:
            future = self._futures[key] = asyncio.get_running_loop().create_future()
            if not self._pending:
                asyncio.get_running_loop().call_soon(self._schedule)
            self._pending.append(key)
        return future

    def _schedule(self) -> None:
        task = asyncio.ensure_future(self._dispatch())
        self._dispatches.add(task)
        task.add_done_callback(self._dispatches.discard)

    async def _dispatch(self) -> None:
        await asyncio.sleep(0)  # let sibling resolvers started in the same tick add their keys
        keys, self._pending = self._pending, []
        try:
            results = await self._batch(keys)
        except Exception as error:
            for key in keys:
                self._futures[key].set_exception(error)
            return
        for key in keys:
            self._futures[key].set_result(results.get(key, self._default()))


def loader(
    cache: dict[str, Any], name: str, batch: BatchFn[K, V], default: Callable[[], V | None] = lambda: None
) -> DataLoader[K, V]:
    """The request's loader called `name`, created on first use."""
    existing = cache.get(name)
    if existing is None:
        existing = cache[name] = DataLoader(batch, default)
    assert isinstance(existing, DataLoader)
    return existing
