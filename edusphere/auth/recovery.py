"""Password reset by a mailed link (issue 15, point 5).

`request_password_reset(email)` answers the same whether or not an account has the address,
in wording (the resolver always answers `true`) and in timing:

- the slow part, SMTP, is never in the request: the mail is a row in the outbox that a worker
  sends later;
- both paths do the same checks and render the same message (for an unknown address, to
  nobody), and only a known, active account's path writes its token and mail;
- and every answer is held back to at least ANSWER_FLOOR_SECONDS after the request arrived.
  What is left to differ (a few milliseconds of inserts) ends well before the floor, so both
  answers leave at the floor, give or take the event loop's scheduling. Only a server so
  loaded that the known path outlasts the floor could tell them apart; the test
  `test_reset_answers_take_as_long_for_unknown_addresses` measures both.

Limits (Redis counters, `core.ratelimit`): PASSWORD_RESET_LIMIT_PER_EMAIL per address asked
for (an account has one address, so this is also per account; the key is the address's hash,
whether or not it has an account, so looking it up costs the same), and
PASSWORD_RESET_LIMIT_PER_ADDRESS per client address. Past either the answer is still `true`
and nothing is sent: a limit that answered otherwise would say the address is real.

`reset_password(token, new_password)` checks the new password as sign-up does, sets it, uses
the token up, voids every other pending reset or email-change link of the account, marks the
address verified (the link proved the owner reads it), and ends every session: revoked in the
same transaction, and once committed their access tokens and sockets are ended at once, as an
admin's deactivation does. A login racing the reset with the old password is ended by the
login itself (`sessions._end_if_password_changed`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from edusphere.auth import email_tokens, password_policy, passwords, sessions
from edusphere.auth.authentication import sessions_revoked, user_changed
from edusphere.auth.models import EmailToken, EmailTokenPurpose, User
from edusphere.auth.validation import check_email
from edusphere.auth.verification import recipient
from edusphere.core import ratelimit
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, OutboxMessage, Recipient, compose, enqueue

log = logging.getLogger(__name__)

ANSWER_FLOOR_SECONDS = 0.25
# Rendered for unknown addresses, so that both paths spend the template's time.
_NOBODY = Recipient("nobody@example.invalid", "")


async def request_password_reset(rt: Runtime, email: str, client_address: str) -> None:
    """Mail a reset link to the account with `email`, if there is one and the limits allow;
    silently nothing otherwise. BAD_USER_INPUT only for what is no email address at all (that
    says nothing about any account)."""
    started = time.monotonic()
    try:
        normalized = check_email(email)
        recipient(normalized, "")  # an address no mail can go to is refused for every account alike
        await _request(rt, normalized, client_address)
    finally:
        await asyncio.sleep(max(0.0, ANSWER_FLOOR_SECONDS - (time.monotonic() - started)))


async def _request(rt: Runtime, normalized: str, client_address: str) -> None:
    settings = rt.settings
    per_email, per_address = settings.password_reset_limit_per_email, settings.password_reset_limit_per_address
    account_key = hashlib.sha256(normalized.encode()).hexdigest()[:32]
    by_email = await ratelimit.hit(
        rt.redis, rt.keys("reset", "email", account_key), per_email.limit, per_email.window_seconds
    )
    by_address = await ratelimit.hit(
        rt.redis,
        rt.keys("reset", "address", ratelimit.client_key(client_address)),
        per_address.limit,
        per_address.window_seconds,
    )
    if not (by_email.allowed and by_address.allowed):
        log.info("Password reset not sent: over the limit per %s", "email" if not by_email.allowed else "address")
        return
    user = await User.get_or_none(email=normalized)
    if user is None or not user.is_active:
        compose(settings, MailKind.PASSWORD_RESET, _NOBODY, token="x" * 43, minutes=_reset_minutes())
        return
    async with in_transaction():
        await send_reset(rt, user)


def _reset_minutes() -> int:
    return int(email_tokens.LIFETIMES[EmailTokenPurpose.PASSWORD_RESET].total_seconds() // 60)


async def send_reset(rt: Runtime, user: User) -> OutboxMessage:
    """Issue a reset token and enqueue its mail, in the caller's transaction (a request's or an
    admin's support action)."""
    to = recipient(user.email, user.display_name)
    issued = await email_tokens.issue(user, EmailTokenPurpose.PASSWORD_RESET)
    return await enqueue(
        compose(rt.settings, MailKind.PASSWORD_RESET, to, user_id=user.id, token=issued.token, minutes=_reset_minutes())
    )


async def reset_password(rt: Runtime, token: str, new_password: str) -> None:
    """Set the password from a reset link; `InvalidToken` or BAD_USER_INPUT (a weak password)
    change nothing, and the link still works after a refused password."""
    # The policy needs the account (a password may not be its address), and hashing costs tens
    # of milliseconds: both happen before the transaction, which then checks the token again
    # under its lock (`consume` is the one that counts).
    pending = await _pending(token)
    password_policy.check_password(new_password, email=pending.email, field="password")
    password_hash = await passwords.hash_password(rt.settings.password_hashing, new_password)
    now = datetime.now(UTC)
    async with in_transaction():
        _, user = await email_tokens.consume(token, EmailTokenPurpose.PASSWORD_RESET)
        # Again with all the account holds (its name too; the address may have changed since).
        password_policy.check_password(new_password, email=user.email, display_name=user.display_name, field="password")
        user.password_hash = password_hash
        user.email_verified_at = user.email_verified_at or now
        await user.save(update_fields=["password_hash", "email_verified_at", "updated_at"])
        await email_tokens.void(user, EmailTokenPurpose.PASSWORD_RESET, EmailTokenPurpose.EMAIL_CHANGE, now=now)
        ended = await sessions.revoke_users_sessions_in_db([user.id])
    await user_changed(rt, user.id)
    if ended:
        await sessions_revoked(rt, ended)


async def _pending(token: str) -> EmailToken:
    """The token's row if it could be used now (unlocked: a first look, `consume` decides)."""
    if not isinstance(token, str) or not token or len(token) > email_tokens.MAX_TOKEN_LENGTH:
        raise email_tokens.InvalidToken()
    row = await EmailToken.get_or_none(token_hash=email_tokens.hash_token(token.strip()))
    if row is None or row.purpose is not EmailTokenPurpose.PASSWORD_RESET or row.used_at is not None:
        raise email_tokens.InvalidToken()
    if row.expires_at <= datetime.now(UTC):
        raise email_tokens.InvalidToken(expired=True)
    return row
