"""GraphQL for course notification choices: parse, check the viewer, call `preferences`."""

from __future__ import annotations

from typing import Any

from edusphere.auth.viewer import require_viewer
from edusphere.core.graphql import RequestContext, resolver
from edusphere.notifications import preferences

Args = dict[str, Any]


@resolver("Query.notificationSettings")
async def notification_settings(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Any]:
    return await preferences.choices(require_viewer(ctx))


@resolver("Mutation.setCourseNotifications")
async def set_course_notifications(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Any:
    return await preferences.set_course(require_viewer(ctx), str(args["courseId"]), bool(args["enabled"]))
