"""`edusphere serve` with no URLs: embedded PostgreSQL and Redis start, keep data, and stop."""

import asyncio
import signal
from pathlib import Path

import httpx
import pytest

from edusphere.core.embedded import EmbeddedServers
from tests.helpers import LOGIN, PASSWORD, REGISTER, register_input
from tests.processes import command_env, crash, free_port, run_edusphere, serving

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


def test_commands_beside_a_running_server_leave_its_embedded_servers_running(tmp_path: Path) -> None:
    """`make run` in one terminal, `edusphere createadmin` / `seed --demo` in another: the command
    uses the embedded servers it finds and leaves them to the process that started them."""
    data_dir = tmp_path / "var"
    env = command_env(EDUSPHERE_DATA_DIR=str(data_dir))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with serving(port, env, tmp_path):
        admin = run_edusphere(
            "createadmin", "--email", "a@example.org", "--password-stdin", env=env, stdin=PASSWORD + "\n", cwd=tmp_path
        )
        assert admin.returncode == 0, admin.stderr
        assert_ready(base_url)
        seeded = run_edusphere("seed", "--demo", "--courses", "2", env=env, cwd=tmp_path)
        assert seeded.returncode == 0, seeded.stderr
        assert_ready(base_url)
        beside = EmbeddedServers(data_dir.resolve())  # another process using both servers (Redis too)
        asyncio.run(beside.start(None, None))
        beside.stop()
        assert_ready(base_url)
        login = graphql(base_url, LOGIN, {"email": "a@example.org", "password": PASSWORD})["login"]
        assert login["user"]["email"] == "a@example.org"
        assert graphql(base_url, "{ courses(first: 5) { totalCount } }", {})["courses"]["totalCount"] == 2
        assert_ready(base_url)
    assert not embedded_processes_running(data_dir), "the server stops the embedded servers it started"


def assert_ready(base_url: str) -> None:
    response = httpx.get(f"{base_url}/readyz", timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ready"


def test_a_server_takes_over_the_embedded_servers_of_one_that_crashed(tmp_path: Path) -> None:
    """Whoever started a server is gone (killed): the next server uses it and stops it, so a
    crash does not leave PostgreSQL running for ever (pg_ctl starts it in a session of its own)."""
    data_dir = tmp_path / "var"
    env = command_env(EDUSPHERE_DATA_DIR=str(data_dir))
    port = free_port()
    with serving(port, env, tmp_path) as first:
        crash(first)
    assert (data_dir / "postgres" / "postmaster.pid").exists(), "PostgreSQL outlives a crash of its starter"
    with serving(port, env, tmp_path):
        base_url = f"http://127.0.0.1:{port}"
        assert_ready(base_url)
        graphql(base_url, REGISTER, register_input("orphans@example.com"))
        assert graphql(base_url, LOGIN, {"email": "orphans@example.com", "password": PASSWORD})["login"]["accessToken"]
    assert not embedded_processes_running(data_dir)


def test_the_last_process_using_the_embedded_servers_stops_them(tmp_path: Path) -> None:
    """The process that started the servers stops first (a long `seed` while `make run` starts,
    say): the servers stay up for the one still using them, which stops them when it stops."""
    data_dir = tmp_path / "var"
    env = command_env(EDUSPHERE_DATA_DIR=str(data_dir))
    starter_port, user_port = free_port(), free_port()
    with serving(starter_port, env, tmp_path) as starter, serving(user_port, env, tmp_path):
        starter.send_signal(signal.SIGTERM)
        starter.wait(timeout=60)
        base_url = f"http://127.0.0.1:{user_port}"
        assert_ready(base_url)
        graphql(base_url, REGISTER, register_input("last@example.com"))
        assert graphql(base_url, LOGIN, {"email": "last@example.com", "password": PASSWORD})["login"]["accessToken"]
    assert not embedded_processes_running(data_dir)
