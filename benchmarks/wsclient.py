"""A lean WebSocket client for the load generator, speaking just enough RFC 6455 to subscribe.

The generator stands for a thousand separate clients on one core, and latency is measured in
it: with the `websockets` library it spent ~35 us per received frame and ran at 75-80% of its
core, so its own queueing dominated the figures it printed. This client parses frames in
`data_received` (whole frames, continuation frames joined, pings answered) and nothing more; the
tests use real client libraries, this is only the instrument.
"""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

OnText = Callable[[bytes], None]

_TEXT, _CLOSE, _PING, _PONG = 0x1, 0x8, 0x9, 0xA


class WebSocketError(Exception):
    pass


class LeanSocket(asyncio.Protocol):
    def __init__(self, on_text: OnText) -> None:
        self.on_text = on_text
        self.transport: asyncio.Transport | None = None
        self.upgraded: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._buffer = bytearray()
        self._fragments: list[bytes] = []

    def connection_lost(self, exc: Exception | None) -> None:
        for future in (self.upgraded, self.closed):
            if not future.done():
                future.set_result(None) if exc is None else future.set_exception(exc)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if not self.upgraded.done():
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(self._buffer[:end]).split(b"\r\n", 1)[0]
            del self._buffer[: end + 4]
            if b" 101 " not in status:
                self.upgraded.set_exception(WebSocketError(status.decode(errors="replace")))
                return
            self.upgraded.set_result(None)
        self._read_frames()

    def _read_frames(self) -> None:
        buffer = self._buffer
        while len(buffer) >= 2:
            first, second = buffer[0], buffer[1]
            length, start = second & 0x7F, 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length, start = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length, start = int.from_bytes(buffer[2:10], "big"), 10
            if len(buffer) < start + length:
                return
            payload = bytes(buffer[start : start + length])
            del buffer[: start + length]
            self._frame(first & 0x80 != 0, first & 0x0F, payload)

    def _frame(self, final: bool, opcode: int, payload: bytes) -> None:
        if opcode == _PING:
            self._send(_PONG, payload)
        elif opcode == _CLOSE:
            if self.transport is not None:
                self.transport.close()
        elif opcode in (_TEXT, 0):
            self._fragments.append(payload)
            if final:
                whole = self._fragments[0] if len(self._fragments) == 1 else b"".join(self._fragments)
                self._fragments = []
                self.on_text(whole)

    def send_text(self, text: str) -> None:
        self._send(_TEXT, text.encode())

    def _send(self, opcode: int, payload: bytes) -> None:
        """Client frames are masked (RFC 6455 section 5.3)."""
        assert self.transport is not None
        length = len(payload)
        if length < 126:
            header = bytes((0x80 | opcode, 0x80 | length))
        elif length < 1 << 16:
            header = bytes((0x80 | opcode, 0x80 | 126)) + length.to_bytes(2, "big")
        else:
            header = bytes((0x80 | opcode, 0x80 | 127)) + length.to_bytes(8, "big")
        mask = os.urandom(4)
        repeated = (mask * (length // 4 + 1))[:length]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(length, "big")
        self.transport.write(header + mask + masked)

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self._send(_CLOSE, (1000).to_bytes(2, "big"))
            self.transport.close()


async def connect(url: str, subprotocol: str, on_text: OnText) -> LeanSocket:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    loop = asyncio.get_running_loop()
    transport, socket = await loop.create_connection(lambda: LeanSocket(on_text), host, port)
    socket.transport = transport
    key = base64.b64encode(secrets.token_bytes(16)).decode()
    headers = [
        f"GET {parts.path or '/'} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket", "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", f"Sec-WebSocket-Protocol: {subprotocol}",
    ]  # fmt: skip
    transport.write(("\r\n".join(headers) + "\r\n\r\n").encode())
    await socket.upgraded
    return socket
