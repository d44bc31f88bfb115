"""GraphQL resolvers for the mailed links: verification, password reset, email change, and the
admin's support actions (imported by `auth.resolvers`, which registers the domain's resolvers)."""

from __future__ import annotations

from typing import Any

from edusphere.auth import email_change, recovery, support, verification
from edusphere.auth.models import User
from edusphere.auth.viewer import current_viewer, require_admin, require_viewer
from edusphere.core.graphql import RequestContext, resolver


@resolver("User.emailVerified")
async def user_email_verified(user: User, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool | None:
    viewer = current_viewer(ctx)
    if viewer is not None and (viewer.id == user.id or viewer.is_admin):
        return verification.is_verified(user)
    return None


@resolver("Mutation.verifyEmail")
async def verify_email(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    await verification.verify_email(ctx.runtime, args["token"])
    return True


@resolver("Mutation.resendVerification")
async def resend_verification(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    await verification.resend_verification(ctx.runtime, require_viewer(ctx))
    return True


@resolver("Mutation.requestPasswordReset")
async def request_password_reset(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    await recovery.request_password_reset(ctx.runtime, args["email"], ctx.client_address)
    return True


@resolver("Mutation.resetPassword")
async def reset_password(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    await recovery.reset_password(ctx.runtime, args["token"], args["newPassword"])
    return True


@resolver("Mutation.requestEmailChange")
async def request_email_change(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    viewer = require_viewer(ctx)
    await email_change.request_email_change(ctx.runtime, viewer, new_email=args["newEmail"], password=args["password"])
    return True


@resolver("Mutation.confirmEmailChange")
async def confirm_email_change(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    await email_change.confirm_email_change(ctx.runtime, args["token"])
    return True


@resolver("Mutation.sendVerificationEmail")
async def send_verification_email(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    admin = require_admin(ctx)
    await support.send_verification_email(ctx.runtime, admin, args["userId"], args.get("reason"))
    return True


@resolver("Mutation.sendPasswordResetEmail")
async def send_password_reset_email(parent: Any, args: dict[str, Any], ctx: RequestContext, info: Any) -> bool:
    admin = require_admin(ctx)
    await support.send_password_reset_email(ctx.runtime, admin, args["userId"], args.get("reason"))
    return True
