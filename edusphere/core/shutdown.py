"""A worker's graceful stop (SIGTERM, a rolling restart): what it does before Sanic's own steps.

Sanic, told to stop, stops listening, runs `before_server_stop`, cancels the WebSocket handlers
(their sockets close with 1000, normal closure), closes idle HTTP connections, waits up to
GRACEFUL_SHUTDOWN_TIMEOUT for the busy ones, then runs `after_server_stop` (the domains' workers
stop there: the write-behind finishes the batch in hand). Two things of that are wrong for a
restart under traffic, and are done here first:

- sockets: closed with 1001 (going away), so a client reconnects, to another process, and
  resumes with `since` (`graphql.ws.close_for_restart`);
- keep-alive HTTP connections: a client that keeps sending (a chat sender) keeps its
  connection busy, so Sanic never finds it idle and goes on serving it until the timeout.
  Every response after the stop began says `Connection: close`, so each connection ends with the
  request in hand and the client's next request goes to a process that is staying.
"""

from __future__ import annotations

import logging
from typing import Any

from sanic import Request, Sanic
from sanic.response import BaseHTTPResponse

from edusphere.core.graphql.ws import close_for_restart, open_count

log = logging.getLogger(__name__)

App = Sanic[Any, Any]


def install_graceful_shutdown(app: App, timeout_seconds: float) -> None:
    """`timeout_seconds` bounds Sanic's wait for the busy connections (SHUTDOWN_TIMEOUT_SECONDS);
    the domains' workers then have their own grace (the write-behind's batch in hand)."""
    app.config.GRACEFUL_SHUTDOWN_TIMEOUT = timeout_seconds
    app.ctx.stopping = False
    app.before_server_stop(_begin_stop)
    app.register_middleware(_close_when_stopping, "response")


async def _begin_stop(app: App) -> None:
    app.ctx.stopping = True
    log.info("stopping: closing %d sockets with 1001, HTTP connections after their request", open_count())
    await close_for_restart()
    log.info("stopping: sockets closed")


async def _close_when_stopping(request: Request, response: BaseHTTPResponse) -> None:
    if request.app.ctx.stopping:
        response.headers["connection"] = "close"
