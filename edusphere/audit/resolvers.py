"""GraphQL for the audit log: administrators read it; nothing writes or edits it from outside."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from edusphere.audit import log
from edusphere.audit.actions import AuditAction
from edusphere.audit.models import AuditEntry
from edusphere.auth import loaders
from edusphere.auth.models import User
from edusphere.auth.viewer import require_admin
from edusphere.core.errors import bad_input
from edusphere.core.graphql import RequestContext, resolver
from edusphere.core.pagination import connection
from edusphere.core.text import check_instant

Args = dict[str, Any]


def parse_filter(raw: dict[str, Any] | None) -> log.AuditFilter:
    raw = raw or {}
    actor_id = None
    if raw.get("actorId"):
        try:
            actor_id = UUID(str(raw["actorId"]))
        except ValueError:
            raise bad_input("actorId is not a user id", field="actorId") from None
    return log.AuditFilter(
        action=AuditAction[raw["action"]] if raw.get("action") else None,
        actor_id=actor_id,
        target_type=raw.get("targetType"),
        target_id=raw.get("targetId"),
        search=raw.get("search"),
        created_after=check_instant(raw.get("createdAfter"), "createdAfter"),
        created_before=check_instant(raw.get("createdBefore"), "createdBefore"),
    )


@resolver("Query.auditLog")
async def audit_log(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any]:
    require_admin(ctx)
    page = await log.entries(
        ctx.runtime.settings.secret_key, parse_filter(args.get("filter")), args.get("first"), args.get("after")
    )
    return connection(page.items, page.cursors, page.has_next_page)


@resolver("AuditEntry.action")
async def entry_action(entry: AuditEntry, args: Args, ctx: RequestContext, info: Any) -> str:
    return AuditAction(entry.action).name


@resolver("AuditEntry.actorId")
async def entry_actor_id(entry: AuditEntry, args: Args, ctx: RequestContext, info: Any) -> str:
    return str(entry.actor_id)  # type: ignore[attr-defined]


@resolver("AuditEntry.actor")
async def entry_actor(entry: AuditEntry, args: Args, ctx: RequestContext, info: Any) -> User | None:
    return await loaders.users(ctx).load(entry.actor_id)  # type: ignore[attr-defined]


@resolver("AuditEntry.before")
async def entry_before(entry: AuditEntry, args: Args, ctx: RequestContext, info: Any) -> str | None:
    return json.dumps(entry.before, sort_keys=True) if entry.before is not None else None


@resolver("AuditEntry.after")
async def entry_after(entry: AuditEntry, args: Args, ctx: RequestContext, info: Any) -> str | None:
    return json.dumps(entry.after, sort_keys=True) if entry.after is not None else None
