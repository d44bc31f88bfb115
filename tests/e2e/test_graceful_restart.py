"""Graceful restarts (issue 19 #3), on real server processes sharing one PostgreSQL and Redis: on
SIGTERM a process stops accepting, closes its sockets with 1001 (going away) so the clients
resume on another process with `since` (and `epoch`), finishes the write-behind batch in hand and
exits within a deadline; a rolling restart of every process under traffic loses and doubles
nothing."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from tests.e2e.test_chat_processes import SEND, Servers, all_live, classroom, servers, socket_on
from tests.processes import free_port, serving

pytestmark = pytest.mark.e2e
__all__ = ["servers"]  # the fixture, shared with test_chat_processes

EXIT_DEADLINE_SECONDS = 20.0
RESUMING = (
    "subscription($r: ID!, $s: Int, $e: String) { roomEvents(roomId: $r, since: $s, epoch: $e) "
    "{ type seq epoch message { body } } }"
)


@contextmanager
def server_on(servers: Servers, port: int) -> Iterator[subprocess.Popen[str]]:
    """A server on a given port: a restarted process keeps its port, hence its write-behind
    consumer names (`app.process_name`), and first takes up what it left pending."""
    with serving(port, servers.env(), servers.data_dir) as process:
        yield process


def terminate(process: subprocess.Popen[str]) -> tuple[int, float]:
    """SIGTERM, as an orchestrator's rolling restart sends it: the exit code and the seconds it took."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=EXIT_DEADLINE_SECONDS + 10)
    except subprocess.TimeoutExpired:
        code = -1
    return code, time.monotonic() - started


async def durable_bodies(servers: Servers) -> list[tuple[int, str]]:
    connection = await asyncpg.connect(urlsplit(servers.database_url)._replace(scheme="postgresql").geturl())
    try:
        rows = await connection.fetch("SELECT seq, body FROM chat_messages ORDER BY seq")
        return [(row["seq"], row["body"]) for row in rows]
    finally:
        await connection.close()


async def writers_pending(servers: Servers) -> int:
    """Stream entries delivered to a write-behind consumer and not yet acknowledged."""
    redis = Redis.from_url(servers.redis_url, decode_responses=True)
    try:
        streams = [key async for key in redis.scan_iter(match="*chat*stream*")]
        total = 0
        for stream in streams:
            with contextlib.suppress(Exception):  # a key that is not a stream with the group
                total += int((await redis.xpending(stream, "writers"))["pending"])
        return total
    finally:
        await redis.aclose()


class Sender:
    """Posts steadily over HTTP to whichever process is up; a failed request is retried (same
    clientId: the server's idempotency gives the first message back) on the next process.
    `acknowledged` maps each acknowledged seq to its body."""

    def __init__(self, bases: list[str], token: str, room_id: str, pause: float = 0.02) -> None:
        self.bases, self.token, self.room_id, self.pause = bases, token, room_id, pause
        self.acknowledged: dict[int, str] = {}
        self.stopping = asyncio.Event()
        self.retries = 0
        self.reached = asyncio.Event()  # `enough` messages acknowledged
        self.enough = 50

    async def run(self, limit: int | None = None) -> None:
        n, turn = 0, 0
        async with httpx.AsyncClient(timeout=10) as client:
            while not self.stopping.is_set() and (limit is None or n < limit):
                body = f"m{n}"
                for attempt in range(200):
                    if self.stopping.is_set() and attempt:
                        return  # stopped while no process answered
                    base = self.bases[(turn + attempt) % len(self.bases)]
                    try:
                        response = await client.post(
                            f"{base}/graphql",
                            json={"query": SEND, "variables": {"r": self.room_id, "b": body, "c": f"g{n}"}},
                            headers={"authorization": f"Bearer {self.token}"},
                        )
                        data: Any = response.json()
                    except (httpx.HTTPError, ValueError):
                        self.retries += 1
                        await asyncio.sleep(0.05)
                        continue
                    if response.status_code != 200 or "errors" in data:
                        self.retries += 1
                        await asyncio.sleep(0.05)
                        continue
                    seq = data["data"]["sendMessage"]["seq"]
                    assert self.acknowledged.get(seq, body) == body, (seq, body, self.acknowledged.get(seq))
                    self.acknowledged[seq] = body
                    if len(self.acknowledged) >= self.enough:
                        self.reached.set()
                    break
                else:
                    raise AssertionError(f"no process acknowledged {body}")
                n, turn = n + 1, turn + 1
                await asyncio.sleep(self.pause)


