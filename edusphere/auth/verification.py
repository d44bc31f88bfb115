"""Email verification: a link mailed at sign-up proves the owner reads mail at their address.

Unverified accounts browse and learn free courses as before; what sends money or puts a course
in front of the public needs a proven address first (receipts and refunds go there, and so do
learners' questions): `require_verified` refuses publishing and checkout with
`EmailNotVerified` (FORBIDDEN, reason EMAIL_NOT_VERIFIED).

The link is `<PUBLIC_BASE_URL>/verify-email?token=...`; the token lives 48 hours
(`email_tokens.LIFETIMES`) and only the newest one works. `resend_verification` mails a new one,
at most VERIFICATION_MAIL_LIMIT per account per window (the sign-up's own mail included). The
count is of the outbox's rows, under the account's row lock: it survives a Redis restart and
two racing resends cannot both pass it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from tortoise.transactions import in_transaction

from edusphere.auth import email_tokens
from edusphere.auth.authentication import user_changed
from edusphere.auth.models import EmailTokenPurpose, User
from edusphere.auth.viewer import Viewer
from edusphere.core import ratelimit
from edusphere.core.errors import AppError, ErrorCode, bad_input
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, MailRefused, OutboxMessage, Recipient, compose, enqueue

Gated = Literal["publish", "buy"]
_GATED_WORDS: dict[Gated, str] = {"publish": "publish a course", "buy": "buy a course"}


class EmailNotVerified(AppError):
    """The account has not proved its address yet, and the action needs it to have."""

    def __init__(self, action: Gated) -> None:
        super().__init__(
            ErrorCode.FORBIDDEN,
            f"Verify your email address to {_GATED_WORDS[action]}: open the link we emailed you, or ask for a new one.",
            reason="EMAIL_NOT_VERIFIED",
        )


def is_verified(user: User) -> bool:
    return user.email_verified_at is not None


def require_verified(viewer: Viewer, action: Gated) -> None:
    """Refuse `action` (publishing, checkout) for an account whose address is not proven."""
    if not is_verified(viewer.user):
        raise EmailNotVerified(action)


def already_verified() -> AppError:
    return bad_input("This email address is already verified", reason="ALREADY_VERIFIED")


def recipient(address: str, name: str) -> Recipient:
    """Who a mail to an account goes to; an address the mail layer cannot send to (it passed
    `check_email` but is no RFC 5322 address) is the form's fault, named as its email field."""
    try:
        return Recipient(address, name)
    except MailRefused:
        raise bad_input("Enter a valid email address", field="email") from None


async def send_verification(rt: Runtime, user: User) -> OutboxMessage:
    """Issue a verification token and enqueue its mail, in the caller's transaction (the
    sign-up's, a resend's, an admin's): both commit with the change or neither does."""
    to = recipient(user.email, user.display_name)
    issued = await email_tokens.issue(user, EmailTokenPurpose.VERIFY_EMAIL)
    return await enqueue(
        compose(
            rt.settings,
            MailKind.VERIFY_EMAIL,
            to,
            user_id=user.id,
            token=issued.token,
            hours=int(email_tokens.LIFETIMES[EmailTokenPurpose.VERIFY_EMAIL].total_seconds() // 3600),
        )
    )


async def verify_email(rt: Runtime, token: str) -> User:
    """Mark the address proven; `InvalidToken` (nothing changed) for a token that cannot be
    used. Needs no sign-in: the link may be opened in another browser than the app's."""
    async with in_transaction():
        _, user = await email_tokens.consume(token, EmailTokenPurpose.VERIFY_EMAIL)
        if user.email_verified_at is None:
            user.email_verified_at = datetime.now(UTC)
            await user.save(update_fields=["email_verified_at", "updated_at"])
        await email_tokens.void(user, EmailTokenPurpose.VERIFY_EMAIL)
    await user_changed(rt, user.id)
    return user


async def resend_verification(rt: Runtime, viewer: Viewer) -> None:
    """A new verification mail for the signed-in account; RATE_LIMITED past the limit,
    BAD_USER_INPUT (ALREADY_VERIFIED) when there is nothing to verify."""
    limit = rt.settings.verification_mail_limit
    async with in_transaction():
        user = await User.filter(id=viewer.id).select_for_update().first()
        if user is None:  # deleted under the session: as if signed out
            raise bad_input("This account no longer exists")
        if is_verified(user):
            raise already_verified()
        since = datetime.now(UTC) - timedelta(seconds=limit.window_seconds)
        recent = OutboxMessage.filter(user_id=user.id, kind=MailKind.VERIFY_EMAIL, created_at__gte=since)
        if await recent.count() >= limit.limit:
            oldest = await recent.order_by("created_at").first()
            wait = (oldest.created_at - since).total_seconds() if oldest is not None else limit.window_seconds
            decision = ratelimit.Decision(allowed=False, count=limit.limit, retry_after_seconds=wait)
            raise ratelimit.rate_limited(decision, "verification emails")
        await send_verification(rt, user)
