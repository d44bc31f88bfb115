"""Chat send: `sendMessage` over HTTP, or over the socket, each with a new clientId, into a few rooms.

Starts `edusphere serve` pinned to CPU 0 (its write-behind draining into PostgreSQL as it would
in production) and posts from CPU 1. Prints sends/s, p50/p99 and the server's CPU microseconds
per send: with M subscribers a send's cost is shared by M deliveries, so this is the part of
chat_fanout's per-delivery figure that subscribers do not pay for. Also measures a retried send
(same clientId), which answers from the idempotency key.

Over HTTP the sends go over keep-alive connections, one at a time each. With `--socket` they go
as `graphql-transport-ws` `subscribe` operations carrying the mutation, from `--connections`
sockets (each initialised with its room's creator's token and acknowledged first), each keeping
`--window` operations in flight; a send counts when its `next` (without errors) and `complete`
have both arrived. In the same run come the same sends over HTTP and the floor: bare Sanic
(`benchmarks/fanout_floor.py`) answering the same sends with one PUBLISH each, over HTTP and over
the socket, so the figures can be read on a machine whose speed varies from run to run.
Uses DATABASE_URL/REDIS_URL when set, else embedded servers.

    python -m benchmarks.chat_send [--seconds 10] [--connections 8] [--rooms 4]
    python -m benchmarks.chat_send --socket [--window 32]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass

import orjson
import psutil

from benchmarks import wsclient
from benchmarks.chat_fanout import SECRET, SEND, populate, server_env
from benchmarks.harness import (
    LoadResult,
    connected_database,
    data_directory,
    http_load,
    http_request,
    pin_to_cpu,
    server_cpu_seconds,
    server_process,
    use_uvloop,
)

PROTOCOL = "graphql-transport-ws"


def variables(room_id: str, n: int) -> dict[str, str]:
    return {"r": room_id, "b": f"message {n}", "c": f"m{n}"}


def sends(host: str, rooms: list[tuple[str, str]], fresh: bool) -> Callable[[], bytes]:
    """Requests posting round-robin into `rooms` ((room id, creator token)); with `fresh` each
    has a new clientId, else every one repeats the first send of its room."""
    numbers = itertools.count()
    turn = itertools.cycle(rooms)

    def request() -> bytes:
        room_id, token = next(turn)
        n = next(numbers) if fresh else 0
        body = json.dumps({"query": SEND, "variables": variables(room_id, n)})
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        return http_request("POST", "/graphql", host, body.encode(), headers)

    return request


async def chat_server_and_redis(stack: AsyncExitStack) -> tuple[str, psutil.Process, str]:
    """`chat_fanout.chat_server`, and the Redis it uses (the floor is started on it too)."""
    data_dir = stack.enter_context(data_directory())
    database_url, redis_url = await connected_database(stack, data_dir)
    env = server_env(database_url, redis_url)
    base, popen = stack.enter_context(server_process(cpu=0, data_dir=data_dir, extra_env=env))
    pin_to_cpu(1)
    return base, psutil.Process(popen.pid), redis_url


@dataclass
class SocketSender:
    """One socket posting into one room, `window` operations in flight; `numbers` are shared
    by every sender, so clientIds never repeat across them (unless not `fresh`)."""

    result: LoadResult
    room_id: str
    token: str
    window: int
    numbers: itertools.count[int]
    fresh: bool
    deadline: float = 0.0

    def __post_init__(self) -> None:
        loop = asyncio.get_running_loop()
        self.acknowledged: asyncio.Future[None] = loop.create_future()
        self.finished: asyncio.Future[None] = loop.create_future()
        self.started: dict[str, float] = {}  # operation id -> when it was sent
        self.failed: set[str] = set()  # operations whose `next` carried errors
        self.operation_ids = itertools.count()
        self.socket: wsclient.LeanSocket | None = None

    async def open(self, ws_url: str) -> None:
        self.socket = await wsclient.connect(ws_url, PROTOCOL, self.on_text)
        self.socket.send_text(json.dumps({"type": "connection_init", "payload": {"accessToken": self.token}}))
        await asyncio.wait_for(self.acknowledged, 10)

    async def run(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds
        for _ in range(self.window):
            self.send_one()
        await self.finished

    def send_one(self) -> None:
        assert self.socket is not None
        operation_id = str(next(self.operation_ids))
        n = next(self.numbers) if self.fresh else 0
        payload = {"query": SEND, "variables": variables(self.room_id, n)}
        self.started[operation_id] = time.perf_counter()
        self.socket.send_text(json.dumps({"id": operation_id, "type": "subscribe", "payload": payload}))

    def on_text(self, raw: bytes) -> None:
        message = orjson.loads(raw)
        kind = message["type"]
        if kind == "connection_ack":
            self.acknowledged.set_result(None)
            return
        operation_id = message.get("id")
        if kind == "next":
            if message["payload"].get("errors"):
                self.failed.add(operation_id)
            return
        if kind not in ("complete", "error") or operation_id not in self.started:
            return
        started = self.started.pop(operation_id)
        if kind == "complete" and operation_id not in self.failed:
            self.result.latencies.append(time.perf_counter() - started)
        else:
            self.result.errors += 1
            self.failed.discard(operation_id)
        now = time.perf_counter()
        if now < self.deadline:
            self.send_one()
        elif not self.started and not self.finished.done():
            self.finished.set_result(None)

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()


async def socket_load(
    ws_url: str, rooms: list[tuple[str, str]], *, name: str, connections: int, window: int, seconds: float, fresh: bool
) -> LoadResult:
    result = LoadResult(name, seconds)
    numbers = itertools.count(int(time.time() * 1000) * 1000)  # new clientIds, unlike any earlier run's
    senders = [
        SocketSender(result, room_id, token, window, numbers, fresh)
        for room_id, token in itertools.islice(itertools.cycle(rooms), connections)
    ]
    try:
        for sender in senders:
            await sender.open(ws_url)
        started = time.perf_counter()
        await asyncio.gather(*(sender.run(seconds) for sender in senders))
        result.seconds = time.perf_counter() - started  # the last window's answers included
    finally:
        for sender in senders:
            sender.close()
    return result


Load = Callable[[], Awaitable[LoadResult]]


@dataclass
class Measured:
    result: LoadResult
    server_cpu: float  # seconds, the write-behind's last batches included
    server_load: float  # of one core, while the load ran
    generator_load: float  # this process, of its core: near 1, the figures are the generator's


async def measured(process: psutil.Process, load: Load) -> Measured:
    before = server_cpu_seconds(process)
    generator_before, wall_before = time.process_time(), time.perf_counter()
    result = await load()
    wall = time.perf_counter() - wall_before
    generator = (time.process_time() - generator_before) / wall
    during = server_cpu_seconds(process) - before
    await asyncio.sleep(1.0)
    return Measured(result, server_cpu_seconds(process) - before, during / wall, generator)


def report(measure: Measured) -> float:
    per_send = measure.server_cpu * 1e6 / max(len(measure.result.latencies), 1)
    print(measure.result.line())
    print(f"{'':34}server CPU {per_send:.0f} us per send (server {measure.server_load:.0%} of its core, "
          f"generator {measure.generator_load:.0%} of its own)")  # fmt: skip
    return per_send


async def run(args: argparse.Namespace) -> None:
    async with AsyncExitStack() as stack:
        base, process, redis_url = await chat_server_and_redis(stack)
        host = base.removeprefix("http://")
        ws_url = base.replace("http://", "ws://") + "/ws"
        rooms = [(room_id, creator) for room_id, creator, _ in await populate(args.rooms, 0)]

        def over_http(name: str, fresh: bool, target: str = base) -> Load:
            request = sends(target.removeprefix("http://"), rooms, fresh)
            return lambda: http_load(target, request, name=name, connections=args.connections,
                                     seconds=args.seconds, reject=b'"errors"')  # fmt: skip

        def over_socket(name: str, fresh: bool, target: str = ws_url) -> Load:
            return lambda: socket_load(target, rooms, name=name, connections=args.connections,
                                       window=args.window, seconds=args.seconds, fresh=fresh)  # fmt: skip

        await http_load(base, sends(host, rooms, True), name="warm-up", connections=args.connections, seconds=1)
        if args.socket:
            await socket_load(ws_url, rooms, name="warm-up", connections=args.connections, window=args.window,
                              seconds=1, fresh=True)  # fmt: skip
        print(f"{args.connections} connections into {args.rooms} rooms, {args.seconds:g} s each, "
              "server on CPU 0, generator on CPU 1")  # fmt: skip
        figures: dict[str, float] = {}
        loads: list[tuple[str, Load]] = []
        if args.socket:
            print(f"socket: {args.window} operations in flight per connection")
            loads += [("socket, new clientId", over_socket("socket sendMessage, new", True)),
                      ("socket, retried clientId", over_socket("socket sendMessage, retried", False))]  # fmt: skip
        loads += [("HTTP, new clientId", over_http("HTTP sendMessage, new", True)),
                  ("HTTP, retried clientId", over_http("HTTP sendMessage, retried", False))]  # fmt: skip
        for key, load in loads:
            figures[key] = report(await measured(process, load))
        if args.socket:
            # The floor in the same run: bare Sanic, one PUBLISH per send, no GraphQL, auth or seq.
            env = {"REDIS_URL": redis_url, "SECRET_KEY": SECRET}
            floor_base, popen = stack.enter_context(
                server_process(cpu=0, extra_env=env, module="benchmarks.fanout_floor")
            )
            floor = psutil.Process(popen.pid)
            floor_ws = floor_base.replace("http://", "ws://") + "/ws"
            await http_load(floor_base, sends(floor_base.removeprefix("http://"), rooms, True), name="warm-up",
                            connections=args.connections, seconds=1)  # fmt: skip
            for key, load in (("floor socket", over_socket("floor, socket send", True, floor_ws)),
                              ("floor HTTP", over_http("floor, HTTP send", True, floor_base))):  # fmt: skip
                figures[key] = report(await measured(floor, load))
            print(
                f"server CPU per new send: socket {figures['socket, new clientId']:.0f} us, "
                f"HTTP {figures['HTTP, new clientId']:.0f} us, floor {figures['floor socket']:.0f} us (socket) / "
                f"{figures['floor HTTP']:.0f} us (HTTP); socket is "
                f"{figures['socket, new clientId'] / max(figures['floor socket'], 1e-9):.1f}x its floor"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rooms", type=int, default=4)
    parser.add_argument("--socket", action="store_true", help="over graphql-transport-ws, beside HTTP and the floor")
    parser.add_argument("--window", type=int, default=32, help="--socket: operations in flight per connection")
    args = parser.parse_args()
    use_uvloop()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
