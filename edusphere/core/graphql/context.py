"""What every resolver receives as `ctx`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from edusphere.core.runtime import Runtime


class Principal(Protocol):
    """All `core` knows of who is asking: an id (the socket's rate limits and logs use it).
    `edusphere.auth.viewer.Viewer` is the one implementation."""

    @property
    def id(self) -> UUID: ...


@dataclass
class RequestContext:
    runtime: Runtime
    # Who is asking: opaque here (`core` never imports a domain). `edusphere.auth` puts its
    # Viewer here and is the one that reads it back (`auth.viewer.current_viewer`).
    viewer: Principal | None = None
    client_address: str = ""
    # Per-request memo for batch loaders (one dict per request, dropped with it).
    loaders: dict[str, Any] = field(default_factory=dict)
