"""Accounts: sign-up, profile, password.

Each action validates first (`check_*`) and changes nothing until every check has passed, so a
refused request leaves no trace. The admin's user management is in `auth.admin`; its list and
changes are also reachable here under their old names, for the callers that predate it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from edusphere.auth import password_policy, passwords, verification
from edusphere.auth.admin import UserFilter as UserFilter
from edusphere.auth.admin import get_user as get_user
from edusphere.auth.admin import list_users as list_users
from edusphere.auth.admin import set_user_active as set_user_active
from edusphere.auth.admin import set_user_role as set_user_role
from edusphere.auth.authentication import user_changed
from edusphere.auth.models import Role, User
from edusphere.auth.sessions import revoke_user_sessions
from edusphere.auth.validation import check_display_name, check_email
from edusphere.core import ratelimit
from edusphere.core.errors import bad_input, conflict
from edusphere.core.runtime import Runtime

if TYPE_CHECKING:
    from edusphere.auth.viewer import Viewer

SELF_SERVICE_ROLES = frozenset({Role.LEARNER, Role.CREATOR})


async def register(
    rt: Runtime, *, email: str, password: str, display_name: str, role: Role, client_address: str
) -> User:
    """Self-service sign-up, at most REGISTER_LIMIT_PER_ADDRESS attempts per client address (an
    IPv6 one by its /64, `ratelimit.client_key`): one that passes the checks costs an Argon2
    hash. The limit is taken first and counts every attempt, valid or not (one Redis call;
    telling them apart would cost the checks first)."""
    if role not in SELF_SERVICE_ROLES:
        raise bad_input("Choose LEARNER or CREATOR; administrators are appointed", field="role")
    limit = rt.settings.register_limit_per_address
    key = rt.keys("register", "address", ratelimit.client_key(client_address))
    decision = await ratelimit.hit(rt.redis, key, limit.limit, limit.window_seconds)
    if not decision.allowed:
        raise ratelimit.rate_limited(decision, "sign-ups from your address")
    return await create_user(rt, email=email, password=password, display_name=display_name, role=role)


async def create_user(
    rt: Runtime, *, email: str, password: str, display_name: str, role: Role, verified: bool = False
) -> User:
    """A new account. Unless `verified` (an administrator made from the command line, a test's
    account), its address is unproven and the verification mail is enqueued in the transaction
    that creates it: no account without its mail, no mail for a sign-up that failed."""
    normalized = check_email(email)
    name = check_display_name(display_name)
    password_policy.check_password(password, email=normalized, display_name=name)
    verification.recipient(normalized, name)  # an address no mail can reach: refused before the hash
    if await User.filter(email=normalized).exists():
        raise _email_taken()
    password_hash = await passwords.hash_password(rt.settings.password_hashing, password)
    try:
        async with in_transaction():
            user = await User.create(
                email=normalized,
                display_name=name,
                role=role,
                password_hash=password_hash,
                email_verified_at=datetime.now(UTC) if verified else None,
            )
            if not verified:
                await verification.send_verification(rt, user)
            return user
    except IntegrityError:
        raise _email_taken() from None


async def save_user(rt: Runtime, user: User, *fields: str) -> None:
    """Every write to a user goes through here, so cached copies in every process expire. A
    write inside a transaction (the admin's, with its audit entry) saves the same way and calls
    `user_changed` itself once committed: announced before, another process could re-read the
    old row and keep it."""
    await user.save(update_fields=[*fields, "updated_at"])
    await user_changed(rt, user.id)


def _email_taken() -> Exception:
    return conflict("An account with this email address already exists")


async def update_profile(rt: Runtime, viewer: Viewer, *, display_name: str) -> User:
    user = viewer.user
    user.display_name = check_display_name(display_name)
    await save_user(rt, user, "display_name")
    return user


async def change_password(rt: Runtime, viewer: Viewer, *, current: str, new: str) -> None:
    """Changing the password ends every other session of the account."""
    user = viewer.user
    params = rt.settings.password_hashing
    if not await passwords.verify_password(params, user.password_hash, current):
        raise bad_input("The current password is incorrect", field="currentPassword")
    password_policy.check_password(new, email=user.email, display_name=user.display_name, field="newPassword")
    if password_policy.normalize(current) == password_policy.normalize(new):
        raise bad_input("The new password must differ from the current one", field="newPassword", reason="UNCHANGED")
    user.password_hash = await passwords.hash_password(params, new)
    await save_user(rt, user, "password_hash")
    await revoke_user_sessions(rt, user.id, keep=viewer.session_id)
