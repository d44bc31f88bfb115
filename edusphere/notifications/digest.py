"""From announcements and mentions to digests: the fan-out, the mentions due and the mail, each
in short transactions.

1. **Noticed.** The chat write-behind inserts a `course_announcements` row in the transaction
   that makes an ANNOUNCEMENTS room's post durable (`chat.writebehind.write_batch`), so every
   announcement is seen once it is in PostgreSQL, whatever order batches commit in. A mention
   (`<@USER_ID>`) is a `chat_mentions` row of the same transaction: nothing more is written on
   chat's hot path.
2. **Fan-out** (`fan_out`): for one announcement at a time (claimed `FOR UPDATE SKIP LOCKED`),
   the next `fanout_batch_size` learners of its course by id (active enrollment, active account,
   not opted out) get a delivery row, and their `notification_recipients` row a due time; the
   announcement's cursor moves in the same transaction. A course of 10,000 learners is ten
   short transactions, resumed where they stopped after a crash. An announcement deleted
   before its fan-out is fanned out to nobody.
3. **Mentions due** (`queue_mentions`): `fanout_batch_size` mentions at a time whose message is
   `mention_delay_minutes` old and that nobody decided about yet (`notified_at IS NULL`, a
   partial index), claimed `FOR UPDATE SKIP LOCKED`. Those still wanted (`_MENTION_WANTED`, in
   SQL, and the read markers Redis holds) get a `mention_deliveries` row and their user's
   recipient row a due time, as a fan-out; every claimed one is marked `notified_at` in the same
   transaction. So a mention is decided once: never queued twice, and a crash only repeats the
   transaction it interrupted.
4. **Digest** (`send_due`): `batch_size` learners whose digest is due, locked `FOR UPDATE SKIP
   LOCKED` (several processes share the work and never mail a learner twice), their waiting
   announcements and mentions read, one COURSE_ANNOUNCEMENTS mail each enqueued
   (`mail.enqueue_many`), the deliveries deleted and the learners' clocks moved, in one
   transaction: the mail exists exactly when what it lists is marked as mailed.

**At most one mail per learner per window** (`digest_minutes`, an hour). A learner's first
waiting item makes the digest due `gather_seconds` later (what comes together arrives
together), or at the end of the window that their last digest opened, whichever is later. A
digest lists every course with news for the learner, announcements and mentions (up to
`tokens.MAX_COURSES` courses and `MAX_ITEMS` items; the rest wait for the next one).

A mention is wanted (`_MENTION_WANTED`) while its message is not deleted, is not the person's
own and still names them (its `mentions`, the truth: an edit may drop the name), their read
marker in the room is below its seq (PostgreSQL's here, Redis's beside it: `chat.messages.
live_read_markers`), they may still read the room (active; an admin, the creator or enrolled
now in a published course; one of a direct room's two) and have not turned the course off (the
announcements' choice and unsubscribe, reused). A mention in an announcement is not wanted by
the learners the announcement itself reaches. `<!here>` is no mention here: the announcement is.
One choice covers both kinds (`preferences`, the one-click unsubscribe): a course turned off
sends neither. A switch of its own for mentions ("email me when I am mentioned") would need its
field in the API and on Account → Notifications first; the tokens would then name it.

What is checked at sending, not only at fan-out (things change in between): the enrollment is
still active and the course not opted out, the account is active, the announcement is not
deleted (an edited one is sent as it reads now), and the whole of `_MENTION_WANTED` again (a
mention read in the minutes before the digest goes is left out). Verification: every address
may receive for now; when `edusphere.auth` records verified addresses, add the condition to
`_ELIGIBLE` and `_MENTION_WANTED`.

Every function takes `now` (default: the clock): the tests move time instead of waiting an hour.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import msgspec
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from edusphere.chat import messages
from edusphere.chat.events import ChatUser
from edusphere.chat.mentions import as_text
from edusphere.chat.models import RoomKind
from edusphere.core.runtime import Runtime
from edusphere.core.settings import NotificationSettings
from edusphere.core.text import one_line
from edusphere.mail import MailKind, MailRefused, OutgoingMail, Recipient, compose, enqueue_many
from edusphere.mail.message import MAX_NAME
from edusphere.mail.templates import linker
from edusphere.notifications import tokens

log = logging.getLogger(__name__)

MAX_ITEMS = 50  # announcements and mentions in one mail
MAX_BODY = 2_000  # characters of an announcement in a mail (the chat holds up to 4,000)
MAX_EXCERPT = 300  # characters of a mentioning message in a mail (one line)
MAX_TITLE = 150
MAX_ROOM = 80
KEEP_ANNOUNCEMENTS = timedelta(days=30)
UNSUBSCRIBE_PATH = "/unsubscribe"
SETTINGS_PATH = "/account/notifications"
_NO_LEARNER = UUID(int=0)

# Who may receive a course's announcements: `e` an enrollment, `u` its learner, `$course` the
# course. (Verification hook: `AND u.email_verified_at IS NOT NULL` once auth keeps it.)
_ELIGIBLE = """
    e.revoked_at IS NULL AND u.is_active
    AND NOT EXISTS (SELECT 1 FROM course_notification_settings s
                    WHERE s.user_id = e.learner_id AND s.course_id = e.course_id AND NOT s.enabled)
