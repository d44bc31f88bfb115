"""REDIS_URL for a Redis Cluster (issue 19): what is refused, with which message, before a
server starts; and the start-up error when no node named answers (real ports nothing listens
on, and a real single-node redis-server, which is no cluster)."""

from __future__ import annotations

from pathlib import Path

import pytest

from edusphere.core.redis import ClusterRedis, ScriptBatchingRedis, check_redis, connect_redis, create_redis
from edusphere.core.redisurl import ClusterNodeAddress, ClusterURL, parse_redis_url
from edusphere.core.settings import ConfigurationError, Settings
from tests.processes import command_env, run_edusphere
from tests.redis_cluster import _free_ports, single_server


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("redis+cluster://", "at least one node"),
        ("redis+cluster:///", "at least one node"),
        ("redis+cluster://:secret@", "at least one node"),
        ("redis+cluster://10.0.0.1:7000,", "at least one node"),
        ("redis+cluster://10.0.0.1:7000,,10.0.0.2:7000", "at least one node"),
        ("redis+cluster://10.0.0.1:0", "bad port"),
        ("redis+cluster://10.0.0.1:65536", "bad port"),
        ("redis+cluster://10.0.0.1:70o0", "bad port"),
        ("redis+cluster://10.0.0.1:", "bad port"),
        ("redis+cluster://10.0.0.1:-1", "bad port"),
        ("redis+cluster://10.0.0.1:7000:7001", "not host:port"),
        ("redis+cluster://[::1:7000", "not host:port"),
        ("redis+cluster://10.0.0.1:7000/3", "only database 0"),
        ("redis+cluster://10.0.0.1:7000,10.0.0.2:7000/1", "only database 0"),
        ("redis+cluster://10.0.0.1:7000/var/run/redis.sock", "only database 0"),
        ("redis+cluster://10.0.0.1:7000?db=3", "no query options"),
        ("redis+cluster://10.0.0.1:7000/?ssl_cert_reqs=none", "no query options"),
        ("redis+cluster://10.0.0.1:7000#x", "fragment"),
        ("redis+cluster://10.0.0.1:7000,10.0.0.1:7000", "names 10.0.0.1:7000 twice"),
        ("redis://10.0.0.1:7000,10.0.0.2:7000", "redis+cluster://10.0.0.1:7000,10.0.0.2:7000"),
        ("rediss://:pw@10.0.0.1:7000,10.0.0.2:7000/0", "rediss+cluster://10.0.0.1:7000,10.0.0.2:7000"),
        ("redis-cluster://10.0.0.1:7000", "unknown scheme"),
        ("10.0.0.1:7000", "REDIS_URL must be"),
        ("cache.internal", "REDIS_URL must be"),
    ],
)
def test_a_malformed_or_confused_redis_url_is_refused_saying_what_to_change(url: str, needle: str) -> None:
    with pytest.raises(ConfigurationError, match="REDIS_URL") as refused:
        parse_redis_url(url)
    assert needle in str(refused.value)
    # ...and so is a server's configuration naming it, before anything connects.
    with pytest.raises(ConfigurationError) as at_start:
        Settings.from_env({"REDIS_URL": url}, env_file="/nonexistent")
    assert needle in str(at_start.value)


def test_a_password_in_a_cluster_url_never_appears_in_a_refusal() -> None:
    with pytest.raises(ConfigurationError) as refused:
        parse_redis_url("redis+cluster://admin:hunter2-secret@10.0.0.1:7000/5")
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis+cluster://10.0.0.1:7000", ClusterURL((ClusterNodeAddress("10.0.0.1", 7000),))),
        ("REDIS+CLUSTER://cache-a", ClusterURL((ClusterNodeAddress("cache-a", 6379),))),
        (
            "redis+cluster://:p%40ss@10.0.0.1:7000,10.0.0.2:7001/",
            ClusterURL((ClusterNodeAddress("10.0.0.1", 7000), ClusterNodeAddress("10.0.0.2", 7001)), password="p@ss"),
        ),
        (
            "redis+cluster://app:pw@[::1]:7000,cache-b:7001/0",
            ClusterURL((ClusterNodeAddress("::1", 7000), ClusterNodeAddress("cache-b", 7001)), "app", "pw"),
        ),
        ("redis+cluster://pw@h:1", ClusterURL((ClusterNodeAddress("h", 1),), password="pw")),
        ("rediss+cluster://h:1", ClusterURL((ClusterNodeAddress("h", 1),), tls=True)),
    ],
)
def test_a_cluster_url_names_its_nodes_and_credentials(url: str, expected: ClusterURL) -> None:
    assert parse_redis_url(url) == expected


