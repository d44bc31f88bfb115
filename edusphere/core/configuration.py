"""The error a process cannot start past (its own module: settings and the parsers it uses,
such as `smtpurl`, both raise it without importing each other)."""


class ConfigurationError(Exception):
    """The process cannot start with this configuration; the message says what to change."""
