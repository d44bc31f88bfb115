"""What payments brings: the providers' webhooks, the stale-checkout sweeper, `payments check`."""

from __future__ import annotations

from collections.abc import Sequence

from sanic import Blueprint

from edusphere.core.domain import Domain, Worker
from edusphere.core.runtime import Runtime
from edusphere.payments import commands


def _blueprints() -> Sequence[Blueprint]:
    from edusphere.payments.webhooks import bp

    return (bp,)


def _sweeper(rt: Runtime, process_name: str) -> Worker:
    from edusphere.payments.sweeper import PendingOrderSweeper

    return PendingOrderSweeper(rt)


DOMAIN = Domain(
    name="payments",
    package="edusphere.payments",
    blueprints=_blueprints,
    workers=(_sweeper,),
    commands=commands.install,
)
