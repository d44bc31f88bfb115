"""The floor under chat fan-out: bare Sanic relaying Redis pub/sub to WebSockets.

No GraphQL, no authentication, no membership, no seq, no write-behind: a send is one PUBLISH
(over HTTP, or a `subscribe` carrying a mutation over the socket, answered `next` + `complete`),
and each published message is written to every socket of its room with Sanic's own
`ws.send`. It speaks just enough `graphql-transport-ws` (connection_ack, `next` frames shaped
like roomEvents) for `benchmarks.chat_fanout --server floor` and `benchmarks.chat_send --socket`
to drive it exactly as they drive EduSphere. What it costs per delivery (and per send) on a
machine is the least any Sanic + Redis fan-out costs there, which makes EduSphere's figure
comparable across machines of different speeds.

    python -m benchmarks.fanout_floor serve --port 8001
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
from collections import defaultdict
from typing import Any

import orjson
from redis.asyncio import Redis
from sanic import Request, Sanic, Websocket, json
from sanic.response import HTTPResponse

CHANNEL = "fanout-floor:"


def create_app(redis_url: str) -> Sanic[Any, Any]:
    app = Sanic("fanout_floor")
    app.config.WEBSOCKET_MAX_SIZE = 64 * 1024
    rooms: dict[str, set[tuple[Websocket, str]]] = defaultdict(set)
    counter = {"seq": 0}

    @app.before_server_start
    async def connect(app: Sanic[Any, Any]) -> None:
        app.ctx.redis = Redis.from_url(redis_url)
        app.ctx.listener = asyncio.create_task(relay(app.ctx.redis, rooms))

    @app.after_server_stop
    async def disconnect(app: Sanic[Any, Any]) -> None:
        app.ctx.listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await app.ctx.listener
        await app.ctx.redis.aclose()

    @app.get("/readyz")
    async def ready(request: Request) -> HTTPResponse:
        return json({"ok": True})

    async def publish(variables: dict[str, Any]) -> int:
        counter["seq"] += 1
        event = {"type": "MESSAGE_POSTED", "seq": counter["seq"], "message": {"body": variables["b"]}}
        await app.ctx.redis.publish(CHANNEL + variables["r"], orjson.dumps(event))
        return counter["seq"]

    @app.post("/graphql")
    async def send(request: Request) -> HTTPResponse:
        seq = await publish((request.json or {}).get("variables", {}))
        return json({"data": {"sendMessage": {"seq": seq}}})

    @app.websocket("/ws", subprotocols=["graphql-transport-ws"])
    async def socket(request: Request, ws: Websocket) -> None:
        joined: list[tuple[str, tuple[Websocket, str]]] = []
        try:
            async for raw in ws:
                message: dict[str, Any] = orjson.loads(raw)
                if message["type"] == "connection_init":
                    await ws.send('{"type":"connection_ack"}')
                elif message["type"] == "ping":
                    await ws.send('{"type":"pong"}')
                elif message["type"] == "subscribe" and str(message["payload"].get("query", "")).startswith("mutation"):
                    # A send over the socket (chat_send --socket): answered with `next`, then `complete`.
                    seq = await publish(message["payload"]["variables"])
                    operation = orjson.dumps(message["id"]).decode()
                    await ws.send(
                        f'{{"id":{operation},"type":"next","payload":{{"data":{{"sendMessage":{{"seq":{seq}}}}}}}}}'
                    )
                    await ws.send(f'{{"id":{operation},"type":"complete"}}')
                elif message["type"] == "subscribe":
                    entry = (ws, str(message["id"]))
                    room = message["payload"]["variables"]["r"]
                    rooms[room].add(entry)
                    joined.append((room, entry))
        finally:
            for room, entry in joined:
                rooms[room].discard(entry)

    return app


async def relay(redis: Redis, rooms: dict[str, set[tuple[Websocket, str]]]) -> None:
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.psubscribe(CHANNEL + "*")
    async for message in pubsub.listen():
        room = message["channel"].decode().removeprefix(CHANNEL)
        body = message["data"].decode()
        for ws, subscription in list(rooms.get(room, ())):
            with contextlib.suppress(Exception):  # a socket closing mid-send is the reader's business
                await ws.send(f'{{"type":"next","id":"{subscription}","payload":{{"data":{{"roomEvents":{body}}}}}}}')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    app = create_app(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    app.run(host="127.0.0.1", port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
