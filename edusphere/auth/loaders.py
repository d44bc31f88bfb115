"""Batch loaders for accounts: one query per request for every user a response names."""

from __future__ import annotations

from uuid import UUID

from edusphere.auth.models import User
from edusphere.core.graphql import RequestContext
from edusphere.core.graphql.dataloader import DataLoader, loader


async def _users_by_id(ids: list[UUID]) -> dict[UUID, User]:
    return {row.id: row for row in await User.filter(id__in=ids)}


def users(ctx: RequestContext) -> DataLoader[UUID, User]:
    return loader(ctx.loaders, "users", _users_by_id)
