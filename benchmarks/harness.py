"""Shared pieces of the benchmark programs: a server pinned to one core, a lean HTTP load
generator pinned to the other, and figure printing. Benchmarks print; they never assert."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import redis

from edusphere.core import database
from edusphere.core.embedded import EmbeddedServers, ensure_database
from tests.processes import free_port, serving


def use_uvloop() -> None:
    """The generator on uvloop when it is there (Sanic installs it): a slow client inflates latency."""
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()


def pin_to_cpu(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and cpu < (os.cpu_count() or 1):
        os.sched_setaffinity(0, {cpu})


async def connected_database(stack: AsyncExitStack, data_dir: str) -> tuple[str, str]:
    """DATABASE_URL/REDIS_URL if set, else embedded servers under `data_dir`; the database is
    migrated and this process connected to it until `stack` closes."""
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database_url and redis_url):
        embedded = EmbeddedServers(Path(data_dir) / "servers")
        stack.callback(embedded.stop)
        database_url, redis_url = await embedded.start(database_url, redis_url)
    await ensure_database(database_url)
    await database.apply_migrations(database_url)
    await database.connect(database_url)
    stack.push_async_callback(database.disconnect)
    return database_url, redis_url


def bench_env(data_dir: str) -> dict[str, str]:
    """DATABASE_URL/REDIS_URL from the environment if set, else embedded servers in `data_dir`."""
    return {**os.environ, "EDUSPHERE_DATA_DIR": data_dir, "EDUSPHERE_ENV": "development"}


@contextmanager
def data_directory() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="edusphere-bench-") as data_dir:
        yield data_dir


@contextmanager
def server(cpu: int = 0, data_dir: str | None = None, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """`edusphere serve` pinned to `cpu`, on the servers `bench_env` names."""
    with server_process(cpu, data_dir, extra_env) as (base_url, _):
        yield base_url


@contextmanager
def server_process(
    cpu: int = 0, data_dir: str | None = None, extra_env: dict[str, str] | None = None, module: str = "edusphere"
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    with data_directory() if data_dir is None else nullcontext(data_dir) as directory:
        prefix = ["taskset", "-c", str(cpu)] if shutil.which("taskset") and (os.cpu_count() or 1) > 1 else []
        # Its own Redis namespace, emptied afterwards: a shared Redis keeps no benchmark's keys.
        redis_prefix = f"bench-{uuid.uuid4().hex[:8]}:"
        env = {**bench_env(directory), "EDUSPHERE_REDIS_PREFIX": redis_prefix, **(extra_env or {})}
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)  # `module` may be a benchmark's
        try:
            with serving(port, env, Path(directory), prefix=prefix, module=module) as process:
                yield f"http://127.0.0.1:{port}", process
        finally:
            if env.get("REDIS_URL"):
                _delete_keys(env["REDIS_URL"], redis_prefix)


def server_cpu_seconds(process: psutil.Process) -> float:
    """CPU time of a server and every process it started (workers, their helpers)."""
    total = 0.0
    for p in [process, *process.children(recursive=True)]:
        times = p.cpu_times()
        total += times.user + times.system
    return total


def _delete_keys(redis_url: str, prefix: str) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        batch = list(client.scan_iter(match=f"{prefix}*", count=1000))
        while batch:
            client.delete(*batch[:1000])
            batch = batch[1000:]
    finally:
        client.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


@dataclass
class LoadResult:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)

    def line(self) -> str:
        return (
            f"{self.name:<28} {self.requests_per_second:>9.0f} req/s   p50 {self.percentile(50) * 1000:6.2f} ms"
            f"   p99 {self.percentile(99) * 1000:6.2f} ms   errors {self.errors}"
            f"   (n={len(self.latencies)}, mean {statistics.fmean(self.latencies) * 1000:.2f} ms)"
        )


async def http_load(
    base_url: str,
    request: bytes | Callable[[], bytes],
    *,
    name: str,
    connections: int,
    seconds: float,
    expect: bytes = b" 200 ",
    reject: bytes | None = None,
) -> LoadResult:
    """Keep-alive HTTP/1.1 from `connections` sockets, each sending `request` back to back (or
    what `request()` makes, when each request must differ). A response is an error unless its
    status line holds `expect`, or when its body holds `reject` (GraphQL errors come with 200)."""
    host, port = base_url.removeprefix("http://").split(":")
    result = LoadResult(name, seconds)
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                writer.write(request() if callable(request) else request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length)
                if expect in head[:16] and (reject is None or reject not in body):
                    result.latencies.append(time.perf_counter() - started)
                else:
                    result.errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return result


def http_request(method: str, path: str, host: str, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
