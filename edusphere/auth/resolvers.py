"""GraphQL resolvers for accounts: parse arguments, check the role, call a service function."""

from __future__ import annotations

from typing import Any

from edusphere import __version__
from edusphere.auth import accounts, admin, password_policy, sessions
from edusphere.auth.models import Role, User
from edusphere.auth.viewer import current_viewer, require_admin, require_viewer
from edusphere.core.errors import bad_input
from edusphere.core.graphql import RequestContext, resolver
from edusphere.core.pagination import edges, page_info
from edusphere.core.text import check_instant

# `passwordProblems`'s context arguments: far beyond any email (254) or display name (80) as
# typed, and short enough that a hostile one costs nothing to fold and search.
PASSWORD_CONTEXT_MAX_LENGTH = 1_000


@resolver("Query.apiVersion")
async def api_version(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> str:
    return __version__


@resolver("Query.me")
async def me(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> User | None:
    viewer = current_viewer(ctx)
    return viewer.user if viewer else None


@resolver("User.email")
async def user_email(user: User, args: dict[str, Any], ctx: RequestContext, info: Any) -> str | None:
    viewer = current_viewer(ctx)
    if viewer is not None and (viewer.id == user.id or viewer.is_admin):
        return user.email
    return None


def _user_filter(raw: dict[str, Any] | None) -> admin.UserFilter:
    raw = raw or {}
    return admin.UserFilter(
        search=raw.get("search"),
        role=Role(raw["role"]) if raw.get("role") else None,
        is_active=raw.get("isActive"),
        created_after=check_instant(raw.get("createdAfter"), "createdAfter"),
        created_before=check_instant(raw.get("createdBefore"), "createdBefore"),
    )


@resolver("Query.users")
async def users(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> admin.UserPage:
    require_admin(ctx)
    sort = admin.UserSort(args.get("sort") or admin.UserSort.NEWEST)
    user_filter = _user_filter(args.get("filter"))
    return await admin.list_users(ctx.runtime, user_filter, args.get("first"), args.get("after"), sort)


@resolver("UserConnection.edges")
async def user_edges(page: admin.UserPage, args: dict[str, Any], ctx: RequestContext, info: Any) -> list[Any]:
    return edges(page.users, page.cursors)


@resolver("UserConnection.pageInfo")
async def user_page_info(page: admin.UserPage, args: dict[str, Any], ctx: RequestContext, info: Any) -> Any:
    return page_info(page.cursors, page.has_next_page)


@resolver("UserConnection.totalCount")
async def user_total(page: admin.UserPage, args: dict[str, Any], ctx: RequestContext, info: Any) -> int:
    """Counted (up to COUNT_CAP) only when asked for; one count with totalCountCapped."""
    return await page.counter.count()


@resolver("UserConnection.totalCountCapped")
async def user_total_capped(page: admin.UserPage, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    return await page.counter.capped()


@resolver("Query.adminUser")
async def admin_user(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> admin.UserDetail | None:
    require_admin(ctx)
    return await admin.user_detail(args["id"])


@resolver("Query.passwordProblems")
async def password_problems(
    parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any
) -> list[password_policy.Problem]:
    """No rate limit: it costs no more than a set lookup on at most 256 characters, tells
    nothing about any account, and the list it consults is public."""
    email, display_name = args.get("email"), args.get("displayName")
    for field, value in (("email", email), ("displayName", display_name)):
        if value is not None and len(value) > PASSWORD_CONTEXT_MAX_LENGTH:
            raise bad_input(f"{field} must be at most {PASSWORD_CONTEXT_MAX_LENGTH} characters", field=field)
    viewer = current_viewer(ctx)
    if viewer is not None:
        email = viewer.user.email if email is None else email
        display_name = viewer.user.display_name if display_name is None else display_name
    return password_policy.problems(args["password"], email=email, display_name=display_name)


@resolver("UserDetail.sessions")
async def user_sessions(
    detail: admin.UserDetail, args: dict[str, Any], ctx: RequestContext, info: Any
) -> list[sessions.LiveSession]:
    return await sessions.live_sessions(detail.user.id)


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
    viewer = require_admin(ctx)
    return await admin.set_user_role(ctx.runtime, viewer, args["userId"], Role(args["role"]), args.get("reason"))


@resolver("Mutation.setUserActive")
async def set_user_active(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> User:
    viewer = require_admin(ctx)
    return await admin.set_user_active(ctx.runtime, viewer, args["userId"], args["isActive"], args.get("reason"))


@resolver("Mutation.setUsersActive")
async def set_users_active(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> admin.BulkOutcome:
    viewer = require_admin(ctx)
    return await admin.set_users_active(ctx.runtime, viewer, args["userIds"], args["isActive"], args.get("reason"))


@resolver("Mutation.endUserSessions")
async def end_user_sessions(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> int:
    viewer = require_admin(ctx)
    return await admin.end_user_sessions(ctx.runtime, viewer, args["userId"], args.get("reason"))


def _signed_in(ctx: RequestContext, result: sessions.AuthResult) -> sessions.AuthResult:
    """From here on the request acts as the user who just proved who they are."""
    ctx.viewer = result.viewer
    return result


# The mailed links' resolvers live in their own module; importing it registers them.
from edusphere.auth import email_resolvers as email_resolvers  # noqa: E402
