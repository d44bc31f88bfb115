"""Chat moderation: members report messages, admins work the queue, and members are muted.

Reports. Any member of a room but the author may report one of its messages (`report_message`);
a message the reporter cannot see is NOT_FOUND, never FORBIDDEN, so its existence does not leak.
The message may still be only in Redis (written behind), so its state is read as every edit
reads it (Redis's window, else the stored row), and its body and author are copied into the
report: the evidence survives an edit or a delete. One report per reporter and message (a
unique index; a second report returns the first), at most `REPORTS_PER_HOUR` new ones per
reporter.

The queue (`report_queue`) is for admins, oldest open report first. Resolving a report
(`resolve_report`) resolves every open report of the same message, in one PostgreSQL
transaction that locks those reports (in id order, so two admins resolving two reports of one
message cannot deadlock: exactly one wins, the other gets CONFLICT), writes the mute, the
report rows and their audit entries, and last of all deletes the message in Redis (the append
every delete makes: subscribers see MESSAGE_DELETED, the write-behind stores it). A Redis
failure there rolls the PostgreSQL side back. The window left: PostgreSQL's COMMIT failing
after the Redis append succeeded (the connection lost at that instant) leaves the message
deleted with its reports still open and no audit entry; resolving the report again then finds
the message already deleted and only resolves it. A moderator's delete takes no token from the
moderator's chat bucket: moderation must not be refused because the moderator chatted.

Mutes (`mute_member`, `unmute_member`, given by admins or the course's creator, and by
`resolve_report`). A muted member reads the course's rooms but every post, edit and typing is
refused (`rooms.Muted`, enforced in `chat.messages`). A mute ends by itself (its `ends_at` is
compared with the clock; no job runs). Muting someone already muted *replaces* the mute in
force: it is lifted and a new one runs `minutes` from now (the latest decision wins, shorter or
longer; the audit entry's `before` names the one replaced), so at most one mute per member and
course is in force (an advisory lock serialises concurrent mutes of the same member). The
course's creator, admins and the moderator themselves cannot be muted. Every change announces
`rooms.MUTE_TOPIC` after its commit, so every process drops the member's cached memberships and
the next send sees the mute; muting neither removes the member from the rooms nor ends their
subscriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from edusphere.audit import log as audit
from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord
from edusphere.auth.models import Role, User
from edusphere.auth.viewer import Viewer
from edusphere.chat import durable, live, messages, rooms
from edusphere.chat import keys as chat_keys
from edusphere.chat.events import Message, MessagePosted
from edusphere.chat.models import ChatMessage, ChatMute, MessageReport, ReportStatus, Room
from edusphere.core import ratelimit
from edusphere.core.counting import Counter
from edusphere.core.errors import AppError, ErrorCode, bad_input, conflict, forbidden, not_found
from edusphere.core.invalidation import announce
from edusphere.core.pagination import Page, keyset, newest, oldest, page_size
from edusphere.core.runtime import Runtime
from edusphere.core.text import check_plain_text
from edusphere.courses.access import managed_course, manages, parse_id
from edusphere.courses.models import Course

MAX_REASON = 500
MAX_MUTE_MINUTES = 30 * 24 * 60  # 43,200: thirty days
REPORTS_PER_HOUR = 20
CONTEXT_AROUND = 3  # messages before and after a reported one
MAX_MUTES_LISTED = 500
# Events of the Redis window scanned on each side of a reported message for its context (edits
# and deletes take seqs too, so three posts may lie further than three events away).
_CONTEXT_SCAN = 60


class ReportAction(StrEnum):
    DISMISS = "DISMISS"
    DELETE_MESSAGE = "DELETE_MESSAGE"
    MUTE_AUTHOR = "MUTE_AUTHOR"
    DELETE_AND_MUTE = "DELETE_AND_MUTE"

    @property
    def deletes(self) -> bool:
        return self in (ReportAction.DELETE_MESSAGE, ReportAction.DELETE_AND_MUTE)

    @property
    def mutes(self) -> bool:
        return self in (ReportAction.MUTE_AUTHOR, ReportAction.DELETE_AND_MUTE)


# ---------------------------------------------------------------------------------------- checks


def check_report_reason(reason: str) -> str:
    """A reporter's reason as stored: plain text, 1-500 characters once trimmed."""
    text = check_plain_text(reason, "reason").strip()
    if not text:
        raise bad_input("Say what is wrong with the message", field="reason")
    if len(text) > MAX_REASON:
        raise bad_input(f"A reason can be at most {MAX_REASON} characters", field="reason")
    return text


