"""PostgreSQL through Tortoise ORM: configuration, connect/disconnect and the migration state.

All domains share one Tortoise app (`edusphere`) and one migration history in the top-level
`migrations/` package, so cross-domain foreign keys need no cross-app migration dependencies.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise, connections
from tortoise.context import TortoiseContext
from tortoise.migrations.api import migrate as tortoise_migrate
from tortoise.migrations.executor import MigrationExecutor
from tortoise.models import Model

from edusphere.core.settings import DatabasePooler
from edusphere.domains import DOMAINS

APP_LABEL = "edusphere"
MIGRATIONS_MODULE = "migrations"


class DatabaseNotMigrated(Exception):
    """The schema is behind the code: `edusphere migrate` has to run first."""

    def __init__(self, pending: list[str]) -> None:
        super().__init__(
            f"The database has {len(pending)} unapplied migration(s) ({', '.join(pending)}). "
            "Run `edusphere migrate` first."
        )
        self.pending = pending


def model_modules() -> list[str]:
    """The domains' `models` modules (a domain without tables, like the admin, has none)."""
    return [f"{domain}.models" for domain in DOMAINS if importlib.util.find_spec(f"{domain}.models") is not None]


POOL_MAX_SIZE = 10


def pool_options(pooler: DatabasePooler) -> dict[str, int]:
    """asyncpg options a pooler needs. Behind PgBouncer in transaction mode a client's next
    transaction may run on another server connection, where a statement asyncpg prepared by
    name (its statement cache) does not exist, or one of the same name from another process
    does. With the cache off asyncpg uses the unnamed statement, parsed and executed in one
    exchange (Parse, Describe, Flush, then Bind, Execute, Sync: no Sync in between, so
    PgBouncer keeps the server connection for the whole of it)."""
    if pooler is DatabasePooler.PGBOUNCER:
        return {"statement_cache_size": 0}
    return {}


def pooled_url(database_url: str, pooler: DatabasePooler = DatabasePooler.NONE) -> str:
    """`database_url` with the pooler's asyncpg options added (those the URL names itself are
    kept: Tortoise reads them from its query). The commands connect with this URL, so a
    command run behind PgBouncer needs no option of its own."""
    parts = urlsplit(database_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    named = {name for name, _ in query}
    added = [(name, str(value)) for name, value in pool_options(pooler).items() if name not in named]
    if not added:
        return database_url
    return urlunsplit(parts._replace(query=urlencode(query + added)))


def tortoise_config(
    database_url: str, *, max_size: int = POOL_MAX_SIZE, pooler: DatabasePooler = DatabasePooler.NONE
) -> dict[str, Any]:
    url = pooled_url(database_url, pooler)
    if "max_size=" not in url:
        url += f"{'&' if '?' in url else '?'}max_size={max_size}"
    return {
        "connections": {"default": url},
        "apps": _apps_config(),
        "use_tz": True,
        "timezone": "UTC",
    }


_context: TortoiseContext | None = None


async def connect(database_url: str, pooler: DatabasePooler = DatabasePooler.NONE) -> None:
    """Tortoise 1.x keeps its state in a context variable; the global fallback makes the
    connections visible to every task (request handlers run in tasks of their own)."""
    global _context
    _context = await Tortoise.init(config=tortoise_config(database_url, pooler=pooler), _enable_global_fallback=True)


async def disconnect() -> None:
    global _context
    if _context is not None:
        await _context.close_connections()
        _context = None


async def pending_migrations() -> list[str]:
    """Names of migrations not yet applied; needs `connect` first."""
    executor = MigrationExecutor(connections.get("default"), _apps_config())
    return [f"{step.migration.app_label}.{step.migration.name}" for step in await executor.plan()]


async def ensure_migrated() -> None:
    pending = await pending_migrations()
    if pending:
        raise DatabaseNotMigrated(pending)


async def apply_migrations(
    database_url: str, progress: Callable[[str], None] | None = None, pooler: DatabasePooler = DatabasePooler.NONE
) -> None:
    def report(event: str, app_label: str, name: str) -> None:
        if progress is not None and event == "apply_done":
            progress(f"applied {app_label}.{name}")

    async def run() -> None:
        try:
            await tortoise_migrate(config=tortoise_config(database_url, pooler=pooler), progress=report)
        finally:
            await connections.close_all()

    # In a task of its own: Tortoise keeps the migration's connections in a context variable, so
    # they neither replace the caller's connections nor outlive the migration (an open pool would
    # keep the database busy, e.g. for a DROP DATABASE in tests).
    await asyncio.create_task(run())


async def ping() -> None:
    await connections.get("default").execute_query("SELECT 1")


def _apps_config() -> dict[str, dict[str, Any]]:
    return {
        APP_LABEL: {
            "models": model_modules(),
            "default_connection": "default",
            "migrations": MIGRATIONS_MODULE,
        }
    }


def select_columns(model: type[Model], alias: str) -> str:
    """`alias.col, ...` for every column of `model`, to build rows back into instances from raw SQL."""
    return ", ".join(f"{alias}.{name}" for name in model._meta.db_fields)
