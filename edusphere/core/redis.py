"""The shared Redis client and the key namespace.

Every key goes through `Keys` so that one Redis can host several EduSphere deployments (or test
sessions) side by side, each under its own prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis


def create_redis(url: str) -> Redis:
    return Redis.from_url(url, decode_responses=True, health_check_interval=30)


@dataclass(frozen=True)
class Keys:
    prefix: str

    def __call__(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)
