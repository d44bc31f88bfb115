"""What a domain package brings to the server and to the command line, in one description.

`app.py` and `cli.py` iterate the domains listed in `edusphere.domains` and wire what each
`Domain` declares; neither names a domain. A domain package exposes its description as
`DOMAIN` in its `domain.py`.

- `blueprints`: HTTP routes of its own (webhooks, uploads), mounted on the app.
- `workers`: background tasks, one set per server process (they start after the process's
  connections are open and stop before they close); each factory returns a `Worker` or
  `None` when the settings switch it off.
- `readiness`: a section of `/readyz` details (figures, and `incidents` an operator must see).
- `commands`: `edusphere <name> ...` sub-commands, added to the CLI's parser.

Everything is resolved lazily (factories, not instances) so listing the domains imports no
server code and `core` stays free of domain imports.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sanic import Blueprint

from edusphere.core.runtime import Runtime


class Worker(Protocol):
    """A background task owned by one server process."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


WorkerFactory = Callable[[Runtime, str], "Worker | Sequence[Worker] | None"]
"""(runtime, a name unique to this process and stable across its restarts) -> worker(s)."""

Readiness = Callable[[Runtime], Awaitable[dict[str, object]]]

CommandInstaller = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]
"""Adds a domain's sub-commands; each parser sets `run=` to a callable taking the parsed args."""


@dataclass(frozen=True)
class Domain:
    name: str
    package: str
    blueprints: Callable[[], Sequence[Blueprint]] = lambda: ()
    workers: Sequence[WorkerFactory] = ()
    readiness: Readiness | None = None
    commands: CommandInstaller | None = None
