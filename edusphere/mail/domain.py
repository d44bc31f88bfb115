"""What mail brings: the outbox's worker in every server process, its `/readyz` section, the
development Mailbox's page and the `edusphere mail` commands."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sanic import Blueprint

from edusphere.core.domain import Domain, Worker
from edusphere.core.runtime import Runtime
from edusphere.core.settings import ConfigurationError
from edusphere.mail import commands

log = logging.getLogger(__name__)


def _blueprints() -> Sequence[Blueprint]:
    from edusphere.mail.routes import bp

    return (bp,)


def _outbox_worker(rt: Runtime, process_name: str) -> Worker | None:
    """None when switched off (MAIL_WORKER=false) or, outside production, when this process has
    no SMTP server (an app started without `serve`'s main process): the mail then waits."""
    from edusphere.mail.worker import OutboxWorker

    settings = rt.settings
    if not settings.mail.worker:
        return None
    if settings.mail.smtp_url is None:
        if settings.is_production:
            raise ConfigurationError("SMTP_URL is not set: production refuses to start without an SMTP server.")
        log.warning("No SMTP_URL in this process: mail waits in the outbox until a server with one sends it")
        return None
    return OutboxWorker(rt, process_name)


async def _readiness(rt: Runtime) -> dict[str, object]:
    from edusphere.mail import outbox

    return {"mail_outbox": await outbox.readiness_section()}


DOMAIN = Domain(
    name="mail",
    package="edusphere.mail",
    blueprints=_blueprints,
    workers=(_outbox_worker,),
    readiness=_readiness,
    commands=commands.install,
)
