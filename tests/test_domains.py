"""Domains wired by description: `app.py` and `cli.py` name none, each `Domain` brings its
routes, workers, readiness sections and commands. Real PostgreSQL and Redis throughout."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import secrets
import socket
import subprocess
import sys
from collections.abc import Sequence

import pytest
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, text

from edusphere.app import create_app, process_name, start_domains, stop_domains
from edusphere.chat import messages
from edusphere.chat.activity import ActivityReporter
from edusphere.chat.domain import DOMAIN as CHAT
from edusphere.chat.models import ChatMessage
from edusphere.chat.searchindex import SearchIndexer
from edusphere.chat.writebehind import GROUP, WriteBehind
from edusphere.cli import build_parser
from edusphere.core.cli_support import redis_url, run_async
from edusphere.core.domain import Domain, Worker
from edusphere.core.redis import Keys, create_redis
from edusphere.core.runtime import Runtime
from edusphere.core.settings import Settings
from edusphere.domains import DOMAINS, domains, load
from tests.chat.factories import classroom


async def _indexed(message_id: str) -> bool:
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        "SELECT 1 FROM chat_search WHERE message_id = $1", [message_id]
    )
    return bool(rows)


# A tiny domain bringing one of everything; its worker and command leave their traces in Redis.

LOG = "fake:log"
fake_routes = Blueprint("fake_domain", url_prefix="/fake-domain")


@fake_routes.get("/ping")
async def _ping(request: Request) -> HTTPResponse:
    return text("pong")


class FakeWorker:
    def __init__(self, runtime: Runtime, name: str) -> None:
        self.runtime, self.name = runtime, name

    async def start(self) -> None:
        await self.runtime.redis.rpush(self.runtime.keys(LOG), f"start {self.name}")

    async def stop(self) -> None:
        await self.runtime.redis.rpush(self.runtime.keys(LOG), f"stop {self.name}")


def fake_workers(runtime: Runtime, name: str) -> Sequence[Worker]:
    return [FakeWorker(runtime, f"{name}-a"), FakeWorker(runtime, f"{name}-b")]


async def fake_readiness(runtime: Runtime) -> dict[str, object]:
    started = await runtime.redis.llen(runtime.keys(LOG))
    return {"fake_workers": {"log_length": started, "incidents": ["something to look at"]}}


def install_fake_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fake = commands.add_parser("fake", help="the fake domain's commands")
    fake_commands = fake.add_subparsers(title="fake commands", metavar="COMMAND")
    fake_commands.add_parser("ping", help="writes to Redis").set_defaults(run=run_async(_fake_ping))


async def _fake_ping(args: argparse.Namespace) -> None:
    settings = Settings.from_env()
    async with redis_url(settings) as url:
        redis = create_redis(url, settings.redis_pool)
        try:
            print(await redis.rpush(Keys(settings.redis_prefix)(LOG), "command"))
        finally:
            await redis.aclose()


FAKE = Domain(
    name="fake",
    package="tests.fake",
    blueprints=lambda: (fake_routes,),
    workers=(fake_workers, lambda runtime, name: None),
    readiness=fake_readiness,
    commands=install_fake_commands,
)


async def _broken_readiness(runtime: Runtime) -> dict[str, object]:
    raise RuntimeError("secret words from a broken probe")


BROKEN = Domain(name="broken", package="tests.broken", readiness=_broken_readiness)


def _app_name() -> str:
    return f"edusphere_domains_{secrets.token_hex(3)}"


# The list.


def test_domains_follow_the_package_list() -> None:
    listed = domains()
    assert [domain.package for domain in listed] == list(DOMAINS)
    assert CHAT in listed
    # No `domain.py`: a plain description, bringing nothing beyond models and SDL.
    assert load("tests.chat") == Domain(name="chat", package="tests.chat")
    # auth and courses bring their commands (createadmin, seed), payments its webhooks too.
    by_name = {domain.name: domain for domain in listed}
    assert by_name["auth"].commands is not None
    assert by_name["courses"].commands is not None
    assert by_name["payments"].workers
    assert by_name["mail"].workers
    assert by_name["mail"].readiness is not None
    assert by_name["mail"].commands is not None


def test_core_imports_no_domain_code() -> None:
    probe = (
        "import sys, edusphere.core.database, edusphere.core.domain, edusphere.domains; "
        "print(sorted(m for m in sys.modules if m.split('.')[:2] in "
        "(['edusphere', 'auth'], ['edusphere', 'courses'], ['edusphere', 'chat'], ['edusphere', 'payments'])))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# Chat through its description.


def test_chat_consumers_keep_their_names(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANIC_WORKER_NAME", "Sanic-Server-1-0")
    name = process_name(settings)
    assert name == f"{socket.gethostname()}-{settings.port}-Sanic-Server-1-0"
    runtime = Runtime(
        settings=dataclasses.replace(settings, write_behind=True, write_behind_consumers=3),
        redis=create_redis("redis://unused"),
    )
    factory, _indexer, _activity = CHAT.workers  # write-behind consumers, search indexer, activity reporter
    made = factory(runtime, name)
    assert isinstance(made, list)
    assert [writer.consumer for writer in made] == [f"{name}-0", f"{name}-1", f"{name}-2"]
    assert factory(dataclasses.replace(runtime, settings=settings), name) is None  # write_behind off


async def test_chat_write_behind_runs_through_its_domain(runtime: Runtime, settings: Settings) -> None:
    """Started by the app's wiring, chat's consumers write a sent message to PostgreSQL, show in
    the readiness details and stop with the wiring."""
    app = create_app(dataclasses.replace(settings, write_behind=True), name=_app_name(), with_domains=[CHAT])
    writing = Runtime(settings=app.ctx.settings, redis=runtime.redis)
    room = await classroom(runtime)
    await start_domains(app, writing, "host-1-worker")
    try:
        (chat_workers,) = app.ctx.domain_workers
        *writers, indexer, reporter = chat_workers  # the consumers, the search indexer, the activity reporter
        assert isinstance(reporter, ActivityReporter)
        assert isinstance(indexer, SearchIndexer)
        assert [writer.consumer for writer in writers] == ["host-1-worker-0", "host-1-worker-1"]
        sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "kept", "d-1")
        for _ in range(300):
            if await ChatMessage.filter(id=sent.id).exists():
                break
            await asyncio.sleep(0.02)
        assert (await ChatMessage.get(id=sent.id)).body == "kept"
        for _ in range(300):  # the indexer, started beside the consumers, indexes it
            if await _indexed(sent.id):
                break
            await asyncio.sleep(0.02)
        assert await _indexed(sent.id)
        details = await app.ctx.readiness_details()
        assert details["chat_write_behind"]["dead_letters"] == 0
        assert details["chat_search_index"] == {"queued": 0, "lag_seconds": 0.0}
        consumers = await runtime.redis.xinfo_consumers(runtime.keys("chat:stream"), GROUP)
        assert {"host-1-worker-0", "host-1-worker-1"} <= {consumer["name"] for consumer in consumers}
    finally:
        await stop_domains(app)
    assert all(isinstance(w, WriteBehind) and w._task is None for w in writers)
    assert reporter._task is None
    assert indexer._task is None
    assert app.ctx.domain_workers == []


def test_mail_brings_one_outbox_worker_per_process_when_it_has_an_smtp_server(settings: Settings) -> None:
    from edusphere.core.settings import ConfigurationError, Environment
    from edusphere.mail.domain import DOMAIN as MAIL
    from edusphere.mail.worker import OutboxWorker

    (factory,) = MAIL.workers
    runtime = Runtime(settings=settings, redis=create_redis("redis://unused"))
    worker = factory(runtime, "host-1-worker")
    assert isinstance(worker, OutboxWorker)
    assert worker.name == "host-1-worker"
    off = dataclasses.replace(settings, mail=dataclasses.replace(settings.mail, worker=False))
    assert factory(dataclasses.replace(runtime, settings=off), "p") is None
    unset = dataclasses.replace(settings, mail=dataclasses.replace(settings.mail, smtp_url=None))
    assert factory(dataclasses.replace(runtime, settings=unset), "p") is None  # mail waits in the outbox
    production = dataclasses.replace(unset, env=Environment.PRODUCTION)
    with pytest.raises(ConfigurationError, match="SMTP_URL"):
        factory(dataclasses.replace(runtime, settings=production), "p")


def test_chat_status_is_chat_s_command() -> None:
    args = build_parser([CHAT]).parse_args(["chat", "status"])
    assert callable(args.run)
    with pytest.raises(SystemExit):
        build_parser([]).parse_args(["chat", "status"])  # only the domain brings it


# A domain with one of everything.


def test_a_domain_s_routes_are_mounted(settings: Settings) -> None:
    app = create_app(settings, name=_app_name(), with_domains=[*domains(), FAKE])
    paths = {route.path for route in app.router.routes}
    assert "fake-domain/ping" in paths
    assert "readyz" in paths  # beside the core's
    plain = create_app(settings, name=_app_name(), with_domains=domains())
    assert "fake-domain/ping" not in {route.path for route in plain.router.routes}


async def test_a_domain_s_workers_and_readiness_are_wired(runtime: Runtime, settings: Settings) -> None:
    app = create_app(settings, name=_app_name(), with_domains=[FAKE, BROKEN, CHAT])
    await start_domains(app, runtime, "proc")
    assert await runtime.redis.lrange(runtime.keys(LOG), 0, -1) == ["start proc-a", "start proc-b"]
    details = await app.ctx.readiness_details()
    # One domain's failing probe stands as an unavailable section; the others still show.
    assert details["fake_workers"] == {"log_length": 2, "incidents": ["something to look at"]}
    assert details["broken"] == {"status": "unavailable"}
    assert set(details["chat_write_behind"]) >= {"stream_length", "dead_letters", "incidents"}
    assert "secret words" not in json.dumps(details)
    await stop_domains(app)
    log = await runtime.redis.lrange(runtime.keys(LOG), 0, -1)
    assert log[:2] == ["start proc-a", "start proc-b"]
    assert sorted(log[2:]) == ["stop proc-a", "stop proc-b"]


async def test_a_worker_that_fails_to_start_stops_those_already_started(runtime: Runtime, settings: Settings) -> None:
    class Refuses(FakeWorker):
        async def start(self) -> None:
            raise RuntimeError("cannot start")

    failing = Domain(name="failing", package="tests.failing", workers=(lambda rt, name: Refuses(rt, name),))
    app = create_app(settings, name=_app_name(), with_domains=[FAKE, failing])
    with pytest.raises(RuntimeError, match="cannot start"):
        await start_domains(app, runtime, "proc")
    log = await runtime.redis.lrange(runtime.keys(LOG), 0, -1)
    assert log[:2] == ["start proc-a", "start proc-b"]
    assert sorted(log[2:]) == ["stop proc-a", "stop proc-b"]


def test_a_domain_s_command_is_added_and_runs(
    redis_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = f"edusphere-test-fake-{secrets.token_hex(3)}:"
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("EDUSPHERE_REDIS_PREFIX", prefix)
    parser = build_parser([*domains(), FAKE])
    assert "fake" in parser.format_help()
    assert "chat" in parser.format_help()
    args = parser.parse_args(["fake", "ping"])
    args.run(args)
    assert capsys.readouterr().out.strip() == "1"

    async def written() -> list[str]:
        redis = create_redis(redis_url)
        try:
            found = [str(item) for item in await redis.lrange(f"{prefix}{LOG}", 0, -1)]  # decoded already
            await redis.delete(f"{prefix}{LOG}")
            return found
        finally:
            await redis.aclose()

    assert asyncio.run(written()) == ["command"]
