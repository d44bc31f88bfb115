"""GraphQL over WebSocket: the `graphql-transport-ws` protocol on `GET /ws`.

The protocol of the `graphql-ws` JavaScript client and of Python's `gql`:
connection_init -> connection_ack, ping/pong, subscribe -> next* -> complete (or error), and a
client `complete` to stop an operation. Subscriptions are served by the stream registered for
their root field (see `registry.stream`); queries and mutations run over the socket as over HTTP,
through the same document limits and the same engine, each with a context of its own (a fresh
loader memo, the viewer the socket proves now), so an open socket never answers from stale
access or stale data.

Close codes: 4400 bad message, 4401 subscribe before the ack, 4403 forbidden (a bad token or
origin; later, the token expired or its session or account ended), 4406 wrong subprotocol,
4408 no connection_init in time (pings before it do not count), 4409 duplicate operation id,
4429 a second connection_init; 1007 a text frame that is not UTF-8; 1009 a frame over the size
limit (the websockets library); 1013 the client does not read what it is sent (resume with
`since`); 1001 the server process is stopping (`close_for_restart`: reconnect, to another
process, and resume with `since`). Reasons are cut to the 123 bytes a close frame holds; the
code is always kept.

Reads do not wait either: a whole message goes from the protocol's frames to the connection's
inbox as it arrives (not through Sanic's frame assembler, which paused the transport around each
message), so the operations of one read start in the same turn; the inbox is handled in order.

Writes never wait: every frame goes to the transport at once (in the order it was made, so one
operation's frames never overtake each other), and a socket whose unsent bytes pass
MAX_BUFFERED_BYTES is closed 1013 instead of the server keeping every frame for a client that
does not read. Operations are capped per socket and per user; `complete` ends one at once: it
sends nothing more and stops counting, and its task is cancelled again and again until it ends
(on Python 3.11 `asyncio.wait_for`, used inside redis-py, can swallow one cancel).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import weakref
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from uuid import UUID

from sanic import Blueprint, Request
from sanic.server.websockets.impl import WebsocketImplProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import Event, State

from edusphere.core.errors import INTERNAL_MESSAGE, AppError, ErrorCode, bad_input
from edusphere.core.graphql.context import RequestContext
from edusphere.core.graphql.http import client_address, request_from_json
from edusphere.core.graphql.limits import check_document, root_arguments
from edusphere.core.graphql.registry import registered_streams
from edusphere.core.jsonvalue import InvalidJSON, loads
from edusphere.core.runtime import Runtime
from edusphere.core.text import find_unstorable

if TYPE_CHECKING:
    from edusphere.core.graphql.context import Principal

log = logging.getLogger(__name__)

PROTOCOL = "graphql-transport-ws"
MAX_FRAME_BYTES = 64 * 1024
MAX_OPERATIONS_PER_SOCKET = 100
# Across every socket of one user in this process: a few browser tabs, each watching its rooms.
MAX_OPERATIONS_PER_USER = 300
MAX_OPERATION_ID_LENGTH = 128
# Unsent bytes a socket may hold before it is closed 1013 (one frame may go past it).
MAX_BUFFERED_BYTES = 1024 * 1024
# Messages (and their bytes) received and not yet handled before the socket stops reading (TCP
# then holds the rest); it reads again once both are under half.
MAX_INBOX = 256
MAX_INBOX_BYTES = 1024 * 1024
MAX_REASON_BYTES = 123  # a close frame's payload is at most 125 bytes, two of them the code
# After our close frame, how long to wait for the client's: closing a TCP connection with unread
# data resets it, and the client then sees 1006 instead of our code.
CLOSE_DRAIN_SECONDS = 2.0
# A completed operation whose task has not ended is cancelled again after this, then twice as
# long each time: long enough for its cleanup to run, short enough not to leak.
RECANCEL_SECONDS = 0.5
MAX_RECANCEL_SECONDS = 5.0

bp = Blueprint("graphql_ws")


class CloseCode(IntEnum):
    INVALID_PAYLOAD = 1007
    TRY_AGAIN_LATER = 1013
    BAD_REQUEST = 4400
    UNAUTHORIZED = 4401
    FORBIDDEN = 4403
    SUBPROTOCOL_NOT_ACCEPTABLE = 4406
    INIT_TIMEOUT = 4408
    DUPLICATE_OPERATION = 4409
    TOO_MANY_INITS = 4429
    GOING_AWAY = 1001


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
    # cannot (the operation or the socket has ended), and the caller must fall back to
    # `send_frame` (which then drops it too).
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


@dataclass(eq=False)
class _Operation:
    """One operation id's run. `ended` is set the moment it stops counting (the client's
    `complete`, its own end, or the socket's): from then on it sends nothing."""

    id: str
    user_id: UUID | None
    task: asyncio.Task[None] | None = None
    ended: bool = False
    recancel_after: float = RECANCEL_SECONDS


