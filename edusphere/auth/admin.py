"""The admin's user management: the users list, one user's page, roles, (de)activation, sessions.

Every change checks its input first, then makes the change and writes its audit entry in one
transaction, so both commit or neither does. What must follow the commit comes after it: the
user's cached copies expire in every process (`user_changed`), ended sessions are marked in Redis
(`sessions_revoked`), and so the user's open sockets check again and close. Announced earlier,
another process could re-read the row before the change is visible and keep the old one.

The last-admin rule: a change that takes an active administrator away (a demotion, a
deactivation, one account or many) is refused with `LastAdmin` unless another active
administrator remains. Every such change takes one advisory lock before it reads anything, so two
of them (two admins demoting each other at the same moment) are serialised and the second one
counts what the first left; changes that add administrators take no lock (they cannot break it).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from pypika_tortoise.terms import Criterion
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, ResolveContext
from tortoise.query_utils import QueryModifier
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord, check_reason, record, record_many
from edusphere.auth import sessions
from edusphere.auth.authentication import sessions_revoked, user_changed
from edusphere.auth.models import Role, User
from edusphere.auth.viewer import Viewer
from edusphere.core.counting import Counter
from edusphere.core.errors import AppError, ErrorCode, bad_input, not_found
from edusphere.core.pagination import SortKey, by_text, keyset, newest, oldest, page_size
from edusphere.core.runtime import Runtime
from edusphere.core.text import check_storable, column_length

MAX_BULK = 100
# pg_advisory_xact_lock's key for "the set of active administrators" (any constant no other
# lock in EduSphere uses; advisory locks are per database).
_ADMINS_LOCK = 0x4544_5553_4144_4D4E  # "EDUSADMN"


class LastAdmin(AppError):
    """The change would leave no active administrator: nobody could appoint one again except
    from the command line (`edusphere createadmin`)."""

    def __init__(self, field: str) -> None:
        super().__init__(
            ErrorCode.BAD_USER_INPUT,
            "At least one other active administrator must remain",
            reason="LAST_ADMIN",
            field=field,
        )


# ----- the list -----------------------------------------------------------------------------


# The longest text a search can be found in (an email address: 254).
_SEARCHED_LENGTH = max(column_length(User, "email"), column_length(User, "display_name"))


class UserSort(StrEnum):
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"
    EMAIL = "EMAIL"
    NAME = "NAME"


# Each order is served by an index on its columns (migrations 0001 and 0008).
_ORDERS: dict[UserSort, tuple[SortKey, ...]] = {
    UserSort.NEWEST: newest(),
    UserSort.OLDEST: oldest(),
    UserSort.EMAIL: by_text("email"),
    UserSort.NAME: by_text("display_name"),
}


@dataclass(frozen=True)
class UserFilter:
    "`search` matches part of the email address or the display name, any case."

    search: str | None = None
    role: Role | None = None
    is_active: bool | None = None
    created_after: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    cursors: list[str]
    has_next_page: bool
    # The page's filtered query, counted (capped) only when totalCount or totalCountCapped is asked.
    counter: Counter


def check_search(search: str | None) -> str | None:
    """The search term as matched (trimmed), None when blank; BAD_USER_INPUT when PostgreSQL
    could not even receive it (U+0000, a lone surrogate)."""
    if search is None:
        return None
    return check_storable(search, "search").strip() or None


def like_pattern(term: str) -> str:
    """`%term%` with LIKE's own characters taken literally (`\\` is PostgreSQL's default LIKE
    escape): a search for `_` or `%` finds those characters, not every account."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class _Where(Q):
    """A Q holding a ready pypika criterion. Tortoise's `icontains` compares
    `UPPER(CAST(email AS VARCHAR))`, which no index serves; the trigram indexes of migration 0008
    serve `email ILIKE '%term%'` on the bare columns, which only a criterion can spell."""

    __slots__ = ("criterion",)

    def __init__(self, criterion: Criterion) -> None:
        super().__init__()
        self.criterion = criterion

    def __bool__(self) -> bool:
        return True

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        return QueryModifier(where_criterion=self.criterion)


