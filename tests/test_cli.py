"""The `edusphere` command, run as a real process against the session's database."""

import json
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from edusphere.auth.models import Role, User
from edusphere.core.embedded import ensure_database
from tests.helpers import PASSWORD
from tests.processes import command_env, run_edusphere


def test_help_lists_the_commands() -> None:
    result = run_edusphere("--help", env=command_env())
    assert result.returncode == 0
    for command in ("serve", "migrate", "createadmin", "chat"):  # chat's: added by its domain
        assert command in result.stdout


async def test_createadmin_makes_an_administrator(database_url: str, runtime: object) -> None:
    env = command_env(DATABASE_URL=database_url)
    result = run_edusphere(
        "createadmin", "--email", "Root@Example.com", "--password-stdin", env=env, stdin=PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr
    admin = await User.get(email="root@example.com")
    assert admin.role is Role.ADMIN
    again = run_edusphere(
        "createadmin", "--email", "root@example.com", "--password-stdin", env=env, stdin=PASSWORD + "\n"
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr
    weak = run_edusphere("createadmin", "--email", "weak@example.com", "--password-stdin", env=env, stdin="short\n")
    assert weak.returncode == 1
    assert "at least 10 characters" in weak.stderr
    common = run_edusphere(
        "createadmin", "--email", "common@example.com", "--password-stdin", env=env, stdin="Password1234\n"
    )
    assert common.returncode == 1
    assert "commonly used or leaked" in common.stderr
    assert await User.filter(role=Role.ADMIN).count() == 1


def test_migrate_is_idempotent(database_url: str) -> None:
    result = run_edusphere("migrate", env=command_env(DATABASE_URL=database_url))
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


async def test_migrate_gives_a_fresh_database_the_standard_categories(database_url: str) -> None:
    name = f"edusphere_fresh_{secrets.token_hex(4)}"
    fresh = urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))
    await ensure_database(fresh)
    try:
        result = run_edusphere("migrate", env=command_env(DATABASE_URL=fresh))
        assert result.returncode == 0, result.stderr
        connection = await asyncpg.connect(urlunsplit(urlsplit(fresh)._replace(scheme="postgresql")))
        slugs = {row["slug"] for row in await connection.fetch("SELECT slug FROM categories")}
        await connection.close()
        assert {"programming", "design", "data-science", "personal-development"} <= slugs
        assert len(slugs) == 10
    finally:
        maintenance = await asyncpg.connect(urlunsplit(urlsplit(fresh)._replace(scheme="postgresql", path="/postgres")))
        await maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await maintenance.close()


async def test_serve_refuses_an_unmigrated_database_outside_development(database_url: str, redis_url: str) -> None:
    empty = urlunsplit(urlsplit(database_url)._replace(path=f"/edusphere_empty_{secrets.token_hex(4)}"))
    await ensure_database(empty)
    env = command_env(
        EDUSPHERE_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        PUBLIC_BASE_URL="https://edusphere.example",
        SMTP_URL="smtps://mailer:secret@127.0.0.1:9",
        DATABASE_URL=empty,
        REDIS_URL=redis_url,
    )
    result = run_edusphere("serve", "--port", "0", env=env, timeout=60)
    assert result.returncode == 2
    assert "Run `edusphere migrate` first" in result.stderr


def test_serve_refuses_to_start_in_production_without_an_smtp_server(database_url: str, redis_url: str) -> None:
    """Issue 15 #3: production sends real mail; there is no catcher to fall back on."""
    env = command_env(EDUSPHERE_ENV="production", SECRET_KEY=secrets.token_urlsafe(48), DATABASE_URL=database_url,
                      PUBLIC_BASE_URL="https://edusphere.example", REDIS_URL=redis_url)  # fmt: skip
    result = run_edusphere("serve", "--port", "0", env=env, timeout=60)
    assert result.returncode == 2
    assert "SMTP_URL is not set" in result.stderr
    assert "smtp://user:password@host:587" in result.stderr  # says what to set


@pytest.mark.parametrize("secret", ["", "too-short"])
def test_serve_refuses_a_weak_secret_in_production(secret: str) -> None:
    result = run_edusphere("serve", env=command_env(EDUSPHERE_ENV="production", SECRET_KEY=secret), timeout=60)
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


async def test_chat_status_reports_the_write_behind_backlog(runtime: object, redis_url: str, settings: object) -> None:
    from edusphere.chat.writebehind import GROUP, ensure_group
    from edusphere.core.runtime import Runtime

    assert isinstance(runtime, Runtime)
    stream = runtime.keys("chat:stream")
    await ensure_group(runtime.redis, stream)
    await runtime.redis.xadd(stream, {"event": "{}"})
    await runtime.redis.xreadgroup(GROUP, "someone", {stream: ">"}, count=1)
    env = command_env(REDIS_URL=redis_url, EDUSPHERE_REDIS_PREFIX=runtime.settings.redis_prefix)
    result = run_edusphere("chat", "status", env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["stream_length"], report["pending"], report["dead_letters"]) == (1, 1, 0)
    assert report["lag_seconds"] >= 0


def test_chat_status_finds_the_embedded_redis(tmp_path: object) -> None:
    """Beside `make run` (no REDIS_URL) the command uses the embedded Redis, as `seed` and
    `createadmin` use the embedded PostgreSQL; started for the command alone, it stops with it."""
    env = command_env(EDUSPHERE_DATA_DIR=str(tmp_path))
    result = run_edusphere("chat", "status", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["dead_letters"] == 0
    redis_dir = Path(str(tmp_path)) / "redis"
    assert (redis_dir / "redis.log").exists()  # it was started here...
    assert not (redis_dir / "redis.pid").exists()  # ...and stopped (Redis removes its pid file on exit)


@pytest.mark.parametrize(("pooler", "message"), [
    ("pgbouncer-transaction", "DATABASE_POOLER must be one of none, pgbouncer; got 'pgbouncer-transaction'."),
    ("pgbouncer", "DATABASE_URL asks for statement_cache_size=100, but DATABASE_POOLER=pgbouncer"),
])  # fmt: skip
def test_serve_and_migrate_refuse_a_wrong_pooler_setting(database_url: str, pooler: str, message: str) -> None:
    """Before touching the database: a misread pooler would fail later, under load, as
    "prepared statement does not exist"."""
    joiner = "&" if "?" in database_url else "?"  # the embedded server's URL has a query already
    env = command_env(DATABASE_URL=f"{database_url}{joiner}statement_cache_size=100", DATABASE_POOLER=pooler)
    for command in ("serve", "migrate"):
        result = run_edusphere(command, env=env, timeout=60)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr


async def test_migrate_creates_the_database_with_pool_options_in_its_url(database_url: str) -> None:
    """`?max_size=N` (and, behind PgBouncer, `statement_cache_size=0`) are Tortoise's options:
    creating the database must not send them to PostgreSQL as settings ("unrecognized
    configuration parameter")."""
    name = f"edusphere_options_{secrets.token_hex(4)}"
    parts = urlsplit(database_url)
    query = "&".join(filter(None, [parts.query, "max_size=4", "statement_cache_size=0"]))
    try:
        url = urlunsplit(parts._replace(path=f"/{name}", query=query))
        result = run_edusphere("migrate", env=command_env(DATABASE_URL=url))
        assert result.returncode == 0, result.stderr
        assert "up to date" in result.stdout
    finally:
        maintenance = await asyncpg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")))
        await maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await maintenance.close()
