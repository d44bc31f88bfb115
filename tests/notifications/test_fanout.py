"""How announcements reach the digests: noticed by the real write-behind once each, fanned out
and mailed in short transactions at 10,000 learners, and shared safely by concurrent rounds."""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import timedelta
from uuid import UUID

import pytest
from tortoise import connections

from edusphere.chat import messages, rooms
from edusphere.chat.models import ChatMessage
from edusphere.chat.writebehind import WriteBehind
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, OutboxMessage
from edusphere.notifications import digest
from edusphere.notifications.models import AnnouncementDelivery, CourseAnnouncement, NotificationRecipient
from tests.chat.factories import drain_stream, run_writer_until
from tests.notifications.factories import GATHER, Clock, NewsCourse, announce, news_course, tuned

pytestmark = pytest.mark.usefixtures("digests_paused", "outbox_paused")


async def _bulk_learners(course_id: UUID, count: int) -> None:
    """`count` learners enrolled in the course, in two statements (the API would take minutes)."""
    tag = secrets.token_hex(4)
    db = connections.get("default")
    await db.execute_query(
        """
        WITH made AS (
            INSERT INTO users (id, email, display_name, role, password_hash, is_active, created_at, updated_at)
            SELECT gen_random_uuid(), 'bulk-' || $2 || '-' || n || '@example.com', 'Learner ' || n, 'LEARNER',
                   'not-a-hash', true, now(), now()
            FROM generate_series(1, $1::int) AS n RETURNING id)
        INSERT INTO enrollments (id, learner_id, course_id, source, enrolled_at)
        SELECT gen_random_uuid(), id, $3, 'FREE', now() FROM made
        """,
        [count, tag, course_id],
    )


async def test_the_write_behind_notes_each_announcement_once_and_discussions_never(runtime: Runtime) -> None:
    where = await news_course(runtime)
    general = (await rooms.rooms_of_course(where.creator.viewer, str(where.course.id)))[0]
    news = await messages.send_message(runtime, where.creator.viewer, str(where.news.id), "Hear ye", "n-1")
    await messages.send_message(runtime, where.learner.viewer, str(general.id), "Just chatting", "d-1")

    async def written() -> bool:
        return await ChatMessage.filter(room__course_id=where.course.id).count() == 2

    await run_writer_until(WriteBehind(runtime.redis, runtime.keys, "notify-writer"), written)
    (noted,) = await CourseAnnouncement.all()
    assert (str(noted.id), noted.course_id, noted.room_id) == (news.id, where.course.id, where.news.id)  # type: ignore[attr-defined]
    assert noted.posted_at == news.created_at
    assert noted.fanned_out_at is None
    await drain_stream(runtime)  # the whole stream again, as after a crash before XACK
    assert await CourseAnnouncement.all().count() == 1


async def _course_of(runtime: Runtime, learners: int) -> NewsCourse:
    where = await news_course(runtime, learners=0)
    await _bulk_learners(where.course.id, learners)
    return where


async def test_ten_thousand_learners_are_fanned_out_and_mailed_in_short_transactions(runtime: Runtime) -> None:
    learners = 10_000
    where = await _course_of(runtime, learners)
    clock = Clock()
    await announce(runtime, where, "Welcome to the biggest course")

    started = time.perf_counter()
    fan_outs: list[float] = []
    while True:
        begun = time.perf_counter()
        step = await digest.fan_out(runtime, now=clock.now, max_batches=1)
        fan_outs.append(time.perf_counter() - begun)
        if step.announcements_done:
            break
    fan_out_seconds = time.perf_counter() - started
    assert len(fan_outs) == learners // runtime.settings.notifications.fanout_batch_size + 1
    assert await AnnouncementDelivery.all().count() == learners

    clock.advance(GATHER)
    batches: list[float] = []
    started = time.perf_counter()
    while True:
        begun = time.perf_counter()
        step = await digest.send_due(runtime, now=clock.now, max_batches=1)
        if not step.learners:
            break
        batches.append(time.perf_counter() - begun)
        assert step.mails == step.learners <= runtime.settings.notifications.batch_size
    digest_seconds = time.perf_counter() - started
    assert len(batches) == learners // runtime.settings.notifications.batch_size
    mails = OutboxMessage.filter(kind=MailKind.COURSE_ANNOUNCEMENTS)
    assert await mails.count() == learners
    assert len(set(await mails.values_list("user_id", flat=True))) == learners
    assert await AnnouncementDelivery.all().count() == 0
    print(
        f"\n10,000 learners: fan-out {fan_out_seconds:.2f} s in {len(fan_outs)} transactions "
        f"(longest {max(fan_outs) * 1000:.0f} ms); digests {digest_seconds:.2f} s in {len(batches)} "
        f"transactions (longest {max(batches) * 1000:.0f} ms, {learners / digest_seconds:.0f} mails/s enqueued)"
    )
    # No transaction holds its locks for long (generous bounds for a busy CI machine).
    assert max(fan_outs) < 5
    assert max(batches) < 5


async def test_concurrent_rounds_share_the_work_and_mail_each_learner_once(runtime: Runtime) -> None:
    """Four rounds at once (as four processes would run them), each on its own connections."""
    learners = 600
    small = tuned(runtime, batch_size=25, fanout_batch_size=40)
    first, second = await _course_of(runtime, learners), await _course_of(runtime, learners)
    clock = Clock()
    for where in (first, second):
        await announce(runtime, where, "One")
        await announce(runtime, where, "Two")
    results = await asyncio.gather(*(digest.run_once(small, now=clock.now) for _ in range(4)))
    assert sum(r.fanned_out for r in results) == 4 * learners  # 2 courses x 2 announcements, once each
    assert sum(r.announcements_done for r in results) == 4
    assert await AnnouncementDelivery.all().count() == 4 * learners
    clock.advance(GATHER)
    results = await asyncio.gather(*(digest.run_once(small, now=clock.now) for _ in range(4)))
    assert sum(r.mails for r in results) == 2 * learners
    assert sum(1 for r in results if r.mails) > 1  # the work was shared
    user_ids = await OutboxMessage.filter(kind=MailKind.COURSE_ANNOUNCEMENTS).values_list("user_id", flat=True)
    assert len(user_ids) == len(set(user_ids)) == 2 * learners
    assert await AnnouncementDelivery.all().count() == 0
    assert await NotificationRecipient.filter(due_at__isnull=False).count() == 0


async def test_more_than_one_mail_can_list_waits_for_the_next_window(runtime: Runtime) -> None:
    where = await news_course(runtime)
    clock = Clock()
    for n in range(digest.MAX_ITEMS + 3):
        await messages.send_message(runtime, where.creator.viewer, str(where.news.id), f"Note {n}", f"m-{n}")
    await drain_stream(runtime)
    first = await clock.gathered(runtime)
    assert first.mails == 1
    assert await AnnouncementDelivery.all().count() == 3
    (recipient,) = await NotificationRecipient.all()
    assert recipient.due_at == clock.now + timedelta(minutes=runtime.settings.notifications.digest_minutes)
    clock.now = recipient.due_at
    assert (await clock.round(runtime)).mails == 1
    (latest,) = await OutboxMessage.filter(kind=MailKind.COURSE_ANNOUNCEMENTS).order_by("-created_at").limit(1)
    assert "Note 52" in latest.text
    assert "Note 49" not in latest.text
