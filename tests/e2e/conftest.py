"""The web app's end-to-end fixtures: a real `edusphere serve` with the built SPA, on its own
database (seeded with the demo catalog) and Redis prefix, and Chromium driven by Playwright."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from redis.asyncio import Redis

from edusphere.core.embedded import ensure_database
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, DIST, Console
from tests.e2e.mailbox import SHARED_MAILBOXES, verify_by_mail
from tests.payments.fakes.paypal_api import PayPalFake
from tests.payments.fakes.stripe_api import StripeFake
from tests.processes import command_env, free_port, run_edusphere, serving

WEB_SECRET = "the-web-app-end-to-end-secret-key-0123456789abcdef"
PASSWORD = "a long enough password"
# The app refreshes 30 s before expiry: with 40 s tokens every page older than 10 s refreshes
# silently, so the browser tests exercise token rotation all along, not in one test only.
ACCESS_TOKEN_TTL = 40


@dataclass
class WebApp:
    base_url: str
    port: int
    database_url: str
    redis_url: str
    redis_prefix: str

    async def gql(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(f"{self.base_url}/graphql", json={"query": query, "variables": variables},
                                         headers=headers)  # fmt: skip
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    async def register(self, role: str, name: str, *, verify: bool = True) -> tuple[str, str]:
        """A new account through the API; returns (email, access token). Verified by the link in
        its verification mail (read back from the development Mailbox) unless `verify=False`:
        publishing and buying need a verified address."""
        email = f"{name.lower().replace(' ', '.')}.{secrets.token_hex(3)}@example.com"
        data = await self.gql(
            "mutation($i: RegisterInput!) { register(input: $i) { accessToken } }",
            {"i": {"email": email, "password": PASSWORD, "displayName": name, "role": role}},
        )
        if verify:
            await verify_by_mail(self.base_url, email)
        return email, data["register"]["accessToken"]


@pytest.fixture(scope="session")
async def web_database_url(database_url: str, session_id: str) -> AsyncIterator[str]:
    parts = urlsplit(database_url)
    name = f"edusphere_web_{session_id}"
    url = urlunsplit(parts._replace(path=f"/{name}"))
    await ensure_database(url)
    # In a child process: migrating here would rebind this process's Tortoise connections.
    migrated = run_edusphere("migrate", env=command_env(DATABASE_URL=url))
    assert migrated.returncode == 0, migrated.stderr
    yield url
    connection = await asyncpg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def web_stripe() -> Iterator[StripeFake]:
    """The browser tests' server's own Stripe fake: its webhooks go to that server, never to the
    session's in-process one (which has `stripe_fake_server`)."""
    with StripeFake() as fake:
        yield fake


@pytest.fixture(scope="session")
def web_paypal() -> Iterator[PayPalFake]:
    """The browser tests' server's own PayPal fake, as `web_stripe` is its Stripe."""
    with PayPalFake() as fake:
        yield fake


@pytest.fixture(scope="session")
async def web_app(
    web_database_url: str, redis_url: str, session_id: str, tmp_path_factory: pytest.TempPathFactory,
    web_stripe: StripeFake, web_paypal: PayPalFake,
) -> AsyncIterator[WebApp]:  # fmt: skip
    if not (DIST / "index.html").is_file():
        pytest.fail("frontend/dist is missing: build the web app first (make web, or cd frontend && npm run build)")
    prefix = f"edusphere-web-{session_id}:"
    workdir = Path(tmp_path_factory.mktemp("web"))
    env = command_env(DATABASE_URL=web_database_url, REDIS_URL=redis_url, EDUSPHERE_REDIS_PREFIX=prefix,
                      SECRET_KEY=WEB_SECRET, EDUSPHERE_ENV="test", EDUSPHERE_STATIC_DIR=str(DIST),
                      EDUSPHERE_DATA_DIR=str(workdir / "var"), CHAT_SEND_BURST="200",
                      CHAT_SENDS_PER_SECOND="50", ACCESS_TOKEN_TTL_SECONDS=str(ACCESS_TOKEN_TTL),
                      # every browser test signs up from 127.0.0.1
                      REGISTER_LIMIT_PER_ADDRESS="1000/900")  # fmt: skip
    seeded = run_edusphere("seed", "--demo", "--courses", "36", env=env, cwd=workdir)
    assert seeded.returncode == 0, seeded.stderr
    port = free_port()
    # Payments: the TEST provider (on outside production) and Stripe through the fake, whose
    # hosted page sends the browser back to this server's return page.
    env.update(PUBLIC_BASE_URL=f"http://127.0.0.1:{port}", STRIPE_SECRET_KEY=web_stripe.secret_key,
               STRIPE_WEBHOOK_SECRET=web_stripe.webhook_secret, STRIPE_API_BASE=web_stripe.url)  # fmt: skip
    web_stripe.default_webhook_url = web_stripe.webhook_url = f"http://127.0.0.1:{port}/webhooks/stripe"
    env.update(PAYPAL_CLIENT_ID=web_paypal.client_id, PAYPAL_CLIENT_SECRET=web_paypal.client_secret,
               PAYPAL_WEBHOOK_ID=web_paypal.webhook_id, PAYPAL_API_BASE=web_paypal.url)  # fmt: skip
    web_paypal.webhook_url = f"http://127.0.0.1:{port}/webhooks/paypal"
    with serving(port, env, workdir):
        SHARED_MAILBOXES.append(f"http://127.0.0.1:{port}")  # its outbox worker drains the shared database
        yield WebApp(f"http://127.0.0.1:{port}", port, web_database_url, redis_url, prefix)
        SHARED_MAILBOXES.remove(f"http://127.0.0.1:{port}")
    redis = Redis.from_url(redis_url)
    keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


NewPage = Callable[..., Awaitable[tuple[Page, Console]]]


@pytest.fixture
async def new_page(browser: Browser) -> AsyncIterator[NewPage]:
    """Pages in fresh browser contexts (separate storage: separate users). On teardown, every
    page must have printed no console error and thrown nothing."""
    opened: list[tuple[BrowserContext, Console]] = []

    async def make(base_url: str, viewport: dict[str, int] | None = None) -> tuple[Page, Console]:
        context = await browser.new_context(base_url=base_url, viewport=viewport or DESKTOP)  # type: ignore[arg-type]
        context.set_default_timeout(15_000)
        page = await context.new_page()
        console = Console()
        console.watch(page)
        opened.append((context, console))
        return page, console

    yield make
    errors = [error for _, console in opened for error in console.errors]
    for context, _ in opened:
        await context.close()
    assert errors == [], f"browser console errors: {errors}"
