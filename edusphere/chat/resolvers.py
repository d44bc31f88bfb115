"""GraphQL resolvers for chat: parse arguments, check the viewer, call a service function."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from edusphere.auth import loaders as auth_loaders
from edusphere.auth.models import User
from edusphere.auth.viewer import current_viewer, require_admin, require_viewer
from edusphere.chat import (
    inbox,
    loaders,
    messages,
    moderation,
    pins,
    presence,
    questions,
    reactions,
    rooms,
    search,
    subscriptions,
)
from edusphere.chat.events import ChatUser, Message, RoomEvent
from edusphere.chat.models import ChatMute, MessageReport, ReportStatus, Room, RoomKind
from edusphere.core.counting import Counter
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql import RequestContext, resolver, subscription
from edusphere.core.pagination import connection
from edusphere.core.runtime import Runtime
from edusphere.courses import loaders as course_loaders
from edusphere.courses.access import manages
from edusphere.media import views as media_views
from edusphere.media.models import MediaKind

Args = dict[str, Any]
STREAMS = (subscriptions.room_events,)  # importing it registers the roomEvents stream handler


@dataclass
class RoomView:
    room: Room
    can_post: bool
    _head: asyncio.Future[tuple[int, str | None]] | None = field(default=None, repr=False, compare=False)

    def head(self, rt: Runtime) -> asyncio.Future[tuple[int, str | None]]:
        """The room's latest seq and epoch, read once for the two fields that show them (which
        Tartiflette resolves side by side)."""
        if self._head is None:
            self._head = asyncio.ensure_future(messages.room_head(rt, self.room.id))
        return self._head

    @property
    def id(self) -> Any:
        return self.room.id

    @property
    def slug(self) -> str:
        return self.room.slug

    @property
    def name(self) -> str:
        return self.room.name

    @property
    def kind(self) -> str:
        return self.room.kind.value

    @property
    def course_id(self) -> Any:
        return self.room.course_id  # type: ignore[attr-defined]


def _view(member: rooms.Membership) -> RoomView:
    return RoomView(member.room, member.can_post)


@resolver("Query.rooms")
async def list_rooms(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[RoomView]:
    viewer = require_viewer(ctx)
    found = await rooms.rooms_of_course(viewer, args["courseId"])
    if not found:
        return []
    course = await found[0].course
    moderates = manages(viewer, course)
    return [RoomView(room, moderates or room.kind is not RoomKind.ANNOUNCEMENTS) for room in found]


def _other_member(room: RoomView, ctx: RequestContext) -> UUID | None:
    if room.room.kind is not RoomKind.DIRECT:
        return None
    viewer = require_viewer(ctx)
    a, b = room.room.member_a_id, room.room.member_b_id
    return b if viewer.id == a else a


@resolver("Room.name")
async def room_name(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> str:
    other = _other_member(room, ctx)
    if other is None:
        return room.name
    user = await auth_loaders.users(ctx).load(other)
    return user.display_name if user is not None else "Former member"


@resolver("Room.directMember")
async def room_direct_member(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> ChatUser | None:
    other = _other_member(room, ctx)
    if other is None:
        return None
    user = await auth_loaders.users(ctx).load(other)
    return ChatUser(str(other), user.display_name if user is not None else "Former member")


@resolver("Mutation.directRoom")
async def open_direct_room(parent: Any, args: Args, ctx: RequestContext, info: Any) -> RoomView:
    room = await rooms.direct_room(require_viewer(ctx), args["courseId"], args["userId"])
    return RoomView(room, True)


@dataclass(frozen=True)
class ChatSettingsView:
    learner_direct_messages: bool


@resolver("Course.chatSettings")
async def course_chat_settings(course: Any, args: Args, ctx: RequestContext, info: Any) -> ChatSettingsView:
    return ChatSettingsView(await rooms.learner_direct_messages(course.id))


@resolver("Mutation.updateChatSettings")
async def update_chat_settings(parent: Any, args: Args, ctx: RequestContext, info: Any) -> ChatSettingsView:
    viewer = require_viewer(ctx)
    allowed = await rooms.set_learner_direct_messages(viewer, args["courseId"], bool(args["learnerDirectMessages"]))
    return ChatSettingsView(allowed)


@resolver("Query.room")
async def get_room(parent: Any, args: Args, ctx: RequestContext, info: Any) -> RoomView:
    return _view(await rooms.membership(require_viewer(ctx), args["id"]))


@resolver("Room.lastReadSeq")
async def room_last_read(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> int:
    return await messages.last_read_seq(ctx.runtime, require_viewer(ctx), room.room.id)


@resolver("Room.unreadCount")
async def room_unread(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> int:
    return await messages.unread_count(ctx.runtime, require_viewer(ctx), room.room.id)


@resolver("Room.latestSeq")
async def room_latest_seq(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> int:
    seq, _ = await room.head(ctx.runtime)
    return seq


@resolver("Room.epoch")
async def room_epoch(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> str | None:
    _, epoch = await room.head(ctx.runtime)
    return epoch


@resolver("Room.viewerMutedUntil")
async def room_viewer_muted(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> datetime | None:
    viewer = require_viewer(ctx)
    if viewer.is_admin:
        return None  # admins are never muted (`rooms.standing`), even by a mute from before a promotion
    return await loaders.viewer_mutes(ctx).load(room.course_id)


@resolver("Room.onlineMembers")
async def room_online(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> list[ChatUser]:
    return await presence.online(ctx.runtime.redis, messages.room_keys(ctx.runtime, room.room.id))


@resolver("Query.messages")
async def list_messages(parent: Any, args: Args, ctx: RequestContext, info: Any) -> messages.History:
    viewer = require_viewer(ctx)
    return await messages.history(
        ctx.runtime, viewer, args["roomId"], args.get("before"), args.get("last"),
        around=args.get("around"), after=args.get("after"),
    )  # fmt: skip


@resolver("Query.searchMessages")
async def search_messages(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, object]:
    found = await search.search_messages(
        ctx.runtime, require_viewer(ctx), args["courseId"], args["query"], room_id=args.get("roomId"),
        order=args.get("order"), first=args.get("first"), after=args.get("after"),
    )  # fmt: skip
    return found.connection()


@resolver("MessageSearchHit.room")
async def search_hit_room(hit: search.SearchHit, args: Args, ctx: RequestContext, info: Any) -> RoomView:
    return RoomView(hit.room, hit.can_post)


@resolver("Mutation.createRoom")
async def create_room(parent: Any, args: Args, ctx: RequestContext, info: Any) -> RoomView:
    viewer = require_viewer(ctx)
    room = await rooms.create_room(viewer, args["courseId"], args["name"], bool(args.get("announcements")))
    return RoomView(room, True)


@resolver("Mutation.sendMessage", direct=True)
async def send_message(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Message:
    viewer = require_viewer(ctx)
    return await messages.send_message(
        ctx.runtime, viewer, args["roomId"], args["body"], args["clientId"],
        thread_id=args.get("threadId"), lesson_id=args.get("lessonId"), attachment_ids=args.get("attachmentIds"),
    )  # fmt: skip


@resolver("Query.thread")
async def get_thread(parent: Any, args: Args, ctx: RequestContext, info: Any) -> messages.History:
    viewer = require_viewer(ctx)
    return await messages.thread(ctx.runtime, viewer, args["messageId"], args.get("before"), args.get("last"))


@resolver("Query.lessonQuestions")
async def get_lesson_questions(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, object]:
    viewer = require_viewer(ctx)
    found = await questions.lesson_questions(
        ctx.runtime, viewer, args["lessonId"], args.get("first"), args.get("after")
    )
    return found.connection()


@resolver("Query.unansweredQuestions")
async def get_unanswered(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, object]:
    viewer = require_viewer(ctx)
    found = await questions.unanswered_questions(
        ctx.runtime, viewer, args.get("courseId"), args.get("first"), args.get("after")
    )
    return found.connection()


@resolver("Mutation.markAnswer")
async def mark_answer(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Message:
    return await questions.mark_answer(ctx.runtime, require_viewer(ctx), args["messageId"], args.get("answerId"))


@resolver("Mutation.addReaction")
async def add_reaction(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Message:
    return await reactions.react(ctx.runtime, require_viewer(ctx), args["messageId"], args["emoji"], added=True)


@resolver("Mutation.removeReaction")
async def remove_reaction(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Message:
    return await reactions.react(ctx.runtime, require_viewer(ctx), args["messageId"], args["emoji"], added=False)


@resolver("Mutation.pinMessage")
async def pin_message(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Message:
    return await pins.set_pinned(ctx.runtime, require_viewer(ctx), args["messageId"], True)


@resolver("Mutation.unpinMessage")
async def unpin_message(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Message:
    return await pins.set_pinned(ctx.runtime, require_viewer(ctx), args["messageId"], False)


@resolver("Room.unreadMentions")
async def room_unread_mentions(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> int:
    return await inbox.unread_mentions(ctx.runtime, require_viewer(ctx), room.room.id)


@resolver("Room.members")
async def room_members(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> list[ChatUser]:
    member = await rooms.membership(require_viewer(ctx), room.room.id)
    return await inbox.room_members(ctx.runtime, member, args.get("query"), args.get("first"))


@resolver("Query.myMentions")
async def my_mentions(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, object]:
    found = await inbox.my_mentions(ctx.runtime, require_viewer(ctx), args.get("first"), args.get("after"))
    return found.connection()


@resolver("Query.unreadMentionCount")
async def unread_mention_count(parent: Any, args: Args, ctx: RequestContext, info: Any) -> int:
    return await inbox.unread_mention_count(ctx.runtime, require_viewer(ctx))


@resolver("Room.pinnedMessages")
async def room_pins(room: RoomView, args: Args, ctx: RequestContext, info: Any) -> list[Message]:
    return await pins.pinned_messages(ctx.runtime, room.room.id)


@dataclass(frozen=True)
class AttachmentView:
    id: str
    kind: str
    name: str
    mime_type: str
    size_bytes: float
    image: media_views.ImageView | None
    file: media_views.MediaFileView | None


async def _attachments(ctx: RequestContext, message: Message) -> list[AttachmentView]:
    viewer = current_viewer(ctx)  # None: a room event, rendered once for every subscriber
    found = [await media_views.assets(ctx).load(UUID(i)) for i in message.attachment_ids]
    views: list[AttachmentView] = []
    for asset in found:
        if asset is None:
            continue  # deleted by an admin since
        protected = asset.kind is not MediaKind.IMAGE
        views.append(
            AttachmentView(
                id=str(asset.id), kind=asset.kind.value, name=asset.original_name or asset.kind.value.lower(),
                mime_type=asset.mime_type, size_bytes=float(asset.size_bytes),
                image=None if protected else media_views.image_view(asset),
                file=media_views.file_view(ctx, asset, viewer.id) if protected and viewer is not None else None,
            )
        )  # fmt: skip
    return views


@resolver("Message.attachments")
async def message_attachments(message: Message, args: Args, ctx: RequestContext, info: Any) -> list[AttachmentView]:
    if not message.attachment_ids or message.deleted:
        return []
    return await _attachments(ctx, message)


@resolver("Query.attachment")
async def get_attachment(parent: Any, args: Args, ctx: RequestContext, info: Any) -> AttachmentView | None:
    viewer = require_viewer(ctx)
    room_id = await messages.room_of(ctx.runtime, args["messageId"])
    await rooms.membership(viewer, room_id)
    state = await messages.current_state(ctx.runtime, room_id, args["messageId"])
    if state is None or state.deleted:
        return None
    return next((view for view in await _attachments(ctx, state) if view.id == args["id"]), None)


@resolver("Message.editHistory")
async def message_edit_history(message: Message, args: Args, ctx: RequestContext, info: Any) -> list[Any] | None:
    viewer = current_viewer(ctx)
    if viewer is None:
        return None
    if not viewer.is_admin:
        room = await loaders.rooms(ctx).load(UUID(message.room_id))
        course = await course_loaders.courses(ctx).load(room.course_id) if room is not None else None  # type: ignore[attr-defined]
        if course is None or not manages(viewer, course):
            return None
    if message.edited_at is None:
        return []
    return await loaders.edit_history(ctx).load(UUID(message.id))


@resolver("Message.answer")
async def message_answer(message: Message, args: Args, ctx: RequestContext, info: Any) -> Message | None:
    if message.answer_id is None:
        return None
    return await loaders.message_states(ctx).load((UUID(message.room_id), UUID(message.answer_id)))


@resolver("Message.viewerReactions")
async def message_viewer_reactions(message: Message, args: Args, ctx: RequestContext, info: Any) -> list[str] | None:
    viewer = current_viewer(ctx)
    if viewer is None:
        return None  # a room event, rendered once for every subscriber
    if not message.reactions:
        return []
    return await loaders.viewer_reactions(ctx).load(message)


@resolver("Mutation.editMessage", direct=True)
async def edit_message(parent: Any, args: Args, ctx: RequestContext, info: Any) -> Message:
    return await messages.edit_message(ctx.runtime, require_viewer(ctx), args["messageId"], args["body"])


@resolver("Mutation.deleteMessage", direct=True)
async def delete_message(parent: Any, args: Args, ctx: RequestContext, info: Any) -> bool:
    await messages.delete_message(ctx.runtime, require_viewer(ctx), args["messageId"])
    return True


@resolver("Mutation.setTyping", direct=True)
async def set_typing(parent: Any, args: Args, ctx: RequestContext, info: Any) -> bool:
    return await messages.set_typing(ctx.runtime, require_viewer(ctx), args["roomId"])


@resolver("Mutation.markRead")
async def mark_read(parent: Any, args: Args, ctx: RequestContext, info: Any) -> RoomView:
    return _view(await messages.mark_read(ctx.runtime, require_viewer(ctx), args["roomId"], args["seq"]))


# ------------------------------------------------------------------------------------ moderation


@resolver("Mutation.reportMessage")
async def report_message(parent: Any, args: Args, ctx: RequestContext, info: Any) -> MessageReport:
    viewer = require_viewer(ctx)
    return await moderation.report_message(ctx.runtime, viewer, args["messageId"], args["reason"])


@resolver("Query.messageReports")
async def message_reports(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any]:
    require_admin(ctx)
    status = ReportStatus(args.get("status") or ReportStatus.OPEN.value)
    found = await moderation.report_queue(ctx.runtime, status, args.get("first"), args.get("after"))
    return connection(found.page.items, found.page.cursors, found.page.has_next_page, counter=found.counter)


@resolver("MessageReportConnection.totalCount")
async def message_reports_total(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> int:
    """Counted (up to COUNT_CAP) only when asked for; one count with totalCountCapped."""
    counter: Counter = parent["counter"]
    return await counter.count()


@resolver("MessageReportConnection.totalCountCapped")
async def message_reports_total_capped(parent: dict[str, Any], args: Args, ctx: RequestContext, info: Any) -> bool:
    counter: Counter = parent["counter"]
    return await counter.capped()


@resolver("Mutation.resolveReport")
async def resolve_report(parent: Any, args: Args, ctx: RequestContext, info: Any) -> MessageReport:
    admin = require_admin(ctx)
    return await moderation.resolve_report(
        ctx.runtime, admin, args["reportId"], args["action"], args.get("muteMinutes"), args.get("reason")
    )


@resolver("Mutation.muteMember")
async def mute_member(parent: Any, args: Args, ctx: RequestContext, info: Any) -> ChatMute:
    viewer = require_viewer(ctx)
    return await moderation.mute_member(
        ctx.runtime, viewer, args["courseId"], args["userId"], args["minutes"], args.get("reason")
    )


@resolver("Mutation.unmuteMember")
async def unmute_member(parent: Any, args: Args, ctx: RequestContext, info: Any) -> ChatMute:
    viewer = require_viewer(ctx)
    return await moderation.unmute_member(ctx.runtime, viewer, args["muteId"], args.get("reason"))


@resolver("Query.chatMutes")
async def chat_mutes(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[ChatMute]:
    require_admin(ctx)
    return await moderation.mutes_in_force(args.get("courseId"))


@resolver("ChatMute.user")
async def mute_user(mute: ChatMute, args: Args, ctx: RequestContext, info: Any) -> User | None:
    return await auth_loaders.users(ctx).load(mute.user_id)  # type: ignore[attr-defined]


def _admin_reads(ctx: RequestContext) -> bool:
    viewer = current_viewer(ctx)
    return viewer is not None and viewer.is_admin


@resolver("MessageReport.status")
async def report_status(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> str:
    return ReportStatus(report.status).value


@resolver("MessageReport.message")
async def report_message_now(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> Message:
    state = await loaders.message_states(ctx).load((report.room_id, report.message_id))  # type: ignore[attr-defined]
    if state is not None:
        return state
    author = await auth_loaders.users(ctx).load(report.author_id)  # type: ignore[attr-defined]
    return moderation.stand_in(report, author.display_name if author is not None else "")


@resolver("MessageReport.reportedBody")
async def report_body(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> str:
    return report.message_body


@resolver("MessageReport.author")
async def report_author(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> User | None:
    if not _admin_reads(ctx):
        return None
    return await auth_loaders.users(ctx).load(report.author_id)  # type: ignore[attr-defined]


@resolver("MessageReport.reporter")
async def report_reporter(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> User | None:
    if not _admin_reads(ctx):
        return None
    return await auth_loaders.users(ctx).load(report.reporter_id)  # type: ignore[attr-defined]


async def _report_room(report: MessageReport, ctx: RequestContext) -> Room:
    room = await loaders.rooms(ctx).load(report.room_id)  # type: ignore[attr-defined]
    assert room is not None  # reports go with their room (ON DELETE CASCADE)
    return room


@resolver("MessageReport.roomName")
async def report_room_name(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> str:
    return (await _report_room(report, ctx)).name


@resolver("MessageReport.courseId")
async def report_course_id(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> str:
    return str((await _report_room(report, ctx)).course_id)  # type: ignore[attr-defined]


@resolver("MessageReport.courseTitle")
async def report_course_title(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> str:
    room = await _report_room(report, ctx)
    course = await course_loaders.courses(ctx).load(room.course_id)  # type: ignore[attr-defined]
    return course.title if course is not None else ""


@resolver("MessageReport.context")
async def report_context(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> list[Message] | None:
    if not _admin_reads(ctx):
        return None
    return await moderation.context(ctx.runtime, report.room_id, report.message_seq)  # type: ignore[attr-defined]


@resolver("MessageReport.reportCount")
async def report_count(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> int:
    count = await loaders.open_report_counts(ctx).load(report.message_id)
    return count or 0


@resolver("MessageReport.resolution")
async def report_resolution(report: MessageReport, args: Args, ctx: RequestContext, info: Any) -> str | None:
    return report.resolution or None


@resolver("Subscription.roomEvents")
async def room_event(event: RoomEvent, args: Args, ctx: RequestContext, info: Any) -> RoomEvent:
    return event


@resolver("RoomEvent.epoch")
async def room_event_epoch(event: RoomEvent, args: Args, ctx: RequestContext, info: Any) -> str:
    """The room's epoch; empty on presence and typing, which take no seq."""
    return event.epoch or ""


@subscription("Subscription.roomEvents")
async def room_events_source(parent: Any, args: Args, ctx: RequestContext, info: Any) -> AsyncIterator[Any]:
    """Never used: /ws serves roomEvents through the chat hub (see subscriptions.py)."""
    raise AppError(ErrorCode.BAD_USER_INPUT, "roomEvents is served over the WebSocket at /ws")
    yield  # pragma: no cover - makes this an async generator
