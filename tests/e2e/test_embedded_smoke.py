"""`edusphere serve` with no URLs: embedded PostgreSQL and Redis start, keep data, and stop."""

from pathlib import Path

import httpx
import pytest

from tests.helpers import LOGIN, PASSWORD, REGISTER, register_input
from tests.processes import command_env, free_port, serving

pytestmark = pytest.mark.e2e


def graphql(base_url: str, query: str, variables: dict) -> dict:
    response = httpx.post(f"{base_url}/graphql", json={"query": query, "variables": variables}, timeout=30)
    assert response.status_code == 200, response.text
    body: dict = response.json()
    assert "errors" not in body, body
    return body["data"]


def embedded_processes_running(data_dir: Path) -> bool:
    return (data_dir / "postgres" / "postmaster.pid").exists() or (data_dir / "redis" / "redis.sock").exists()


def test_embedded_mode_survives_a_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    env = command_env(EDUSPHERE_DATA_DIR=str(data_dir))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with serving(port, env, tmp_path):
        graphql(base_url, REGISTER, register_input("smoke@example.com"))
        assert graphql(base_url, LOGIN, {"email": "smoke@example.com", "password": PASSWORD})["login"]["accessToken"]
    assert not embedded_processes_running(data_dir), "embedded servers must stop with EduSphere"
    with serving(port, env, tmp_path):
        login = graphql(base_url, LOGIN, {"email": "smoke@example.com", "password": PASSWORD})["login"]
        assert login["user"]["email"] == "smoke@example.com"
    assert not embedded_processes_running(data_dir)
