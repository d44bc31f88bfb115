"""`edusphere serve` on a real Redis Cluster (issue 19): REDIS_URL=redis+cluster:// naming one
node of the session's three-master cluster; the server becomes ready, signs up, signs in and
authenticates through redis-py's cluster client. (Chat on a cluster is the sharding change's:
see tests/core/test_redis_cluster.py.)"""

import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from tests.helpers import LOGIN, PASSWORD, REGISTER, register_input
from tests.processes import command_env, free_port, serving
from tests.redis_cluster import RedisClusterServers

pytestmark = pytest.mark.e2e

ME = "query { me { email } }"


@pytest.fixture
async def fresh_database(database_url: str) -> AsyncIterator[str]:
    """A database of its own (the server migrates it on start, in development)."""
    name = f"edusphere_cluster_{secrets.token_hex(4)}"
    yield urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))
    maintenance = await asyncpg.connect(
        urlunsplit(urlsplit(database_url)._replace(scheme="postgresql", path="/postgres"))
    )
    try:
        await maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await maintenance.close()


def graphql(base_url: str, query: str, variables: dict[str, object], token: str | None = None) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{base_url}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=30
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    assert "errors" not in body, body
    data = body["data"]
    assert isinstance(data, dict)
    return data


def test_serve_on_a_cluster_named_by_one_node(
    redis_cluster: RedisClusterServers, fresh_database: str, tmp_path: Path
) -> None:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = command_env(
        DATABASE_URL=fresh_database,
        REDIS_URL=redis_cluster.url_of(redis_cluster.ports[1]),
        EDUSPHERE_DATA_DIR=str(tmp_path / "var"),
        EDUSPHERE_REDIS_PREFIX=f"serve-{secrets.token_hex(3)}:",
    )
    with serving(port, env, tmp_path):
        ready = httpx.get(f"{base_url}/readyz", timeout=10).json()
        assert ready["redis"] == "ok"
        registered = graphql(base_url, REGISTER, register_input("cluster@example.com"))["register"]
        assert isinstance(registered, dict)
        login = graphql(base_url, LOGIN, {"email": "cluster@example.com", "password": PASSWORD})["login"]
        assert isinstance(login, dict)
        token = str(login["accessToken"])
        assert graphql(base_url, ME, {}, token)["me"] == {"email": "cluster@example.com"}
        wrong = httpx.post(
            f"{base_url}/graphql",
            json={"query": LOGIN, "variables": {"email": "cluster@example.com", "password": "not the password"}},
            timeout=30,
        ).json()
        assert wrong["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", wrong  # the limiter ran on the cluster
