"""DATABASE_POOLER and DATABASE_DIRECT_URL: read, refused when wrong, and what they change in the
asyncpg options and in where the mail worker LISTENs (PgBouncer itself: tests/e2e/test_pgbouncer.py)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from edusphere.core.database import pooled_url, tortoise_config
from edusphere.core.settings import ConfigurationError, DatabasePooler, Settings
from edusphere.mail.worker import listen_dsn, listen_url

URL = "postgres://app:secret@bouncer:6432/edusphere"


def settings(**environ: str) -> Settings:
    return Settings.from_env(environ, env_file="/nonexistent")


@pytest.mark.parametrize("value", ["pgbouncer x", "yes", "transaction", "pgpool", "true", "off", "1"])
def test_an_unknown_pooler_is_refused_naming_the_setting_and_the_choices(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"DATABASE_POOLER must be one of none, pgbouncer; got") as caught:
        settings(DATABASE_URL=URL, DATABASE_POOLER=value)
    assert repr(value) in str(caught.value)


def test_a_pooler_without_a_database_url_is_refused() -> None:
    """The embedded PostgreSQL has nothing in front of it: the setting would be a mistake."""
    with pytest.raises(ConfigurationError, match="DATABASE_POOLER=pgbouncer needs DATABASE_URL"):
        settings(DATABASE_POOLER="pgbouncer")


@pytest.mark.parametrize("cache", ["100", "1", "-1"])
def test_a_statement_cache_asked_for_in_the_url_contradicts_the_pooler(cache: str) -> None:
    with pytest.raises(ConfigurationError, match=f"statement_cache_size={cache}"):
        settings(DATABASE_URL=f"{URL}?statement_cache_size={cache}", DATABASE_POOLER="pgbouncer")


@pytest.mark.parametrize("direct", ["redis://db/0", "http://db", "db:5432/edusphere"])
def test_a_direct_url_that_is_no_postgres_url_is_refused(direct: str) -> None:
    with pytest.raises(ConfigurationError, match="DATABASE_DIRECT_URL must be a postgres:// URL"):
        settings(DATABASE_URL=URL, DATABASE_POOLER="pgbouncer", DATABASE_DIRECT_URL=direct)


def test_the_pooler_is_read_case_blind_and_defaults_to_none() -> None:
    assert settings().database_pooler is DatabasePooler.NONE
    assert settings(DATABASE_URL=URL, DATABASE_POOLER="PgBouncer").database_pooler is DatabasePooler.PGBOUNCER
    assert settings(DATABASE_URL=f"{URL}?statement_cache_size=0", DATABASE_POOLER="pgbouncer").database_url


def test_behind_pgbouncer_the_statement_cache_is_off_and_the_pool_size_kept() -> None:
    config = tortoise_config(f"{URL}?max_size=4&ssl=true", pooler=DatabasePooler.PGBOUNCER)
    query = parse_qs(urlsplit(config["connections"]["default"]).query)
    assert query == {"max_size": ["4"], "ssl": ["true"], "statement_cache_size": ["0"]}
    direct = parse_qs(urlsplit(tortoise_config(URL)["connections"]["default"]).query)
    assert direct == {"max_size": ["10"]}  # without a pooler asyncpg keeps its cache


def test_without_a_pooler_the_url_is_left_exactly_as_written() -> None:
    odd = "postgres://u:p%40ss@db/edu?application_name=a%20b"
    assert pooled_url(odd) == odd
    assert pooled_url(odd, DatabasePooler.PGBOUNCER).endswith("&statement_cache_size=0")


def test_the_mail_worker_listens_on_postgresql_itself_or_polls() -> None:
    """LISTEN through PgBouncer in transaction mode would last one transaction."""
    assert listen_url(settings(DATABASE_URL=URL)) == URL
    assert listen_url(settings(DATABASE_URL=URL, DATABASE_POOLER="pgbouncer")) is None
    direct = "postgres://app:secret@db:5432/edusphere"
    assert listen_url(settings(DATABASE_URL=URL, DATABASE_POOLER="pgbouncer", DATABASE_DIRECT_URL=direct)) == direct
    # Tortoise's options never reach asyncpg.connect
    assert listen_dsn(pooled_url(URL, DatabasePooler.PGBOUNCER)) == "postgresql://app:secret@bouncer:6432/edusphere"
