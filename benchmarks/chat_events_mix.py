"""Chat's second release under load: fan-out of threads, reactions and mentions against plain
posts, and a reaction storm, each beside the fan-out floor measured in the same run.

Three phases, one EduSphere server (pinned to CPU 0, driven from CPU 1, as chat_fanout):

1. plain:  R rooms x M subscribers, the creator of each room posts plain messages at --rate
           (today's traffic), subscribers using the web app's document;
2. mix:    the same rooms and rate, a third each: replies in a thread naming a member
           (`<@id>`), plain posts naming one, and reactions (added and taken back in turn);
           subscribers use the document the web app uses (thread, reactions, mentions);
3. storm:  one room, --storm members each add the same emoji to one announcement within about
           a second; every subscriber counts the REACTION_CHANGED updates it is sent.

Then the same plain load on the fan-out floor (bare Sanic + Redis pub/sub, fanout_floor.py).
Senders keep to --rate without waiting for answers (slower mutations must not thin the traffic),
and each phase first measures the server idle with its subscribers connected, so each figure is
also printed net of that fixed cost, with the rate the senders reached.
Prints server CPU microseconds per delivery for each, their ratio (mix / plain; the goal is
within 10%), and the storm's updates per subscriber per second (bounded by coalescing: about
five a second, however many react).

    python -m benchmarks.chat_events_mix [--rooms 10] [--subscribers 100] [--rate 20] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

import httpx
import jwt
import orjson
import psutil

from benchmarks import wsclient
from benchmarks.chat_fanout import DOCUMENT, SEND, chat_server, populate, progress
from benchmarks.harness import server_cpu_seconds, use_uvloop

APP_DOCUMENT = """subscription($r: ID!) { roomEvents(roomId: $r) {
  type seq emoji added user { id displayName }
  message { id body threadId replyCount reactions { emoji count users { id displayName } }
            mentions { id displayName } pinned }
  thread { id replyCount lastReplyAt } } }"""
REPLY = """mutation($r: ID!, $b: String!, $c: String!, $t: ID) {
  sendMessage(roomId: $r, body: $b, clientId: $c, threadId: $t) { id seq } }"""
REACT = "mutation($m: ID!, $e: String!) { addReaction(messageId: $m, emoji: $e) { id } }"
UNREACT = "mutation($m: ID!, $e: String!) { removeReaction(messageId: $m, emoji: $e) { id } }"
IDLE_SECONDS = 3.0
LANDING_SECONDS = 30.0  # the longest measure waits for the last frames
EMOJI = ["👍", "🎉", "❤️", "😂", "🚀"]


@dataclass
class Counts:
    frames: int = 0
    reactions: int = 0
    counting: bool = False
    by_type: dict[str, int] = field(default_factory=dict)
    sent: int = 0  # events the senders sent (warm-up included)
    idle_cores: float = 0.0  # the server's CPU with the subscribers connected and no traffic, in cores
    net_us: float = 0.0  # server CPU per delivery, the idle share of the window taken off


class Subscriber:
    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        self.acknowledged: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.socket: wsclient.LeanSocket | None = None
        self.reactions = 0

    def on_text(self, raw: bytes) -> None:
        message = orjson.loads(raw)
        if message["type"] == "connection_ack" and not self.acknowledged.done():
            self.acknowledged.set_result(None)
        elif message["type"] == "next" and self.counts.counting:
            kind = message["payload"]["data"]["roomEvents"]["type"]
            self.counts.frames += 1
            self.counts.by_type[kind] = self.counts.by_type.get(kind, 0) + 1
            if kind == "REACTION_CHANGED":
                self.reactions += 1


async def subscribe_all(
    ws_url: str, rooms: list[tuple[str, str, list[str]]], document: str, counts: Counts
) -> list[Subscriber]:
    found: list[Subscriber] = []
    total = sum(len(tokens) for _, _, tokens in rooms)
    for room_id, _, tokens in rooms:
        for token in tokens:
            subscriber = Subscriber(counts)
            subscriber.socket = await wsclient.connect(ws_url, "graphql-transport-ws", subscriber.on_text)
            subscriber.socket.send_text(json.dumps({"type": "connection_init", "payload": {"accessToken": token}}))
            await asyncio.wait_for(subscriber.acknowledged, 10)
            payload = {"query": document, "variables": {"r": room_id}}
            subscriber.socket.send_text(json.dumps({"id": "e", "type": "subscribe", "payload": payload}))
            found.append(subscriber)
            progress("subscribers", len(found), total)
    await asyncio.sleep(1.0)
    return found


def close(subscribers: list[Subscriber]) -> None:
    for subscriber in subscribers:
        if subscriber.socket is not None:
            subscriber.socket.close()


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, object]) -> dict[str, object]:
    answer = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    if answer.get("errors"):
        raise RuntimeError(answer["errors"][0]["message"])
    data: dict[str, object] = answer["data"]
    return data


async def paced(rate: float, seconds: float, offset: float, send: Callable[[int], Awaitable[object]]) -> int:
    """Starts `send(n)` at `offset + n / rate` seconds for `seconds`, without waiting for the
    answers to earlier ones (an open loop: the members of a room do not wait for each other, so
    a slower kind of event must not lower the rate it arrives at, or fewer deliveries would
    share the server's fixed costs and its per-delivery figure would rise for that alone);
    returns how many were sent, once every one is answered."""
    started = time.perf_counter()
    pending: list[asyncio.Future[object]] = []
    for n in itertools.count():
        if (elapsed := time.perf_counter() - started) >= seconds:
            break
        await asyncio.sleep(max(0.0, offset + n / rate - elapsed))
        pending.append(asyncio.ensure_future(send(n)))
    await asyncio.gather(*pending)
    return len(pending)


async def plain_sender(base: str, room_id: str, token: str, rate: float, seconds: float, offset: float) -> int:
    async with httpx.AsyncClient(base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=30) as client:
        return await paced(rate, seconds, offset, lambda n: post(
            client, SEND, {"r": room_id, "b": str(time.time_ns()), "c": f"p{n}-{time.time_ns()}"}))  # fmt: skip


async def mixed_sender(base: str, room_id: str, token: str, rate: float, seconds: float, offset: float) -> int:
    """Replies naming a member, posts naming one, and reactions, in turn, at `rate` per second."""
    me = jwt.decode(token, options={"verify_signature": False})["sub"]
    async with httpx.AsyncClient(base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=30) as client:
        root = await post(client, REPLY, {"r": room_id, "b": "Thread root", "c": f"root-{time.time_ns()}", "t": None})
        root_id = root["sendMessage"]["id"]  # type: ignore[index]
        reacted: set[str] = set()

        def send(n: int) -> Awaitable[object]:
            turn = n % 3
            if turn == 0:
                body = f"<@{me}> reply {time.time_ns()}"
                return post(client, REPLY, {"r": room_id, "b": body, "c": f"r{n}-{time.time_ns()}", "t": root_id})
            if turn == 1:
                body = f"<@{me}> post {time.time_ns()}"
                return post(client, REPLY, {"r": room_id, "b": body, "c": f"m{n}-{time.time_ns()}", "t": None})
            # Each emoji is added, then taken back 15 events (0.75 s at 20/s) later: in order.
            emoji = EMOJI[(n // 3) % len(EMOJI)]
            adding = emoji not in reacted
            (reacted.add if adding else reacted.discard)(emoji)
            return post(client, REACT if adding else UNREACT, {"m": root_id, "e": emoji})

        return await paced(rate, seconds, offset, send)


async def measure(
    process: psutil.Process, counts: Counts, load: asyncio.Future[list[int]] | None, seconds: float
) -> float:
    """Server CPU seconds while `load` runs (after a one-second warm-up) and its frames land:
    counting goes on until no frame has arrived for half a second (a server behind its load is
    still fanning out; stopping at a fixed time would count the CPU of events it has taken in but
    not the deliveries they make, and a slower kind of event would look dearer for that alone)."""
    await asyncio.sleep(1.0)
    counts.counting = True
    before = server_cpu_seconds(process)
    if load is not None:
        await load
    else:
        await asyncio.sleep(seconds)
    await asyncio.sleep(1.5)
    deadline = time.perf_counter() + LANDING_SECONDS
    while time.perf_counter() < deadline:
        seen = counts.frames
        await asyncio.sleep(0.5)
        if counts.frames == seen:
            break
    counts.counting = False
    return server_cpu_seconds(process) - before


async def phase(
    base: str,
    process: psutil.Process,
    rooms: list[tuple[str, str, list[str]]],
    document: str,
    sender: object,
    args: argparse.Namespace,
) -> tuple[float, Counts]:
    counts = Counts()
    subscribers = await subscribe_all(base.replace("http://", "ws://") + "/ws", rooms, document, counts)
    # What the server spends with nobody sending (presence heartbeats, the write-behind's polls):
    # a phase whose events arrive slower spreads it over fewer deliveries.
    idle_before = server_cpu_seconds(process)
    await asyncio.sleep(IDLE_SECONDS)
    counts.idle_cores = (server_cpu_seconds(process) - idle_before) / IDLE_SECONDS
    spread = 1 / (args.rate * len(rooms))
    load = asyncio.gather(*(sender(base, room_id, creator, args.rate, args.seconds + 1.0, n * spread)  # type: ignore[operator]
                            for n, (room_id, creator, _) in enumerate(rooms)))  # fmt: skip
    started = time.perf_counter()
    cpu = await measure(process, counts, load, args.seconds)
    window = time.perf_counter() - started - 1.0  # measure's warm-up second is not in its figure
    counts.sent = sum(load.result())
    close(subscribers)
    frames = max(counts.frames, 1)
    counts.net_us = (cpu - counts.idle_cores * window) * 1e6 / frames
    return cpu * 1e6 / frames, counts


async def storm(base: str, process: psutil.Process, members: int, watchers: int) -> tuple[float, float, int]:
    """(updates per subscriber per second, seconds the reactions took, reactions accepted)."""
    [(room_id, creator, tokens)] = await populate(1, members)
    counts = Counts()
    subscribers = await subscribe_all(base.replace("http://", "ws://") + "/ws", [(room_id, creator, tokens[:watchers])],
                                      APP_DOCUMENT, counts)  # fmt: skip
    async with httpx.AsyncClient(base_url=base, headers={"authorization": f"Bearer {creator}"}, timeout=30) as client:
        sent = await post(client, SEND, {"r": room_id, "b": "Results are out", "c": f"a-{time.time_ns()}"})
        answers = await post(
            client, "query($r: ID!) { messages(roomId: $r, last: 1) { messages { id } } }", {"r": room_id}
        )
    del sent
    message_id = answers["messages"]["messages"][0]["id"]  # type: ignore[index]
    counts.counting = True
    started = time.perf_counter()
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def react(token: str) -> bool:
            response = await client.post("/graphql", json={"query": REACT, "variables": {"m": message_id, "e": "🎉"}},
                                         headers={"authorization": f"Bearer {token}"})  # fmt: skip
            return not response.json().get("errors")

        accepted = sum(await asyncio.gather(*(react(token) for token in tokens)))
    took = time.perf_counter() - started
    await asyncio.sleep(1.0)
    counts.counting = False
    window = took + 1.0
    per_subscriber = sum(s.reactions for s in subscribers) / max(len(subscribers), 1)
    close(subscribers)
    return per_subscriber / window, took, accepted


async def floor_phase(args: argparse.Namespace) -> tuple[float, Counts]:
    """The plain load on the fan-out floor: bare Sanic + Redis pub/sub."""
    async with AsyncExitStack() as stack:
        base, process = await chat_server(stack, "benchmarks.fanout_floor")
        rooms = await populate(args.rooms, args.subscribers)
        return await phase(base, process, rooms, DOCUMENT, plain_sender, args)


async def run(args: argparse.Namespace) -> None:
    async with AsyncExitStack() as stack:
        base, process = await chat_server(stack)
        rooms = await populate(args.rooms, args.subscribers)
        # The same (the web app's) document for both: what differs is the traffic, not the selection.
        plain_us, plain_counts = await phase(base, process, rooms, APP_DOCUMENT, plain_sender, args)
        rooms = await populate(args.rooms, args.subscribers)
        mix_us, mix_counts = await phase(base, process, rooms, APP_DOCUMENT, mixed_sender, args)
        rate, took, accepted = await storm(base, process, args.storm, args.watchers)
    floor_us, floor_counts = await floor_phase(args)
    seconds = args.seconds + 1.0  # the senders' warm-up second included

    def line(name: str, per_delivery: float, counts: Counts) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(counts.by_type.items()))
        return (f"{name:<30} {per_delivery:6.1f} us per delivery, {counts.net_us:6.1f} net of idle "
                f"({counts.frames} deliveries: {kinds}; {counts.sent / seconds / args.rooms:.1f} events/s per room "
                f"of {args.rate:g}; idle {counts.idle_cores:.0%} of a core)")  # fmt: skip

    print(f"{args.rooms} rooms x {args.subscribers} subscribers, {args.rate:g} events/s per room, "
          f"{args.seconds:g} s each; server on CPU 0, generator on CPU 1")  # fmt: skip
    print(line("floor (bare Sanic + pub/sub):", floor_us, floor_counts))
    print(line("plain posts:", plain_us, plain_counts))
    print(line("threads, mentions, reactions:", mix_us, mix_counts))
    print(f"mix / plain: {mix_us / plain_us:.2f}, net of idle {mix_counts.net_us / plain_counts.net_us:.2f} "
          f"(goal: at most 1.10); plain / floor {plain_us / floor_us:.2f}")  # fmt: skip
    print(f"reaction storm: {accepted} of {args.storm} members reacted to one message in {took:.2f} s; "
          f"each of {args.watchers} subscribers got {rate:.1f} updates per second")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=10)
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--rate", type=float, default=20.0, help="events per second per room")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--storm", type=int, default=500, help="members reacting in the storm")
    parser.add_argument("--watchers", type=int, default=100, help="subscribers watching the storm")
    args = parser.parse_args()
    use_uvloop()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