def check_minutes(minutes: Any, field: str) -> int:
    """A mute's length: a whole number of minutes from 1 to 43,200 (thirty days)."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MUTE_MINUTES:
        raise bad_input(f"{field} must be a whole number of minutes from 1 to {MAX_MUTE_MINUTES}", field=field)
    return minutes


def check_resolution(action: str, mute_minutes: Any) -> tuple[ReportAction, int | None]:
    """The action and, for the muting ones only, its minutes."""
    try:
        chosen = ReportAction(action)
    except ValueError:
        raise bad_input("action must be DISMISS, DELETE_MESSAGE, MUTE_AUTHOR or DELETE_AND_MUTE") from None
    if chosen.mutes:
        if mute_minutes is None:
            raise bad_input(f"{chosen.value} needs muteMinutes", field="muteMinutes")
        return chosen, check_minutes(mute_minutes, "muteMinutes")
    if mute_minutes is not None:
        raise bad_input(f"{chosen.value} mutes nobody: leave muteMinutes out", field="muteMinutes")
    return chosen, None


def check_muteable(actor: Viewer, course: Course, target: User | None) -> User:
    """The member `actor` may mute in `course`: not themselves, the course's creator or an admin."""
    if target is None:
        raise not_found("User")
    if target.id == actor.id:
        raise bad_input("You cannot mute yourself", field="userId", reason="SELF")
    if target.id == course.creator_id:  # type: ignore[attr-defined]
        raise bad_input("The course's creator cannot be muted in its chat", field="userId", reason="CREATOR")
    if target.role is Role.ADMIN:
        raise bad_input("Admins cannot be muted", field="userId", reason="ADMIN")
    return target


def _parse(raw: str, what: str) -> UUID:
    return parse_id(str(raw), what)


# --------------------------------------------------------------------------------------- reports


async def report_message(rt: Runtime, viewer: Viewer, message_id: str, reason: str) -> MessageReport:
    """The viewer's report of the message (their earlier one if they reported it already)."""
    text = check_report_reason(reason)
    key = _parse(message_id, "Message")
    room_id = await messages.room_of(rt, str(key))
    try:
        await rooms.membership(viewer, room_id)  # the check reading the room's history makes
    except AppError as refused:
        if refused.code in (ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND):
            raise not_found("Message") from None  # do not tell an outsider the message exists
        raise
    state = await messages.current_state(rt, room_id, str(key))
    if state is None:
        raise not_found("Message")
    if state.author_id == str(viewer.id):
        raise bad_input("You cannot report your own message", field="messageId", reason="OWN_MESSAGE")
    existing = await MessageReport.get_or_none(message_id=key, reporter_id=viewer.id)
    if existing is not None:
        return existing
    if state.deleted:
        raise bad_input("This message was deleted", field="messageId", reason="DELETED")
    decision = await ratelimit.hit(rt.redis, chat_keys.reports_limit(rt.keys, viewer.id), REPORTS_PER_HOUR, 3600)
    if not decision.allowed:
        raise ratelimit.rate_limited(decision, "reports")
    try:
        return await MessageReport.create(
            room_id=room_id,
            message_id=key,
            message_seq=int(state.seq),
            message_body=state.body,
            author_id=UUID(state.author_id),
            reporter_id=viewer.id,
            reason=text,
        )
    except IntegrityError:  # the same report, sent twice at once: the other one won
        first = await MessageReport.get_or_none(message_id=key, reporter_id=viewer.id)
        if first is None:
            raise
        return first


@dataclass(frozen=True)
class ReportPage:
    page: Page[MessageReport]
    "The queue's query, counted (capped) only when totalCount or totalCountCapped is asked."
    counter: Counter


async def report_queue(rt: Runtime, status: ReportStatus, first: int | None, after: str | None) -> ReportPage:
    """Reports with `status`: OPEN oldest first (a queue, worked from the front), the others
    newest first; keyset-paged on (created_at, id) by the index (status, created_at, id)."""
    size = page_size(first)
    keys = oldest() if status is ReportStatus.OPEN else newest()
    kind = f"chat-reports:{status.value}:{'OLDEST' if status is ReportStatus.OPEN else 'NEWEST'}"
    query = MessageReport.filter(status=status)
    page = await keyset(query, rt.settings.secret_key, kind, size, after, keys)
    return ReportPage(page, Counter(query))


