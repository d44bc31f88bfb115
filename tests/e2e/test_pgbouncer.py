"""EduSphere behind a real PgBouncer in transaction pooling mode (Debian's /usr/sbin/pgbouncer),
started here in front of the tests' PostgreSQL: `edusphere migrate` and `edusphere serve` with
DATABASE_POOLER=pgbouncer, real work over GraphQL, the chat's write-behind landing every message
in PostgreSQL exactly once; how many connections the process opens (PgBouncer's clients) and
how few PostgreSQL then has (PgBouncer's servers); and why the setting exists: asyncpg's
statement cache meeting a statement prepared on another server connection."""

from __future__ import annotations

import asyncio
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis

from edusphere.core.database import POOL_MAX_SIZE, pool_options
from edusphere.core.embedded import ensure_database
from edusphere.core.settings import DatabasePooler
from tests.e2e.mailbox import verify_by_mail
from tests.processes import command_env, free_port, run_edusphere, serving

pytestmark = pytest.mark.e2e
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
SECRET = "the-pgbouncer-end-to-end-secret-key-0123456789abcdef"
# PgBouncer's server connections for the application's pool: fewer than one process's asyncpg
# pool (10), so transactions of one client connection really do move between server connections.
SERVER_POOL = 4


@dataclass
class Bouncer:
    """A PgBouncer in front of `database` (alias `database`, and `<database>_pair` with two server
    connections only) and the PostgreSQL it forwards to."""

    port: int
    user: str
    database: str
    direct_url: str  # PostgreSQL itself, the test database
    admin: list[str]  # psql on PgBouncer's admin console

    def url(self, database: str | None = None) -> str:
        return f"postgres://{quote(self.user)}@127.0.0.1:{self.port}/{database or self.database}"

    def show(self, what: str) -> list[dict[str, str]]:
        """A `SHOW` on the admin console, by psql: the console speaks the simple query protocol only."""
        out = subprocess.run([*self.admin, "-c", f"SHOW {what}"], capture_output=True, text=True, check=True).stdout
        lines = [line.split("|") for line in out.splitlines() if line]
        return [dict(zip(lines[0], row, strict=False)) for row in lines[1:]]


