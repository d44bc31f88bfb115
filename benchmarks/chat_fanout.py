"""Chat fan-out: R rooms x M subscribers over graphql-transport-ws, one sender per room.

Starts `edusphere serve` pinned to CPU 0 and drives it from CPU 1: every subscriber opens a
socket, authenticates and subscribes to `roomEvents`; one sender per room posts at a set rate
with a timestamp in the body. Prints deliveries/s, loss, p50/p95/p99 latency, the server's CPU
microseconds per delivery, and (with --idle) the server's RSS per idle authenticated socket.
Uses DATABASE_URL/REDIS_URL when set, else embedded servers.

    python -m benchmarks.chat_fanout --rooms 10 --subscribers 100 --rate 20 --seconds 10
    python -m benchmarks.chat_fanout --rooms 1 --subscribers 1000 --rate 20
    python -m benchmarks.chat_fanout --rooms 1 --subscribers 10 --idle 5000
    python -m benchmarks.chat_fanout --server floor   # the same load on bare Sanic + Redis pub/sub
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
import uuid
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

import httpx
import orjson
import psutil

from benchmarks import wsclient
from benchmarks.harness import (
    connected_database,
    data_directory,
    percentile,
    pin_to_cpu,
    server_cpu_seconds,
    server_process,
    use_uvloop,
)
from edusphere.auth.models import Role, User
from edusphere.auth.tokens import issue_access_token
from edusphere.chat.models import Room
from edusphere.core.settings import Settings
from edusphere.courses.models import Course, CourseStatus, Enrollment, EnrollmentSource

SECRET = "benchmark-secret-key-benchmark-secret-key-0123456789"  # noqa: S105 - benchmark only
DOCUMENT = "subscription($r: ID!) { roomEvents(roomId: $r) { type seq message { body } } }"
SEND = "mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) { seq } }"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    measure_from_ns: int = 2**63  # messages stamped earlier are warm-up: not counted

    def counts(self, stamp_ns: int) -> bool:
        return stamp_ns >= self.measure_from_ns


def progress(label: str, done: int, total: int) -> None:
    filled = 30 * done // max(total, 1)
    sys.stderr.write(f"\r{label:<22} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


async def populate(rooms: int, subscribers: int) -> list[tuple[str, str, list[str]]]:
    """(room id, creator token, subscriber tokens) per room, written straight to the database."""
    settings = Settings(secret_key=SECRET)

    def token(user: User) -> str:
        return issue_access_token(settings, user.id, user.role, uuid.uuid4())

    def person(role: Role) -> User:
        return User(id=uuid.uuid4(), email=f"b-{uuid.uuid4().hex}@example.com", display_name="Bench", role=role,
                    password_hash="unused")  # noqa: S106  # fmt: skip

    result = []
    for n in range(rooms):
        creator, learners = person(Role.CREATOR), [person(Role.LEARNER) for _ in range(subscribers)]
        await User.bulk_create([creator, *learners], batch_size=1000)
        course = await Course.create(slug=f"fanout-{uuid.uuid4().hex[:10]}", title="Fan-out", creator_id=creator.id,
                                     status=CourseStatus.PUBLISHED)  # fmt: skip
        room = await Room.create(course_id=course.id, slug="general", name="General")
        await Enrollment.bulk_create(
            [Enrollment(id=uuid.uuid4(), learner_id=u.id, course_id=course.id, source=EnrollmentSource.FREE)
             for u in learners], batch_size=1000,
        )  # fmt: skip
        result.append((str(room.id), token(creator), [token(u) for u in learners]))
        progress("users and rooms", n + 1, rooms)
    return result


class Client:
    """One subscriber: a lean socket that notes each post's latency as its frame arrives."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.acknowledged: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.socket: wsclient.LeanSocket | None = None

    def on_text(self, raw: bytes) -> None:
        message = orjson.loads(raw)
        if message["type"] == "connection_ack" and not self.acknowledged.done():
            self.acknowledged.set_result(None)
        elif message["type"] == "next":
            event = message["payload"]["data"]["roomEvents"]
            stamp = int(event["message"]["body"]) if event["type"] == "MESSAGE_POSTED" else 0
            if self.tally.counts(stamp):
                self.tally.latencies.append((time.time_ns() - stamp) / 1e9)


async def open_socket(ws_url: str, token: str, room_id: str | None, tally: Tally) -> Client:
    client = Client(tally)
    client.socket = await wsclient.connect(ws_url, "graphql-transport-ws", client.on_text)
    client.socket.send_text(json.dumps({"type": "connection_init", "payload": {"accessToken": token}}))
    await asyncio.wait_for(client.acknowledged, 10)
    if room_id is not None:
        payload = {"query": DOCUMENT, "variables": {"r": room_id}}
        client.socket.send_text(json.dumps({"id": "e", "type": "subscribe", "payload": payload}))
    return client


async def send(base: str, room_id: str, token: str, rate: float, seconds: float, offset: float, tally: Tally) -> None:
    """Posts at `rate` per second, starting `offset` seconds in (see --arrivals)."""
    async with httpx.AsyncClient(base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=30) as client:
        started = time.perf_counter()
        n = 0
        while (elapsed := time.perf_counter() - started) < seconds:
            await asyncio.sleep(max(0.0, offset + n / rate - elapsed))
            stamp = time.time_ns()
            variables = {"r": room_id, "b": str(stamp), "c": f"m{n}"}
            response = await client.post("/graphql", json={"query": SEND, "variables": variables})
            if "errors" not in response.json() and tally.counts(stamp):
                tally.sent += 1
            n += 1


