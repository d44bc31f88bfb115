"""A real Redis Cluster for tests: three masters and three replicas started from the machine's
`redis-server` (7.0) on free loopback ports, in a temporary directory, and created with
`redis-cli --cluster create ... --cluster-replicas 1` as an operator would.

Nothing is persisted (`save ""`, `appendonly no`) and `cluster-node-timeout` is short, so a node
stopped by a test is seen as failed within seconds. Each node's bus port is a free port of its
own (`cluster-port`), not `port + 10000`, which another process may hold. `start()` returns once
every node reports `cluster_state:ok` and knows all six nodes, so a client started from any one
of them discovers the whole cluster. `tests/conftest.py` offers it as the session fixture
`redis_cluster` (opt-in: only the tests that ask for it start one).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
REDIS_CLI = shutil.which("redis-cli") or "/usr/bin/redis-cli"
NODES = 6
NODE_TIMEOUT_MS = 2000
START_TIMEOUT_SECONDS = 30.0
# Nothing persisted; a quick failure detector; replicas synced at once (no diskless delay) and
# shown in CLUSTER SLOTS within a second (see `_ready`).
NODE_CONFIG = """\
port {port}
bind 127.0.0.1
protected-mode no
cluster-enabled yes
cluster-port {bus_port}
cluster-config-file {dir}/nodes.conf
cluster-node-timeout {timeout}
appendonly no
save ""
dir {dir}
repl-diskless-sync-delay 0
repl-ping-replica-period 1
"""


def _free_ports(count: int) -> list[int]:
    """`count` distinct free loopback ports (all bound at once, so none is handed out twice)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class RedisClusterServers:
    """Six `redis-server` processes under `directory`; `url` names them all for EduSphere."""

    directory: Path
    ports: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    started_in_seconds: float = 0.0

    @property
    def url(self) -> str:
        return "redis+cluster://" + ",".join(f"127.0.0.1:{port}" for port in self.ports)

    def url_of(self, *ports: int) -> str:
        return "redis+cluster://" + ",".join(f"127.0.0.1:{port}" for port in ports)

    def start(self) -> None:
        began = time.monotonic()
        ports = _free_ports(2 * NODES)
        self.ports, bus_ports = ports[:NODES], ports[NODES:]
        try:
            for port, bus_port in zip(self.ports, bus_ports, strict=True):
                self.processes.append(self._start_node(port, bus_port))
            for port in self.ports:
                self._wait(port, lambda node: bool(node.ping()), "answer PING")
            nodes = [f"127.0.0.1:{port}" for port in self.ports]
            created = subprocess.run(
                [REDIS_CLI, "--cluster", "create", *nodes, "--cluster-replicas", "1", "--cluster-yes"],
                capture_output=True,
                text=True,
                timeout=START_TIMEOUT_SECONDS,
                check=False,
            )
            if created.returncode != 0 or "All 16384 slots covered" not in created.stdout:
                raise RuntimeError(f"redis-cli --cluster create failed:\n{created.stdout}\n{created.stderr}")
            for port in self.ports:
                self._wait(port, self._ready, "report cluster_state:ok with all nodes known")
        except BaseException:
            self.stop()
            raise
        self.started_in_seconds = time.monotonic() - began

    def _start_node(self, port: int, bus_port: int) -> subprocess.Popen[bytes]:
        node_dir = self.directory / str(port)
        node_dir.mkdir(parents=True, exist_ok=True)
        config = node_dir / "redis.conf"
        config.write_text(
            NODE_CONFIG.format(port=port, bus_port=bus_port, dir=node_dir, timeout=NODE_TIMEOUT_MS), encoding="utf-8"
        )
        with (node_dir / "redis.log").open("ab") as log:  # the child keeps its own descriptor
            return subprocess.Popen([REDIS_SERVER, str(config)], stdout=log, stderr=subprocess.STDOUT)

    @staticmethod
    def _ready(node: Redis) -> bool:
        """The cluster is ok on this node, which knows all six, none of them half met."""
        info = node.cluster("INFO")
        if info.get("cluster_state") != "ok" or info.get("cluster_known_nodes") != str(NODES):
            return False
        nodes = node.cluster("NODES")
        flags = [str(details.get("flags", "")) for details in nodes.values()]
        if len(flags) != NODES or any("handshake" in f or "noaddr" in f or "fail" in f for f in flags):
            return False
        # Redis 7 leaves a replica out of CLUSTER SLOTS until it has acknowledged some of the
        # replication stream (which an idle master only sends as its periodic PING: one a
        # second here, `repl-ping-replica-period`): wait for all three.
        ranges = node.cluster("SLOTS")
        # (each range is [first slot, last slot, primary, replicas...])
        return len(ranges) == NODES // 2 and all(len(served) == 4 for served in ranges)

    def _wait(self, port: int, condition: Callable[[Redis], bool], what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        with Redis(host="127.0.0.1", port=port, socket_timeout=2, socket_connect_timeout=1) as node:
            while True:
                for process in self.processes:
                    if process.poll() is not None:
                        raise RuntimeError(
                            f"a redis-server of the cluster exited ({process.returncode}); see {self.directory}"
                        )
                with contextlib.suppress(RedisError, OSError):
                    if condition(node):
                        return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Redis Cluster node 127.0.0.1:{port} did not {what} in time")
                time.sleep(0.02)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextlib.contextmanager
def single_server(directory: Path) -> Iterator[int]:
    """A plain (non-cluster) redis-server on a free port, for the tests of a cluster URL that
    points at one; yields its port."""
    port = _free_ports(1)[0]
    directory.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        with Redis(host="127.0.0.1", port=port, socket_connect_timeout=1) as node:
            while True:
                with contextlib.suppress(RedisError, OSError):
                    if node.ping():
                        break
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server on port {port} did not start")
                time.sleep(0.02)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
