"""The request context holds the viewer as an opaque Principal; auth reads it back, typed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import cast

import pytest

from edusphere.auth.viewer import current_viewer
from edusphere.core.graphql.context import Principal, RequestContext
from edusphere.core.runtime import Runtime


@dataclass(frozen=True)
class Stranger:
    """Satisfies the Principal protocol (it has an id) but is not auth's Viewer."""

    id: uuid.UUID


def test_an_anonymous_context_has_no_viewer() -> None:
    assert current_viewer(_context(None)) is None


def test_a_principal_that_auth_did_not_make_is_a_wiring_bug() -> None:
    with pytest.raises(TypeError, match="Stranger"):
        current_viewer(_context(Stranger(uuid.uuid4())))


def _context(viewer: Principal | None) -> RequestContext:
    # No resolver runs here, so the context needs no live runtime.
    return RequestContext(runtime=cast(Runtime, None), viewer=viewer)