def worker_rss(process: psutil.Process) -> int:
    """The serving worker's RSS: EduSphere serves from a child process, the floor from its own."""
    return max((p.memory_info().rss for p in process.children(recursive=True)), default=process.memory_info().rss)


def server_env(database_url: str, redis_url: str) -> dict[str, str]:
    """The servers, the benchmark's signing key, and no send rate limit."""
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": SECRET,
            "CHAT_SEND_BURST": "1000000", "CHAT_SENDS_PER_SECOND": "1000000"}  # fmt: skip


async def chat_server(stack: AsyncExitStack, module: str = "edusphere") -> tuple[str, psutil.Process]:
    """A migrated database this process is connected to, and `module`'s server pinned to CPU 0
    with the benchmark's signing key and no send rate limit (this process moves to CPU 1)."""
    data_dir = stack.enter_context(data_directory())
    database_url, redis_url = await connected_database(stack, data_dir)
    env = server_env(database_url, redis_url)
    base, popen = stack.enter_context(server_process(cpu=0, data_dir=data_dir, extra_env=env, module=module))
    pin_to_cpu(1)
    return base, psutil.Process(popen.pid)


async def run(args: argparse.Namespace) -> None:
    async with AsyncExitStack() as stack:
        base, process = await chat_server(stack, "benchmarks.fanout_floor" if args.server == "floor" else "edusphere")
        ws_url = base.replace("http://", "ws://") + "/ws"
        rooms = await populate(args.rooms, args.subscribers)

        tally = Tally()
        clients: list[Client] = []
        total = args.rooms * args.subscribers
        for room_id, _, tokens in rooms:
            for token in tokens:
                clients.append(await open_socket(ws_url, token, room_id, tally))
                progress("subscribers", len(clients), total)
        await asyncio.sleep(1.0)
        # The generator stands for a thousand separate clients: its own collector pausing every
        # socket at once (40-60 ms full collections over the sockets' objects) is not the server's
        # latency. Long-lived objects are frozen and collection waits until the figures are in.
        gc.collect()
        gc.freeze()
        gc.disable()

        # Independent senders are not in step: spread their phases over one interval, unless asked
        # for the worst case (--arrivals lockstep: every room posts at the same instant).
        spread = 0.0 if args.arrivals == "lockstep" else 1 / (args.rate * len(rooms))
        duration = args.warmup + args.seconds
        senders = asyncio.gather(*(send(base, room_id, creator, args.rate, duration, n * spread, tally)
                                   for n, (room_id, creator, _) in enumerate(rooms)))  # fmt: skip
        # Warm-up: ten rooms starting from idle at once meet cold caches and connections; a
        # server runs for days, so the figures are the steady state after --warmup seconds.
        await asyncio.sleep(args.warmup)
        tally.measure_from_ns = time.time_ns()
        cpu_before = server_cpu_seconds(process)
        generator_before, wall_before = time.process_time(), time.perf_counter()
        await senders
        generator_load = (time.process_time() - generator_before) / (time.perf_counter() - wall_before)
        await asyncio.sleep(2.0)  # let the last deliveries land
        cpu = server_cpu_seconds(process) - cpu_before
        gc.enable()
        expected = tally.sent * args.subscribers
        delivered = len(tally.latencies)
        print(f"{args.rooms} rooms x {args.subscribers} subscribers, {args.rate:g} messages/s per room, "
              f"{args.seconds:g} s after {args.warmup:g} s of warm-up, {args.arrivals} arrivals, {args.server} server; "
              "server on CPU 0, generator on CPU 1")  # fmt: skip
        print(f"sent {tally.sent} messages, delivered {delivered}/{expected} "
              f"({delivered / args.seconds:,.0f} deliveries/s), lost {expected - delivered}")  # fmt: skip
        print(
            f"latency p50 {percentile(tally.latencies, 50) * 1000:.1f} ms, "
            f"p95 {percentile(tally.latencies, 95) * 1000:.1f} ms, p99 {percentile(tally.latencies, 99) * 1000:.1f} ms"
        )
        print(f"server CPU {cpu * 1e6 / max(delivered, 1):.1f} us per delivery")
        # Latency is measured in the generator: near 100% of its core, its own queueing is in the figures.
        print(f"generator CPU {generator_load:.0%} of its core")

        if args.idle:
            rss_before = worker_rss(process)
            idle: list[Client] = []
            token = rooms[0][2][0]
            for n in range(args.idle):
                idle.append(await open_socket(ws_url, token, None, Tally()))
                if (n + 1) % 100 == 0 or n + 1 == args.idle:
                    progress("idle sockets", n + 1, args.idle)
            await asyncio.sleep(1.0)
            per_socket = (worker_rss(process) - rss_before) / args.idle
            print(f"{args.idle} idle authenticated sockets: {per_socket / 1024:.1f} KB RSS each")
        for client in [*clients, *(idle if args.idle else [])]:
            assert client.socket is not None
            client.socket.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=10)
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--rate", type=float, default=20.0, help="messages per second per room")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds, after the warm-up")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of traffic before measuring")
    parser.add_argument("--arrivals", choices=["staggered", "lockstep"], default="staggered",
                        help="senders' phases spread over one interval, or all rooms posting at once")  # fmt: skip
    parser.add_argument("--idle", type=int, default=0, help="also open this many idle authenticated sockets")
    parser.add_argument("--server", choices=["edusphere", "floor"], default="edusphere",
                        help="floor: bare Sanic relaying Redis pub/sub (benchmarks/fanout_floor.py), the "
                             "least any fan-out costs on this machine")  # fmt: skip
    args = parser.parse_args()
    use_uvloop()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
