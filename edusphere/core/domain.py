"""What a domain package brings to the server and to the command line, in one description.

`app.py` and `cli.py` iterate the domains listed in `edusphere.domains` and wire what each
`Domain` declares; neither names a domain. A domain package exposes its description as
`DOMAIN` in its `domain.py` (a package without one brings only models, SDL and resolvers).

- `blueprints`: HTTP routes of its own (webhooks, uploads), mounted on the app.
- `workers`: background tasks, one set per server process (they start after the process's
  connections and GraphQL engine exist and stop before the connections close, domains in
  reverse order); each factory returns a `Worker`, several, or `None` when the settings
  switch it off.
- `readiness`: sections of `/readyz` details (`{section: figures}`, a section may list
  `incidents` an operator must see). Name sections after the domain (`chat_write_behind`):
  when the probe fails or times out, `/readyz` shows `{<name>: {"status": "unavailable"}}`
  in their place, and the other domains' sections as usual.
- `commands`: `edusphere <name> ...` sub-commands, added to the CLI's top-level sub-parsers;
  `edusphere.core.cli_support` opens the configured (or embedded) PostgreSQL and Redis.
- `asset_uses`: how the domain puts uploaded media to use outside the media domain's own
  covers, avatars and lessons (chat's attachments): media asks every domain's before it lets a
  user open a protected asset, and before its garbage collector deletes an asset as unused.

Everything is resolved lazily (factories, not instances) so listing the domains imports no
server code and `core` stays free of domain imports.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from sanic import Blueprint

    from edusphere.core.runtime import Runtime


class Worker(Protocol):
    """A background task owned by one server process."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


WorkerFactory = Callable[["Runtime", str], "Worker | Sequence[Worker] | None"]
"""(runtime, a name unique to this process and stable across its restarts) -> worker(s)."""

Readiness = Callable[["Runtime"], Awaitable[dict[str, object]]]
"""(runtime) -> `{section name: section}` for `/readyz`."""

CommandInstaller = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]
"""Adds a domain's sub-commands; each parser sets `run=` to a callable taking the parsed args."""


@dataclass(frozen=True)
class AssetUse:
    """One domain's use of uploaded media assets.

    `may_open(user id, asset id)`: whether that use lets the user open the asset now (checked on
    every protected download, as the media domain's own rules are). `in_use(asset ids)`: those
    the use still holds, which the garbage collector must keep."""

    may_open: Callable[[UUID, UUID], Awaitable[bool]]
    in_use: Callable[[list[UUID]], Awaitable[set[UUID]]]


def _no_blueprints() -> Sequence[Blueprint]:
    return ()


def _no_asset_uses() -> Sequence[AssetUse]:
    return ()


@dataclass(frozen=True)
class Domain:
    name: str
    package: str
    blueprints: Callable[[], Sequence[Blueprint]] = _no_blueprints
    workers: Sequence[WorkerFactory] = ()
    readiness: Readiness | None = None
    commands: CommandInstaller | None = None
    asset_uses: Callable[[], Sequence[AssetUse]] = _no_asset_uses
