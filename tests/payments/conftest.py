from tests.payments.fakes.paypal_fixtures import *  # noqa: F403
