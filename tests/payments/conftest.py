"""Fixtures of the payments tests; each provider's fake brings its own (one line each)."""

from tests.payments.fakes.stripe_fixtures import *  # noqa: F403
