"""Writing and reading the audit log.

`record` must run inside the transaction that makes the change it describes (it refuses to run
outside one), so the change and its entry commit together or not at all. Entries are never
changed: there is no update or delete here, no mutation in the API, and a trigger in
PostgreSQL refuses both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.expressions import Q

from edusphere.audit.actions import AuditAction
from edusphere.audit.models import AuditEntry
from edusphere.core.errors import bad_input
from edusphere.core.pagination import Page, keyset, newest, page_size
from edusphere.core.text import check_plain_text

MAX_REASON = 500
_CURSOR = "audit"


class NotInTransaction(RuntimeError):
    """`record` was called outside a transaction: the entry could outlive a failed change."""


@dataclass(frozen=True)
class AuditRecord:
    """One administrator action on one target. `before` and `after` hold only the fields the
    action changed (JSON values), so the log reads as "role: LEARNER -> CREATOR"."""

    actor_id: UUID
    action: AuditAction
    target_id: str
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    reason: str = ""
    target_type: str = field(default="")

    def __post_init__(self) -> None:
        if not self.target_type:
            object.__setattr__(self, "target_type", self.action.target_type)


def check_reason(reason: str | None, *, required: bool = False) -> str:
    """An admin's reason as stored: plain text, at most 500 characters; BAD_USER_INPUT when
    `required` and blank."""
    text = check_plain_text(reason or "", "reason").strip()
    if required and not text:
        raise bad_input("Give a reason; it is kept in the audit log", field="reason")
    if len(text) > MAX_REASON:
        raise bad_input(f"A reason can be at most {MAX_REASON} characters", field="reason")
    return text


async def record(entry: AuditRecord) -> None:
    await record_many([entry])


async def record_many(entries: Sequence[AuditRecord]) -> None:
    """Insert the entries through the current transaction (one statement)."""
    if not entries:
        return
    if not isinstance(connections.get("default"), TransactionalDBClient):
        raise NotInTransaction("audit.record must run inside the transaction that makes the change")
    await AuditEntry.bulk_create(
        [
            AuditEntry(
                actor_id=e.actor_id,
                action=e.action,
                target_type=e.target_type,
                target_id=e.target_id,
                before=dict(e.before) if e.before is not None else None,
                after=dict(e.after) if e.after is not None else None,
                reason=e.reason,
            )
            for e in entries
        ]
    )


@dataclass(frozen=True)
class AuditFilter:
    action: AuditAction | None = None
    actor_id: UUID | None = None
    target_type: str | None = None
    target_id: str | None = None
    "Matches part of the reason."
    search: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None


async def entries(secret: str, audit_filter: AuditFilter, first: int | None, after: str | None) -> Page[AuditEntry]:
    """Newest first, keyset-paged on (created_at, id)."""
    size = page_size(first)
    query = AuditEntry.all()
    if audit_filter.action is not None:
        query = query.filter(action=audit_filter.action)
    if audit_filter.actor_id is not None:
        query = query.filter(actor_id=audit_filter.actor_id)
    if audit_filter.target_type:
        query = query.filter(target_type=check_plain_text(audit_filter.target_type, "targetType")[:32])
    if audit_filter.target_id:
        query = query.filter(target_id=check_plain_text(audit_filter.target_id, "targetId")[:64])
    if audit_filter.search:
        term = check_plain_text(audit_filter.search, "search").strip()[:100]
        if term:
            query = query.filter(Q(reason__icontains=term))
    if audit_filter.created_after is not None:
        query = query.filter(created_at__gte=audit_filter.created_after)
    if audit_filter.created_before is not None:
        query = query.filter(created_at__lt=audit_filter.created_before)
    return await keyset(query, secret, _CURSOR, size, after, newest())
