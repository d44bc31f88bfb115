"""The admin's support actions on a user's page (issue 14, point 2): mail the account a new
verification link, or a password reset link, when its owner asks for help.

Each is audited, and written as `auth.admin`'s changes are: the account's row is locked, the
token, the outbox row and the audit entry are written in one transaction, so the mail goes out
exactly when the entry exists. The admin never sees the link (it goes to the account's address
only), so helping someone cannot become a way into their account. An admin's mail is not held
to the owner's own limits, and it counts towards them.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord, check_reason, record
from edusphere.auth.admin import parse_user_id
from edusphere.auth.models import User
from edusphere.auth.recovery import send_reset
from edusphere.auth.verification import already_verified, is_verified, send_verification
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import bad_input, not_found
from edusphere.core.runtime import Runtime


async def _locked_user(user_id: str) -> User:
    parsed = parse_user_id(user_id)
    user = await User.filter(id=parsed).select_for_update().first() if parsed is not None else None
    if user is None:
        raise not_found("User")
    return user


async def send_verification_email(rt: Runtime, admin: Viewer, user_id: str, reason: str | None = None) -> None:
    """Audited as USER_VERIFICATION_RESENT; BAD_USER_INPUT (ALREADY_VERIFIED) when verified."""
    text = check_reason(reason)
    async with in_transaction():
        user = await _locked_user(user_id)
        if is_verified(user):
            raise already_verified()
        await send_verification(rt, user)
        await record(
            AuditRecord(
                actor_id=admin.id,
                action=AuditAction.USER_VERIFICATION_RESENT,
                target_id=str(user.id),
                after={"sent_to": user.email},
                reason=text,
            )
        )


async def send_password_reset_email(rt: Runtime, admin: Viewer, user_id: str, reason: str | None = None) -> None:
    """Audited as USER_PASSWORD_RESET_SENT; BAD_USER_INPUT (ACCOUNT_INACTIVE) for a
    deactivated account, which could not sign in with the new password anyway."""
    text = check_reason(reason)
    async with in_transaction():
        user = await _locked_user(user_id)
        if not user.is_active:
            raise bad_input("This account is deactivated: reactivate it first", reason="ACCOUNT_INACTIVE")
        await send_reset(rt, user)
        await record(
            AuditRecord(
                actor_id=admin.id,
                action=AuditAction.USER_PASSWORD_RESET_SENT,
                target_id=str(user.id),
                after={"sent_to": user.email},
                reason=text,
            )
        )
