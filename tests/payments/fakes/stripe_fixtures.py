"""Fixtures for the Stripe fake (`stripe_api.StripeFake`), imported by tests/payments/conftest.py.

- `stripe_fake_server` (session): the one running fake, for fixtures that configure a
  session-wide EduSphere server with `stripe_fake_server.payment_settings()`.
- `stripe_fake` (per test): the same fake, reset (no sessions, requests, deliveries, injected
  failures; `webhook_url` back to `default_webhook_url`) before the test.
- `stripe_provider` (per test): a `StripeProvider` against the fake, timeout 1 s.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from edusphere.payments.providers.stripe import StripeProvider
from tests.payments.fakes.stripe_api import StripeFake

__all__ = ["stripe_fake", "stripe_fake_server", "stripe_provider"]


@pytest.fixture(scope="session")
def stripe_fake_server() -> Iterator[StripeFake]:
    with StripeFake() as fake:
        yield fake


@pytest.fixture
def stripe_fake(stripe_fake_server: StripeFake) -> StripeFake:
    stripe_fake_server.reset()
    return stripe_fake_server


@pytest.fixture
async def stripe_provider(stripe_fake: StripeFake) -> AsyncIterator[StripeProvider]:
    provider = StripeProvider(stripe_fake.payment_settings(provider_timeout_seconds=1.0))
    yield provider
    await provider.aclose()
