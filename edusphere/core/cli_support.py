"""What every `edusphere` command needs, the core's and the domains' alike: the configured
PostgreSQL or Redis, or the embedded one when no URL is set, and a way to run an async command.

A domain's command (see `edusphere.core.domain`) is written as

    async def _check(args: argparse.Namespace) -> None:
        settings = Settings.from_env()
        async with database_url(settings) as url:
            ...

    parser.set_defaults(run=run_async(_check))

and the CLI turns `ConfigurationError`, `DatabaseNotMigrated` and `AppError` into a one-line
message and exit status for it.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from edusphere.core.embedded import EmbeddedServers
from edusphere.core.settings import Settings

Command = Callable[[argparse.Namespace], Coroutine[Any, Any, None]]


def run_async(command: Command) -> Callable[[argparse.Namespace], None]:
    """A parser's `run=`: the command in an event loop of its own."""
    return lambda args: asyncio.run(command(args))


@asynccontextmanager
async def database_url(settings: Settings) -> AsyncIterator[str]:
    """The configured database, or the embedded one: a server already running (`make run` in
    another terminal) is used and left running; one started for this command stops with it.
    Behind a pooler (`DATABASE_POOLER`) the URL carries the asyncpg options it needs."""
    if settings.database_url:
        from edusphere.core.database import pooled_url

        yield pooled_url(settings.database_url, settings.database_pooler)
        return
    embedded = EmbeddedServers(settings.data_dir.resolve())
    url, _ = await embedded.start(None, "unused://")
    try:
        yield url
    finally:
        embedded.stop()


@asynccontextmanager
async def redis_url(settings: Settings) -> AsyncIterator[str]:
    """The configured Redis, or the embedded one, as `database_url` finds PostgreSQL."""
    if settings.redis_url:
        yield settings.redis_url
        return
    embedded = EmbeddedServers(settings.data_dir.resolve())
    _, url = await embedded.start("unused://", None)
    try:
        yield url
    finally:
        embedded.stop()
