"""The process-wide resources every service function may need, created once per worker."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from edusphere.core.redis import Keys
from edusphere.core.settings import Settings


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    redis: Redis

    @property
    def keys(self) -> Keys:
        return Keys(self.settings.redis_prefix)
