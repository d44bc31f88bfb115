"""Small helpers shared by tests: a GraphQL client over real HTTP and account factories."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from edusphere.auth import accounts, sessions
from edusphere.auth.models import Role
from edusphere.core.runtime import Runtime

PASSWORD = "correct horse battery"


@dataclass
class GraphQLResult:
    status: int
    body: dict[str, Any]

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        errors: list[dict[str, Any]] = self.body.get("errors") or []
        return errors

    @property
    def error_code(self) -> str:
        assert self.errors, f"expected an error, got {self.body}"
        code: str = self.errors[0]["extensions"]["code"]
        return code

    def ok(self) -> Any:
        assert not self.errors, self.errors
        assert self.status == 200
        return self.data


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> GraphQLResult:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
        return GraphQLResult(response.status_code, response.json())


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{secrets.token_hex(4)}@example.com"


async def make_user(
    runtime: Runtime,
    role: Role = Role.LEARNER,
    *,
    email: str | None = None,
    name: str = "Test User",
    verified: bool = True,
) -> sessions.AuthResult:
    """A signed-in account. Verified unless asked: most tests publish or buy as someone whose
    address is proven; the gates' own tests ask for `verified=False` (which also enqueues the
    verification mail, as a sign-up does)."""
    user = await accounts.create_user(
        runtime,
        email=email or unique_email(role.value.lower()),
        password=PASSWORD,
        display_name=name,
        role=role,
        verified=verified,
    )
    return await sessions.start_session(runtime, user)


AUTH_FIELDS = "accessToken refreshToken user { id email displayName role isActive createdAt }"
REGISTER = f"""mutation Register($input: RegisterInput!) {{ register(input: $input) {{ {AUTH_FIELDS} }} }}"""
LOGIN = f"""mutation Login($email: String!, $password: String!) {{
  login(email: $email, password: $password) {{ {AUTH_FIELDS} }} }}"""
REFRESH = f"""mutation Refresh($token: String!) {{ refreshToken(refreshToken: $token) {{ {AUTH_FIELDS} }} }}"""
LOGOUT = "mutation Logout($token: String!) { logout(refreshToken: $token) }"
ME = "{ me { id email displayName role } }"


def fullwidth(text: str) -> str:
    """`text`'s printable ASCII as the full-width forms an East Asian keyboard (IME) types, which
    NFKC folds back (U+FF01-U+FF5E, and U+3000 for the space). Spelled out in a test they would
    look like ASCII, which is why ruff's RUF001 flags them."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


def register_input(email: str | None = None, **overrides: Any) -> dict[str, Any]:
    data = {"email": email or unique_email(), "password": PASSWORD, "displayName": "Ada", "role": "LEARNER"}
    data.update(overrides)
    return {"input": data}


async def eventually(condition: Callable[[], bool], within: float = 5.0) -> None:
    """Wait for something another task or process does; fail after `within` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


async def kill_own_pubsub_connections(redis: Any) -> int:
    """CLIENT KILL every pub/sub connection of THIS process (as Redis restarting would), and no
    one else's: the machine's Redis is shared with other test sessions and servers, whose
    subscriptions must not be cut (`CLIENT KILL TYPE pubsub` cuts them all)."""
    import psutil

    if "path" in redis.connection_pool.connection_kwargs:
        # A unix socket: the session's own embedded Redis, which nobody else uses.
        return int(await redis.execute_command("CLIENT", "KILL", "TYPE", "pubsub"))
    ours = {f"{c.laddr.ip}:{c.laddr.port}" for c in psutil.Process().net_connections(kind="tcp") if c.raddr}
    killed = 0
    for client in await redis.client_list():
        if int(client.get("sub", 0)) + int(client.get("psub", 0)) > 0 and client.get("addr") in ours:
            killed += int(await redis.execute_command("CLIENT", "KILL", "ID", client["id"]))
    return killed