def users_query(user_filter: UserFilter) -> QuerySet[User]:
    query = User.all()
    term = check_search(user_filter.search)
    if term is not None and len(term) > _SEARCHED_LENGTH:
        # Longer than any email address or name: nothing contains it, and it never becomes a
        # pattern for PostgreSQL to take apart (a megabyte of trigrams).
        query = query.filter(id__in=[])
    elif term is not None:
        table = User._meta.basetable
        pattern = like_pattern(term)
        query = query.filter(_Where(table.email.ilike(pattern) | table.display_name.ilike(pattern)))
    if user_filter.role is not None:
        query = query.filter(role=user_filter.role)
    if user_filter.is_active is not None:
        query = query.filter(is_active=user_filter.is_active)
    if user_filter.created_after is not None:
        query = query.filter(created_at__gte=user_filter.created_after)
    if user_filter.created_before is not None:
        query = query.filter(created_at__lt=user_filter.created_before)
    return query


async def list_users(
    rt: Runtime,
    user_filter: UserFilter,
    first: int | None,
    after: str | None,
    sort: UserSort = UserSort.NEWEST,
) -> UserPage:
    """One keyset page in `sort`'s order; a cursor is signed for its order (`admin-users:EMAIL`),
    so one from another order is refused."""
    size = page_size(first)
    query = users_query(user_filter)
    page = await keyset(query, rt.settings.secret_key, f"admin-users:{sort.value}", size, after, _ORDERS[sort])
    return UserPage(page.items, page.cursors, page.has_next_page, Counter(query))


# ----- one user's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class UserDetail:
    """`adminUser`'s answer. Other domains resolve their own fields of `UserDetail`
    (enrollments, courses, orders) from `user`."""

    user: User


def parse_user_id(user_id: str) -> UUID | None:
    """The id a client sent, or None when it is not one (it then names no user)."""
    try:
        return UUID(user_id)
    except (TypeError, ValueError):
        return None


async def user_detail(user_id: str) -> UserDetail | None:
    parsed = parse_user_id(user_id)
    user = await User.get_or_none(id=parsed) if parsed is not None else None
    return UserDetail(user) if user is not None else None


async def get_user(user_id: str) -> User:
    """The user a client names, or NOT_FOUND (a malformed id names nobody)."""
    parsed = parse_user_id(user_id)
    user = await User.get_or_none(id=parsed) if parsed is not None else None
    if user is None:
        raise not_found("User")
    return user


# ----- changes ------------------------------------------------------------------------------


async def _lock_admins(db: BaseDBAsyncClient) -> None:
    """Serialise every change that may take an active administrator away, until commit."""
    await db.execute_query("SELECT pg_advisory_xact_lock($1)", [_ADMINS_LOCK])


async def _keep_an_admin(leaving: Collection[User], field: str) -> None:
    """Refuse the change when it takes away every active administrator (`leaving` are the
    accounts it demotes or deactivates; call it holding `_lock_admins`)."""
    if not any(user.role is Role.ADMIN and user.is_active for user in leaving):
        return
    remaining = User.filter(role=Role.ADMIN, is_active=True).exclude(id__in=[user.id for user in leaving])
    if not await remaining.exists():
        raise LastAdmin(field)


async def _locked_user(user_id: str) -> User:
    """The user a client names, locked for the rest of the transaction, or NOT_FOUND."""
    parsed = parse_user_id(user_id)
    user = await User.filter(id=parsed).select_for_update().first() if parsed is not None else None
    if user is None:
        raise not_found("User")
    return user


async def set_user_role(rt: Runtime, admin: Viewer, user_id: str, role: Role, reason: str | None = None) -> User:
    """Audited as USER_ROLE_CHANGED; the same role again changes nothing and is not audited."""
    text = check_reason(reason)
    async with in_transaction() as db:
        if role is not Role.ADMIN:
            await _lock_admins(db)
        user = await _locked_user(user_id)
        if user.role is role:
            return user
        await _keep_an_admin([user], "role")
        before = user.role
        user.role = role
        await user.save(update_fields=["role", "updated_at"])
        await record(
            AuditRecord(
                actor_id=admin.id,
                action=AuditAction.USER_ROLE_CHANGED,
                target_id=str(user.id),
                before={"role": before.value},
                after={"role": role.value},
                reason=text,
            )
        )
    await user_changed(rt, user.id)
    return user


