"""Payment settings: a provider is all its keys or none; production refuses the TEST provider."""

from __future__ import annotations

import pytest

from edusphere.core.settings import ConfigurationError, Settings
from edusphere.payments.models import ProviderName
from edusphere.payments.providers import enabled

PRODUCTION = {"EDUSPHERE_ENV": "production", "SECRET_KEY": "s" * 48, "PUBLIC_BASE_URL": "https://edu.example"}
STRIPE = {"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}
PAYPAL = {"PAYPAL_CLIENT_ID": "id", "PAYPAL_CLIENT_SECRET": "secret", "PAYPAL_WEBHOOK_ID": "WH-1"}


def load(values: dict[str, str]) -> Settings:
    return Settings.from_env(values, env_file="/nonexistent")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"STRIPE_SECRET_KEY": "sk_test_x"}, "STRIPE_WEBHOOK_SECRET missing"),
        ({"PAYPAL_CLIENT_ID": "id"}, "PAYPAL_CLIENT_SECRET, PAYPAL_WEBHOOK_ID missing"),
        ({**PRODUCTION, "PAYMENTS_TEST_PROVIDER": "true"}, "refused in production"),
        ({**PRODUCTION, **STRIPE, "PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL must be set"),
        ({**PRODUCTION, **PAYPAL, "PAYPAL_ENVIRONMENT": "sandbox"}, "PAYPAL_ENVIRONMENT must be live"),
        ({"PAYPAL_ENVIRONMENT": "moon"}, "sandbox or live"),
        ({"PLATFORM_FEE_PERCENT": "100"}, "below 100"),
        ({"PLATFORM_FEE_PERCENT": "-1"}, "at least 0"),
        ({"PLATFORM_FEE_PERCENT": "ten"}, "must be a number"),
        ({"PAYMENTS_TEST_PROVIDER": "maybe"}, "true or false"),
    ],
)
def test_bad_payment_settings_refuse_to_start(values: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        load(values)


def test_providers_follow_their_keys() -> None:
    assert enabled(load({}).payments) == [ProviderName.TEST]
    assert enabled(load({**STRIPE, **PAYPAL}).payments) == [ProviderName.STRIPE, ProviderName.PAYPAL, ProviderName.TEST]
    production = load({**PRODUCTION, **STRIPE})
    assert enabled(production.payments) == [ProviderName.STRIPE]
    assert production.public_base_url == "https://edu.example"
    assert load({"PLATFORM_FEE_PERCENT": "12.5"}).payments.platform_fee_percent == 12.5
