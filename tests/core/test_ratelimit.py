from dataclasses import replace

import pytest
from redis.asyncio import Redis

from edusphere.auth import accounts
from edusphere.auth.models import Role
from edusphere.core import ratelimit
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.core.settings import RateLimit
from tests.helpers import PASSWORD


async def test_the_window_allows_the_limit_then_refuses(runtime: Runtime, redis: Redis) -> None:
    key = runtime.keys("test", "window")
    decisions = [await ratelimit.hit(redis, key, limit=3, window_seconds=60) for _ in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert decisions[-1].count == 5
    assert 0 < decisions[-1].retry_after_seconds <= 60
    assert 0 < await redis.pttl(key) <= 60_000


async def test_rate_limited_error_carries_retry_after(runtime: Runtime, redis: Redis) -> None:
    key = runtime.keys("test", "error")
    await ratelimit.hit(redis, key, limit=0, window_seconds=30)
    decision = await ratelimit.hit(redis, key, limit=0, window_seconds=30)
    error = ratelimit.rate_limited(decision, "attempts")
    assert error.code is ErrorCode.RATE_LIMITED
    assert 1 <= error.details["retryAfterSeconds"] <= 30


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::ffff", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("fe80::1%eth0", "fe80::/64"),
        # As Sanic's request.remote_addr gives a proxied one (bracketed IPv6), or a Forwarded port.
        ("[2001:db8:1:2::5]", "2001:db8:1:2::/64"),
        ("[2001:db8:1:2::5]:4711", "2001:db8:1:2::/64"),
        ("192.0.2.1:4711", "192.0.2.1"),
        ("", "unknown"),
    ],
)
def test_client_addresses_count_by_ipv4_address_or_ipv6_64(address: str, key: str) -> None:
    assert ratelimit.client_key(address) == key


def test_a_client_address_that_is_no_ip_address_is_hashed() -> None:
    key = ratelimit.client_key("x" * 10_000 + "\ud800")
    assert key.startswith("other-")
    assert len(key) < 40
    assert key != ratelimit.client_key("y")


async def test_sign_ups_from_one_ipv6_64_share_one_limit(runtime: Runtime) -> None:
    """Review of #5 for register: a /64 is one client, whichever of its addresses it uses."""
    strict = Runtime(replace(runtime.settings, register_limit_per_address=RateLimit(2, 60)), runtime.redis)
    codes = []
    for n in range(3):
        try:
            await accounts.register(
                strict,
                email=f"signup{n}@example.com",
                password=PASSWORD,
                display_name="New",
                role=Role.LEARNER,
                client_address=f"2001:db8:5:6::{n + 1}",
            )
            codes.append("OK")
        except AppError as error:
            codes.append(error.code.value)
    assert codes == ["OK", "OK", "RATE_LIMITED"]
