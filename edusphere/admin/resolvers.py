"""GraphQL for the admin's dashboard (each domain resolves its own admin lists and actions)."""

from __future__ import annotations

from typing import Any

from edusphere.admin import dashboard
from edusphere.auth.viewer import require_admin
from edusphere.core.graphql import RequestContext, resolver

Args = dict[str, Any]


@resolver("Query.adminDashboard")
async def admin_dashboard(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dashboard.Dashboard:
    require_admin(ctx)
    return await dashboard.dashboard(ctx.runtime, args.get("days"))
