"""Chat mentions by email, with the real SMTP server and the tests' own clock: a mention not seen
within 10 minutes of its message goes in its user's digest, once; seen, edited away, deleted,
one's own, out of reach or unsubscribed: never. Hostile text first among the content checks."""

from __future__ import annotations

import asyncio
import re
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from edusphere.auth.models import User
from edusphere.chat import messages, rooms
from edusphere.chat.models import ChatMention
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Enrollment
from edusphere.mail import MailKind, OutboxMessage
from edusphere.notifications import digest, preferences, tokens
from edusphere.notifications.models import MentionDelivery, NotificationRecipient
from tests.chat.factories import drain_stream
from tests.mail.smtp import Received, SMTPTestServer
from tests.notifications.dying_round import KILLED
from tests.notifications.factories import (
    GATHER,
    JUST_AFTER,
    MENTION_DELAY,
    WINDOW,
    Clock,
    announce,
    at,
    join,
    news_course,
    say,
    tuned,
)
from tests.processes import command_env

pytestmark = pytest.mark.usefixtures("digests_paused")

ROOT = Path(__file__).resolve().parents[2]


def _unsubscribe_url(received: Received) -> str:
    header = str(received.message["List-Unsubscribe"]).strip()
    assert header.startswith("<"), header
    assert header.endswith(">"), header
    return header[1:-1]