async def resolve_report(
    rt: Runtime, admin: Viewer, report_id: str, action: str, mute_minutes: Any, reason: str | None
) -> MessageReport:
    """Resolve the report and every other open report of its message (see the module's notes
    for the order of work and its one window)."""
    chosen, minutes = check_resolution(action, mute_minutes)
    note = audit.check_reason(reason)
    key = _parse(report_id, "Report")
    report = await MessageReport.get_or_none(id=key).select_related("room__course")
    if report is None:
        raise not_found("Report")
    if report.status is not ReportStatus.OPEN:
        raise _resolved_already(report)
    room: Room = report.room
    mute: ChatMute | None = None
    async with in_transaction():
        now = datetime.now(UTC)
        # Every open report of the message, locked in id order (one order for every admin: no
        # deadlock); a report resolved meanwhile is no longer among them.
        reports = (
            await MessageReport.filter(message_id=report.message_id, status=ReportStatus.OPEN)
            .order_by("id")
            .select_for_update()
        )
        if not any(r.id == report.id for r in reports):
            raise _resolved_already(await MessageReport.get(id=key))
        entries: list[AuditRecord] = []
        if chosen.mutes:
            assert minutes is not None
            author = check_muteable(admin, room.course, await User.get_or_none(id=report.author_id))  # type: ignore[attr-defined]
            mute, entry = await _give_mute(admin, room.course, author, minutes, note, now)
            entries.append(entry)
        doomed: Message | None = None
        if chosen.deletes:
            state = await messages.current_state(rt, room.id, str(report.message_id))
            if state is not None and not state.deleted:
                doomed = state
                entries.append(
                    AuditRecord(
                        admin.id,
                        AuditAction.MESSAGE_DELETED,
                        str(report.message_id),
                        before={"body": state.body, "deleted": False},
                        after={"body": "", "deleted": True},
                        reason=note,
                    )
                )
        status = ReportStatus.DISMISSED if chosen is ReportAction.DISMISS else ReportStatus.ACTIONED
        await MessageReport.filter(id__in=[r.id for r in reports]).update(
            status=status, resolved_at=now, resolved_by_id=admin.id, resolution=chosen.value
        )
        verb = AuditAction.REPORT_DISMISSED if status is ReportStatus.DISMISSED else AuditAction.REPORT_ACTIONED
        after = {"status": status.value, "resolution": chosen.value}
        entries.extend(
            AuditRecord(admin.id, verb, str(r.id), before={"status": ReportStatus.OPEN.value}, after=after, reason=note)
            for r in reports
        )
        await audit.record_many(entries)
        if doomed is not None:
            # Last, inside the transaction: if Redis fails, nothing above is committed.
            try:
                await messages.append_change(rt, doomed, messages.deletion(doomed), bucket=None)
            except live.StaleMessage:
                raise conflict("The message changed while its report was resolved; look at it again") from None
    if mute is not None:
        await mute_changed(rt, mute)
    return await MessageReport.get(id=key)


def _resolved_already(report: MessageReport) -> AppError:
    return AppError(
        ErrorCode.CONFLICT,
        "This report was already resolved",
        status=report.status.value,
        resolution=report.resolution or None,
    )


# ----------------------------------------------------------------------------------------- mutes


async def _give_mute(
    actor: Viewer, course: Course, target: User, minutes: int, reason: str, now: datetime
) -> tuple[ChatMute, AuditRecord]:
    """Mute `target` in `course` for `minutes` from `now`, replacing a mute in force; inside the
    caller's transaction, which also records the returned audit entry."""
    db = connections.get("default")
    # Serialise mutes of this member in this course (two at once would both find none in force).
    lock = f"chat-mute:{target.id}:{course.id}"
    await db.execute_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lock])
    replaced = (
        await ChatMute.filter(user_id=target.id, course_id=course.id, lifted_at__isnull=True, ends_at__gt=now)
        .order_by("-ends_at")
        .select_for_update()
    )
    if replaced:
        await ChatMute.filter(id__in=[m.id for m in replaced]).update(lifted_at=now)
    mute = await ChatMute.create(
        course_id=course.id,
        user_id=target.id,
        muted_by_id=actor.id,
        reason=reason,
        ends_at=now + timedelta(minutes=minutes),
    )
    before = {"ends_at": replaced[0].ends_at.isoformat(), "mute_id": str(replaced[0].id)} if replaced else None
    entry = AuditRecord(
        actor.id,
        AuditAction.MEMBER_MUTED,
        str(target.id),
        before=before,
        after={"course_id": str(course.id), "ends_at": mute.ends_at.isoformat(), "mute_id": str(mute.id)},
        reason=reason,
    )
    return mute, entry


async def mute_member(
    rt: Runtime, actor: Viewer, course_id: str, user_id: str, minutes: Any, reason: str | None
) -> ChatMute:
    """Admins and the course's creator; audited (MEMBER_MUTED)."""
    course = await managed_course(actor, course_id)
    length = check_minutes(minutes, "minutes")
    note = audit.check_reason(reason)
    target = check_muteable(actor, course, await User.get_or_none(id=_parse(user_id, "User")))
    async with in_transaction():
        mute, entry = await _give_mute(actor, course, target, length, note, datetime.now(UTC))
        await audit.record(entry)
    await mute_changed(rt, mute)
    return mute


