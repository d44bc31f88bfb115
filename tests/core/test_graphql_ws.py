"""graphql-transport-ws on /ws: the handshake, operations, and every close code."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport
from sanic import Sanic
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from edusphere.auth.models import User
from edusphere.core.runtime import Runtime
from tests.helpers import make_user

PROTOCOL = "graphql-transport-ws"


def ws_url(app: Sanic) -> str:
    return app.ctx.base_url.replace("http://", "ws://") + "/ws"


@asynccontextmanager
async def socket(app: Sanic, **kwargs: Any) -> AsyncIterator[ClientConnection]:
    async with connect(ws_url(app), subprotocols=[PROTOCOL], **kwargs) as ws:  # type: ignore[list-item]
        yield ws


async def send(ws: ClientConnection, message: dict[str, Any]) -> None:
    await ws.send(json.dumps(message))


async def receive(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 5))
    return message


async def closed_with(ws: ClientConnection) -> tuple[int | None, str | None]:
    async def drain() -> None:
        while True:
            await asyncio.wait_for(ws.recv(), 5)

    with pytest.raises(ConnectionClosed):
        await drain()
    assert ws.close_code is not None
    return ws.close_code, ws.close_reason


async def acked(ws: ClientConnection, token: str | None = None) -> None:
    await send(ws, {"type": "connection_init", "payload": {"accessToken": token} if token else {}})
    assert await receive(ws) == {"type": "connection_ack"}


async def test_queries_and_mutations_run_over_the_socket(app: Sanic, runtime: Runtime) -> None:
    auth = await make_user(runtime, name="Over Socket")
    async with socket(app) as ws:
        await acked(ws, auth.access_token)
        await send(ws, {"id": "1", "type": "subscribe", "payload": {"query": "{ me { displayName } }"}})
        assert await receive(ws) == {
            "id": "1",
            "type": "next",
            "payload": {"data": {"me": {"displayName": "Over Socket"}}},
        }
        assert await receive(ws) == {"id": "1", "type": "complete"}
        mutation = 'mutation { updateProfile(input: {displayName: "Renamed"}) { displayName } }'
        await send(ws, {"id": "2", "type": "subscribe", "payload": {"query": mutation}})
        assert (await receive(ws))["payload"]["data"]["updateProfile"]["displayName"] == "Renamed"
        assert await receive(ws) == {"id": "2", "type": "complete"}
        await send(ws, {"type": "ping"})
        assert await receive(ws) == {"type": "pong"}
    assert (await User.get(id=auth.user.id)).display_name == "Renamed"


async def test_invalid_documents_get_an_error_message_not_a_close(app: Sanic) -> None:
    async with socket(app) as ws:
        await acked(ws)
        await send(ws, {"id": "a", "type": "subscribe", "payload": {"query": "{ me { id }"}})
        error = await receive(ws)
        assert error["type"] == "error"
        assert error["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        await send(ws, {"id": "b", "type": "subscribe", "payload": {"query": "{ __typename }"}})
        assert (await receive(ws))["payload"] == {"data": {"__typename": "Query"}}


async def test_gql_client_speaks_to_the_server(app: Sanic, runtime: Runtime) -> None:
    """A client nobody here wrote."""
    auth = await make_user(runtime, name="Via gql")
    transport = WebsocketsTransport(
        url=ws_url(app), subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"accessToken": auth.access_token},
    )  # fmt: skip
    async with Client(transport=transport) as session:
        result = await session.execute(gql("{ me { displayName role } }"))
    assert result == {"me": {"displayName": "Via gql", "role": "LEARNER"}}


async def test_no_connection_init_in_time_closes_4408(app: Sanic) -> None:
    async with socket(app) as ws:
        assert await closed_with(ws) == (4408, "Connection initialisation timeout")


async def test_a_bad_token_closes_4403(app: Sanic) -> None:
    async with socket(app) as ws:
        await send(ws, {"type": "connection_init", "payload": {"accessToken": "not.a.token"}})
        assert (await closed_with(ws))[0] == 4403


async def test_subscribe_before_ack_closes_4401(app: Sanic) -> None:
    async with socket(app) as ws:
        await send(ws, {"id": "1", "type": "subscribe", "payload": {"query": "{ __typename }"}})
        assert (await closed_with(ws))[0] == 4401


async def test_a_second_init_closes_4429(app: Sanic) -> None:
    async with socket(app) as ws:
        await acked(ws)
        await send(ws, {"type": "connection_init"})
        assert (await closed_with(ws))[0] == 4429


@pytest.mark.parametrize("frame", ["not json", "[1, 2]", '{"type": 5}', '{"type": "launch_missiles"}',
                                   '{"type": "subscribe", "payload": {"query": "{ __typename }"}}'])  # fmt: skip
async def test_malformed_messages_close_4400(app: Sanic, frame: str) -> None:
    async with socket(app) as ws:
        await acked(ws)
        await ws.send(frame)
        assert (await closed_with(ws))[0] == 4400


async def test_a_duplicate_operation_id_closes_4409(app: Sanic) -> None:
    async with socket(app) as ws:
        await acked(ws)
        slow = {"id": "same", "type": "subscribe", "payload": {"query": "{ categories { id } }"}}
        await ws.send(json.dumps(slow))
        await ws.send(json.dumps(slow))
        assert await closed_with(ws) == (4409, "Subscriber for same already exists")


async def test_frames_over_64_kib_are_refused(app: Sanic) -> None:
    async with socket(app, max_size=None) as ws:
        await acked(ws)
        await send(ws, {"id": "big", "type": "subscribe", "payload": {"query": "{ __typename }" + " " * 70_000}})
        assert (await closed_with(ws))[0] == 1009


async def test_foreign_origins_are_refused(app: Sanic) -> None:
    async with socket(app, origin="https://evil.example") as ws:  # type: ignore[arg-type]
        assert await closed_with(ws) == (4403, "Forbidden origin")


async def test_a_client_without_the_subprotocol_is_refused_at_the_handshake(app: Sanic) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(ws_url(app)):
            pass
    assert refused.value.response.status_code == 400


@pytest.mark.parametrize("length", [0, 5, 125, 126, 65535, 65536, 70000])
def test_the_fast_path_frame_header_matches_the_websockets_library(length: int) -> None:
    from websockets.frames import Frame, Opcode

    from edusphere.core.graphql.ws import text_frame_header

    data = b"x" * length
    assert text_frame_header(length) + data == Frame(Opcode.TEXT, data).serialize(mask=False, extensions=[])
