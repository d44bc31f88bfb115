"""The PayPal fake as pytest fixtures (imported by tests/payments/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from edusphere.core.settings import PaymentSettings
from tests.payments.fakes.paypal_api import PayPalFake

__all__ = ["paypal_fake", "paypal_fake_server", "paypal_payment_settings", "paypal_settings"]


def paypal_payment_settings(fake: PayPalFake, **overrides: object) -> PaymentSettings:
    """PaymentSettings with PayPal pointed at `fake` (its keys, webhook id and URL)."""
    values: dict[str, object] = {
        "paypal_client_id": fake.client_id,
        "paypal_client_secret": fake.client_secret,
        "paypal_webhook_id": fake.webhook_id,
        "paypal_api_base": fake.url,
        "provider_timeout_seconds": 5.0,
        **overrides,
    }
    return PaymentSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def paypal_fake_server() -> Iterator[PayPalFake]:
    """The PayPal the session's EduSphere server is configured with (its webhooks go back to
    that server: the top-level conftest sets `webhook_url` once the server listens)."""
    with PayPalFake() as fake:
        yield fake


@pytest.fixture
def paypal_fake() -> Iterator[PayPalFake]:
    """A fresh PayPal per test (no webhook_url: set `paypal_fake.webhook_url` to receive them)."""
    with PayPalFake() as fake:
        yield fake


@pytest.fixture
def paypal_settings(paypal_fake: PayPalFake) -> PaymentSettings:
    return paypal_payment_settings(paypal_fake)