async def unmute_member(rt: Runtime, actor: Viewer, mute_id: str, reason: str | None) -> ChatMute:
    """Lift a mute in force: admins and the course's creator; audited (MEMBER_UNMUTED)."""
    key = _parse(mute_id, "Mute")
    found = await ChatMute.get_or_none(id=key).select_related("course")
    if found is None:
        raise not_found("Mute")
    if not manages(actor, found.course):
        raise forbidden("Only an admin or the course's creator can lift a mute")
    note = audit.check_reason(reason)
    async with in_transaction():
        mute = await ChatMute.filter(id=key).select_for_update().get()
        now = datetime.now(UTC)
        if mute.lifted_at is not None or mute.ends_at <= now:
            raise AppError(ErrorCode.CONFLICT, "This mute is no longer in force", reason="NOT_IN_FORCE")
        mute.lifted_at = now
        await mute.save(update_fields=["lifted_at"])
        await audit.record(
            AuditRecord(
                actor.id,
                AuditAction.MEMBER_UNMUTED,
                str(mute.user_id),  # type: ignore[attr-defined]
                before={"lifted_at": None, "ends_at": mute.ends_at.isoformat()},
                after={"lifted_at": now.isoformat(), "course_id": str(found.course.id), "mute_id": str(mute.id)},
                reason=note,
            )
        )
    await mute_changed(rt, mute)
    return mute


async def mute_changed(rt: Runtime, mute: ChatMute) -> None:
    """After the commit: this process forgets the member's cached memberships at once, and the
    bus tells every other process to."""
    value = rooms.mute_value(mute.user_id, mute.course_id)  # type: ignore[attr-defined]
    rooms.membership_cache(rt).mute_changed(value)
    await announce(rt.redis, rt.keys, rooms.MUTE_TOPIC, value)


async def mutes_in_force(course_id: str | None) -> list[ChatMute]:
    """Mutes not lifted and not ended, newest first (at most 500), in one course or all."""
    query = ChatMute.filter(lifted_at__isnull=True, ends_at__gt=datetime.now(UTC))
    if course_id is not None:
        query = query.filter(course_id=_parse(course_id, "Course"))
    return await query.order_by("-created_at", "-id").limit(MAX_MUTES_LISTED)


async def mutes_of(user_id: UUID, course_ids: list[UUID]) -> dict[UUID, datetime]:
    """Until when the user is muted in each of the courses (only those where they are)."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT course_id, max(ends_at) AS until FROM chat_mutes WHERE user_id = $1 AND course_id = ANY($2)"
        " AND lifted_at IS NULL AND ends_at > now() GROUP BY course_id",
        [user_id, course_ids],
    )
    return {row["course_id"]: row["until"] for row in rows}


# ------------------------------------------------------------------------------ what admins read


async def context(rt: Runtime, room_id: UUID, seq: int, around: int = CONTEXT_AROUND) -> list[Message]:
    """Up to `around` messages before the one posted at `seq`, it, and `around` after, oldest
    first, each as it is now (deleted ones with an empty body). The newest may be only in
    Redis and the oldest only in PostgreSQL: both are read and Redis's states win."""
    keys = messages.room_keys(rt, room_id)
    earlier_rows = await (
        ChatMessage.filter(room_id=room_id, seq__lt=seq).order_by("-seq").limit(around).select_related("author")
    )
    later_rows = await (
        ChatMessage.filter(room_id=room_id, seq__gte=seq).order_by("seq").limit(around + 1).select_related("author")
    )
    found = {str(row.id): durable.message(row) for row in [*earlier_rows, *later_rows]}
    earlier = await rt.redis.zrevrangebyscore(keys.recent, f"({seq}", "-inf", start=0, num=_CONTEXT_SCAN)
    later = await rt.redis.zrangebyscore(keys.recent, seq, "+inf", start=0, num=_CONTEXT_SCAN)
    posts = [e.message for e in live.decode_all([*earlier, *later]) if isinstance(e, MessagePosted)]
    states = await live.current_states(rt.redis, keys, [post.id for post in posts])
    for post, state in zip(posts, states, strict=True):
        found[post.id] = state or post
    ordered = sorted(found.values(), key=lambda m: m.seq)
    before = [m for m in ordered if m.seq < seq][-around:]
    itself = [m for m in ordered if m.seq == seq]
    after = [m for m in ordered if m.seq > seq][:around]
    return before + itself + after


def stand_in(report: MessageReport, author_name: str) -> Message:
    """The message as the report saw it, for one neither Redis nor PostgreSQL holds any more
    (Redis lost it before it was written behind)."""
    return Message(
        id=str(report.message_id),
        seq=report.message_seq,
        room_id=str(report.room_id),  # type: ignore[attr-defined]
        author_id=str(report.author_id),  # type: ignore[attr-defined]
        author_name=author_name,
        body=report.message_body,
        client_id="",
        created_at=report.created_at,
        edited_at=None,
        deleted=False,
        last_event_seq=report.message_seq,
    )
