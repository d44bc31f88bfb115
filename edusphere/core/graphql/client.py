"""A client of EduSphere's own API, for the programs that use the product as a person's app does
(the demo's chat seeder): queries over HTTP, mutations over `graphql-transport-ws`.

Exceptions: `ApiError` (the server answered with a GraphQL error; `.code` is its
`extensions.code`) and `ApiUnavailable` (no answer: refused, closed, timed out). Both say what
was asked; neither carries a traceback from the server, which never sends one."""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

PROTOCOL = "graphql-transport-ws"

JSON = dict[str, Any]  # a GraphQL answer's data, as the server's JSON has it


class ApiError(Exception):
    """The server refused the operation with a GraphQL error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class ApiUnavailable(Exception):
    """The server did not answer (not up yet, gone, or too slow)."""


def _data(answer: JSON) -> JSON:
    errors = answer.get("errors")
    if errors:
        first = errors[0]
        raise ApiError(str((first.get("extensions") or {}).get("code", "UNKNOWN")), str(first.get("message", "")))
    data: JSON = answer.get("data") or {}
    return data


@dataclass
class HttpApi:
    """`POST /graphql` with the viewer's bearer token (none: anonymous)."""

    base_url: str
    token: str | None = None
    timeout: float = 30.0
    _client: httpx.AsyncClient = field(init=False)

    def __post_init__(self) -> None:
        self._client = httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def execute(self, document: str, variables: JSON | None = None) -> JSON:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = await self._client.post(
                "/graphql", json={"query": document, "variables": variables or {}}, headers=headers
            )
        except httpx.HTTPError as error:
            raise ApiUnavailable(f"{self.base_url}/graphql: {error}") from error
        if response.status_code >= 500:
            raise ApiUnavailable(f"{self.base_url}/graphql answered {response.status_code}")
        return _data(response.json())


@dataclass
class SocketApi:
    """One `graphql-transport-ws` connection, acknowledged before anything is sent; each
    `execute` is a `subscribe` answered by `next` then `complete` (how the server runs a
    mutation sent over the socket)."""

    ws_url: str
    token: str
    timeout: float = 30.0
    _socket: ClientConnection | None = field(default=None, init=False)
    _ids: itertools.count[int] = field(default_factory=itertools.count, init=False)

    async def __aenter__(self) -> Self:
        try:
            self._socket = await connect(self.ws_url, subprotocols=[PROTOCOL], open_timeout=self.timeout)  # type: ignore[list-item]
            await self._socket.send(json.dumps({"type": "connection_init", "payload": {"accessToken": self.token}}))
            ack = json.loads(await asyncio.wait_for(self._socket.recv(), self.timeout))
        except (OSError, TimeoutError, WebSocketException) as error:
            raise ApiUnavailable(f"{self.ws_url}: {error}") from error
        if ack.get("type") != "connection_ack":
            raise ApiUnavailable(f"{self.ws_url}: no connection_ack ({ack.get('type')})")
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def execute(self, document: str, variables: JSON | None = None) -> JSON:
        if self._socket is None:
            raise ApiUnavailable("the socket is not open")
        operation = str(next(self._ids))
        message = {"id": operation, "type": "subscribe", "payload": {"query": document, "variables": variables or {}}}
        try:
            await self._socket.send(json.dumps(message))
            answer: JSON | None = None
            async with asyncio.timeout(self.timeout):
                while True:
                    frame = json.loads(await self._socket.recv())
                    if frame.get("type") == "ping":
                        await self._socket.send(json.dumps({"type": "pong"}))
                        continue
                    if frame.get("id") != operation:
                        continue  # a ping or another operation's frame
                    if frame["type"] == "next":
                        answer = frame["payload"]
                    elif frame["type"] == "error":
                        answer = {"errors": frame["payload"]}
                        break
                    elif frame["type"] == "complete":
                        break
        except (OSError, TimeoutError, WebSocketException) as error:
            raise ApiUnavailable(f"{self.ws_url}: {error}") from error
        if answer is None:
            raise ApiUnavailable(f"{self.ws_url}: operation {operation} completed without an answer")
        return _data(answer)