def _server_address(url: str) -> tuple[str, int, str, str | None]:
    """host (a name, an address or a socket directory), port, user, password of a postgres URL."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = parts.hostname or query.get("host", ["127.0.0.1"])[0]
    port = parts.port or int(query.get("port", ["5432"])[0])
    return host, port, parts.username or "postgres", parts.password


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"pgbouncer exited with {process.returncode}:\n{log.read_text()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"pgbouncer did not listen on {port}:\n{log.read_text()}")


@contextmanager
def tcp_to_unix(socket_path: str) -> Iterator[int]:
    """A port on 127.0.0.1 forwarding to a Unix socket, served by a thread of its own (the test's
    loop blocks while a server process starts). The embedded PostgreSQL listens only on a socket
    under pytest's directory, private to root, where PgBouncer running as `nobody` cannot go."""
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready: list[int] = []
    started = threading.Event()
    handlers: set[asyncio.Task[None]] = set()
    writers: set[asyncio.StreamWriter] = set()

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)
        writers.add(writer)
        try:
            upstream_reader, upstream_writer = await asyncio.open_unix_connection(socket_path)
        except OSError:
            writer.close()
            return
        writers.add(upstream_writer)
        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        ready.append(server.sockets[0].getsockname()[1])
        started.set()
        await stop.wait()
        server.close()
        for writer in writers:  # each side's reader then ends, and so its pipe and handler
            writer.close()
        if handlers:
            await asyncio.wait(handlers, timeout=5)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), name="tcp-to-unix", daemon=True)
    thread.start()
    try:
        assert started.wait(10), "the forwarder did not start"
        yield ready[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()


@contextmanager
def pgbouncer(base_url: str, database: str) -> Iterator[Bouncer]:
    """PgBouncer in transaction mode on a free port, trusting local clients (the user must still
    be in its auth_file). It refuses to run as root: then it runs as `nobody` (`-u`), so its
    directory is one of its own under the system's temporary directory, readable by everyone
    (pytest's are private to root); it logs to stderr, so it writes nothing there."""
    if not os.path.exists(PGBOUNCER):
        pytest.fail("pgbouncer is not installed (apt-get install pgbouncer; .ci/run does)")
    host, server_port, user, password = _server_address(base_url)
    with ExitStack() as stack:
        if host.startswith("/") and os.geteuid() == 0:
            server_port = stack.enter_context(tcp_to_unix(f"{host}/.s.PGSQL.{server_port}"))
            host = "127.0.0.1"
        yield stack.enter_context(_pgbouncer(base_url, database, host, server_port, user, password))


@contextmanager
def _pgbouncer(
    base_url: str, database: str, host: str, server_port: int, user: str, password: str | None
) -> Iterator[Bouncer]:
    login = f" user={user}" + (f" password={password}" if password else "")
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="edusphere-pgbouncer-"))
    workdir.chmod(0o755)
    (workdir / "userlist.txt").write_text(f'"{user}" ""\n')
    (workdir / "pgbouncer.ini").write_text(f"""\
[databases]
{database} = host={host} port={server_port} dbname={database}{login}
{database}_pair = host={host} port={server_port} dbname={database}{login} pool_size=2

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {workdir}/userlist.txt
admin_users = {user}
pool_mode = transaction
default_pool_size = {SERVER_POOL}
max_client_conn = 200
; round robin, not the default LIFO: consecutive transactions meet different server connections
server_round_robin = 1
""")
    for name in ("userlist.txt", "pgbouncer.ini"):
        (workdir / name).chmod(0o644)
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    if as_user:
        pwd.getpwnam("nobody")  # KeyError: no unprivileged user to run it as
    log = workdir.parent / f"{workdir.name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([PGBOUNCER, *as_user, str(workdir / "pgbouncer.ini")], stdout=out,
                                   stderr=subprocess.STDOUT)  # fmt: skip
    try:
        _wait_listening(port, process, log)
        parts = urlsplit(base_url)
        direct = urlunsplit(parts._replace(scheme="postgresql", path=f"/{database}"))
        admin = ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", "pgbouncer", "-XAq", "-P", "footer=off"]
        yield Bouncer(port, user, database, direct, admin)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)
        log.unlink(missing_ok=True)


@pytest.fixture
async def bouncer(database_url: str) -> AsyncIterator[Bouncer]:
    """A database of this test's own on the tests' PostgreSQL, behind a PgBouncer of its own."""
    parts = urlsplit(database_url)
    name = f"edusphere_pgb_{secrets.token_hex(4)}"
    await ensure_database(urlunsplit(parts._replace(path=f"/{name}")))
    try:
        with pgbouncer(database_url, name) as running:
            yield running
    finally:
        connection = await asyncpg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


