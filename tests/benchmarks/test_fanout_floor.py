"""The fan-out floor speaks enough graphql-transport-ws for the fan-out benchmark to drive it."""

import asyncio
import json
import os
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.processes import free_port, serving

ROOT = Path(__file__).resolve().parents[2]


async def test_a_send_reaches_every_subscriber_of_its_room_only(redis_url: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    with serving(port, env, tmp_path, module="benchmarks.fanout_floor"):
        sockets = []
        for room in ("a", "a", "b"):
            ws = await connect(f"ws://127.0.0.1:{port}/ws", subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv()) == {"type": "connection_ack"}
            await ws.send(json.dumps({"id": f"s-{room}", "type": "subscribe", "payload": {"variables": {"r": room}}}))
            sockets.append(ws)
        await asyncio.sleep(0.2)  # the subscriptions are registered
        async with httpx.AsyncClient() as http:
            sent = await http.post(f"http://127.0.0.1:{port}/graphql", json={"variables": {"r": "a", "b": "hello"}})
        assert sent.json() == {"data": {"sendMessage": {"seq": 1}}}
        for ws in sockets[:2]:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert frame["id"] == "s-a"
            assert frame["payload"]["data"]["roomEvents"] == {
                "type": "MESSAGE_POSTED", "seq": 1, "message": {"body": "hello"}
            }  # fmt: skip
        with pytest.raises(TimeoutError):  # room b heard nothing
            await asyncio.wait_for(sockets[2].recv(), 0.3)
        for ws in sockets:
            await ws.close()
