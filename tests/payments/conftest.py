"""The payments tests' fixtures live in `tests/payments/fakes/*_fixtures.py`; the top-level
conftest imports them, since the session's server is configured with the fakes."""
