"""Liveness (`/healthz`: the process answers) and readiness (`/readyz`: its databases do).

Readiness details (`app.ctx.readiness_details`) are sections of figures; a section may list
`incidents`: things an operator must look at that do not make this process unready (a chat
event in the dead letters: restarting or draining the process would not bring it back). They
are gathered into the top-level `incidents` and the status reads `degraded`, still with 200,
so a load balancer keeps the process while monitoring alerts on the body.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from edusphere.core import database

bp = Blueprint("health")
CHECK_TIMEOUT_SECONDS = 2.0


@bp.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


@bp.get("/readyz")
async def readyz(request: Request) -> HTTPResponse:
    postgres, redis = await asyncio.gather(_check(database.ping()), _check(request.app.ctx.runtime.redis.ping()))
    ready = postgres == "ok" and redis == "ok"
    body: dict[str, object] = {"status": "ready" if ready else "unavailable", "postgres": postgres, "redis": redis}
    report = getattr(request.app.ctx, "readiness_details", None)
    if ready and report is not None:
        with contextlib.suppress(Exception):  # details are informative; they never fail the probe
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
                body.update(await report())
        incidents = _incidents(body)
        if incidents:
            body.update(status="degraded", incidents=incidents)
    return json(body, status=200 if ready else 503)


def _incidents(sections: dict[str, object]) -> list[str]:
    found: list[str] = []
    for name, section in sections.items():
        if isinstance(section, dict):
            found += [f"{name}: {incident}" for incident in section.get("incidents") or ()]
    return found


async def _check(probe: Awaitable[object]) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            await probe
    except Exception:  # a readiness probe reports any failure, it does not raise it
        return "unavailable"
    return "ok"