async def set_user_active(rt: Runtime, admin: Viewer, user_id: str, is_active: bool, reason: str | None = None) -> User:
    """Audited as USER_DEACTIVATED / USER_REACTIVATED. Deactivating ends every session of the
    account (its tokens revoked in the same transaction) and, once committed, its sockets."""
    text = check_reason(reason)
    async with in_transaction() as db:
        if not is_active:
            await _lock_admins(db)
        user = await _locked_user(user_id)
        if user.is_active is is_active:
            return user
        if not is_active:
            await _keep_an_admin([user], "isActive")
        user.is_active = is_active
        await user.save(update_fields=["is_active", "updated_at"])
        ended = [] if is_active else await sessions.revoke_users_sessions_in_db([user.id])
        await record(_activity_record(admin, user, is_active, text))
    await user_changed(rt, user.id)
    if ended:
        await sessions_revoked(rt, ended)
    return user


@dataclass(frozen=True)
class BulkOutcome:
    changed: int
    unchanged: int


def check_user_ids(user_ids: Sequence[str]) -> list[UUID]:
    """1 to MAX_BULK ids, each a user id (duplicates collapsed, order kept); BAD_USER_INPUT
    naming the first that is not one."""
    if not 1 <= len(user_ids) <= MAX_BULK:
        raise bad_input(f"Give between 1 and {MAX_BULK} user ids", field="userIds")
    parsed: dict[UUID, None] = {}
    for raw in user_ids:
        user_id = parse_user_id(raw)
        if user_id is None:
            raise bad_input("Not a user id", field="userIds", id=str(raw)[:64])
        parsed[user_id] = None
    return list(parsed)


async def set_users_active(
    rt: Runtime, admin: Viewer, user_ids: Sequence[str], is_active: bool, reason: str | None = None
) -> BulkOutcome:
    """`set_user_active` for up to MAX_BULK accounts, all or none: an unknown id refuses the
    whole batch, and so does a batch that would deactivate every remaining active admin. Each
    account changed gets its own audit entry; those already as asked are left alone."""
    text = check_reason(reason)
    ids = check_user_ids(user_ids)
    async with in_transaction() as db:
        if not is_active:
            await _lock_admins(db)
        # In id order, so that two batches sharing accounts lock them in the same order.
        rows = await User.filter(id__in=ids).order_by("id").select_for_update()
        found = {user.id for user in rows}
        missing = next((user_id for user_id in ids if user_id not in found), None)
        if missing is not None:
            raise bad_input("No user has this id", field="userIds", id=str(missing))
        changing = [user for user in rows if user.is_active is not is_active]
        if not is_active:
            await _keep_an_admin(changing, "isActive")
        ended: list[UUID] = []
        if changing:
            now = datetime.now(UTC)
            changed_ids = [user.id for user in changing]
            await User.filter(id__in=changed_ids).update(is_active=is_active, updated_at=now)
            if not is_active:
                ended = await sessions.revoke_users_sessions_in_db(changed_ids)
            await record_many([_activity_record(admin, user, is_active, text) for user in changing])
    for user in changing:
        await user_changed(rt, user.id)
    if ended:
        await sessions_revoked(rt, ended)
    return BulkOutcome(changed=len(changing), unchanged=len(rows) - len(changing))


def _activity_record(admin: Viewer, user: User, is_active: bool, reason: str) -> AuditRecord:
    return AuditRecord(
        actor_id=admin.id,
        action=AuditAction.USER_REACTIVATED if is_active else AuditAction.USER_DEACTIVATED,
        target_id=str(user.id),
        before={"is_active": not is_active},
        after={"is_active": is_active},
        reason=reason,
    )


async def end_user_sessions(rt: Runtime, admin: Viewer, user_id: str, reason: str | None = None) -> int:
    """Sign the account out everywhere; returns how many live sessions ended (audited as
    USER_SESSIONS_ENDED unless there were none). The tokens are revoked in the transaction of
    the audit entry; the sessions' Redis markers, which close their sockets, follow the commit."""
    text = check_reason(reason)
    async with in_transaction():
        # The row lock serialises two admins ending the same sessions: the second finds none.
        user = await _locked_user(user_id)
        live = len(await sessions.live_sessions(user.id, limit=None))
        ended = await sessions.revoke_users_sessions_in_db([user.id])
        if live:
            await record(
                AuditRecord(
                    actor_id=admin.id,
                    action=AuditAction.USER_SESSIONS_ENDED,
                    target_id=str(user.id),
                    before={"sessions": live},
                    after={"sessions": 0},
                    reason=text,
                )
            )
    if ended:
        await sessions_revoked(rt, ended)
    return live
