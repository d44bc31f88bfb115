"""Review 2: payment settings production starts with although they cannot work or are unsafe.

- PUBLIC_BASE_URL is never checked: `javascript:...`, a host without a scheme, or a URL
  without a host become the return and cancel targets handed to Stripe / PayPal (and the TEST
  provider's redirectUrl, which the web client navigates to).
- PAYMENT_PROVIDER_TIMEOUT_SECONDS=nan passes `<= 0` (every comparison with NaN is false).
- PLATFORM_FEE_PERCENT below 100 but within 0.005 of it takes the whole sale (the fee is
  quantised to hundredths of a percent, rounding to 100.00).
"""

from __future__ import annotations

import pytest

from edusphere.core.settings import ConfigurationError, Settings
from edusphere.payments.ledger import fee_for

PRODUCTION = {
    "EDUSPHERE_ENV": "production",
    "SECRET_KEY": "s" * 48,
    "STRIPE_SECRET_KEY": "sk_live_x",
    "STRIPE_WEBHOOK_SECRET": "whsec_x",
}


def load(values: dict[str, str]) -> Settings:
    return Settings.from_env(values, env_file="/nonexistent")


def test_a_good_production_configuration_loads() -> None:
    assert load({**PRODUCTION, "PUBLIC_BASE_URL": "https://edu.example"}).public_base_url == "https://edu.example"


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)//", "edu.example", "https://", "ftp://edu.example", "data:text/html,x"]
)
def test_production_refuses_a_public_base_url_that_is_not_a_web_address(url: str) -> None:
    with pytest.raises(ConfigurationError):
        load({**PRODUCTION, "PUBLIC_BASE_URL": url})


def test_a_provider_timeout_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        load({"PAYMENT_PROVIDER_TIMEOUT_SECONDS": "nan"})


def test_an_accepted_fee_percent_never_takes_the_whole_sale() -> None:
    # Fees count hundredths of a percent: 99.999 would round to the whole sale, so it is refused.
    with pytest.raises(ConfigurationError, match="below 100"):
        load({"PLATFORM_FEE_PERCENT": "99.999"})
    settings = load({"PLATFORM_FEE_PERCENT": "99.99"})
    assert fee_for(10_000, settings.payments.platform_fee_percent) < 10_000
