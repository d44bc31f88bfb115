"""GraphQL over WebSocket: the `graphql-transport-ws` protocol on `GET /ws`.

The protocol of the `graphql-ws` JavaScript client and of Python's `gql`:
connection_init -> connection_ack, ping/pong, subscribe -> next* -> complete (or error), and a
client `complete` to stop an operation. Queries and mutations run over the socket as over HTTP,
through the same document limits and the same engine.

Close codes: 4400 bad message, 4401 subscribe before the ack, 4403 forbidden (a bad token or
origin; later, the token expired or its session or account ended), 4406 wrong subprotocol,
4408 no connection_init in time, 4409 duplicate operation id, 4429 a second connection_init;
1009 for frames over the size limit (the websockets library).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from sanic import Blueprint, Request
from sanic.server.websockets.impl import WebsocketImplProtocol
from websockets.protocol import State

from edusphere.core.errors import INTERNAL_MESSAGE, AppError, ErrorCode, bad_input
from edusphere.core.graphql.context import RequestContext
from edusphere.core.graphql.http import client_address, request_from_json
from edusphere.core.graphql.limits import check_document, root_arguments
from edusphere.core.graphql.registry import registered_streams
from edusphere.core.runtime import Runtime

log = logging.getLogger(__name__)

PROTOCOL = "graphql-transport-ws"
MAX_FRAME_BYTES = 64 * 1024
MAX_OPERATIONS_PER_SOCKET = 100

bp = Blueprint("graphql_ws")


class CloseCode(IntEnum):
    BAD_REQUEST = 4400
    UNAUTHORIZED = 4401
    FORBIDDEN = 4403
    SUBPROTOCOL_NOT_ACCEPTABLE = 4406
    INIT_TIMEOUT = 4408
    DUPLICATE_OPERATION = 4409
    TOO_MANY_INITS = 4429


@dataclass
class StreamRequest:
    """A subscription served by a registered stream handler (see `registry.stream`)."""

    operation_id: str
    document: str
    operation_name: str | None
    variables: dict[str, Any]
    arguments: dict[str, Any]
    context: RequestContext
    connection_id: str
    engine: Any
    send_frame: Callable[[str], Awaitable[None]]
    # Writes one text message made of these UTF-8 parts at once, without awaiting; False when it
    # cannot (socket busy, paused or closing), and the caller must fall back to `send_frame`.
    write_now: Callable[..., bool]

    def frame(self, payload_json: str) -> str:
        """A `next` message around an already serialised payload: only the id is added."""
        return f'{{"id":{json.dumps(self.operation_id)},"type":"next","payload":{payload_json}}}'

    @cached_property
    def next_prefix(self) -> bytes:
        """`frame()` up to the payload, encoded once: fan-out writes prefix, payload, `}`."""
        return f'{{"id":{json.dumps(self.operation_id)},"type":"next","payload":'.encode()

    def write_next_now(self, payload: bytes) -> bool:
        return self.write_now(self.next_prefix, payload, b"}")

    async def send(self, payload: dict[str, Any]) -> None:
        await self.send_frame(self.frame(json.dumps(payload, separators=(",", ":"), default=str)))


class _Close(Exception):
    def __init__(self, code: CloseCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@bp.websocket("/ws", subprotocols=[PROTOCOL])
async def graphql_ws(request: Request, ws: WebsocketImplProtocol) -> None:
    await Connection(request, ws).run()


def origin_allowed(request: Request, allowed: tuple[str, ...]) -> bool:
    """Browsers always send Origin: it must be this site or a configured origin. Other clients
    send none, and a token is what protects them."""
    origin = request.headers.get("origin")
    if origin is None or origin in allowed:
        return True
    return bool(urlsplit(origin).netloc == request.headers.get("host"))


class Connection:
    def __init__(self, request: Request, ws: WebsocketImplProtocol) -> None:
        self.request = request
        self.ws = ws
        self.runtime: Runtime = request.app.ctx.runtime
        self.context = RequestContext(runtime=self.runtime, client_address=client_address(request))
        self.initialised = False
        self.acknowledged = False
        self.operations: dict[str, asyncio.Task[None]] = {}
        self.connection_id = secrets.token_hex(8)
        self._token: str | None = None
        self._unwatch: Callable[[], object] | None = None

    async def run(self) -> None:
        try:
            if self.ws.subprotocol != PROTOCOL:
                raise _Close(CloseCode.SUBPROTOCOL_NOT_ACCEPTABLE, "Subprotocol not acceptable")
            if not origin_allowed(self.request, self.runtime.settings.allowed_origins):
                raise _Close(CloseCode.FORBIDDEN, "Forbidden origin")
            try:
                async with asyncio.timeout(self.runtime.settings.ws_init_timeout_seconds):
                    first = await self.ws.recv()
            except TimeoutError:
                raise _Close(CloseCode.INIT_TIMEOUT, "Connection initialisation timeout") from None
            message = first
            while message is not None:
                await self.handle(message)
                message = await self.ws.recv()
        except _Close as close:
            await self.ws.close(close.code, close.reason)
        finally:
            if self._unwatch is not None:
                self._unwatch()
            for task in self.operations.values():
                task.cancel()

    async def recheck(self) -> None:
        """Authenticate the token again (its session or user changed); end the socket if it fails,
        else carry on as the viewer it now proves (a new role, say)."""
        if self._token is None:
            return
        try:
            self.context.viewer = await self.request.app.ctx.authenticate(self.runtime, self._token)
        except AppError as error:
            await self.end(error.message)
        except Exception:  # Redis or the database unreachable: keep the socket; its token's expiry still ends it
            log.warning("could not re-check socket %s; it stays until its token expires", self.connection_id)

    async def end(self, reason: str) -> None:
        """Close as no longer authorised: the app's client reconnects with a fresh token, or
        finds its session over."""
        with contextlib.suppress(ConnectionError):
            await self.ws.close(CloseCode.FORBIDDEN, reason)

    async def handle(self, raw: str | bytes) -> None:
        message = _parse(raw)
        kind = message["type"]
        if kind == "connection_init":
            await self._init(message.get("payload"))
        elif kind == "ping":
            await self._send({"type": "pong"})
        elif kind == "pong":
            return
        elif kind == "subscribe":
            self._subscribe(message)
        elif kind == "complete":
            task = self.operations.pop(_operation_id(message), None)
            if task is not None:
                task.cancel()
        else:
            raise _Close(CloseCode.BAD_REQUEST, f"Unknown message type {kind!r}")

    async def _init(self, payload: Any) -> None:
        if self.initialised:
            raise _Close(CloseCode.TOO_MANY_INITS, "Too many initialisation requests")
        self.initialised = True
        token = _token(payload)
        if token:
            try:
                self.context.viewer = await self.request.app.ctx.authenticate(self.runtime, token)
            except AppError:
                raise _Close(CloseCode.FORBIDDEN, "Forbidden") from None
            self._token = token
            self._unwatch = self.request.app.ctx.watch_socket(self.runtime, self.context.viewer, self)
        self.acknowledged = True
        await self._send({"type": "connection_ack"})

    def _subscribe(self, message: dict[str, Any]) -> None:
        if not self.acknowledged:
            raise _Close(CloseCode.UNAUTHORIZED, "Unauthorized")
        operation_id = _operation_id(message)
        if operation_id in self.operations:
            raise _Close(CloseCode.DUPLICATE_OPERATION, f"Subscriber for {operation_id} already exists")
        payload = message.get("payload")
        task = asyncio.create_task(self._operate(operation_id, payload))
        self.operations[operation_id] = task
        task.add_done_callback(lambda _: self._forget(operation_id, task))

    def _forget(self, operation_id: str, task: asyncio.Task[None]) -> None:
        if self.operations.get(operation_id) is task:
            del self.operations[operation_id]

    async def _operate(self, operation_id: str, payload: Any) -> None:
        try:
            await self._run_operation(operation_id, payload)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("operation %s failed", operation_id)
            internal = AppError(ErrorCode.INTERNAL, INTERNAL_MESSAGE).as_graphql()
            await self._send({"id": operation_id, "type": "error", "payload": [internal]})

    async def _run_operation(self, operation_id: str, payload: Any) -> None:
        settings = self.runtime.settings
        try:
            if len(self.operations) > MAX_OPERATIONS_PER_SOCKET:
                raise bad_input(f"At most {MAX_OPERATIONS_PER_SOCKET} operations may run on one socket")
            params = request_from_json(payload)
            info = check_document(params.query, params.operation_name, settings.graphql, settings.introspection)
        except AppError as error:
            await self._send({"id": operation_id, "type": "error", "payload": [error.as_graphql()]})
            return
        engine = self.request.app.ctx.engine
        handler = registered_streams().get(info.root_fields[0]) if info.operation == "subscription" else None
        if handler is not None:
            errors = engine.validate(params.query)
            try:
                if errors:
                    raise bad_input(errors[0]["message"])
                request = StreamRequest(
                    operation_id=operation_id,
                    document=params.query,
                    operation_name=params.operation_name,
                    variables=params.variables or {},
                    arguments=root_arguments(params.query, params.operation_name, params.variables),
                    context=self.context,
                    connection_id=self.connection_id,
                    engine=engine,
                    send_frame=self._send_raw,
                    write_now=self._write_now,
                )
                await handler(request)
            except AppError as error:
                await self._send({"id": operation_id, "type": "error", "payload": [error.as_graphql()]})
                return
        elif info.operation == "subscription":
            async for result in engine.subscribe(
                params.query, variables=params.variables, operation_name=params.operation_name, context=self.context
            ):
                await self._send({"id": operation_id, "type": "next", "payload": result})
        else:
            result = await engine.execute(
                params.query,
                variables=params.variables,
                operation_name=params.operation_name,
                context=self.context,
                time_limit=settings.graphql.timeout_seconds,
            )
            await self._send({"id": operation_id, "type": "next", "payload": result})
        await self._send({"id": operation_id, "type": "complete"})

    async def _send(self, message: dict[str, Any]) -> None:
        await self._send_raw(json.dumps(message, separators=(",", ":"), default=str))

    def _write_now(self, *parts: bytes) -> bool:
        """The fan-out fast path: straight to the transport when nothing else is writing. Without
        extensions the frame is built here, one header and one write for the parts; with one (say
        permessage-deflate) the protocol object encodes it."""
        ws = self.ws
        io = ws.io_proto
        if ws.conn_mutex.locked() or ws.ws_proto.state is not State.OPEN or io is None:
            return False
        transport = io.transport
        if transport is None or transport.is_closing() or not io._can_write.is_set():
            return False
        if ws.ws_proto.extensions:
            ws.ws_proto.send_text(b"".join(parts))
            for data in ws.ws_proto.data_to_send():
                if data:
                    transport.write(data)
            return True
        transport.write(b"".join((text_frame_header(sum(map(len, parts))), *parts)))
        return True

    async def _send_raw(self, frame: str) -> None:
        with contextlib.suppress(ConnectionError):
            await self.ws.send(frame)


def text_frame_header(length: int) -> bytes:
    """The header of a whole, unmasked (server-to-client) text frame of `length` bytes, RFC 6455
    section 5.2: FIN + opcode 1, then the length in 7 bits, or 126 + 16 bits, or 127 + 64 bits."""
    if length < 126:
        return bytes((0x81, length))
    if length < 1 << 16:
        return b"\x81\x7e" + length.to_bytes(2, "big")
    return b"\x81\x7f" + length.to_bytes(8, "big")


def _parse(raw: str | bytes) -> dict[str, Any]:
    try:
        message = json.loads(raw)
    except ValueError:
        raise _Close(CloseCode.BAD_REQUEST, "Invalid message received: not JSON") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise _Close(CloseCode.BAD_REQUEST, "Invalid message received: no type")
    return message


def _operation_id(message: dict[str, Any]) -> str:
    operation_id = message.get("id")
    if not isinstance(operation_id, str) or not operation_id:
        raise _Close(CloseCode.BAD_REQUEST, "Invalid message received: no id")
    return operation_id


def _token(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return None
    token = payload.get("accessToken") or payload.get("authorization") or payload.get("Authorization")
    if not isinstance(token, str):
        return None
    return token.removeprefix("Bearer ").strip() or None
