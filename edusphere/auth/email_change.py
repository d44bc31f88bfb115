"""Changing the account's email address (issue 15, point 6): confirmed by a link to the new
address, announced to the old one.

`request_email_change(new_email, password)` re-authenticates with the password (a session left
open on a shared computer must not be enough to take the account over), then mails
EMAIL_CHANGE_CONFIRM with a link to the new address. Nothing about the account changes yet.
Only the newest request's link works.

`confirm_email_change(token)` switches the address (and counts it verified: the link proved
the owner reads it), voids every other pending link of the account (they went to the old
address), and mails EMAIL_CHANGED_NOTICE to the old address, so the owner learns of a change
they did not make.

An address another account has is refused with CONFLICT, reason EMAIL_TAKEN, at the request
and again at the confirmation (another account may have taken it meanwhile: the unique index
decides a race, and the loser changes nothing). That answer says the address has an account;
sign-up says so too, and here it takes a signed-in session, the account's password and the
EMAIL_CHANGE_LIMIT per account, so it is no cheaper a way to learn it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from edusphere.auth import email_tokens, passwords
from edusphere.auth.authentication import user_changed
from edusphere.auth.models import EmailTokenPurpose, User
from edusphere.auth.validation import check_email
from edusphere.auth.verification import recipient
from edusphere.auth.viewer import Viewer
from edusphere.core import ratelimit
from edusphere.core.errors import AppError, ErrorCode, bad_input
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, compose, enqueue


class EmailTaken(AppError):
    def __init__(self) -> None:
        super().__init__(
            ErrorCode.CONFLICT, "Another account uses this email address", reason="EMAIL_TAKEN", field="newEmail"
        )


async def request_email_change(rt: Runtime, viewer: Viewer, *, new_email: str, password: str) -> None:
    limit = rt.settings.email_change_limit
    decision = await ratelimit.hit(rt.redis, rt.keys("email-change", str(viewer.id)), limit.limit, limit.window_seconds)
    if not decision.allowed:
        raise ratelimit.rate_limited(decision, "email change requests")
    user = viewer.user
    if not await passwords.verify_password(rt.settings.password_hashing, user.password_hash, password):
        raise bad_input("The password is incorrect", field="password")
    try:
        normalized = check_email(new_email)
    except AppError as error:
        error.details["field"] = "newEmail"
        raise
    if normalized == user.email:
        raise bad_input("This is already your email address", field="newEmail", reason="UNCHANGED")
    to = recipient(normalized, user.display_name)
    if await User.filter(email=normalized).exists():
        raise EmailTaken()
    async with in_transaction():
        locked = await User.filter(id=user.id).select_for_update().first()
        if locked is None:
            raise bad_input("This account no longer exists")
        issued = await email_tokens.issue(locked, EmailTokenPurpose.EMAIL_CHANGE, email=normalized)
        await enqueue(
            compose(
                rt.settings,
                MailKind.EMAIL_CHANGE_CONFIRM,
                to,
                user_id=locked.id,
                token=issued.token,
                old_email=locked.email,
                hours=int(email_tokens.LIFETIMES[EmailTokenPurpose.EMAIL_CHANGE].total_seconds() // 3600),
            )
        )


async def confirm_email_change(rt: Runtime, token: str) -> User:
    """Switch to the address the link was mailed to; `InvalidToken` or `EmailTaken` change nothing."""
    now = datetime.now(UTC)
    async with in_transaction():
        row, user = await email_tokens.consume(token, EmailTokenPurpose.EMAIL_CHANGE)
        new_email, old_email = row.email, user.email
        if await User.filter(email=new_email).exclude(id=user.id).exists():
            raise EmailTaken()
        old = recipient(old_email, user.display_name)
        user.email = new_email
        user.email_verified_at = now
        try:
            await user.save(update_fields=["email", "email_verified_at", "updated_at"])
        except IntegrityError:
            # Another account took the address after the look above and committed first.
            raise EmailTaken() from None
        await email_tokens.void(user, now=now)
        await enqueue(
            compose(
                rt.settings,
                MailKind.EMAIL_CHANGED_NOTICE,
                old,
                user_id=user.id,
                old_email=old_email,
                new_email=new_email,
            )
        )
    await user_changed(rt, user.id)
    return user
