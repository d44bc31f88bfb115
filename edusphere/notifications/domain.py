"""What notifications bring: the `/unsubscribe` routes, the digest worker of every server
process and its `/readyz` section."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from sanic import Blueprint

from edusphere.core.domain import Domain, Worker
from edusphere.core.runtime import Runtime


def _blueprints() -> Sequence[Blueprint]:
    from edusphere.notifications.routes import bp

    return (bp,)


def _digest_worker(rt: Runtime, process_name: str) -> Worker | None:
    """None when switched off (NOTIFICATIONS_WORKER=false): announcements then wait, and
    another process's worker sends them."""
    from edusphere.notifications.worker import DigestWorker

    return DigestWorker(rt, process_name) if rt.settings.notifications.worker else None


async def _readiness(rt: Runtime) -> dict[str, object]:
    from edusphere.notifications import digest

    found = await digest.figures(rt.settings.notifications)
    return {"notifications": {**asdict(found), "incidents": found.incidents()}}


DOMAIN = Domain(
    name="notifications",
    package="edusphere.notifications",
    blueprints=_blueprints,
    workers=(_digest_worker,),
    readiness=_readiness,
)
