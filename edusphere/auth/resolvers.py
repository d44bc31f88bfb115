"""GraphQL resolvers for accounts: parse arguments, check the role, call a service function."""

from __future__ import annotations

from typing import Any

from edusphere import __version__
from edusphere.auth import accounts, sessions
from edusphere.auth.models import Role, User
from edusphere.auth.viewer import require_admin, require_viewer
from edusphere.core.graphql import RequestContext, resolver
from edusphere.core.pagination import connection


@resolver("Query.apiVersion")
async def api_version(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> str:
    return __version__


@resolver("Query.me")
async def me(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> User | None:
    return ctx.viewer.user if ctx.viewer else None


@resolver("User.email")
async def user_email(user: User, args: dict[str, Any], ctx: RequestContext, info: Any) -> str | None:
    viewer = ctx.viewer
    if viewer is not None and (viewer.id == user.id or viewer.is_admin):
        return user.email
    return None


@resolver("Query.users")
async def users(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> dict[str, Any]:
    require_admin(ctx)
    raw = args.get("filter") or {}
    user_filter = accounts.UserFilter(
        search=raw.get("search"),
        role=Role(raw["role"]) if raw.get("role") else None,
        is_active=raw.get("isActive"),
    )
    page = await accounts.list_users(ctx.runtime, user_filter, args.get("first"), args.get("after"))
    return connection(page.users, page.cursors, page.has_next_page, total_count=page.total_count)


@resolver("Mutation.register")
async def register(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> sessions.AuthResult:
    data = args["input"]
    user = await accounts.register(
        ctx.runtime,
        email=data["email"],
        password=data["password"],
        display_name=data["displayName"],
        role=Role(data["role"]),
        client_address=ctx.client_address,
    )
    return _signed_in(ctx, await sessions.start_session(ctx.runtime, user))


@resolver("Mutation.login")
async def login(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> sessions.AuthResult:
    return _signed_in(ctx, await sessions.login(ctx.runtime, args["email"], args["password"], ctx.client_address))


@resolver("Mutation.refreshToken")
async def refresh_token(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> sessions.AuthResult:
    return _signed_in(ctx, await sessions.refresh_session(ctx.runtime, args["refreshToken"]))


@resolver("Mutation.logout")
async def logout(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    return await sessions.logout(ctx.runtime, args["refreshToken"])


@resolver("Mutation.updateProfile")
async def update_profile(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> User:
    return await accounts.update_profile(ctx.runtime, require_viewer(ctx), display_name=args["input"]["displayName"])


@resolver("Mutation.changePassword")
async def change_password(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    viewer = require_viewer(ctx)
    await accounts.change_password(ctx.runtime, viewer, current=args["currentPassword"], new=args["newPassword"])
    return True


@resolver("Mutation.setUserRole")
async def set_user_role(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> User:
    admin = require_admin(ctx)
    return await accounts.set_user_role(ctx.runtime, admin, args["userId"], Role(args["role"]))


@resolver("Mutation.setUserActive")
async def set_user_active(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> User:
    admin = require_admin(ctx)
    return await accounts.set_user_active(ctx.runtime, admin, args["userId"], args["isActive"])


def _signed_in(ctx: RequestContext, result: sessions.AuthResult) -> sessions.AuthResult:
    """From here on the request acts as the user who just proved who they are."""
    ctx.viewer = result.viewer
    return result
