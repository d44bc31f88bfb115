"""Liveness (`/healthz`: the process answers) and readiness (`/readyz`: its databases do).

Readiness details (`app.ctx.readiness_details`) are sections of figures; a section may list
`incidents`: things an operator must look at that do not make this process unready (a chat
event in the dead letters: restarting or draining the process would not bring it back). They
are gathered into the top-level `incidents` and the status reads `degraded`, still with 200,
so a load balancer keeps the process while monitoring alerts on the body.

The details come from every domain (`edusphere.core.domain`), gathered by `sections_report`:
each probe has its own time limit, and one that fails shows as `{"status": "unavailable"}`
under its domain's name (never the exception's text: `/readyz` is public) while the others'
sections still show.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from edusphere.core import database

log = logging.getLogger(__name__)

bp = Blueprint("health")
CHECK_TIMEOUT_SECONDS = 2.0
UNAVAILABLE_SECTION: dict[str, object] = {"status": "unavailable"}

SectionsProbe = Callable[[], Awaitable[dict[str, object]]]


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
            # A backstop: `sections_report` bounds each domain's probe itself.
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS + 1):
                details = await report()
            body.update({name: section for name, section in details.items() if name not in body})
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


def sections_report(probes: Mapping[str, SectionsProbe]) -> SectionsProbe:
    """`app.ctx.readiness_details` from each domain's probe (domain name -> probe), run side by
    side; a probe that fails or overruns stands for its domain as an unavailable section."""

    async def report() -> dict[str, object]:
        found = await asyncio.gather(*(_sections(name, probe) for name, probe in probes.items()))
        return {section: body for sections in found for section, body in sections.items()}

    return report


async def _sections(name: str, probe: SectionsProbe) -> dict[str, object]:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            return await probe()
    except Exception as error:  # one domain's figures never hide the others' nor fail the probe
        log.warning("readiness details of %s unavailable (%s)", name, type(error).__name__, exc_info=True)
        return {name: dict(UNAVAILABLE_SECTION)}


async def _check(probe: Awaitable[object]) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            await probe
    except Exception:  # a readiness probe reports any failure, it does not raise it
        return "unavailable"
    return "ok"
