"""From announcements to digests: the fan-out and the mail, each in short transactions.

1. **Noticed.** The chat write-behind inserts a `course_announcements` row in the transaction
   that makes an ANNOUNCEMENTS room's post durable (`chat.writebehind.write_batch`), so every
   announcement is seen once it is in PostgreSQL, whatever order batches commit in.
2. **Fan-out** (`fan_out`): for one announcement at a time (claimed `FOR UPDATE SKIP LOCKED`),
   the next `fanout_batch_size` learners of its course by id (active enrollment, active account,
   not opted out) get a delivery row, and their `notification_recipients` row a due time; the
   announcement's cursor moves in the same transaction. A course of 10,000 learners is ten
   short transactions, resumed where they stopped after a crash. An announcement deleted
   before its fan-out is fanned out to nobody.
3. **Digest** (`send_due`): `batch_size` learners whose digest is due, locked `FOR UPDATE SKIP
   LOCKED` (several processes share the work and never mail a learner twice), their waiting
   deliveries read, one COURSE_ANNOUNCEMENTS mail each enqueued (`mail.enqueue_many`), the
   deliveries deleted and the learners' clocks moved, in one transaction: the mail exists
   exactly when its announcements are marked as mailed.

**At most one mail per learner per window** (`digest_minutes`, an hour). A learner's first
waiting announcement makes the digest due `gather_seconds` later (announcements posted
together arrive together), or at the end of the window that their last digest opened,
whichever is later. A digest lists every course with news for the learner (up to
`tokens.MAX_COURSES` courses and `MAX_ITEMS` announcements; the rest wait for the next one).

What is checked at sending, not only at fan-out (things change in between): the enrollment is
still active and the course not opted out, the account is active, the announcement is not
deleted (an edited one is sent as it reads now). Verification: every address may receive for
now; when `edusphere.auth` records verified addresses, add the condition to `_ELIGIBLE`.

Every function takes `now` (default: the clock): the tests move time instead of waiting an hour.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.transactions import in_transaction

from edusphere.core.runtime import Runtime
from edusphere.core.settings import NotificationSettings
from edusphere.core.text import one_line
from edusphere.mail import MailKind, MailRefused, OutgoingMail, Recipient, compose, enqueue_many
from edusphere.mail.message import MAX_NAME
from edusphere.mail.templates import linker
from edusphere.notifications import tokens

log = logging.getLogger(__name__)

MAX_ITEMS = 50  # announcements in one mail
MAX_BODY = 2_000  # characters of an announcement in a mail (the chat holds up to 4,000)
MAX_TITLE = 150
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


@dataclass
class RoundResult:
    """What one round did, for the log and the tests."""

    fanned_out: int = 0  # delivery rows written
    announcements_done: int = 0  # announcements whose fan-out finished
    mails: int = 0
    learners: int = 0  # learners whose digest was looked at
    dropped: int = 0  # deliveries no longer wanted (left the course, opted out, deleted)
    purged: int = 0


@dataclass
class _Item:
    delivery_id: int
    course_id: UUID
    course_title: str
    course_slug: str
    room_slug: str
    room_name: str
    author: str
    posted_at: datetime
    body: str
    edited: bool


@dataclass
class _Digest:
    user_id: UUID
    items: list[_Item] = field(default_factory=list)


async def run_once(rt: Runtime, *, now: datetime | None = None, stopping: asyncio.Event | None = None) -> RoundResult:
    """One round: fan out what waits, send the digests due, purge old announcements. Set
    `stopping` ends the round after the transaction in hand (the rest waits for the next)."""
    result = RoundResult()
    moment = now or datetime.now(UTC)
    await fan_out(rt, now=moment, result=result, stopping=stopping)
    if stopping is None or not stopping.is_set():
        await send_due(rt, now=moment, result=result, stopping=stopping)
        result.purged = await purge(moment)
    return result


def _settings(rt: Runtime) -> NotificationSettings:
    return rt.settings.notifications


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
    window = timedelta(minutes=config.digest_minutes)
    gather = timedelta(seconds=config.gather_seconds)
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
            # Learners in id order, so concurrent fan-outs lock their rows in one order.
            await db.execute_query(
                """
                INSERT INTO notification_recipients (user_id, due_at)
                SELECT learner, $2::timestamptz + $3::interval FROM unnest($1::uuid[]) AS learner
                ON CONFLICT (user_id) DO UPDATE SET due_at = coalesce(
                    notification_recipients.due_at,
                    greatest($2::timestamptz + $3::interval, notification_recipients.last_sent_at + $4::interval))
                """,
                [learners, now, gather, window],
            )
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
        rows = await db.execute_query_dict(
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
        people = {
            row["id"]: row
            for row in await db.execute_query_dict(
                "SELECT id, email, display_name FROM users WHERE id = ANY($1::uuid[]) AND is_active", [user_ids]
            )
        }
        digests: dict[UUID, _Digest] = {user_id: _Digest(user_id) for user_id in user_ids}
        finished: list[int] = []  # deliveries mailed now or no longer wanted
        for row in rows:
            if row["gone"] or not row["wanted"] or row["user_id"] not in people:
                finished.append(row["delivery_id"])
                result.dropped += 1
                continue
            digests[row["user_id"]].items.append(_item(row))
        mails: list[OutgoingMail] = []
        mailed: list[UUID] = []
        again: list[UUID] = []  # more waits than one mail lists: due again at the window's end
        for digest in digests.values():
            listed, rest = _select(digest.items)
            if rest:
                again.append(digest.user_id)
            if not listed:
                continue
            message = _compose(rt, people[digest.user_id], listed)
            finished += [item.delivery_id for item in listed]
            if message is None:
                result.dropped += len(listed)
                continue
            mails.append(message)
            mailed.append(digest.user_id)
        await enqueue_many(mails)
        if finished:
            await db.execute_query("DELETE FROM announcement_deliveries WHERE id = ANY($1::bigint[])", [finished])
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


def _item(row: dict[str, Any]) -> _Item:
    return _Item(
        delivery_id=row["delivery_id"],
        course_id=row["course_id"],
        course_title=one_line(row["course_title"], MAX_TITLE) or "your course",
        course_slug=row["course_slug"],
        room_slug=row["room_slug"],
        room_name=row["room_name"],
        author=one_line(row["author"] or "", MAX_NAME) or "The course team",
        posted_at=row["posted_at"],
        body=_clip(row["body"] or ""),
        edited=row["edited_at"] is not None,
    )


def _clip(body: str) -> str:
    return body if len(body) <= MAX_BODY else body[: MAX_BODY - 1].rstrip() + "…"


def _select(items: list[_Item]) -> tuple[list[_Item], list[_Item]]:
    """What one mail lists (the oldest first, at most MAX_ITEMS announcements of at most
    MAX_COURSES courses) and what waits for the next."""
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


def _compose(rt: Runtime, person: dict[str, Any], items: list[_Item]) -> OutgoingMail | None:
    """The learner's COURSE_ANNOUNCEMENTS mail, or None (logged) when the mail layer refuses
    it: one learner's unusable address must not hold up everyone else's digest."""
    settings = rt.settings
    user_id: UUID = person["id"]
    by_course: dict[UUID, list[_Item]] = defaultdict(list)
    for item in items:
        by_course[item.course_id].append(item)
    link = linker(settings.public_base_url)
    everything = tokens.make(settings.secret_key, user_id, by_course)
    courses = [
        {
            "title": entries[0].course_title,
            "chat_path": f"/courses/{entries[0].course_slug}/chat/{entries[0].room_slug}",
            "unsubscribe_path": UNSUBSCRIBE_PATH,
            "unsubscribe_token": tokens.make(settings.secret_key, user_id, [course_id]),
            "announcements": [
                {"author": e.author, "at": _when(e.posted_at), "body": e.body, "edited": e.edited,
                 "room": one_line(e.room_name, 80)}
                for e in entries
            ],
        }
        for course_id, entries in by_course.items()
    ]  # fmt: skip
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
            count=len(items),
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
    for them, of a learner whose mail never went, goes with them)."""
    rows = await connections.get("default").execute_query_dict(
        """
        WITH old AS (SELECT id FROM course_announcements WHERE fanned_out_at < $1 LIMIT $2)
        DELETE FROM course_announcements a USING old WHERE a.id = old.id RETURNING 1
        """,
        [(now or datetime.now(UTC)) - KEEP_ANNOUNCEMENTS, limit],
    )
    return len(rows)


@dataclass(frozen=True)
class Figures:
    """What `/readyz` shows: how much waits, and whether digests are going out."""

    announcements_waiting: int  # not fanned out yet
    learners_due: int  # digests due now
    oldest_due_seconds: float | None

    def incidents(self) -> list[str]:
        if self.oldest_due_seconds is not None and self.oldest_due_seconds > 1800:
            return [f"announcement digests are not going out: one has been due {self.oldest_due_seconds / 60:.0f} min"]
        return []


async def figures() -> Figures:
    rows = await connections.get("default").execute_query_dict(
        """
        SELECT (SELECT count(*) FROM course_announcements WHERE fanned_out_at IS NULL) AS waiting,
               (SELECT count(*) FROM notification_recipients WHERE due_at <= now()) AS due,
               (SELECT extract(epoch FROM now() - min(due_at)) FROM notification_recipients
                WHERE due_at <= now()) AS oldest
        """
    )
    row = rows[0]
    oldest = row["oldest"]
    return Figures(int(row["waiting"]), int(row["due"]), round(float(oldest), 1) if oldest is not None else None)
