from pathlib import Path

import pytest

from edusphere.app import create_app
from edusphere.core.settings import (
    DEV_SECRET_KEY,
    ConfigurationError,
    Environment,
    RateLimit,
    RedisPool,
    Settings,
    TokenBucket,
)


def test_defaults_are_development_with_embedded_servers() -> None:
    settings = Settings.from_env({}, env_file="/nonexistent")
    assert settings.env is Environment.DEVELOPMENT
    assert settings.database_url is None
    assert settings.redis_url is None
    assert settings.data_dir == Path("var")
    assert settings.introspection is True


def test_environment_values_are_read() -> None:
    settings = Settings.from_env(
        {
            "EDUSPHERE_ENV": "production",
            "SECRET_KEY": "x" * 40,
            "DATABASE_URL": "postgres://db/edu",
            "REDIS_URL": "redis://cache:6379/0",
            "ALLOWED_ORIGINS": "https://a.example, https://b.example",
            "ACCESS_TOKEN_TTL_SECONDS": "60",
            "EDUSPHERE_DATA_DIR": "/srv/edusphere",
            "CHAT_WRITE_BEHIND_CONSUMERS": "3",
        },
        env_file="/nonexistent",
    )
    assert settings.is_production
    assert settings.introspection is False
    assert settings.allowed_origins == ("https://a.example", "https://b.example")
    assert settings.access_token_ttl_seconds == 60
    assert settings.data_dir == Path("/srv/edusphere")
    assert settings.write_behind_consumers == 3


def test_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("REDIS_URL=redis://from-file\nDATABASE_URL=postgres://from-file/db\n")
    settings = Settings.from_env({"REDIS_URL": "redis://from-env"}, env_file=str(env_file))
    assert settings.redis_url == "redis://from-env"
    assert settings.database_url == "postgres://from-file/db"


@pytest.mark.parametrize("secret", [None, DEV_SECRET_KEY, "short-secret"])
def test_production_refuses_a_missing_default_or_short_secret(secret: str | None) -> None:
    environ = {"EDUSPHERE_ENV": "production"}
    if secret:
        environ["SECRET_KEY"] = secret
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        Settings.from_env(environ, env_file="/nonexistent")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EDUSPHERE_ENV", "staging", "EDUSPHERE_ENV"),
        ("EDUSPHERE_PORT", "eighty", "whole number"),
        ("ACCESS_TOKEN_TTL_SECONDS", "0", "positive"),
        ("CHAT_WRITE_BEHIND_CONSUMERS", "0", "at least 1"),
        ("SHUTDOWN_TIMEOUT_SECONDS", "0", "SHUTDOWN_TIMEOUT_SECONDS must be above 0"),
        ("SHUTDOWN_TIMEOUT_SECONDS", "-5", "SHUTDOWN_TIMEOUT_SECONDS must be above 0"),
        ("SHUTDOWN_TIMEOUT_SECONDS", "inf", "finite"),
        ("SHUTDOWN_TIMEOUT_SECONDS", "soon", "must be a number"),
    ],
)
def test_bad_values_get_a_clear_message(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({name: value}, env_file="/nonexistent")


def test_limits_and_pools_are_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "CHAT_SEND_BURST": "20",
            "CHAT_SENDS_PER_SECOND": "0.5",
            "LOGIN_LIMIT_PER_EMAIL_AND_ADDRESS": "5/600",
            "LOGIN_LIMIT_PER_ADDRESS": "100/900",
            "LOGIN_LIMIT_PER_EMAIL": "40/7200",
            "REGISTER_LIMIT_PER_ADDRESS": "3/60",
            "REDIS_MAX_CONNECTIONS": "64",
            "REDIS_POOL_TIMEOUT_SECONDS": "2.5",
            "REDIS_IDLE_SECONDS": "30",
        },
        env_file="/nonexistent",
    )
    assert settings.chat_send_rate == TokenBucket(burst=20, per_second=0.5)
    assert settings.login_limit_per_email_and_address == RateLimit(5, 600)
    assert settings.login_limit_per_address == RateLimit(100, 900)
    assert settings.login_limit_per_email == RateLimit(40, 7200)
    assert settings.register_limit_per_address == RateLimit(3, 60)
    assert settings.redis_pool == RedisPool(max_connections=64, timeout_seconds=2.5, idle_seconds=30)
    defaults = Settings.from_env({}, env_file="/nonexistent")
    assert defaults.login_limit_per_email.limit > defaults.login_limit_per_email_and_address.limit
    assert defaults.redis_pool == RedisPool()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LOGIN_LIMIT_PER_EMAIL", "ten", "LIMIT/SECONDS"),
        ("LOGIN_LIMIT_PER_ADDRESS", "10", "LIMIT/SECONDS"),
        ("REGISTER_LIMIT_PER_ADDRESS", "0/60", "LIMIT/SECONDS"),
        ("CHAT_SENDS_PER_SECOND", "fast", "a number"),
        ("CHAT_SEND_BURST", "0", "CHAT_SEND_BURST"),
        ("REDIS_MAX_CONNECTIONS", "0", "REDIS_MAX_CONNECTIONS"),
        ("REDIS_POOL_TIMEOUT_SECONDS", "-1", "REDIS_POOL_TIMEOUT_SECONDS"),
    ],
)
def test_bad_limits_get_a_clear_message(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({name: value}, env_file="/nonexistent")


def test_the_shutdown_timeout_is_read_and_reaches_sanic() -> None:
    assert Settings.from_env({}, env_file="/nonexistent").shutdown_timeout_seconds == 15.0
    settings = Settings.from_env({"SHUTDOWN_TIMEOUT_SECONDS": "7.5"}, env_file="/nonexistent")
    assert settings.shutdown_timeout_seconds == 7.5
    app = create_app(settings, name="shutdown_timeout_test", with_domains=[])
    assert app.config.GRACEFUL_SHUTDOWN_TIMEOUT == 7.5
