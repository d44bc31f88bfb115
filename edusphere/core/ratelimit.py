"""Rate limits in Redis, shared by every process: fixed-window counters and token buckets.

One Lua call increments and sets the expiry atomically, so a crash between the two can never
leave a counter without a TTL (which would lock the subject out forever).

Limits per client address count by `client_key`: an IPv4 address as itself, an IPv6 one by its
/64 (what one subscriber, one host, is given: 2^64 addresses an attacker could otherwise rotate
through, one fresh counter each).
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from redis.asyncio import Redis

from edusphere.core.errors import AppError, ErrorCode

_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
"""


IPV6_PREFIX = 64


def client_key(address: str) -> str:
    """The subject of a per-address limit: an IPv4 address (also one mapped into IPv6) as is,
    an IPv6 address as its /64 network; "unknown" for none, and anything else hashed (so a key
    stays short whatever a proxy put there)."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(_without_brackets_or_port(address))
    except ValueError:
        return "other-" + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        host_bits = 128 - IPV6_PREFIX
        return str(ipaddress.IPv6Network((int(parsed) >> host_bits << host_bits, IPV6_PREFIX)))
    return str(parsed)


def _without_brackets_or_port(address: str) -> str:
    """The bare address: Sanic's `remote_addr` (a proxied client) brackets IPv6, and a
    Forwarded header may carry a port ("[2001:db8::1]:4711", "192.0.2.1:4711")."""
    if address.startswith("["):
        return address[1:].partition("]")[0]
    host, colon, port = address.rpartition(":")
    if colon and ":" not in host and port.isdigit():
        return host
    return address


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_after_seconds: float


async def hit(redis: Redis, key: str, limit: int, window_seconds: int) -> Decision:
    count, ttl_ms = await redis.eval(_HIT, 1, key, window_seconds * 1000)
    return Decision(allowed=int(count) <= limit, count=int(count), retry_after_seconds=int(ttl_ms) / 1000)


def rate_limited(decision: Decision, what: str) -> AppError:
    return AppError(
        ErrorCode.RATE_LIMITED,
        f"Too many {what}; try again in {max(1, round(decision.retry_after_seconds))} seconds",
        retryAfterSeconds=max(1, round(decision.retry_after_seconds)),
    )


# Token buckets are a Lua function rather than a script of their own, so that the script doing
# the limited work takes the token in the same atomic step (chat's append: one round trip per
# message instead of three, and a refused send changes nothing else).
BUCKET_LUA = """
local function take_token(key, capacity, rate, now)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  tokens = math.min(capacity, tokens + (now - at) / 1000 * rate)
  local allowed = 0
  if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', key, math.ceil(capacity / rate * 1000) + 1000)
  local wait = 0
  if allowed == 0 then wait = math.ceil((1 - tokens) / rate * 1000) end
  return allowed, wait
end
"""


@dataclass(frozen=True)
class Bucket:
    """A token bucket in Redis: bursts up to `capacity`, then `per_second` on average."""

    key: str
    capacity: int
    per_second: float

    def arguments(self) -> list[int | float]:
        """ARGV for BUCKET_LUA's take_token after the key: capacity, rate, now (ms)."""
        return [self.capacity, self.per_second, int(time.time() * 1000)]
