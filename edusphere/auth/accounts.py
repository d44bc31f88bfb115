"""Accounts: sign-up, profile, password, and the admin's user management.

Each action validates first (`check_*`) and changes nothing until every check has passed, so a
refused request leaves no trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from edusphere.auth import passwords
from edusphere.auth.authentication import user_changed
from edusphere.auth.models import Role, User
from edusphere.auth.sessions import revoke_user_sessions
from edusphere.auth.validation import check_display_name, check_email
from edusphere.core import ratelimit
from edusphere.core.errors import bad_input, conflict, not_found
from edusphere.core.pagination import newest_first, page_size
from edusphere.core.runtime import Runtime
from edusphere.core.text import check_storable

if TYPE_CHECKING:
    from edusphere.auth.viewer import Viewer

SELF_SERVICE_ROLES = frozenset({Role.LEARNER, Role.CREATOR})
_USER_CURSOR = "users"


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


async def create_user(rt: Runtime, *, email: str, password: str, display_name: str, role: Role) -> User:
    normalized = check_email(email)
    name = check_display_name(display_name)
    passwords.check_password_policy(password, normalized)
    if await User.filter(email=normalized).exists():
        raise _email_taken()
    password_hash = await passwords.hash_password(rt.settings.password_hashing, password)
    try:
        return await User.create(email=normalized, display_name=name, role=role, password_hash=password_hash)
    except IntegrityError:
        raise _email_taken() from None


async def save_user(rt: Runtime, user: User, *fields: str) -> None:
    """Every write to a user goes through here, so cached copies in every process expire."""
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
    passwords.check_password_policy(new, user.email)
    if current == new:
        raise bad_input("The new password must differ from the current one", field="newPassword")
    user.password_hash = await passwords.hash_password(params, new)
    await save_user(rt, user, "password_hash")
    await revoke_user_sessions(rt, user.id, keep=viewer.session_id)


@dataclass(frozen=True)
class UserFilter:
    search: str | None = None
    role: Role | None = None
    is_active: bool | None = None


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    cursors: list[str]
    has_next_page: bool
    total_count: int


async def list_users(rt: Runtime, user_filter: UserFilter, first: int | None, after: str | None) -> UserPage:
    """Newest first, keyset-paged on (created_at, id) so pages stay stable under inserts."""
    size = page_size(first)
    query = User.all()
    if user_filter.search:
        term = check_storable(user_filter.search, "search").strip()
        query = query.filter(Q(email__icontains=term) | Q(display_name__icontains=term))
    if user_filter.role is not None:
        query = query.filter(role=user_filter.role)
    if user_filter.is_active is not None:
        query = query.filter(is_active=user_filter.is_active)
    total = await query.count()
    page = await newest_first(query, rt.settings.secret_key, _USER_CURSOR, size, after)
    return UserPage(page.items, page.cursors, has_next_page=page.has_next_page, total_count=total)


async def get_user(user_id: str) -> User:
    try:
        parsed = UUID(user_id)
    except ValueError:
        raise not_found("User") from None
    user = await User.get_or_none(id=parsed)
    if user is None:
        raise not_found("User")
    return user


async def set_user_role(rt: Runtime, admin: Viewer, user_id: str, role: Role) -> User:
    user = await get_user(user_id)
    if user.id == admin.id and role is not Role.ADMIN:
        raise bad_input("You cannot remove your own administrator role", field="role")
    user.role = role
    await save_user(rt, user, "role")
    return user


async def set_user_active(rt: Runtime, admin: Viewer, user_id: str, is_active: bool) -> User:
    user = await get_user(user_id)
    if user.id == admin.id and not is_active:
        raise bad_input("You cannot deactivate your own account", field="isActive")
    user.is_active = is_active
    await save_user(rt, user, "is_active")
    if not is_active:
        await revoke_user_sessions(rt, user.id)
    return user
