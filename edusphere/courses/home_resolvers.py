"""GraphQL resolvers for the home page (`courses.home`); imported by `courses.resolvers`, which
registers the domain's resolvers."""

from __future__ import annotations

from typing import Any

from edusphere.auth.viewer import require_viewer
from edusphere.core.graphql import RequestContext, resolver
from edusphere.courses import home
from edusphere.courses.models import Course

Args = dict[str, Any]


@resolver("Query.continueLearning")
async def continue_learning(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[home.ContinueItem]:
    return await home.continue_learning(require_viewer(ctx), args.get("first"))


@resolver("Query.recommendedCourses")
async def recommended_courses(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[Course]:
    return await home.recommended_courses(require_viewer(ctx), args.get("first"))
