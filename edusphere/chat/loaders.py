"""Batch loaders for chat fields: one query (or one Redis pipeline) per kind of thing per request."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from tortoise import connections

from edusphere.auth.viewer import current_viewer
from edusphere.chat import messages, moderation, reactions
from edusphere.chat.events import Message
from edusphere.chat.models import MessageVersion, Room
from edusphere.core.graphql import RequestContext
from edusphere.core.graphql.dataloader import DataLoader, loader


def rooms(ctx: RequestContext) -> DataLoader[UUID, Room]:
    async def batch(ids: list[UUID]) -> dict[UUID, Room]:
        return {row.id: row for row in await Room.filter(id__in=ids)}

    return loader(ctx.loaders, "chat-rooms", batch)


def message_states(ctx: RequestContext) -> DataLoader[tuple[UUID, UUID], Message]:
    """Messages as they are now, keyed by (room id, message id)."""

    async def batch(keys: list[tuple[UUID, UUID]]) -> dict[tuple[UUID, UUID], Message]:
        return await messages.message_states(ctx.runtime, keys)

    return loader(ctx.loaders, "chat-message-states", batch)


def open_report_counts(ctx: RequestContext) -> DataLoader[UUID, int]:
    async def batch(message_ids: list[UUID]) -> dict[UUID, int]:
        rows = await connections.get("default").execute_query_dict(
            "SELECT message_id, count(*) AS n FROM chat_message_reports"
            " WHERE message_id = ANY($1) AND status = 'OPEN' GROUP BY message_id",
            [message_ids],
        )
        return {row["message_id"]: int(row["n"]) for row in rows}

    return loader(ctx.loaders, "chat-open-report-counts", batch, lambda: 0)


def viewer_mutes(ctx: RequestContext) -> DataLoader[UUID, datetime]:
    """Until when the viewer is muted, per course (absent: not muted)."""

    async def batch(course_ids: list[UUID]) -> dict[UUID, datetime]:
        viewer = current_viewer(ctx)
        if viewer is None:
            return {}
        return await moderation.mutes_of(viewer.id, course_ids)

    return loader(ctx.loaders, "chat-viewer-mutes", batch)


def viewer_reactions(ctx: RequestContext) -> DataLoader[Message, list[str]]:
    """The emoji the viewer reacted with, per message (Messages are frozen structs: hashable)."""

    async def batch(wanted: list[Message]) -> dict[Message, list[str]]:
        viewer = current_viewer(ctx)
        if viewer is None:
            return {}
        found = await reactions.viewer_reactions(ctx.runtime, str(viewer.id), wanted)
        return {message: found.get(message.id, []) for message in wanted}

    return loader(ctx.loaders, "chat-viewer-reactions", batch, list)


def edit_history(ctx: RequestContext) -> DataLoader[UUID, list[MessageVersion]]:
    """The bodies edits replaced, per message id, oldest first (as the write-behind stored them)."""

    async def batch(message_ids: list[UUID]) -> dict[UUID, list[MessageVersion]]:
        found: dict[UUID, list[MessageVersion]] = {}
        for row in await MessageVersion.filter(message_id__in=message_ids).order_by("event_seq"):
            found.setdefault(row.message_id, []).append(row)  # type: ignore[attr-defined]
        return found

    return loader(ctx.loaders, "chat-edit-history", batch, list)