@pytest.mark.parametrize("url", ["redis://cache:6379/3", "rediss://:pw@cache:6380/0", "unix:///run/redis.sock?db=2"])
def test_a_single_server_url_is_left_to_redis_py_and_keeps_its_client(url: str) -> None:
    assert parse_redis_url(url) is None
    assert Settings.from_env({"REDIS_URL": url}, env_file="/nonexistent").redis_url == url
    assert type(create_redis(url)) is ScriptBatchingRedis


def test_a_cluster_url_makes_a_cluster_client_with_each_node_bounded_by_redis_max_connections() -> None:
    settings = Settings.from_env(
        {"REDIS_URL": "redis+cluster://10.0.0.1:7000,10.0.0.2:7000", "REDIS_MAX_CONNECTIONS": "7"},
        env_file="/nonexistent",
    )
    assert settings.redis_url is not None
    client = create_redis(settings.redis_url, settings.redis_pool)
    assert isinstance(client, ClusterRedis)
    assert [node.name for node in client.startup_nodes] == ["10.0.0.1:7000", "10.0.0.2:7000"]
    assert all(node.max_connections == 7 for node in client.startup_nodes)


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"REDIS_IDLE_SECONDS": "30"}, ["REDIS_IDLE_SECONDS is set"]),
        ({"REDIS_POOL_TIMEOUT_SECONDS": "2"}, ["REDIS_POOL_TIMEOUT_SECONDS is set"]),
        (
            {"REDIS_POOL_TIMEOUT_SECONDS": "2", "REDIS_IDLE_SECONDS": "30"},
            ["REDIS_POOL_TIMEOUT_SECONDS, REDIS_IDLE_SECONDS are set"],
        ),
    ],
)
def test_a_cluster_url_with_single_server_pool_settings_is_refused_naming_them(
    environment: dict[str, str], named: list[str]
) -> None:
    with pytest.raises(ConfigurationError, match="Redis Cluster") as refused:
        Settings.from_env({"REDIS_URL": "redis+cluster://10.0.0.1:7000", **environment}, env_file="/nonexistent")
    for text in named:
        assert text in str(refused.value)
    # The same settings with one server are its pool's, as before.
    single = Settings.from_env({"REDIS_URL": "redis://10.0.0.1:7000/2", **environment}, env_file="/nonexistent")
    assert single.redis_url == "redis://10.0.0.1:7000/2"


async def test_a_cluster_url_whose_nodes_are_all_unreachable_stops_the_start_naming_every_node() -> None:
    ports = _free_ports(3)  # nothing listens on them once the probe sockets are closed
    url = "redis+cluster://" + ",".join(f"127.0.0.1:{port}" for port in ports)
    client = create_redis(url)
    with pytest.raises(ConfigurationError) as refused:
        await connect_redis(client)
    for port in ports:
        assert f"127.0.0.1:{port}" in str(refused.value)
    assert "could not be reached" in str(refused.value)
    with pytest.raises(ConfigurationError):
        await check_redis(url)


async def test_a_cluster_url_naming_a_single_server_is_refused_as_no_cluster(tmp_path: Path) -> None:
    with single_server(tmp_path / "single") as port, pytest.raises(ConfigurationError) as refused:
        await check_redis(f"redis+cluster://127.0.0.1:{port}")
    assert f"the nodes tried (127.0.0.1:{port}) refused" in str(refused.value)
    assert "Cluster mode is not enabled" in str(refused.value)


@pytest.mark.e2e
def test_serve_with_an_unreachable_cluster_exits_with_the_nodes_it_tried(database_url: str) -> None:
    ports = _free_ports(2)
    url = ",".join(f"127.0.0.1:{port}" for port in ports)
    result = run_edusphere(
        "serve",
        "--port",
        "0",
        env=command_env(DATABASE_URL=database_url, REDIS_URL=f"redis+cluster://{url}"),
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert f"could not be reached from any of the nodes tried (127.0.0.1:{ports[0]}, 127.0.0.1:{ports[1]})" in (
        result.stderr
    )
