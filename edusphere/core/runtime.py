"""The process-wide resources every service function may need, created once per worker."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from edusphere.core.invalidation import InvalidationBus
from edusphere.core.redis import Keys
from edusphere.core.settings import Settings


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    redis: Redis
    # Present in servers; absent in one-off commands, whose caches then never trust themselves.
    bus: InvalidationBus | None = None
    # Per-process caches, one entry per domain that needs one (e.g. verified tokens).
    caches: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def keys(self) -> Keys:
        return Keys(self.settings.redis_prefix)
