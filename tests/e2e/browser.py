"""Driving the web app in Debian's Chromium: launch options, console capture, and a TCP proxy
that can cut a browser's connections the way a dropped network does."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import ConsoleMessage, Error, Page, WebSocketRoute, expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google's hosts, which this
# closed network refuses (noise and delays); the rest keep the run reproducible.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "frontend" / "dist"
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Console:
    """Errors a page printed or threw; a test fails on any it did not expect."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(p.search(message.text) for p in self.allowed):
            self.errors.append(message.text)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))


async def fail_sends(page: Page, console: Console) -> None:
    """From now on every `sendMessage` fails as a dropped connection would; everything else
    (history, the socket's own traffic) goes through. The app sends over the socket while it
    is up, so the socket is routed too: a send on it closes it (the app then sends over HTTP,
    which is aborted). The page's current socket predates the route: a blink offline makes it
    dial again, through the route."""

    async def abort_sends(route):  # type: ignore[no-untyped-def]
        if "sendMessage" in (route.request.post_data or ""):
            await route.abort("connectionreset")
        else:
            await route.continue_()

    def relay(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        async def from_page(message: str | bytes) -> None:
            if isinstance(message, str) and "sendMessage" in message:
                await ws.close(code=1001, reason="dropped")
            else:
                server.send(message)

        ws.on_message(from_page)

    console.allow(r"Failed to load resource|net::ERR_|WebSocket")
    await page.route("**/graphql", abort_sends)
    await page.route_web_socket(re.compile(r"/ws$"), relay)
    await page.context.set_offline(True)
    await page.context.set_offline(False)
    await expect(page.get_by_test_id("live-status")).to_have_text("Live", timeout=20_000)


async def screenshot(page: Page, name: str) -> None:
    """Full-page PNGs for a person to look at (tests/e2e/screenshots/ is ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or DESKTOP
    suffix = "phone" if size["width"] < 640 else "desktop"
    with contextlib.suppress(Error):
        await page.screenshot(path=str(SCREENSHOTS / f"{name}-{suffix}.png"), full_page=True)


class CuttableProxy:
    """A TCP relay to the server. `cut()` resets every open connection and refuses new ones
    until `restore()`: to the browser it is a network drop, not a clean WebSocket close."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.down = False
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if self.down:
            client_writer.transport.abort()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.update((client_writer, upstream_writer))
        try:
            await asyncio.gather(_pipe(client_reader, upstream_writer), _pipe(upstream_reader, client_writer))
        finally:
            for writer in (client_writer, upstream_writer):
                self._writers.discard(writer)
                writer.transport.abort()

    def cut(self) -> None:
        self.down = True
        for writer in list(self._writers):
            writer.transport.abort()

    def restore(self) -> None:
        self.down = False

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    with contextlib.suppress(ConnectionError, OSError, RuntimeError):
        writer.close()