# Live operations per user id, over every socket of this process (for MAX_OPERATIONS_PER_USER).
_user_operations: Counter[UUID] = Counter()
_open: weakref.WeakSet[Connection] = weakref.WeakSet()


def open_connections() -> list[Connection]:
    """This process's sockets that have not ended yet."""
    return list(_open)


def open_count() -> int:
    """How many sockets this process holds open now (for the admin's dashboard)."""
    return len(_open)


RESTART_REASON = "Server restarting; reconnect and resume with `since`"


async def close_for_restart(drain_seconds: float = 0.5) -> None:
    """Close every socket of this process with 1001 (going away) and wait, at most
    `drain_seconds`, for them to end. Sanic's own stop cancels the socket handlers first and
    closes with 1000 (normal closure), which tells a client it was done on purpose; 1001 says
    reconnect (to another process) and resume with `since`. The process still listens while
    this runs (Sanic closes its listener after `before_server_stop`), so a client that comes
    straight back is closed too, and the wait is short: a client answers a close in
    milliseconds, and one that does not is cut off by Sanic's stop."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + drain_seconds
    while connections := open_connections():
        for connection in connections:
            connection.close(CloseCode.GOING_AWAY, RESTART_REASON)
        remaining = deadline - loop.time()
        if remaining <= 0:
            return
        waits = [asyncio.ensure_future(connection.ended.wait()) for connection in connections]
        _, late = await asyncio.wait(waits, timeout=min(remaining, 0.05))
        for wait in late:
            wait.cancel()


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
        self.viewer: Principal | None = None
        self.initialised = False
        self.acknowledged = False
        self.operations: dict[str, _Operation] = {}
        self.connection_id = secrets.token_hex(8)
        self._address = client_address(request)
        self._token: str | None = None
        self._unwatch: Callable[[], object] | None = None
        self._closing = False
        self._finished = False
        self._draining = False
        self._peer_closed = asyncio.Event()
        self.ended = asyncio.Event()  # set once the socket has ended (`close_for_restart` waits)
        # Whole messages as they arrived, for `run` (see `_process_events`); the transport stops
        # reading while MAX_INBOX messages or MAX_INBOX_BYTES wait.
        self._inbox: deque[str | bytes] = deque()
        self._inbox_bytes = 0
        self._arrived = asyncio.Event()
        self._fragments: list[bytes | bytearray | memoryview] = []
        self._fragmented_text = False
        self._reading_paused = False
        self._peer_closing = False  # the client's close frame arrived
        self._tasks: set[asyncio.Task[None]] = set()  # every operation's task until it ends
        self._receivers: set[asyncio.Task[Any]] = set()
        ws.process_events = self._process_events  # type: ignore[method-assign]
        _open.add(self)

    async def run(self) -> None:
        init_timer = asyncio.get_running_loop().call_later(
            self.runtime.settings.ws_init_timeout_seconds, self._init_timed_out
        )
        try:
            if self.ws.subprotocol != PROTOCOL:
                raise _Close(CloseCode.SUBPROTOCOL_NOT_ACCEPTABLE, "Subprotocol not acceptable")
            if not origin_allowed(self.request, self.runtime.settings.allowed_origins):
                raise _Close(CloseCode.FORBIDDEN, "Forbidden origin")
            while not self._closing:
                message = await self._receive()
                if message is None:
                    break
                await self.handle(message)
        except _Close as close:
            self.close(close.code, close.reason)
        except Exception:
            log.exception("socket %s failed", self.connection_id)
            self.close(1011, "Internal server error")
        finally:
            try:
                init_timer.cancel()
                self._end_all_operations()
                if self._closing:
                    await self._drain()
                    # Close the TCP connection now: Sanic's own close, after this handler,
                    # would wait behind a keepalive ping stuck on a client that does not read.
                    self.ws.end_connection()  # type: ignore[no-untyped-call]
                await self._await_operations()
            finally:
                self._finish()

    def close(self, code: int, reason: str) -> None:
        """Send our close frame now (never waiting behind a client that does not read), end
        every operation, and stop the receive loop; `run` then waits for the client's close."""
        if self._closing:
            return
        self._closing = True
        proto, transport = self.ws.ws_proto, self._transport()
        if proto.state is State.OPEN and transport is not None:
            proto.send_close(code, fit_reason(reason))
            for data in proto.data_to_send():
                if data:
                    transport.write(data)
        self._end_all_operations()
        self._arrived.set()

    async def recheck(self) -> None:
        """Authenticate the token again (its session or user changed); end the socket if it fails,
        else carry on as the viewer it now proves (a new role, say) from the next operation on."""
        if self._token is None:
            return
        try:
            self.viewer = await self.request.app.ctx.authenticate(self.runtime, self._token)
        except AppError as error:
            await self.end(error.message)
        except Exception:  # Redis or the database unreachable: keep the socket; its token's expiry still ends it
            log.warning("could not re-check socket %s; it stays until its token expires", self.connection_id)

    async def end(self, reason: str) -> None:
        """Close as no longer authorised: the app's client reconnects with a fresh token, or
        finds its session over."""
        self.close(CloseCode.FORBIDDEN, reason)

    async def handle(self, raw: str | bytes) -> None:
        storable = isinstance(raw, str) and _MAYBE_UNSTORABLE.search(raw) is None
        message = _parse(raw, storable)
        kind = message["type"]
        if kind == "connection_init":
            await self._init(message.get("payload"))
        elif kind == "ping":
            self._send({"type": "pong"})
        elif kind == "pong":
            return
        elif kind == "subscribe":
            self._subscribe(message, storable)
        elif kind == "complete":
            operation = self.operations.get(_operation_id(message, storable))
            if operation is not None:
                self._end(operation)
        else:
            raise _Close(CloseCode.BAD_REQUEST, f"Unknown message type {kind!r}")

    # -- receiving ------------------------------------------------------------------------

    async def _receive(self) -> str | bytes | None:
        """The next message; None once the socket is closing (from either side). A lost
        connection cancels this task (Sanic cancels the handler), which raises here."""
        while not self._inbox:
            if self._closing or self._peer_closing or self.ws.ws_proto.state is State.CLOSED:
                return None
            self._arrived.clear()
            await self._arrived.wait()
        if self._closing:
            return None
        message = self._inbox.popleft()
        self._inbox_bytes -= len(message)
        if self._reading_paused and len(self._inbox) <= MAX_INBOX // 2 and self._inbox_bytes <= MAX_INBOX_BYTES // 2:
            self._resume_reading()
        return message

    def _pause_reading(self) -> None:
        transport = self._transport()
        if transport is not None and not self._reading_paused:
            transport.pause_reading()
            self._reading_paused = True

    def _resume_reading(self) -> None:
        self._reading_paused = False
        transport = self._transport()
        if transport is not None:
            transport.resume_reading()

    def _arrive(self, event: Frame) -> None:
        """A data frame: a whole message goes to the inbox (text decoded as UTF-8, strictly)."""
        if event.opcode is Opcode.TEXT or event.opcode is Opcode.BINARY:
            self._fragments = [event.data]
            self._fragmented_text = event.opcode is Opcode.TEXT
        elif event.opcode is Opcode.CONT:
            self._fragments.append(event.data)
        else:
            return  # pings are answered by the protocol itself
        if not event.fin:
            return
        data = self._fragments[0] if len(self._fragments) == 1 else b"".join(self._fragments)
        self._fragments = []
        if self._fragmented_text:
            try:
                message: str | bytes = str(data, "utf-8")
            except UnicodeDecodeError:
                self.close(CloseCode.INVALID_PAYLOAD, "Invalid UTF-8 in a text frame")
                return
        else:
            message = bytes(data)
        self._inbox.append(message)
        self._inbox_bytes += len(message)
        self._arrived.set()
        if len(self._inbox) >= MAX_INBOX or self._inbox_bytes >= MAX_INBOX_BYTES:
            self._pause_reading()

    async def _drain(self) -> None:
        """After our close frame, read (and drop) what the client still sends until its own
        close frame arrives, or a short while. Frames are no longer handed to Sanic's frame
        assembler (a recv cancelled by `close` leaves it unusable): the messages parked in it
        are released and the transport reads again, so the client's close frame is seen."""
        self._draining = True
        for receiver in list(self._receivers):
            receiver.cancel()
        self._inbox.clear()
        self._inbox_bytes = 0
        if self._reading_paused:
            self._resume_reading()
        if self.ws.ws_proto.close_rcvd is None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(CLOSE_DRAIN_SECONDS):
                    await self._peer_closed.wait()

    async def _process_events(self, events: Sequence[Event]) -> None:
        """Sanic's `WebsocketImplProtocol.process_events`, without its frame assembler: Sanic
        parks each complete message there until the handler fetches it, pausing the transport
        for every message and resuming it after, with a task, a lock and a wait each way (a
        third of a socket mutation's server CPU went there). Here the frames of a message are
        joined and the message goes to the connection's inbox at once, every message of one
        read in the same turn (so that their operations start together, and their Redis
        scripts travel as one pipeline: `core.redis`); the transport pauses only while
        MAX_INBOX messages (or MAX_INBOX_BYTES) wait. A text message that is not UTF-8 closes
        1007 (Sanic's assembler raised in a task nobody awaited: the message was dropped), and
        once the socket is closing nothing is taken in."""
        if self._finished:
            return
        if self._draining:
            if self.ws.ws_proto.close_rcvd is not None:  # parsed as the bytes came in
                self._peer_closed.set()
            return
        task = asyncio.current_task()
        assert task is not None
        self._receivers.add(task)
        try:
            async with self.ws.process_event_mutex:
                for event in events:
                    if self._finished:
                        return
                    if not isinstance(event, Frame):
                        continue
                    if event.opcode is Opcode.PONG:
                        await self.ws.process_pong(event)
                    elif event.opcode is Opcode.CLOSE:
                        self._peer_closing = True
                        self._arrived.set()
                    elif not self._closing:
                        self._arrive(event)
        finally:
            self._receivers.discard(task)

    def _finish(self) -> None:
        """The socket has ended: release whatever still waits to hand it a frame, and whatever
        would keep its objects alive after it."""
        self._finished = True
        self.ended.set()
        _open.discard(self)
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None
        for receiver in list(self._receivers):
            receiver.cancel()
        self.ws.process_events = _drop_events  # type: ignore[method-assign]
        # Sanic's HTTP timeout check, scheduled when the connection came in, is never cancelled
        # for an upgraded one and holds it (request, protocol, transport) for half a timeout.
        check: asyncio.TimerHandle | None = getattr(self.ws.io_proto, "_callback_check_timeouts", None)
        if check is not None:
            check.cancel()

    # -- messages -------------------------------------------------------------------------

    def _init_timed_out(self) -> None:
        if not self.initialised:
            self.close(CloseCode.INIT_TIMEOUT, "Connection initialisation timeout")

    async def _init(self, payload: Any) -> None:
        if self.initialised:
            raise _Close(CloseCode.TOO_MANY_INITS, "Too many initialisation requests")
        self.initialised = True
        _refuse_unstorable(payload, "payload")
        token = _token(payload)
        if token:
            try:
                viewer = await self.request.app.ctx.authenticate(self.runtime, token)
            except AppError:
                raise _Close(CloseCode.FORBIDDEN, "Forbidden") from None
            if self._closing:
                return
            self.viewer = viewer
            self._token = token
            self._unwatch = self.request.app.ctx.watch_socket(self.runtime, viewer, self)
        self.acknowledged = True
        self._send({"type": "connection_ack"})

    def _subscribe(self, message: dict[str, Any], storable: bool) -> None:
        if not self.acknowledged:
            raise _Close(CloseCode.UNAUTHORIZED, "Unauthorized")
        operation_id = _operation_id(message, storable)
        if operation_id in self.operations:
            raise _Close(CloseCode.DUPLICATE_OPERATION, f"Subscriber for {operation_id} already exists")
        user_id = self.viewer.id if self.viewer is not None else None
        refusal = self._refusal(user_id)
        if refusal is not None:
            self._send({"id": operation_id, "type": "error", "payload": [refusal.as_graphql()]})
            return
        operation = _Operation(operation_id, user_id)
        self.operations[operation_id] = operation
        if user_id is not None:
            _user_operations[user_id] += 1
        task = asyncio.create_task(self._operate(operation, message.get("payload"), storable))
        operation.task = task
        self._tasks.add(task)
        task.add_done_callback(partial(self._operation_done, operation))

    def _refusal(self, user_id: UUID | None) -> AppError | None:
        if len(self.operations) >= MAX_OPERATIONS_PER_SOCKET:
            return bad_input(
                f"At most {MAX_OPERATIONS_PER_SOCKET} operations may run at once on one socket; complete one first",
                limit="operations",
            )
        if user_id is not None and _user_operations[user_id] >= MAX_OPERATIONS_PER_USER:
            return bad_input(
                f"At most {MAX_OPERATIONS_PER_USER} operations may run at once for one user "
                "(over all their sockets); complete one first",
                limit="operations",
            )
        return None

    # -- operations -----------------------------------------------------------------------

    def _end(self, operation: _Operation) -> None:
        """End `operation` at once: it stops counting and sends nothing more; its task is
        cancelled until it ends."""
        if operation.ended:
            return
        operation.ended = True
        if self.operations.get(operation.id) is operation:
            del self.operations[operation.id]
        if operation.user_id is not None:
            _user_operations[operation.user_id] -= 1
            if _user_operations[operation.user_id] <= 0:
                del _user_operations[operation.user_id]
        self._cancel(operation)

    def _cancel(self, operation: _Operation) -> None:
        """Cancel the operation's task, and again later (for as long as it has not ended)."""
        task = operation.task
        if task is None or task.done() or task is asyncio.current_task():
            return
        task.cancel()
        asyncio.get_running_loop().call_later(operation.recancel_after, self._cancel_again, operation)

    def _cancel_again(self, operation: _Operation) -> None:
        operation.recancel_after = min(operation.recancel_after * 2, MAX_RECANCEL_SECONDS)
        self._cancel(operation)

    def _operation_done(self, operation: _Operation, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._end(operation)

    def _end_all_operations(self) -> None:
        for operation in list(self.operations.values()):
            self._end(operation)

    async def _await_operations(self) -> None:
        """Let the ended operations' tasks run their cleanup (they were cancelled) before the
        socket's handler returns, so that its tasks end with it."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=MAX_RECANCEL_SECONDS)

    def _stale(self, operation: _Operation) -> bool:
        """Whether `operation` has ended; one that still sends survived a cancel (see the module
        docstring), so it is cancelled again now."""
        if not operation.ended:
            return False
        task = operation.task
        if task is not None and not task.done():
            task.cancel()
        return True

    def _context(self) -> RequestContext:
        """One operation's context: its own loader memo, the viewer the socket proves now."""
        return RequestContext(runtime=self.runtime, viewer=self.viewer, client_address=self._address)

    async def _operate(self, operation: _Operation, payload: Any, storable: bool) -> None:
        try:
            result = await self._run_operation(operation, payload, storable)
        except AppError as error:
            self._send_for(operation, {"id": operation.id, "type": "error", "payload": [error.as_graphql()]})
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("operation %s failed", operation.id)
            internal = AppError(ErrorCode.INTERNAL, INTERNAL_MESSAGE).as_graphql()
            self._send_for(operation, {"id": operation.id, "type": "error", "payload": [internal]})
        else:
            if self._stale(operation):
                return
            complete = _complete_frame(operation.id)
            if result is None:
                self._write_messages(complete)
            else:  # a query's or mutation's answer and its end, in one write
                self._write_messages(_encode({"id": operation.id, "type": "next", "payload": result}), complete)

    async def _run_operation(self, operation: _Operation, payload: Any, storable: bool) -> dict[str, Any] | None:
        """A subscription's stream until it ends (None), or a query's or mutation's result."""
        settings = self.runtime.settings
        # The door: no unstorable string, no deep nesting.
        params = request_from_json(payload, storable=storable)
        info = check_document(params.query, params.operation_name, settings.graphql, settings.introspection)
        engine = self.request.app.ctx.engine
        context = self._context()
        if info.operation == "subscription":
            # The gate validates the document against the schema and coerces its variables, as
            # for HTTP; a subscription's root is then exactly one plain field (see `limits`).
            engine.admit(params.query, params.operation_name, params.variables)
            handler = registered_streams().get(info.root_fields[0])
            if handler is None:
                raise bad_input(f"Subscription.{info.root_fields[0]} cannot be served")
            await handler(
                StreamRequest(
                    operation_id=operation.id,
                    document=params.query,  # the hub renders it with `execute_event`, which reads it as the gate does
                    operation_name=params.operation_name,
                    variables=params.variables or {},
                    arguments=root_arguments(params.query, params.operation_name, params.variables),
                    context=context,
                    connection_id=self.connection_id,
                    engine=engine,
                    send_frame=partial(self._send_frame_for, operation),
                    write_now=partial(self._write_now_for, operation),
                )
            )
            return None
        result: dict[str, Any] = await engine.execute(
            params.query,
            variables=params.variables,
            operation_name=params.operation_name,
            context=context,
            time_limit=settings.graphql.timeout_seconds,
        )
        return result

    # -- sending --------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        self._write(_encode(message))

    def _send_for(self, operation: _Operation, message: dict[str, Any]) -> None:
        if not self._stale(operation):
            self._write(_encode(message))

    async def _send_frame_for(self, operation: _Operation, frame: str) -> None:
        if not self._stale(operation):
            self._write(frame.encode())

    def _write_now_for(self, operation: _Operation, *parts: bytes) -> bool:
        return not self._stale(operation) and self._write(*parts)

    def _transport(self) -> asyncio.Transport | None:
        io = self.ws.io_proto
        transport = io.transport if io is not None else None
        if transport is None or transport.is_closing():
            return None
        return transport

    def _write_messages(self, *messages: bytes) -> bool:
        """Write each of `messages` as a text message of its own, in one transport write."""
        if len(messages) == 1 or self.ws.ws_proto.extensions:
            return all([self._write(message) for message in messages])
        return self._write(*messages, framed=True)

    def _write(self, *parts: bytes, framed: bool = False) -> bool:
        """Write one text message made of these UTF-8 parts now; False when the socket is no
        longer open. Without extensions the frame is built here, one header and one write; with
        one (say permessage-deflate) the protocol object encodes it. Past MAX_BUFFERED_BYTES of
        unsent data the socket is closed 1013 instead."""
        proto = self.ws.ws_proto
        transport = self._transport()
        if proto.state is not State.OPEN or transport is None:
            return False
        if transport.get_write_buffer_size() > MAX_BUFFERED_BYTES:
            self.close(CloseCode.TRY_AGAIN_LATER, "Too much unread data; reconnect and resume with `since`")
            return False
        if framed:  # each part a message of its own (no extensions: see `_write_messages`)
            transport.write(b"".join([piece for part in parts for piece in (text_frame_header(len(part)), part)]))
        elif proto.extensions:
            proto.send_text(b"".join(parts))
            for data in proto.data_to_send():
                if data:
                    transport.write(data)
        else:
            transport.write(b"".join((text_frame_header(sum(map(len, parts))), *parts)))
        return True


async def _drop_events(events: Sequence[Event]) -> None:
    """What an ended socket does with incoming frames."""


def text_frame_header(length: int) -> bytes:
    """The header of a whole, unmasked (server-to-client) text frame of `length` bytes, RFC 6455
    section 5.2: FIN + opcode 1, then the length in 7 bits, or 126 + 16 bits, or 127 + 64 bits."""
    if length < 126:
        return bytes((0x81, length))
    if length < 1 << 16:
        return b"\x81\x7e" + length.to_bytes(2, "big")
    return b"\x81\x7f" + length.to_bytes(8, "big")


def fit_reason(reason: str) -> str:
    """`reason` cut to the bytes a close frame holds, never through a character (a longer one
    makes the close itself fail, and the client sees 1000 instead of our code)."""
    encoded = reason.encode("utf-8", "replace")
    if len(encoded) <= MAX_REASON_BYTES:
        return encoded.decode()
    return encoded[:MAX_REASON_BYTES].decode("utf-8", "ignore")


def _complete_frame(operation_id: str) -> bytes:
    return _encode({"id": operation_id, "type": "complete"})


def _encode(message: dict[str, Any]) -> bytes:
    # ensure_ascii (the default) escapes every non-ASCII character, lone surrogates included.
    return _ENCODER.encode(message).encode()


# `json.dumps` with arguments builds an encoder on every call: one, made once.
_ENCODER = json.JSONEncoder(separators=(",", ":"), default=str)
# The only ways a message's JSON text can spell U+0000 or a lone surrogate (the frame's text is
# UTF-8, which holds neither as itself, and JSON refuses raw control characters in strings):
# without a match, no string decoded from it needs `find_unstorable`'s walk. A match (an escaped
# backslash before "u0000" too) only means the walk is made.
_MAYBE_UNSTORABLE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


def _parse(raw: str | bytes, storable: bool) -> dict[str, Any]:
    """The message; `storable`: its text holds no escape of an unstorable character."""
    try:
        message = loads(raw)
    except InvalidJSON as error:
        raise _Close(CloseCode.BAD_REQUEST, f"Invalid message received: {error}") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise _Close(CloseCode.BAD_REQUEST, "Invalid message received: no type")
    if message["type"] != "subscribe" and not storable:  # a subscribe's payload is answered with an error
        _refuse_unstorable(message, "message")
    return message


def _refuse_unstorable(value: Any, what: str) -> None:
    found = find_unstorable(value)
    if found is not None:
        where, reason = found
        raise _Close(CloseCode.BAD_REQUEST, f"Invalid message received: {what} {where} {reason}")


def _operation_id(message: dict[str, Any], storable: bool) -> str:
    operation_id = message.get("id")
    if not isinstance(operation_id, str) or not operation_id:
        raise _Close(CloseCode.BAD_REQUEST, "Invalid message received: no id")
    if len(operation_id) > MAX_OPERATION_ID_LENGTH:
        raise _Close(CloseCode.BAD_REQUEST, f"Invalid message received: ids are at most {MAX_OPERATION_ID_LENGTH} long")
    if not storable:
        _refuse_unstorable(operation_id, "id")
    return operation_id


def _token(payload: Any) -> str | None:
    """The access token the payload carries (None: an anonymous socket); one that is not a
    string is refused as a bad token."""
    if not isinstance(payload, dict):
        return None
    token = payload.get("accessToken") or payload.get("authorization") or payload.get("Authorization")
    if token is None:
        return None
    if not isinstance(token, str):
        raise _Close(CloseCode.FORBIDDEN, "Forbidden")
    return token.removeprefix("Bearer ").strip() or None
