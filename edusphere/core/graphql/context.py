"""What every resolver receives as `ctx`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from edusphere.core.runtime import Runtime

if TYPE_CHECKING:
    from edusphere.auth.viewer import Viewer


@dataclass
class RequestContext:
    runtime: Runtime
    viewer: Viewer | None = None
    client_address: str = ""
    # Per-request memo for batch loaders (one dict per request, dropped with it).
    loaders: dict[str, Any] = field(default_factory=dict)