async def gql(base: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


REGISTER = "mutation($i: RegisterInput!) { register(input: $i) { accessToken } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
SEND = "mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) { seq } }"
ROOMS = "query($c: ID!) { rooms(courseId: $c) { id } }"


async def course_with_learner(base: str, bouncer: Bouncer) -> tuple[str, str, str, str]:
    """(creator token, learner token, course id, room id): signed up, logged in, a course
    created, published and enrolled in, all through GraphQL (and so through PgBouncer)."""
    connection = await asyncpg.connect(bouncer.direct_url)
    try:
        await connection.execute("INSERT INTO categories (slug, name) VALUES ('testing', 'Testing')")
    finally:
        await connection.close()
    tokens = []
    for email, role in (("creator@example.com", "CREATOR"), ("learner@example.com", "LEARNER")):
        await gql(base, REGISTER, {"i": {"email": email, "password": "long enough pw", "displayName": role,
                                         "role": role}})  # fmt: skip
        tokens.append((await gql(base, LOGIN, {"e": email, "p": "long enough pw"}))["login"]["accessToken"])
    await verify_by_mail(base, "creator@example.com")  # publishing needs a verified address
    creator, learner = tokens
    course = (await gql(base, 'mutation { createCourse(input: {title: "Pooled", description: "x", '
                              'categorySlug: "testing"}) { id } }', token=creator))["createCourse"]["id"]  # fmt: skip
    module = (await gql(base, 'mutation($c: ID!) { createModule(courseId: $c, title: "M") { id } }', {"c": course},
                        token=creator))["createModule"]["id"]  # fmt: skip
    await gql(base, 'mutation($m: ID!) { createLesson(moduleId: $m, input: {title: "L", body: "B"}) { id } }',
              {"m": module}, token=creator)  # fmt: skip
    await gql(base, "mutation($c: ID!) { publishCourse(id: $c) { id } }", {"c": course}, token=creator)
    await gql(base, "mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course}, token=learner)
    room = (await gql(base, ROOMS, {"c": course}, token=learner))["rooms"][0]["id"]
    return creator, learner, course, room


async def durable(bouncer: Bouncer, room: str) -> list[tuple[int, str]]:
    """The room's messages as PostgreSQL itself has them (not through PgBouncer)."""
    connection = await asyncpg.connect(bouncer.direct_url)
    try:
        rows = await connection.fetch("SELECT seq, body FROM chat_messages WHERE room_id = $1 ORDER BY seq", room)
    finally:
        await connection.close()
    return [(row["seq"], row["body"]) for row in rows]


async def postgres_sessions(bouncer: Bouncer) -> tuple[int, int]:
    """PostgreSQL's sessions on the test database: (the mail worker's LISTEN, all others, i.e.
    PgBouncer's server connections)."""
    connection = await asyncpg.connect(bouncer.direct_url)
    try:
        rows = await connection.fetch(
            "SELECT query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", bouncer.database
        )
    finally:
        await connection.close()
    listening = sum(1 for row in rows if row["query"].startswith("LISTEN"))
    return listening, len(rows) - listening


@pytest.mark.parametrize("direct", [False, True], ids=["polling", "listening-directly"])
async def test_the_server_and_its_write_behind_work_through_pgbouncer(
    bouncer: Bouncer, redis_url: str, tmp_path: Path, direct: bool
) -> None:
    """Without DATABASE_DIRECT_URL the mail worker polls (twice a second here); with it, it
    LISTENs on PostgreSQL itself, and the poll is a minute: the verification mail the test waits
    20 s for can then only come by NOTIFY, sent by a transaction that ran through PgBouncer."""
    prefix = f"edusphere-pgb-{secrets.token_hex(4)}:"
    mail = {"DATABASE_DIRECT_URL": bouncer.direct_url, "MAIL_POLL_SECONDS": "60"} if direct else {
        "MAIL_POLL_SECONDS": "0.5"}  # fmt: skip
    env = command_env(DATABASE_URL=bouncer.url(), DATABASE_POOLER="pgbouncer", REDIS_URL=redis_url,
                      EDUSPHERE_REDIS_PREFIX=prefix, SECRET_KEY=SECRET, EDUSPHERE_ENV="test",
                      EDUSPHERE_DATA_DIR=str(tmp_path / "var"), CHAT_SEND_BURST="10000",
                      CHAT_SENDS_PER_SECOND="10000", **mail)  # fmt: skip
    migrated = await asyncio.to_thread(run_edusphere, "migrate", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    try:
        port = free_port()
        with serving(port, env, tmp_path):
            base = f"http://127.0.0.1:{port}"
            creator, learner, course, room = await course_with_learner(base, bouncer)

            # 5 senders at once, 40 messages each; every one of the first 20 sent twice (a
            # client's retry): the second is the same message, not a new one.
            async def sender(n: int) -> None:
                token = creator if n % 2 else learner
                for m in range(40):
                    body = {"r": room, "b": f"sender {n} message {m}", "c": f"s{n}-{m}"}
                    first = await gql(base, SEND, body, token=token)
                    if m < 20:
                        assert await gql(base, SEND, body, token=token) == first

            await asyncio.gather(*(sender(n) for n in range(5)))
            # and PostgreSQL reads side by side, so the process's pool grows as it would under load
            reads = [gql(base, ROOMS, {"c": course}, token=learner) for _ in range(60)]
            assert all(len(r["rooms"]) == 1 for r in await asyncio.gather(*reads))

            expected = sorted(f"sender {n} message {m}" for n in range(5) for m in range(40))
            for _ in range(150):
                if len(await durable(bouncer, room)) >= len(expected):
                    break
                await asyncio.sleep(0.2)
            await asyncio.sleep(1)  # a duplicate would come after the last one
            rows = await durable(bouncer, room)
            assert [seq for seq, _ in rows] == list(range(1, len(expected) + 1))  # each once, none lost
            assert sorted(body for _, body in rows) == expected

            clients = [c for c in bouncer.show("CLIENTS") if c["database"] == bouncer.database]
            listening, servers = await postgres_sessions(bouncer)
            print(f"\none server process: {len(clients)} PgBouncer clients, {listening} LISTEN on PostgreSQL; "
                  f"PostgreSQL sessions behind PgBouncer: {servers}")  # fmt: skip
            # Tortoise's asyncpg pool (at most 10) through PgBouncer, and the mail worker's
            # LISTEN on PostgreSQL itself only when it has DATABASE_DIRECT_URL.
            assert 1 <= len(clients) <= POOL_MAX_SIZE
            assert listening == (1 if direct else 0)
            assert servers <= SERVER_POOL
    finally:
        redis = Redis.from_url(redis_url)
        try:
            keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
            if keys:
                await redis.delete(*keys)
        finally:
            await redis.aclose()


async def _statement_met_on_another_server(bouncer: Bouncer, options: dict[str, int]) -> int:
    """One client runs a parameterised query twice while two others' transactions make
    PgBouncer (two server connections) run the second on the other server connection."""
    url = urlsplit(bouncer.url(f"{bouncer.database}_pair"))._replace(scheme="postgresql").geturl()
    holder = await asyncpg.connect(url, statement_cache_size=0)
    other = await asyncpg.connect(url, statement_cache_size=0)
    client = await asyncpg.connect(url, **options)  # type: ignore[arg-type]
    try:
        await holder.execute("BEGIN; SELECT 1")  # holds server connection 1
        assert await client.fetchval("SELECT $1::int", 1) == 1  # runs on server connection 2
        await other.execute("BEGIN; SELECT 1")  # holds server connection 2
        await holder.execute("COMMIT")  # server connection 1 is free: the only one
        value: int = await client.fetchval("SELECT $1::int", 2)
        await other.execute("COMMIT")
        return value
    finally:
        for connection in (holder, other, client):
            await connection.close()


async def test_asyncpgs_statement_cache_fails_behind_pgbouncer_and_the_setting_turns_it_off(
    bouncer: Bouncer,
) -> None:
    """Why DATABASE_POOLER=pgbouncer exists: with its cache asyncpg prepares a statement by name
    once per connection and then only binds it, on whatever server connection PgBouncer picks."""
    with pytest.raises(asyncpg.exceptions.InvalidSQLStatementNameError, match="does not exist"):
        await _statement_met_on_another_server(bouncer, {})
    assert pool_options(DatabasePooler.PGBOUNCER) == {"statement_cache_size": 0}
    assert await _statement_met_on_another_server(bouncer, pool_options(DatabasePooler.PGBOUNCER)) == 2
