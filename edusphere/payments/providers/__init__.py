"""The providers this process can take payments with, built once per process from settings."""

from __future__ import annotations

from edusphere.core.errors import bad_input
from edusphere.core.runtime import Runtime
from edusphere.core.settings import PaymentSettings
from edusphere.payments.models import ProviderName
from edusphere.payments.providers.base import Provider

_CACHE = "payments-providers"


def enabled(settings: PaymentSettings) -> list[ProviderName]:
    """In display order: cards (Stripe), PayPal, then the development TEST provider."""
    names = []
    if settings.stripe_enabled:
        names.append(ProviderName.STRIPE)
    if settings.paypal_enabled:
        names.append(ProviderName.PAYPAL)
    if settings.test_provider:
        names.append(ProviderName.TEST)
    return names


def _build(name: ProviderName, rt: Runtime) -> Provider:
    settings = rt.settings.payments
    if name is ProviderName.STRIPE:
        from edusphere.payments.providers.stripe import StripeProvider

        return StripeProvider(settings)
    if name is ProviderName.PAYPAL:
        from edusphere.payments.providers.paypal import PayPalProvider

        return PayPalProvider(settings)
    from edusphere.payments.providers.test import TestProvider

    return TestProvider(rt.settings.public_base_url)


class ProviderSet(dict[ProviderName, Provider]):
    """This process's provider clients; closed with the process's other caches (their HTTP
    connection pools)."""

    async def aclose(self) -> None:
        for provider in self.values():
            close = getattr(provider, "aclose", None)
            if close is not None:
                await close()
        self.clear()


def get(rt: Runtime, name: ProviderName) -> Provider:
    """The provider, or BAD_USER_INPUT when it is not enabled here."""
    if name not in enabled(rt.settings.payments):
        raise bad_input(f"{name.value} payments are not available here", field="provider", reason="PROVIDER_DISABLED")
    providers: ProviderSet = rt.caches.setdefault(_CACHE, ProviderSet())
    if name not in providers:
        providers[name] = _build(name, rt)
    return providers[name]