async def test_message_text_and_names_cannot_inject_markup_or_headers(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    where = await news_course(runtime, title="Safety")
    author = await join(runtime, where.course, "Mallory")
    reader = where.learner
    # Display names are checked at sign-up; these stand for legacy rows, or a check that lapses.
    await User.filter(id=author.user.id).update(display_name='<img src=x onerror="alert(1)">\r\nBcc: eve@evil.example')
    await User.filter(id=reader.user.id).update(display_name="<b>Bob</b>\r\nBcc: eve@evil.example")
    body = (
        f'<script>alert("x")</script> {at(reader)} look\r\nBcc: x@y.example\r\n'
        '<a href="https://evil.example">win</a> & <!-- -->'
    )
    clock = Clock()
    await say(runtime, author, where.general, body)
    assert (await clock.mentions_due(runtime)).mails == 1
    (mail,) = await mailbox.wait_for(to=reader.user.email)

    assert mail.envelope_to == [reader.user.email]
    assert mail.message["Bcc"] is None
    assert mail.subject == "You were mentioned in Safety"
    assert "<script>" not in mail.html
    assert "<img" not in mail.html
    assert "<b>Bob" not in mail.html
    assert "https://evil.example" not in mail.links
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; @&lt;b&gt;Bob&lt;/b&gt; Bcc: eve@evil.example look"
    assert escaped in mail.html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; Bcc: eve@evil.example</strong> mentioned you" in mail.html
    # The plain-text part: the excerpt on one line (`<@id>` as the name the message keeps), so no
    # line of it can pass for a header, and the names on one line each.
    assert '> <script>alert("x")</script> @<b>Bob</b> Bcc: eve@evil.example look Bcc: x@y.example <a href=' in mail.text
    assert not re.search(r"^\s*Bcc:", mail.text, re.MULTILINE)
    assert '<img src=x onerror="alert(1)"> Bcc: eve@evil.example mentioned you in #General' in mail.text
    assert "Hello <b>Bob</b> Bcc: eve@evil.example," in mail.text
    assert str(reader.user.id) not in mail.text  # no raw <@id> left


async def test_an_unseen_mention_is_emailed_once_ten_minutes_after_its_message(
    runtime: Runtime, mailbox: SMTPTestServer, http: httpx.AsyncClient
) -> None:
    where = await news_course(runtime, title="Astronomy")
    grace = await join(runtime, where.course, "Grace")
    learner = where.learner
    clock = Clock()
    await say(runtime, grace, where.general, f"{at(learner)} look at this comet")

    clock.advance(MENTION_DELAY - timedelta(minutes=1))
    early = await clock.round(runtime)
    assert (early.mentions_queued, early.mentions_skipped, early.mails) == (0, 0, 0)
    clock.advance(timedelta(minutes=1) + JUST_AFTER)
    due = await clock.round(runtime)
    assert (due.mentions_queued, due.mails) == (1, 0)  # gathering, as announcements do
    clock.advance(GATHER)
    assert (await clock.round(runtime)).mails == 1
    (mail,) = await mailbox.wait_for(to=learner.user.email)

    base = runtime.settings.public_base_url
    assert mail.subject == "You were mentioned in Astronomy"
    assert "Grace mentioned you in #General" in mail.text
    assert "> @Learner 1 look at this comet" in mail.text
    room_link = f"{base}/courses/{where.course.slug}/chat/general"
    assert f"Open it: {room_link}" in mail.text
    assert room_link in mail.links
    assert "@Learner 1 look at this comet" in mail.html
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _unsubscribe_url(mail).startswith(f"{base}/unsubscribe?token=")

    # Never again: later rounds, and the stream written once more (a write-behind that crashed
    # before acknowledging inserts the same chat_mentions row: it keeps its notified_at).
    await drain_stream(runtime)
    for _ in range(3):
        clock.advance(WINDOW)
        assert (await clock.round(runtime)).mails == 0
    await mailbox.settle()
    assert len(mailbox.for_address(learner.user.email)) == 1
    assert mailbox.for_address(grace.user.email) == []  # the author is told nothing
    assert await MentionDelivery.all().count() == 0
    assert await ChatMention.filter(notified_at__isnull=True).count() == 0
    assert await NotificationRecipient.filter(due_at__isnull=False).count() == 0


async def test_a_mention_seen_in_time_by_either_marker_is_not_emailed(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    """Redis's marker alone (not yet written behind), PostgreSQL's alone (Redis lost it), and a
    read between the mention being queued and the digest going."""
    where = await news_course(runtime, learners=4)
    redis_reader, stored_reader, late_reader, away = where.learners
    clock = Clock()
    names = " ".join(at(learner) for learner in where.learners)
    posted = await say(runtime, where.creator, where.general, f"Office hours moved, {names}")
    await messages.mark_read(runtime, stored_reader.viewer, str(where.general.id), posted.seq)
    await drain_stream(runtime)  # stored_reader's marker reaches PostgreSQL...
    keys = messages.room_keys(runtime, where.general.id)
    await runtime.redis.hdel(keys.read, str(stored_reader.user.id))  # ...and leaves Redis
    await messages.mark_read(runtime, redis_reader.viewer, str(where.general.id), posted.seq)  # Redis only

    clock.advance(MENTION_DELAY + JUST_AFTER)
    queued = await clock.round(runtime)
    assert (queued.mentions_queued, queued.mentions_skipped) == (2, 2)
    await messages.mark_read(runtime, late_reader.viewer, str(where.general.id), posted.seq)
    clock.advance(GATHER)
    sent = await clock.round(runtime)
    assert (sent.mails, sent.dropped) == (1, 1)
    (mail,) = await mailbox.wait_for(to=away.user.email)
    assert "Office hours moved" in mail.text
    await mailbox.settle()
    for learner in (redis_reader, stored_reader, late_reader):
        assert mailbox.for_address(learner.user.email) == []
    assert await MentionDelivery.all().count() == 0


async def test_mentions_edited_away_deleted_or_of_oneself_are_not_emailed(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    where = await news_course(runtime, learners=2)
    ada, bob = where.learners
    clock = Clock()
    typo = await say(runtime, where.creator, where.general, f"{at(ada)} your essay is late")
    await messages.edit_message(runtime, where.creator.viewer, typo.id, "Someone's essay is late")
    gone = await say(runtime, where.creator, where.general, f"{at(ada)} posted by mistake")
    await messages.delete_message(runtime, where.creator.viewer, gone.id)
    await say(runtime, ada, where.general, f"Note to self {at(ada)}")
    changed = await say(runtime, where.creator, where.general, f"{at(bob)} first draft")
    await say(runtime, where.creator, where.general, f"{at(bob)} see the rubric")
    await drain_stream(runtime)

    clock.advance(MENTION_DELAY + JUST_AFTER)
    queued = await clock.round(runtime)
    assert (queued.mentions_queued, queued.mentions_skipped) == (2, 3)
    # Edited away after being queued, before the digest: checked again at sending.
    await messages.edit_message(runtime, where.creator.viewer, changed.id, "first draft, never mind")
    await drain_stream(runtime)
    clock.advance(GATHER)
    sent = await clock.round(runtime)
    assert (sent.mails, sent.dropped) == (1, 1)
    (mail,) = await mailbox.wait_for(to=bob.user.email)
    assert mail.subject.startswith("You were mentioned in ")
    assert "see the rubric" in mail.text
    assert "first draft" not in mail.text
    await mailbox.settle()
    assert mailbox.for_address(ada.user.email) == []


async def test_who_can_no_longer_read_the_room_or_unsubscribed_gets_nothing(
    runtime: Runtime, mailbox: SMTPTestServer, http: httpx.AsyncClient
) -> None:
    where = await news_course(runtime, learners=5)
    keen, revoked, deactivated, opted_out, clicked = where.learners
    author = await join(runtime, where.course, "Author")
    clock = Clock()
    names = " ".join(at(who) for who in (*where.learners, where.creator))
    await say(runtime, author, where.general, f"Study group tonight? {names}")
    row = await Enrollment.get(learner_id=revoked.user.id, course_id=where.course.id)
    await enrollment.revoke(runtime, str(row.id))
    await User.filter(id=deactivated.user.id).update(is_active=False)
    await preferences.set_course(opted_out.viewer, str(where.course.id), False)

    clock.advance(MENTION_DELAY + JUST_AFTER)
    queued = await clock.round(runtime)
    assert (queued.mentions_queued, queued.mentions_skipped) == (3, 3)  # keen, clicked, the creator
    # The one-click link of an earlier mail (its token made as a digest makes it), used while this
    # mention was gathering; and an announcement posted meanwhile.
    token = tokens.make(runtime.settings.secret_key, clicked.user.id, [where.course.id])
    assert (await http.post("/unsubscribe", params={"token": token})).status_code == 200
    await announce(runtime, where, "Welcome")
    clock.advance(GATHER)
    await clock.round(runtime)
    (mail,) = await mailbox.wait_for(to=keen.user.email)
    assert "Study group tonight?" in mail.text
    assert "Welcome" in mail.text  # the announcement came in the same mail
    (teacher,) = await mailbox.wait_for(to=where.creator.user.email)  # creators are mentioned too
    assert "Study group tonight?" in teacher.text
    await mailbox.settle()
    for learner in (revoked, deactivated, opted_out, clicked):
        assert mailbox.for_address(learner.user.email) == []


async def test_two_mentions_and_an_announcement_in_one_window_make_one_mail(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    where = await news_course(runtime, title="Optics")
    learner = where.learner
    grace = await join(runtime, where.course, "Grace")
    clock = Clock()
    question = await say(runtime, grace, where.general, f"{at(learner)} which lens?")
    await say(runtime, where.creator, where.general, f"The convex one, {at(learner)}", thread_id=question.id)
    clock.advance(MENTION_DELAY - timedelta(minutes=1))
    await announce(runtime, where, "Lab on Monday")
    assert (await clock.round(runtime)).fanned_out == 2  # Grace too; due once gathered, in 2 minutes
    clock.advance(timedelta(minutes=1) + JUST_AFTER)
    assert (await clock.round(runtime)).mentions_queued == 2  # due with it
    clock.advance(GATHER)
    assert (await clock.round(runtime)).mails == 2  # the learner's, and Grace's (the announcement)
    (mail,) = await mailbox.wait_for(to=learner.user.email)
    assert mail.subject == "1 new announcement and 2 mentions of you in Optics"
    for part in (mail.text, mail.html):
        assert part.index("Lab on Monday") < part.index("which lens?") < part.index("The convex one")
    assert "Grace mentioned you in #General" in mail.text
    assert "Creator mentioned you in a thread in #General" in mail.text
    assert "Creator in #News" in mail.text

    # The window is open: a mention due now waits for its end, then comes alone.
    await say(runtime, grace, where.general, f"{at(learner)} thanks!")
    clock.advance(MENTION_DELAY + JUST_AFTER)
    assert (await clock.round(runtime)).mails == 0
    clock.advance(WINDOW - MENTION_DELAY - JUST_AFTER)
    assert (await clock.round(runtime)).mails == 1
    _, second = await mailbox.wait_for(2, to=learner.user.email)
    assert second.subject == "You were mentioned in Optics"
    assert "thanks!" in second.text
    assert "which lens?" not in second.text


async def test_mentions_in_a_direct_room_are_emailed_and_in_an_announcement_are_not_twice(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    where = await news_course(runtime, title="Chemistry")
    learner = where.learner
    direct = await rooms.direct_room(where.creator.viewer, str(where.course.id), str(learner.user.id))
    clock = Clock()
    await say(runtime, where.creator, direct, f"{at(learner)} about your grade")
    await announce(runtime, where, f"{at(learner)} wins the prize")
    clock.advance(MENTION_DELAY + JUST_AFTER)
    result = await clock.round(runtime)
    assert (result.mentions_queued, result.mentions_skipped) == (1, 1)  # the announcement reaches them anyway
    clock.advance(GATHER)
    assert (await clock.round(runtime)).mails == 1
    (mail,) = await mailbox.wait_for(to=learner.user.email)
    assert mail.subject == "1 new announcement and 1 mention of you in Chemistry"
    assert "Creator mentioned you in a direct message" in mail.text
    assert f"/courses/{where.course.slug}/chat/{direct.slug}" in mail.text
    assert mail.text.count("wins the prize") == 1


async def test_the_excerpt_keeps_the_reader_s_name_in_a_long_message() -> None:
    text = "word " * 200 + "@Ada Lovelace, your turn. " + "tail " * 100
    excerpt = digest.excerpt(text, "@Ada Lovelace")
    assert len(excerpt) <= digest.MAX_EXCERPT
    assert "@Ada Lovelace, your turn." in excerpt
    assert excerpt.startswith("…")
    assert excerpt.endswith("…")
    assert digest.excerpt("short\nand\r\nsweet") == "short and sweet"
    assert len(digest.excerpt("x" * 1_000)) == digest.MAX_EXCERPT


async def test_concurrent_rounds_mail_each_mention_once(runtime: Runtime, outbox_paused: None) -> None:
    """Four rounds at once (as four processes), small batches: the claims never overlap."""
    small = tuned(runtime, batch_size=7, fanout_batch_size=9)
    where = await news_course(runtime, learners=60)
    clock = Clock()
    for start in range(0, 60, 20):
        names = " ".join(at(learner) for learner in where.learners[start : start + 20])
        await say(runtime, where.creator, where.general, f"Groups are out {names}", durable=False)
    await drain_stream(runtime)
    clock.advance(MENTION_DELAY + JUST_AFTER)
    results = await asyncio.gather(*(digest.run_once(small, now=clock.now) for _ in range(4)))
    assert sum(r.mentions_queued for r in results) == 60
    assert sum(1 for r in results if r.mentions_queued) > 1  # the work was shared
    clock.advance(GATHER)
    results = await asyncio.gather(*(digest.run_once(small, now=clock.now) for _ in range(4)))
    assert sum(r.mails for r in results) == 60
    user_ids = await OutboxMessage.filter(kind=MailKind.COURSE_ANNOUNCEMENTS).values_list("user_id", flat=True)
    assert sorted(user_ids) == sorted(learner.user.id for learner in where.learners)
    assert await MentionDelivery.all().count() == 0


@pytest.mark.parametrize("stage", ["mentions", "digest"])
async def test_a_round_killed_mid_batch_is_redone_by_the_next_and_mails_once(
    runtime: Runtime, mailbox: SMTPTestServer, stage: str
) -> None:
    """A process killed inside the transaction that queues mentions, or inside the one that has
    just enqueued the digests (before it commits): nothing of it stays, the next round does it."""
    where = await news_course(runtime, learners=3)
    clock = Clock()
    names = " ".join(at(learner) for learner in where.learners)
    await say(runtime, where.creator, where.general, f"Quiz on Friday {names}")
    clock.advance(MENTION_DELAY + JUST_AFTER)
    if stage == "digest":
        assert (await clock.round(runtime)).mentions_queued == 3
        clock.advance(GATHER)
    settings = runtime.settings
    assert settings.database_url is not None
    assert settings.redis_url is not None
    env = command_env(DATABASE_URL=settings.database_url, REDIS_URL=settings.redis_url,
                      EDUSPHERE_REDIS_PREFIX=settings.redis_prefix, SECRET_KEY=settings.secret_key,
                      SMTP_URL=mailbox.url, EDUSPHERE_ENV="test", MAIL_FROM=settings.mail_from,
                      PYTHONPATH=str(ROOT))  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.notifications.dying_round", stage, clock.now.isoformat(), env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == KILLED, output.decode()
    assert await OutboxMessage.filter(kind=MailKind.COURSE_ANNOUNCEMENTS).count() == 0
    if stage == "mentions":
        assert await ChatMention.filter(notified_at__isnull=True).count() == 3
        assert await MentionDelivery.all().count() == 0
    else:
        assert await MentionDelivery.all().count() == 3

    result = await clock.gathered(runtime) if stage == "mentions" else await clock.round(runtime)
    assert result.mails == 3
    for learner in where.learners:
        (mail,) = await mailbox.wait_for(to=learner.user.email)
        assert "Quiz on Friday" in mail.text
    clock.advance(WINDOW * 2)
    assert (await clock.round(runtime)).mails == 0
    await mailbox.settle()
    assert await OutboxMessage.filter(kind=MailKind.COURSE_ANNOUNCEMENTS).count() == 3


async def test_readyz_counts_mentions_due_and_reports_when_they_stall(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    where = await news_course(runtime)
    posted = await say(runtime, where.creator, where.general, f"{at(where.learner)} hello")
    section = (await http.get("/readyz")).json()["notifications"]
    assert (section["mentions_waiting"], section["oldest_mention_due_seconds"]) == (0, None)  # not due yet
    await ChatMention.filter(message_id=posted.id).update(created_at=posted.created_at - MENTION_DELAY * 5)
    section = (await http.get("/readyz")).json()["notifications"]
    assert section["mentions_waiting"] == 1
    assert section["incidents"] == ["mention emails are not being queued: a mention has been due 40 min"]