"""

# A mention `cm` with what `_MENTION_WANTED` reads of it. Outer joins: a mention whose message,
# room or user is gone is still claimed (and decided: not wanted), never left in the index.
_MENTION_JOINS = """
    LEFT JOIN chat_messages m ON m.id = cm.message_id
    LEFT JOIN chat_rooms r ON r.id = cm.room_id
    LEFT JOIN courses c ON c.id = r.course_id
    LEFT JOIN users u ON u.id = cm.user_id
    LEFT JOIN chat_read_markers rm ON rm.room_id = cm.room_id AND rm.user_id = cm.user_id
"""

# Whether mention `cm` still goes to its user by email (see the module's notes), but for the
# read marker Redis holds (the caller's). The rule of who reads a room is `chat.rooms.membership`'s.
# NULL anywhere (something gone) is false. (Verification hook as in `_ELIGIBLE`.)
_MENTION_WANTED = """coalesce(
    m.id IS NOT NULL AND r.id IS NOT NULL AND c.id IS NOT NULL AND u.id IS NOT NULL
    AND NOT m.deleted AND m.author_id <> cm.user_id
    AND m.mentions @> jsonb_build_array(jsonb_build_object('id', cm.user_id::text))
    AND coalesce(rm.seq, 0) < cm.seq
    AND u.is_active
    AND (r.kind <> 'DIRECT' OR cm.user_id IN (r.member_a_id, r.member_b_id))
    AND CASE WHEN c.status <> 'DRAFT' AND EXISTS (
                 SELECT 1 FROM enrollments e WHERE e.learner_id = cm.user_id AND e.course_id = c.id
                 AND e.revoked_at IS NULL)
             THEN r.kind <> 'ANNOUNCEMENTS'
             ELSE u.role = 'ADMIN' OR u.id = c.creator_id END
    AND NOT EXISTS (SELECT 1 FROM course_notification_settings s
                    WHERE s.user_id = cm.user_id AND s.course_id = c.id AND NOT s.enabled),
    false)"""

# A recipient's next digest: due `$3` after `$2` (gathering), or when the window their last
# digest opened (`$4`) ends, whichever is later; kept when one is due already.
_MAKE_DUE = """
    INSERT INTO notification_recipients (user_id, due_at)
    SELECT learner, $2::timestamptz + $3::interval FROM unnest($1::uuid[]) AS learner
    ON CONFLICT (user_id) DO UPDATE SET due_at = coalesce(
        notification_recipients.due_at,
        greatest($2::timestamptz + $3::interval, notification_recipients.last_sent_at + $4::interval))