class Watcher:
    """A learner's client: subscribed over the WebSocket; when its socket closes it resumes on
    the next process with `since` = the last seq seen and the epoch it saw with it. `seen` is every
    MESSAGE_POSTED it got, in order; `closes` the close codes it met."""

    def __init__(self, bases: list[str], first: int, token: str, room_id: str) -> None:
        self.bases, self.turn, self.token, self.room_id = bases, first, token, room_id
        self.seen: list[tuple[int, str]] = []
        self.closes: list[int | None] = []
        self.reasons: list[str] = []
        self.last_seq: int | None = None
        self.epoch: str | None = None
        self.live = asyncio.Event()
        self.until: int | None = None  # the last seq to wait for, once the sender is done

    def done(self) -> bool:
        return self.until is not None and self.last_seq is not None and self.last_seq >= self.until

    async def run(self) -> None:
        while not self.done():
            base = self.bases[self.turn % len(self.bases)]
            try:
                async with socket_on(base, self.token) as ws:
                    variables = {"r": self.room_id, "s": self.last_seq, "e": self.epoch}
                    payload = {"query": RESUMING, "variables": variables}
                    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
                    self.live.set()
                    while not self.done():
                        try:
                            raw = await asyncio.wait_for(ws.recv(), 0.5)
                        except TimeoutError:
                            continue
                        message = json.loads(raw)
                        assert message["type"] == "next", message
                        event = message["payload"]["data"]["roomEvents"]
                        self.epoch = event["epoch"]
                        assert event["type"] != "RESYNC", event  # a resume within the stream replays
                        if event["type"] == "MESSAGE_POSTED":
                            self.seen.append((event["seq"], event["message"]["body"]))
                            self.last_seq = event["seq"]
            except ConnectionClosed as closed:
                self.closes.append(closed.rcvd.code if closed.rcvd else None)
                self.reasons.append(str(closed))
            except (OSError, EOFError, InvalidHandshake, TimeoutError):  # the process is down: try the next one
                self.closes.append(None)
                await asyncio.sleep(0.1)
            self.turn += 1


async def test_sigterm_closes_sockets_with_1001_and_exits_in_time_keeping_every_message(servers: Servers) -> None:
    port = free_port()
    with server_on(servers, port) as process:
        base = f"http://127.0.0.1:{port}"
        room = await classroom(base, servers)
        watcher = Watcher([base], 0, room.learner, room.room_id)
        watching = asyncio.create_task(watcher.run())
        assert await all_live(servers, [room.room_id], 1)
        sender = Sender([base], room.creator, room.room_id, pause=0.005)
        sending = asyncio.create_task(sender.run())
        await asyncio.wait_for(sender.reached.wait(), 30)
        code, seconds = await asyncio.to_thread(terminate, process)
        pending_at_exit = await writers_pending(servers)
        durable_at_exit = await durable_bodies(servers)
        print(f"SIGTERM -> exit {code} in {seconds:.2f}s; socket closes {watcher.closes}; "
              f"acknowledged {len(sender.acknowledged)}, durable at exit {len(durable_at_exit)}, "
              f"pending at exit {pending_at_exit}")  # fmt: skip
        server_log = (servers.data_dir / f"serve-{port}.log").read_text()[-3000:]
        sender.stopping.set()
        await asyncio.wait_for(sending, 20)  # its last request found no process: it gives up
        watcher.until = 0
        await asyncio.wait_for(watching, 5)
    assert code == 0
    assert seconds < EXIT_DEADLINE_SECONDS, server_log
    assert watcher.closes[0] == 1001, watcher.closes
    acknowledged = sorted(sender.acknowledged.items())
    # The batch in hand was finished: every acknowledged message is durable once the process has
    # exited (a request cut off mid-way may be durable too, unacknowledged), none twice.
    assert set(acknowledged) <= set(durable_at_exit), (sorted(set(acknowledged) - set(durable_at_exit)), server_log)
    assert len({body for _, body in durable_at_exit}) == len(durable_at_exit)
    assert pending_at_exit == 0
    assert watcher.seen == acknowledged[: len(watcher.seen)]


async def test_a_rolling_restart_under_traffic_loses_and_doubles_nothing(servers: Servers) -> None:
    ports = [free_port(), free_port()]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    with ExitStack() as stack:
        processes = [stack.enter_context(server_on(servers, port)) for port in ports]
        room = await classroom(bases[0], servers)
        watchers = [Watcher(bases, n % 2, room.learner, room.room_id) for n in range(6)]
        watching = [asyncio.create_task(watcher.run()) for watcher in watchers]
        assert await all_live(servers, [room.room_id], len(watchers))
        sender = Sender(bases, room.creator, room.room_id)
        sending = asyncio.create_task(sender.run())
        timings = []
        for n, port in enumerate(ports):  # A, then B
            await asyncio.sleep(1.0)  # traffic on both processes
            code, seconds = await asyncio.to_thread(terminate, processes[n])
            timings.append((code, round(seconds, 2)))
            processes[n] = stack.enter_context(server_on(servers, port))
        await asyncio.sleep(1.0)
        sender.stopping.set()
        await asyncio.wait_for(sending, 30)
        last = max(sender.acknowledged)
        for watcher in watchers:
            watcher.until = last
        await asyncio.wait_for(asyncio.gather(*watching), 30)
        durable = await wait_durable(servers, len(sender.acknowledged))
        print(f"rolling restart: exits {timings}; {len(sender.acknowledged)} acknowledged, "
              f"{sender.retries} retried sends; closes per client {[w.closes for w in watchers]}")  # fmt: skip
    acknowledged = sorted(sender.acknowledged.items())
    assert acknowledged == [(n + 1, f"m{n}") for n in range(len(acknowledged))]  # gap-free, no doubles
    assert all(code == 0 and seconds < EXIT_DEADLINE_SECONDS for code, seconds in timings), timings
    for watcher in watchers:
        assert watcher.seen == acknowledged, watcher.closes
        assert 1001 in watcher.closes, watcher.closes  # each met a restart of its process
    assert durable == acknowledged


async def wait_durable(servers: Servers, count: int) -> list[tuple[int, str]]:
    for _ in range(200):
        rows = await durable_bodies(servers)
        if len(rows) >= count:
            return rows
        await asyncio.sleep(0.1)
    return await durable_bodies(servers)
