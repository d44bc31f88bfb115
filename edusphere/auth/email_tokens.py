"""Single-use tokens for the links we mail: verify an address, reset a password, confirm a new address.

A token is `secrets.token_urlsafe(32)` (256 random bits); only its SHA-256 is stored, so the
table is useless to whoever reads it. It is looked up by that hash through a unique index:
comparing digests of secrets an attacker cannot choose leaks nothing by its timing (to learn a
byte of a stored hash they would need a preimage), so no constant-time comparison is needed
beyond the database's.

`consume` takes the row `FOR UPDATE` in the caller's transaction and marks it used there: of two
requests with the same token, the second waits for the first to commit and then finds it used.
Whatever the caller changes with it commits with the mark, or neither does.

Every refusal is one `InvalidToken` (BAD_USER_INPUT): reason INVALID_TOKEN for a token that is
altered, unknown, already used, of another purpose (a reset link used to verify), or mailed to
an address the account no longer has; TOKEN_EXPIRED, with its own words, for one that was
genuine but is too old (the page can then offer a fresh link). Telling expired apart says
nothing to someone without the token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

from edusphere.auth.models import EmailToken, EmailTokenPurpose, User
from edusphere.core.errors import AppError, ErrorCode

# How long a mailed link works. A password reset is short-lived (issue 15: 30 minutes); proving
# an address is harmless to leave open longer, and people read their mail a day later.
LIFETIMES: dict[EmailTokenPurpose, timedelta] = {
    EmailTokenPurpose.VERIFY_EMAIL: timedelta(hours=48),
    EmailTokenPurpose.PASSWORD_RESET: timedelta(minutes=30),
    EmailTokenPurpose.EMAIL_CHANGE: timedelta(hours=24),
}
# Used or expired tokens of a user older than this are deleted when the next one is issued.
KEEP_SPENT = timedelta(days=1)
# token_urlsafe(32) is 43 characters; anything much longer is not one of ours (and is never hashed).
MAX_TOKEN_LENGTH = 128


class InvalidToken(AppError):
    """A mailed link that cannot be used: altered, unknown, used, foreign or expired."""

    def __init__(self, *, expired: bool = False) -> None:
        if expired:
            message = "This link has expired. Ask for a new one."
            reason = "TOKEN_EXPIRED"
        else:
            message = "This link is not valid: it may have been used already, or mistyped. Ask for a new one."
            reason = "INVALID_TOKEN"
        super().__init__(ErrorCode.BAD_USER_INPUT, message, reason=reason, field="token")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Issued:
    token: str  # what goes in the link; never stored
    row: EmailToken


async def issue(
    user: User, purpose: EmailTokenPurpose, *, email: str | None = None, now: datetime | None = None
) -> Issued:
    """A new token for `user`, in the caller's transaction (with the mail that carries it).
    `email` is the address the link goes to (default the account's). Earlier unused tokens of
    the same purpose are voided: only the newest link works, so a forwarded older one does not."""
    if not isinstance(connections.get("default"), TransactionalDBClient):
        raise RuntimeError("email_tokens.issue must run inside the transaction that enqueues its mail")
    moment = now or datetime.now(UTC)
    # The account's row lock serialises two issues for it (two reset requests at once): the
    # second voids the first's token once that one has committed, so one link stays alive.
    await User.filter(id=user.id).select_for_update().first()
    await EmailToken.filter(user_id=user.id, expires_at__lt=moment - KEEP_SPENT).delete()
    await void(user, purpose, now=moment)
    token = secrets.token_urlsafe(32)
    row = await EmailToken.create(
        user_id=user.id,
        purpose=purpose,
        token_hash=hash_token(token),
        email=email or user.email,
        created_at=moment,
        expires_at=moment + LIFETIMES[purpose],
    )
    return Issued(token, row)


async def void(user: User, *purposes: EmailTokenPurpose, now: datetime | None = None) -> int:
    """Mark the user's unused tokens (of `purposes`, default all) used: their links stop working."""
    query = EmailToken.filter(user_id=user.id, used_at__isnull=True)
    if purposes:
        query = query.filter(purpose__in=list(purposes))
    return await query.update(used_at=now or datetime.now(UTC))


async def consume(token: str, purpose: EmailTokenPurpose) -> tuple[EmailToken, User]:
    """The token's row, marked used, and its user, both locked until the caller's transaction
    ends; `InvalidToken` otherwise (call inside `in_transaction`, so a refusal changes nothing)."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken()
    row = await EmailToken.filter(token_hash=hash_token(token.strip())).select_for_update().first()
    now = datetime.now(UTC)
    if row is None or row.purpose is not purpose or row.used_at is not None:
        raise InvalidToken()
    user = await User.filter(id=row.user_id).select_for_update().first()  # type: ignore[attr-defined]
    # A link mailed to an address the account has since left behind is void (an EMAIL_CHANGE
    # link names the address to come, and every change of address voids the pending ones).
    if user is None or (purpose is not EmailTokenPurpose.EMAIL_CHANGE and user.email != row.email):
        raise InvalidToken()
    if row.expires_at <= now:
        raise InvalidToken(expired=True)
    row.used_at = now
    await row.save(update_fields=["used_at"])
    return row, user
