"""Who is making the request, and the checks resolvers use to enforce roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from edusphere.auth.models import Role, User
from edusphere.core.errors import forbidden, unauthenticated

if TYPE_CHECKING:
    from edusphere.core.graphql.context import RequestContext


@dataclass(frozen=True)
class Viewer:
    user: User
    session_id: UUID
    expires_at: float | None = None  # when the access token that proved it runs out (Unix time)

    @property
    def id(self) -> UUID:
        return self.user.id

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def is_admin(self) -> bool:
        return self.user.role is Role.ADMIN


def current_viewer(ctx: RequestContext) -> Viewer | None:
    """The request's viewer (None: anonymous). The context holds it as an opaque object."""
    viewer = ctx.viewer
    if viewer is None or isinstance(viewer, Viewer):
        return viewer
    # Only auth ever puts a viewer there; anything else is a wiring bug, never a client's doing.
    raise TypeError(f"the request context holds a {type(viewer).__name__}, not an auth Viewer")


def require_viewer(ctx: RequestContext) -> Viewer:
    viewer = current_viewer(ctx)
    if viewer is None:
        raise unauthenticated()
    return viewer


def require_role(ctx: RequestContext, *roles: Role) -> Viewer:
    viewer = require_viewer(ctx)
    if viewer.role not in roles:
        raise forbidden()
    return viewer


def require_admin(ctx: RequestContext) -> Viewer:
    return require_role(ctx, Role.ADMIN)
