"""Chat send: `sendMessage` over HTTP, each with a new clientId, into a few rooms.

Starts `edusphere serve` pinned to CPU 0 (its write-behind draining into PostgreSQL as it would
in production) and posts from CPU 1 over keep-alive connections. Prints sends/s, p50/p99 and
the server's CPU microseconds per send: with M subscribers a send's cost is shared by M
deliveries, so this is the part of chat_fanout's per-delivery figure that subscribers do not
pay for. Also measures a retried send (same clientId), which answers from the idempotency key.
Uses DATABASE_URL/REDIS_URL when set, else embedded servers.

    python -m benchmarks.chat_send [--seconds 10] [--connections 8] [--rooms 4]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
from collections.abc import Callable
from contextlib import AsyncExitStack

import psutil

from benchmarks.chat_fanout import SEND, chat_server, populate
from benchmarks.harness import (
    LoadResult,
    http_load,
    http_request,
    server_cpu_seconds,
    use_uvloop,
)


def sends(host: str, rooms: list[tuple[str, str]], fresh: bool) -> Callable[[], bytes]:
    """Requests posting round-robin into `rooms` ((room id, creator token)); with `fresh` each
    has a new clientId, else every one repeats the first send of its room."""
    numbers = itertools.count()
    turn = itertools.cycle(rooms)

    def request() -> bytes:
        room_id, token = next(turn)
        n = next(numbers) if fresh else 0
        body = json.dumps({"query": SEND, "variables": {"r": room_id, "b": f"message {n}", "c": f"m{n}"}})
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        return http_request("POST", "/graphql", host, body.encode(), headers)

    return request


async def measured(
    process: psutil.Process, base: str, request: Callable[[], bytes], *, name: str, connections: int, seconds: float
) -> tuple[LoadResult, float]:
    before = server_cpu_seconds(process)
    result = await http_load(base, request, name=name, connections=connections, seconds=seconds, reject=b'"errors"')
    await asyncio.sleep(1.0)  # the write-behind's last batches are part of the sends' cost
    return result, server_cpu_seconds(process) - before


async def run(args: argparse.Namespace) -> None:
    async with AsyncExitStack() as stack:
        base, process = await chat_server(stack)
        host = base.removeprefix("http://")
        rooms = [(room_id, creator) for room_id, creator, _ in await populate(args.rooms, 0)]

        await http_load(base, sends(host, rooms, True), name="warm-up", connections=args.connections, seconds=1)
        print(f"{args.connections} connections into {args.rooms} rooms, {args.seconds:g} s each, "
              "server on CPU 0, generator on CPU 1")  # fmt: skip
        for name, fresh in (("sendMessage, new clientId", True), ("sendMessage, retried clientId", False)):
            result, cpu = await measured(process, base, sends(host, rooms, fresh), name=name,
                                         connections=args.connections, seconds=args.seconds)  # fmt: skip
            print(result.line())
            print(f"{'':34}server CPU {cpu * 1e6 / max(len(result.latencies), 1):.0f} us per send")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rooms", type=int, default=4)
    args = parser.parse_args()
    use_uvloop()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
