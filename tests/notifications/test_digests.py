"""Announcements by email, with a real SMTP server (aiosmtpd) and the tests' own clock: batched
(at most one mail per learner per window, listing what came since), only to learners who want
them, escaped, with working links and a one-click unsubscribe that works."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from edusphere.auth.models import User
from edusphere.chat import messages
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Enrollment
from edusphere.mail import MailKind, OutboxMessage
from edusphere.notifications import preferences, tokens
from edusphere.notifications.models import AnnouncementDelivery, CourseAnnouncement, NotificationRecipient
from tests.chat.factories import drain_stream
from tests.helpers import GraphQLClient
from tests.mail.smtp import Received, SMTPTestServer
from tests.notifications.factories import GATHER, WINDOW, Clock, announce, join, news_course

pytestmark = pytest.mark.usefixtures("digests_paused")

COURSE = "query($s: String!) { course(slug: $s) { id } }"
ROOMS = "query($c: ID!) { rooms(courseId: $c) { slug kind } }"
SETTINGS = "{ notificationSettings { enabled course { title } } }"


def _unsubscribe_url(received: Received) -> str:
    header = str(received.message["List-Unsubscribe"]).strip()
    assert header.startswith("<"), header
    assert header.endswith(">"), header
    return header[1:-1]


async def test_two_posts_in_a_window_make_one_mail_and_a_third_after_it_another(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    where = await news_course(runtime, title="Astronomy")
    email = where.learner.user.email
    clock = Clock()
    await announce(runtime, where, "Lecture moved to Tuesday")
    await announce(runtime, where, "Bring a telescope")
    first = await clock.round(runtime)
    assert (first.announcements_done, first.fanned_out, first.mails) == (2, 2, 0)  # gathering
    clock.advance(GATHER)
    assert (await clock.round(runtime)).mails == 1
    (mail,) = await mailbox.wait_for(to=email)
    assert mail.subject == "2 new announcements in Astronomy"
    for part in (mail.text, mail.html):
        assert part.index("Lecture moved to Tuesday") < part.index("Bring a telescope")
        assert "Creator" in part  # the author
        assert "Hello Learner 1" in part

    clock.advance(timedelta(minutes=10))
    await announce(runtime, where, "Exam on Friday")
    assert (await clock.round(runtime)).mails == 0  # within the hour of the last mail: waits
    clock.advance(WINDOW - timedelta(minutes=10) - timedelta(seconds=1))
    assert (await clock.round(runtime)).mails == 0
    clock.advance(timedelta(seconds=1))
    assert (await clock.round(runtime)).mails == 1
    _, second = await mailbox.wait_for(2, to=email)
    assert second.subject == "New announcement in Astronomy"
    assert "Exam on Friday" in second.text
    assert "Telescope" not in second.text
    assert "Lecture moved" not in second.text
    clock.advance(WINDOW * 3)
    assert (await clock.round(runtime)).mails == 0  # nothing new: nothing sent
    await mailbox.settle()
    assert len(mailbox.for_address(email)) == 2
    assert await AnnouncementDelivery.all().count() == 0
    assert await CourseAnnouncement.filter(fanned_out_at__isnull=True).count() == 0


async def test_the_mail_s_headers_parts_and_links_work(
    runtime: Runtime, mailbox: SMTPTestServer, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    where = await news_course(runtime, title="Rocketry")
    clock = Clock()
    await announce(runtime, where, "Launch at dawn")
    await clock.gathered(runtime)
    (mail,) = await mailbox.wait_for(to=where.learner.user.email)
    base = runtime.settings.public_base_url

    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = _unsubscribe_url(mail)
    assert url.startswith(f"{base}/unsubscribe?token=")
    assert mail.message["Auto-Submitted"] == "auto-generated"
    assert all(link.startswith(f"{base}/") for link in mail.links), mail.links
    chat_links = [link for link in mail.links if "/chat/" in link]
    assert chat_links
    assert all(link in mail.text or link == chat_links[0] for link in chat_links)
    slug, room = urlsplit(chat_links[0]).path.removeprefix("/courses/").split("/chat/")
    course = (await gql(COURSE, {"s": slug}, token=where.learner.access_token)).ok()["course"]
    assert course["id"] == str(where.course.id)
    rooms = (await gql(ROOMS, {"c": course["id"]}, token=where.learner.access_token)).ok()["rooms"]
    assert {"slug": room, "kind": "ANNOUNCEMENTS"} in rooms  # the link's room is the course's news
    assert f"{base}/account/notifications" in mail.links

    # The body's link is the same URL (one course): followed (GET) it only asks; POSTed it acts.
    body_link = next(link for link in mail.links if "/unsubscribe?" in link)
    assert body_link == url
    assert (await http.get(body_link.removeprefix(base))).status_code == 200
    assert (await gql(SETTINGS, token=where.learner.access_token)).ok()["notificationSettings"][0]["enabled"]
    clicked = await http.post(
        url.removeprefix(base), content="List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert clicked.status_code == 200
    assert not (await gql(SETTINGS, token=where.learner.access_token)).ok()["notificationSettings"][0]["enabled"]

    clock.advance(WINDOW * 2)
    await announce(runtime, where, "Second launch")
    assert (await clock.gathered(runtime)).mails == 0  # unsubscribed: nothing more
    await mailbox.settle()
    assert len(mailbox.for_address(where.learner.user.email)) == 1


async def test_the_unsubscribe_header_is_sent_as_a_plain_url(runtime: Runtime, mailbox: SMTPTestServer) -> None:
    where = await news_course(runtime)
    clock = Clock()
    await announce(runtime, where, "Hello")
    await clock.gathered(runtime)
    (mail,) = await mailbox.wait_for(to=where.learner.user.email)
    head = mail.raw.split(b"\r\n\r\n", 1)[0].decode()
    unfolded = re.sub(r"\r\n[ \t]+", " ", head)
    line = next(line for line in unfolded.split("\r\n") if line.lower().startswith("list-unsubscribe:"))
    assert line.split(":", 1)[1].strip() == f"<{_unsubscribe_url(mail)}>"


async def test_announcement_text_is_escaped_in_html_and_course_titles_stay_on_one_subject_line(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    where = await news_course(runtime, title="Safety\nBcc: eve@evil.example")
    evil = '<script>alert("x")</script> <a href="https://evil.example">win</a> & <b>bold</b>\nline two'
    clock = Clock()
    await announce(runtime, where, evil)
    await clock.gathered(runtime)
    (mail,) = await mailbox.wait_for(to=where.learner.user.email)
    assert mail.subject == "New announcement in Safety Bcc: eve@evil.example"
    assert mail.message["Bcc"] is None
    assert mail.envelope_to == [where.learner.user.email]
    assert "<script>" not in mail.html
    assert "https://evil.example" not in mail.links
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in mail.html
    assert "&lt;a href=&#34;https://evil.example&#34;&gt;win&lt;/a&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in mail.html
    assert evil.replace("\n", "\r\n") in mail.text  # the plain-text part is the text itself


async def test_only_learners_who_want_them_get_them(
    runtime: Runtime, mailbox: SMTPTestServer, gql: GraphQLClient
) -> None:
    where = await news_course(runtime, learners=5)
    keen, opted_out, revoked, deactivated, later = where.learners
    await preferences.set_course(opted_out.viewer, str(where.course.id), False)
    row = await Enrollment.get(learner_id=revoked.user.id, course_id=where.course.id)
    await enrollment.revoke(runtime, str(row.id))
    clock = Clock()
    await announce(runtime, where, "Welcome, everyone")
    await clock.round(runtime)  # fanned out now; the rest changes before the digest goes
    await User.filter(id=deactivated.user.id).update(is_active=False)
    await preferences.set_course(later.viewer, str(where.course.id), False)
    clock.advance(GATHER)
    assert (await clock.round(runtime)).mails == 1
    await mailbox.wait_for(to=keen.user.email)
    await mailbox.settle()
    for learner in (opted_out, revoked, deactivated, later, where.creator):
        assert mailbox.for_address(learner.user.email) == []
    assert await OutboxMessage.filter(kind=MailKind.COURSE_ANNOUNCEMENTS).count() == 1
    assert await AnnouncementDelivery.all().count() == 0  # the unwanted ones dropped, not kept


async def test_edited_announcements_go_as_they_read_now_and_deleted_ones_not_at_all(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    where = await news_course(runtime)
    clock = Clock()
    typo = await announce(runtime, where, "Claas at 10")
    gone = await announce(runtime, where, "Posted by mistake")
    await clock.round(runtime)
    await messages.edit_message(runtime, where.creator.viewer, typo.id, "Class at 10")
    await messages.delete_message(runtime, where.creator.viewer, gone.id)
    await drain_stream(runtime)
    await clock.gathered(runtime)
    (mail,) = await mailbox.wait_for(to=where.learner.user.email)
    assert mail.subject.startswith("New announcement in ")
    assert "Class at 10" in mail.text
    assert "(edited)" in mail.text
    assert "Claas" not in mail.text
    assert "Posted by mistake" not in mail.text
    # Deleted before its fan-out: nobody is told at all.
    late = await announce(runtime, where, "Oops")
    await messages.delete_message(runtime, where.creator.viewer, late.id)
    await drain_stream(runtime)
    result = await clock.round(runtime)
    assert (result.announcements_done, result.fanned_out) == (1, 0)


async def test_one_mail_covers_every_course_and_its_one_click_turns_all_of_them_off(
    runtime: Runtime, mailbox: SMTPTestServer, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    physics = await news_course(runtime, title="Physics")
    chemistry = await news_course(runtime, title="Chemistry")
    learner = physics.learner
    await enrollment.enroll(learner.viewer, str(chemistry.course.id))
    clock = Clock()
    await announce(runtime, physics, "Lab closed")
    await announce(runtime, chemistry, "New reagents")
    await clock.gathered(runtime)
    (mail,) = await mailbox.wait_for(to=learner.user.email)
    assert mail.subject == "2 new announcements in 2 of your courses"
    assert "Lab closed" in mail.text
    assert "New reagents" in mail.text
    url = _unsubscribe_url(mail)
    found = tokens.read(runtime.settings.secret_key, parse_qs(urlsplit(url).query)["token"][0])
    assert found is not None
    assert set(found.course_ids) == {physics.course.id, chemistry.course.id}
    assert found.user_id == learner.user.id
    per_course = {link for link in mail.links if "/unsubscribe?" in link and link != url}
    assert len(per_course) == 2  # one "stop emails about this course" per course

    assert (await http.post(url.removeprefix(runtime.settings.public_base_url))).status_code == 200
    listed = (await gql(SETTINGS, token=learner.access_token)).ok()["notificationSettings"]
    assert {s["course"]["title"]: s["enabled"] for s in listed} == {"Chemistry": False, "Physics": False}


async def test_a_newcomer_gets_what_is_posted_after_joining_only(runtime: Runtime, mailbox: SMTPTestServer) -> None:
    where = await news_course(runtime)
    clock = Clock()
    await announce(runtime, where, "Before you came")
    await clock.round(runtime)
    newcomer = await join(runtime, where.course, "Newcomer")
    await announce(runtime, where, "After you came")
    clock.advance(GATHER)
    await clock.round(runtime)  # the first learner's digest (both); the newcomer's is gathering
    await clock.gathered(runtime)
    (mail,) = await mailbox.wait_for(to=newcomer.user.email)
    assert "After you came" in mail.text
    assert "Before you came" not in mail.text
    (old,) = await mailbox.wait_for(to=where.learner.user.email)
    assert "Before you came" in old.text
    assert "After you came" in old.text


async def test_an_undeliverable_address_does_not_hold_up_the_others(runtime: Runtime, mailbox: SMTPTestServer) -> None:
    where = await news_course(runtime, learners=3)
    broken = where.learners[1]
    await User.filter(id=broken.user.id).update(email="not an address")  # a legacy row
    clock = Clock()
    await announce(runtime, where, "Hello all")
    result = await clock.gathered(runtime)
    assert (result.mails, result.dropped) == (2, 1)
    for learner in (where.learners[0], where.learners[2]):
        await mailbox.wait_for(to=learner.user.email)
    assert await NotificationRecipient.filter(due_at__isnull=False).count() == 0