"""


@dataclass
class RoundResult:
    """What one round did, for the log and the tests."""

    fanned_out: int = 0  # delivery rows written
    announcements_done: int = 0  # announcements whose fan-out finished
    mentions_queued: int = 0  # mentions due and wanted: waiting for their digest
    mentions_skipped: int = 0  # mentions due and not wanted (seen, edited away, deleted, ...)
    mails: int = 0
    learners: int = 0  # learners whose digest was looked at
    dropped: int = 0  # deliveries no longer wanted (left the course, opted out, deleted, seen)
    purged: int = 0


@dataclass
class _Item:
    """One announcement or mention in a digest."""

    delivery_id: int
    mention: bool  # a mention of the learner (else an announcement)
    course_id: UUID
    course_title: str
    course_slug: str
    room_slug: str
    room_name: str
    author: str
    posted_at: datetime
    body: str  # an announcement's text, a mention's one-line excerpt
    edited: bool
    in_thread: bool = False
    direct: bool = False

    @property
    def room_path(self) -> str:
        return f"/courses/{self.course_slug}/chat/{self.room_slug}"


@dataclass
class _Digest:
    user_id: UUID
    items: list[_Item] = field(default_factory=list)


async def run_once(rt: Runtime, *, now: datetime | None = None, stopping: asyncio.Event | None = None) -> RoundResult:
    """One round: fan out what waits, queue the mentions due, send the digests due, purge old
    announcements. Set `stopping` ends the round after the transaction in hand (the rest waits
    for the next)."""
    result = RoundResult()
    moment = now or datetime.now(UTC)
    await fan_out(rt, now=moment, result=result, stopping=stopping)
    if stopping is None or not stopping.is_set():
        await queue_mentions(rt, now=moment, result=result, stopping=stopping)
    if stopping is None or not stopping.is_set():
        await send_due(rt, now=moment, result=result, stopping=stopping)
        result.purged = await purge(moment)
    return result


def _settings(rt: Runtime) -> NotificationSettings:
    return rt.settings.notifications


async def _make_due(db: BaseDBAsyncClient, rt: Runtime, user_ids: Sequence[UUID], now: datetime) -> None:
    """Their digests due (`_MAKE_DUE`); in id order, so concurrent rounds lock rows in one order."""
    config = _settings(rt)
    gather, window = timedelta(seconds=config.gather_seconds), timedelta(minutes=config.digest_minutes)
    await db.execute_query(_MAKE_DUE, [sorted(set(user_ids)), now, gather, window])


# Fan-out.


async def fan_out(
    rt: Runtime,
    *,
    now: datetime | None = None,
    result: RoundResult | None = None,
    max_batches: int = 1_000,
    stopping: asyncio.Event | None = None,
) -> RoundResult:
    """Fan out waiting announcements, one batch of learners per transaction."""
    result = result or RoundResult()
    moment = now or datetime.now(UTC)
    for _ in range(max_batches):
        if (stopping is not None and stopping.is_set()) or not await _fan_out_batch(rt, moment, result):
            break
    return result


async def _fan_out_batch(rt: Runtime, now: datetime, result: RoundResult) -> bool:
    """One batch of one announcement's fan-out; False when no announcement waits."""
    config = _settings(rt)
    async with in_transaction() as db:
        claimed = await db.execute_query_dict(
            """
            SELECT a.id, a.course_id, a.fanout_cursor, m.author_id, coalesce(m.deleted, true) AS gone
            FROM course_announcements a LEFT JOIN chat_messages m ON m.id = a.id
            WHERE a.fanned_out_at IS NULL
            ORDER BY a.posted_at LIMIT 1
            FOR UPDATE OF a SKIP LOCKED
            """
        )
        if not claimed:
            return False
        announcement = claimed[0]
        learners: list[UUID] = []
        if not announcement["gone"]:
            rows = await db.execute_query_dict(
                f"""
                SELECT e.learner_id FROM enrollments e JOIN users u ON u.id = e.learner_id
                WHERE e.course_id = $1 AND e.learner_id > $2 AND e.learner_id <> $3 AND {_ELIGIBLE}
                ORDER BY e.learner_id LIMIT $4
                """,  # noqa: S608 - _ELIGIBLE is a constant of this module, the values are parameters
                [announcement["course_id"], announcement["fanout_cursor"] or _NO_LEARNER,
                 announcement["author_id"] or _NO_LEARNER, config.fanout_batch_size],
            )  # fmt: skip
            learners = [row["learner_id"] for row in rows]
        if learners:
            await db.execute_query(
                """
                INSERT INTO announcement_deliveries (user_id, announcement_id, created_at)
                SELECT learner, $2, $3 FROM unnest($1::uuid[]) AS learner
                ON CONFLICT (user_id, announcement_id) DO NOTHING
                """,
                [learners, announcement["id"], now],
            )
            await _make_due(db, rt, learners, now)
            result.fanned_out += len(learners)
        if len(learners) == config.fanout_batch_size:
            await db.execute_query(
                "UPDATE course_announcements SET fanout_cursor = $2 WHERE id = $1", [announcement["id"], learners[-1]]
            )
        else:
            await db.execute_query(
                "UPDATE course_announcements SET fanout_cursor = NULL, fanned_out_at = $2 WHERE id = $1",
                [announcement["id"], now],
            )
            result.announcements_done += 1
    return True


