"""Review: production refuses the TEST provider and a PayPal sandbox, but takes the same two
things by other names: Stripe test-mode keys, and provider API bases pointing at a fake."""

from __future__ import annotations

import pytest

from edusphere.core.settings import ConfigurationError, Settings

PRODUCTION = {"EDUSPHERE_ENV": "production", "SECRET_KEY": "s" * 48, "PUBLIC_BASE_URL": "https://edu.example"}
PAYPAL = {"PAYPAL_CLIENT_ID": "id", "PAYPAL_CLIENT_SECRET": "secret", "PAYPAL_WEBHOOK_ID": "WH-1"}


def load(values: dict[str, str]) -> Settings:
    return Settings.from_env(values, env_file="/nonexistent")


@pytest.mark.parametrize(
    "values",
    [
        # Test-mode Stripe: any 4242 card "pays"; courses are sold for nothing.
        {**PRODUCTION, "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"},
        {**PRODUCTION, "STRIPE_SECRET_KEY": "rk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"},
        # The API base is the tests' hook for fakes; in production it routes payments (and the
        # PayPal webhook verification, which then always answers SUCCESS) to any host.
        {**PRODUCTION, "STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x",
         "STRIPE_API_BASE": "http://127.0.0.1:9"},
        {**PRODUCTION, **PAYPAL, "PAYPAL_ENVIRONMENT": "live", "PAYPAL_API_BASE": "https://api-m.sandbox.paypal.com"},
    ],
)  # fmt: skip
def test_production_refuses_test_mode_payments_under_another_name(values: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        load(values)