# Mentions.


async def queue_mentions(
    rt: Runtime,
    *,
    now: datetime | None = None,
    result: RoundResult | None = None,
    max_batches: int = 1_000,
    stopping: asyncio.Event | None = None,
) -> RoundResult:
    """Decide about every mention due at `now`, `fanout_batch_size` per transaction."""
    result = result or RoundResult()
    moment = now or datetime.now(UTC)
    for _ in range(max_batches):
        if (stopping is not None and stopping.is_set()) or not await _mention_batch(rt, moment, result):
            break
    return result


async def _unseen(rt: Runtime, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows (mentions PostgreSQL's markers say are unseen) that Redis's markers do not say
    are seen either: one pipeline for all of them."""
    markers = await messages.live_read_markers(rt, [(row["room_id"], row["user_id"]) for row in rows])
    return [row for row, marker in zip(rows, markers, strict=True) if marker is None or marker < row["seq"]]


async def _mention_batch(rt: Runtime, now: datetime, result: RoundResult) -> bool:
    """One batch of mentions due; False when none is."""
    config = _settings(rt)
    async with in_transaction() as db:
        rows = await db.execute_query_dict(
            f"""
            SELECT cm.id, cm.user_id, cm.room_id, cm.seq, {_MENTION_WANTED} AS wanted
            FROM chat_mentions cm {_MENTION_JOINS}
            WHERE cm.notified_at IS NULL AND cm.created_at <= $1
            ORDER BY cm.created_at LIMIT $2
            FOR UPDATE OF cm SKIP LOCKED
            """,  # noqa: S608 - constants of this module; the values are parameters
            [now - timedelta(minutes=config.mention_delay_minutes), config.fanout_batch_size],
        )
        if not rows:
            return False
        queued = await _unseen(rt, [row for row in rows if row["wanted"]])
        if queued:
            await db.execute_query(
                """
                INSERT INTO mention_deliveries (user_id, mention_id, created_at)
                SELECT user_id, mention_id, $3 FROM unnest($1::uuid[], $2::bigint[]) AS q(user_id, mention_id)
                ON CONFLICT (mention_id) DO NOTHING
                """,
                [[row["user_id"] for row in queued], [row["id"] for row in queued], now],
            )
            await _make_due(db, rt, [row["user_id"] for row in queued], now)
        await db.execute_query(
            "UPDATE chat_mentions SET notified_at = $2 WHERE id = ANY($1::bigint[])", [[row["id"] for row in rows], now]
        )
        result.mentions_queued += len(queued)
        result.mentions_skipped += len(rows) - len(queued)
    return True


# Digests.


async def send_due(
    rt: Runtime,
    *,
    now: datetime | None = None,
    result: RoundResult | None = None,
    max_batches: int = 1_000,
    stopping: asyncio.Event | None = None,
) -> RoundResult:
    """Send every digest due at `now`, `batch_size` learners per transaction."""
    result = result or RoundResult()
    moment = now or datetime.now(UTC)
    for _ in range(max_batches):
        if (stopping is not None and stopping.is_set()) or not await _digest_batch(rt, moment, result):
            break
    return result


async def _digest_batch(rt: Runtime, now: datetime, result: RoundResult) -> bool:
    """One batch of digests; False when nobody is due."""
    config = _settings(rt)
    window = timedelta(minutes=config.digest_minutes)
    async with in_transaction() as db:
        due = await db.execute_query_dict(
            """
            SELECT user_id FROM notification_recipients WHERE due_at <= $1
            ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
            """,
            [now, config.batch_size],
        )
        if not due:
            return False
        user_ids = [row["user_id"] for row in due]
        announced = await db.execute_query_dict(
            f"""
            SELECT d.id AS delivery_id, d.user_id, a.course_id, a.posted_at, c.title AS course_title,
                   c.slug AS course_slug, r.slug AS room_slug, r.name AS room_name, m.body, m.edited_at,
                   coalesce(m.deleted, true) AS gone, author.display_name AS author,
                   EXISTS (SELECT 1 FROM enrollments e JOIN users u ON u.id = e.learner_id
                           WHERE e.learner_id = d.user_id AND e.course_id = a.course_id AND {_ELIGIBLE}) AS wanted
            FROM announcement_deliveries d
            JOIN course_announcements a ON a.id = d.announcement_id
            JOIN courses c ON c.id = a.course_id
            JOIN chat_rooms r ON r.id = a.room_id
            LEFT JOIN chat_messages m ON m.id = a.id
            LEFT JOIN users author ON author.id = m.author_id
            WHERE d.user_id = ANY($1::uuid[])
            ORDER BY d.user_id, a.posted_at, a.id
            """,  # noqa: S608 - _ELIGIBLE is a constant of this module, the values are parameters
            [user_ids],
        )
        mentioned = await db.execute_query_dict(
            f"""
            SELECT d.id AS delivery_id, d.user_id, cm.room_id, cm.seq, c.id AS course_id, c.title AS course_title,
                   c.slug AS course_slug, r.slug AS room_slug, r.name AS room_name, r.kind AS room_kind,
                   m.created_at AS posted_at, m.body, m.mentions, m.thread_id, m.edited_at,
                   author.display_name AS author, {_MENTION_WANTED} AS wanted
            FROM mention_deliveries d JOIN chat_mentions cm ON cm.id = d.mention_id {_MENTION_JOINS}
            LEFT JOIN users author ON author.id = m.author_id
            WHERE d.user_id = ANY($1::uuid[])
            ORDER BY d.user_id, cm.created_at, cm.id
            """,  # noqa: S608 - constants of this module; the values are parameters
            [user_ids],
        )
        people = {
            row["id"]: row
            for row in await db.execute_query_dict(
                "SELECT id, email, display_name FROM users WHERE id = ANY($1::uuid[]) AND is_active", [user_ids]
            )
        }
        digests: dict[UUID, _Digest] = {user_id: _Digest(user_id) for user_id in user_ids}
        # Deliveries mailed now or no longer wanted, of announcements and of mentions.
        finished_announcements: list[int] = []
        finished_mentions: list[int] = []
        for row in announced:
            if row["gone"] or not row["wanted"] or row["user_id"] not in people:
                finished_announcements.append(row["delivery_id"])
                result.dropped += 1
                continue
            digests[row["user_id"]].items.append(_announcement(row))
        unseen = await _unseen(rt, [row for row in mentioned if row["wanted"] and row["user_id"] in people])
        kept = {row["delivery_id"] for row in unseen}
        for row in mentioned:
            if row["delivery_id"] not in kept:
                finished_mentions.append(row["delivery_id"])
                result.dropped += 1
                continue
            digests[row["user_id"]].items.append(_mention(row))
        mails: list[OutgoingMail] = []
        mailed: list[UUID] = []
        again: list[UUID] = []  # more waits than one mail lists: due again at the window's end
        for digest in digests.values():
            digest.items.sort(key=lambda item: item.posted_at)  # stable: each kind keeps its order
            listed, rest = _select(digest.items)
            if rest:
                again.append(digest.user_id)
            if not listed:
                continue
            message = _compose(rt, people[digest.user_id], listed)
            finished_announcements += [item.delivery_id for item in listed if not item.mention]
            finished_mentions += [item.delivery_id for item in listed if item.mention]
            if message is None:
                result.dropped += len(listed)
                continue
            mails.append(message)
            mailed.append(digest.user_id)
        await enqueue_many(mails)
        if finished_announcements:
            await db.execute_query(
                "DELETE FROM announcement_deliveries WHERE id = ANY($1::bigint[])", [finished_announcements]
            )
        if finished_mentions:
            await db.execute_query("DELETE FROM mention_deliveries WHERE id = ANY($1::bigint[])", [finished_mentions])
        await db.execute_query(
            """
            UPDATE notification_recipients SET
                last_sent_at = CASE WHEN user_id = ANY($2::uuid[]) THEN $4 ELSE last_sent_at END,
                due_at = CASE WHEN user_id = ANY($3::uuid[]) THEN $4::timestamptz + $5::interval ELSE NULL END
            WHERE user_id = ANY($1::uuid[])
            """,
            [user_ids, mailed, again, now, window],
        )
        result.mails += len(mails)
        result.learners += len(user_ids)
    return True


def _announcement(row: dict[str, Any]) -> _Item:
    return _Item(
        delivery_id=row["delivery_id"],
        mention=False,
        course_id=row["course_id"],
        course_title=one_line(row["course_title"], MAX_TITLE) or "your course",
        course_slug=row["course_slug"],
        room_slug=row["room_slug"],
        room_name=one_line(row["room_name"], MAX_ROOM),
        author=one_line(row["author"] or "", MAX_NAME) or "The course team",
        posted_at=row["posted_at"],
        body=_clip(row["body"] or ""),
        edited=row["edited_at"] is not None,
    )


_mention_lists = msgspec.json.Decoder(tuple[ChatUser, ...])


def _mention(row: dict[str, Any]) -> _Item:
    raw = row["mentions"]
    named = _mention_lists.decode(raw) if isinstance(raw, str | bytes) else msgspec.convert(raw, tuple[ChatUser, ...])
    me = next((user.display_name for user in named if user.id == str(row["user_id"])), "")
    return _Item(
        delivery_id=row["delivery_id"],
        mention=True,
        course_id=row["course_id"],
        course_title=one_line(row["course_title"], MAX_TITLE) or "your course",
        course_slug=row["course_slug"],
        room_slug=row["room_slug"],
        room_name=one_line(row["room_name"], MAX_ROOM),
        author=one_line(row["author"] or "", MAX_NAME) or "Someone",
        posted_at=row["posted_at"],
        body=excerpt(as_text(row["body"] or "", named), one_line(f"@{me}") if me else None),
        edited=row["edited_at"] is not None,
        in_thread=row["thread_id"] is not None,
        direct=row["room_kind"] == RoomKind.DIRECT.value,
    )


def excerpt(text: str, focus: str | None = None, limit: int = MAX_EXCERPT) -> str:
    """`text` as one line (`one_line`: no line breaks, no control characters) of at most `limit`
    characters, ellipses marking what is cut; when `focus` (the reader's `@Name`) first appears
    beyond the start, the excerpt begins a little before it, so the mention is in it."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    at = flat.find(focus) if focus else -1
    start = 0
    if at >= 0 and at + len(focus or "") > limit - 20:
        start = max(0, min(at - 80, len(flat) - (limit - 1)))
    lead = "…" if start else ""
    room = limit - len(lead)
    piece = flat[start : start + room]
    if start + room < len(flat):
        piece = piece[: room - 1].rstrip() + "…"
    return lead + piece.lstrip()


def _clip(body: str) -> str:
    return body if len(body) <= MAX_BODY else body[: MAX_BODY - 1].rstrip() + "…"


def _select(items: list[_Item]) -> tuple[list[_Item], list[_Item]]:
    """What one mail lists (the oldest first, at most MAX_ITEMS items of at most MAX_COURSES
    courses) and what waits for the next."""
    listed: list[_Item] = []
    rest: list[_Item] = []
    courses: set[UUID] = set()
    for item in items:
        fits = item.course_id in courses or len(courses) < tokens.MAX_COURSES
        if fits and len(listed) < MAX_ITEMS:
            courses.add(item.course_id)
            listed.append(item)
        else:
            rest.append(item)
    return listed, rest


def _entry(item: _Item) -> dict[str, Any]:
    return {
        "author": item.author,
        "at": _when(item.posted_at),
        "body": item.body,
        "edited": item.edited,
        "room": item.room_name,
        "path": item.room_path,
        "in_thread": item.in_thread,
        "direct": item.direct,
    }


def _compose(rt: Runtime, person: dict[str, Any], items: list[_Item]) -> OutgoingMail | None:
    """The learner's COURSE_ANNOUNCEMENTS mail (announcements and mentions), or None (logged)
    when the mail layer refuses it: one learner's unusable address must not hold up everyone
    else's digest."""
    settings = rt.settings
    user_id: UUID = person["id"]
    by_course: dict[UUID, list[_Item]] = defaultdict(list)
    for item in items:
        by_course[item.course_id].append(item)
    link = linker(settings.public_base_url)
    everything = tokens.make(settings.secret_key, user_id, by_course)
    courses = []
    for course_id, entries in by_course.items():
        announcements = [e for e in entries if not e.mention]
        courses.append(
            {
                "title": entries[0].course_title,
                # The announcements' room when there are some, else the first mention's.
                "chat_path": (announcements or entries)[0].room_path,
                "unsubscribe_path": UNSUBSCRIBE_PATH,
                "unsubscribe_token": tokens.make(settings.secret_key, user_id, [course_id]),
                "announcements": [_entry(e) for e in announcements],
                "mentions": [_entry(e) for e in entries if e.mention],
            }
        )
    mentions = sum(1 for item in items if item.mention)
    try:
        return compose(
            settings,
            MailKind.COURSE_ANNOUNCEMENTS,
            Recipient(person["email"], one_line(person["display_name"], MAX_NAME)),
            user_id=user_id,
            headers={
                "List-Unsubscribe": f"<{link(UNSUBSCRIBE_PATH, token=everything)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            courses=courses,
            announcement_count=len(items) - mentions,
            mention_count=mentions,
            unsubscribe_token=everything,
            unsubscribe_path=UNSUBSCRIBE_PATH,
            settings_path=SETTINGS_PATH,
        )
    except MailRefused as refused:
        log.warning("No announcement digest for user %s: the mail layer refuses it (%s)", user_id, refused.message)
        return None


def _when(moment: datetime) -> str:
    at = moment.astimezone(UTC)
    return f"{at.day} {at:%B %Y, %H:%M} UTC"


# Housekeeping.


async def purge(now: datetime | None = None, limit: int = 1_000) -> int:
    """Forget announcements fanned out over KEEP_ANNOUNCEMENTS ago (any delivery still waiting
    for them, of a learner whose mail never went, goes with them). Mentions stay: chat's
    `chat_mentions` is their record (`myMentions`); their deliveries go with their digest."""
    rows = await connections.get("default").execute_query_dict(
        """
        WITH old AS (SELECT id FROM course_announcements WHERE fanned_out_at < $1 LIMIT $2)
        DELETE FROM course_announcements a USING old WHERE a.id = old.id RETURNING 1
        """,
        [(now or datetime.now(UTC)) - KEEP_ANNOUNCEMENTS, limit],
    )
    return len(rows)


STALLED_SECONDS = 1800


@dataclass(frozen=True)
class Figures:
    """What `/readyz` shows: how much waits, and whether digests are going out."""

    announcements_waiting: int  # not fanned out yet
    mentions_waiting: int  # due (their delay passed) and not decided yet
    learners_due: int  # digests due now
    oldest_due_seconds: float | None
    oldest_mention_due_seconds: float | None

    def incidents(self) -> list[str]:
        found = []
        if self.oldest_due_seconds is not None and self.oldest_due_seconds > STALLED_SECONDS:
            found.append(
                f"announcement digests are not going out: one has been due {self.oldest_due_seconds / 60:.0f} min"
            )
        if self.oldest_mention_due_seconds is not None and self.oldest_mention_due_seconds > STALLED_SECONDS:
            found.append(
                "mention emails are not being queued: a mention has been due "
                f"{self.oldest_mention_due_seconds / 60:.0f} min"
            )
        return found


async def figures(settings: NotificationSettings) -> Figures:
    rows = await connections.get("default").execute_query_dict(
        """
        SELECT (SELECT count(*) FROM course_announcements WHERE fanned_out_at IS NULL) AS waiting,
               (SELECT count(*) FROM chat_mentions WHERE notified_at IS NULL AND created_at <= now() - $1::interval)
                   AS mentions,
               (SELECT count(*) FROM notification_recipients WHERE due_at <= now()) AS due,
               (SELECT extract(epoch FROM now() - min(due_at)) FROM notification_recipients
                WHERE due_at <= now()) AS oldest,
               (SELECT extract(epoch FROM now() - $1::interval - min(created_at)) FROM chat_mentions
                WHERE notified_at IS NULL AND created_at <= now() - $1::interval) AS oldest_mention
        """,
        [timedelta(minutes=settings.mention_delay_minutes)],
    )
    row = rows[0]
    return Figures(
        announcements_waiting=int(row["waiting"]),
        mentions_waiting=int(row["mentions"]),
        learners_due=int(row["due"]),
        oldest_due_seconds=_seconds(row["oldest"]),
        oldest_mention_due_seconds=_seconds(row["oldest_mention"]),
    )


def _seconds(value: Any) -> float | None:
    return round(float(value), 1) if value is not None else None
