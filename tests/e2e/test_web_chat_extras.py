"""Chat's second release outside the chat page, at phone width: the mentions inbox and the
header's badge, "Message the instructor" on the course page, and the creator's switch for
learners' direct messages in the course editor."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.async_api import expect

from tests.e2e.browser import PHONE
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import assert_on_screen, log_in, published_course, shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SEND = "mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) { seq } }"


async def test_mentions_direct_messages_and_chat_settings_on_a_phone(web_app: WebApp, new_page: NewPage) -> None:
    creator_email, creator = await web_app.register("CREATOR", "Extras Creator")
    slug = await published_course(web_app, creator, f"Extras {secrets.token_hex(3)}")
    course_id = (await web_app.gql("query($s: String!) { course(slug: $s) { id } }", {"s": slug}))["course"]["id"]
    email, learner = await web_app.register("LEARNER", "Extras Learner")
    me = (await web_app.gql("query { me { id } }", token=learner))["me"]["id"]
    await web_app.gql("mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course_id}, token=learner)
    general = await web_app.gql("query($c: ID!) { rooms(courseId: $c) { id } }", {"c": course_id}, token=learner)
    room_id = general["rooms"][0]["id"]
    await web_app.gql(SEND, {"r": room_id, "b": "warm-up", "c": secrets.token_hex(8)}, token=creator)
    sent = await web_app.gql(SEND, {"r": room_id, "b": f"<@{me}> please read the syllabus", "c": secrets.token_hex(8)},
                             token=creator)  # fmt: skip
    seq = sent["sendMessage"]["seq"]

    page, _ = await new_page(web_app.base_url, PHONE)
    await log_in(page, email)
    await page.get_by_role("button", name="Menu").click()
    mentions = page.get_by_test_id("mentions-link")
    await expect(mentions.get_by_test_id("mentions-badge")).to_have_text("1")
    await expect(mentions).to_have_attribute("aria-label", "Mentions: 1 unread")
    await mentions.click()
    await expect(page).to_have_url(re.compile(r"/mentions$"))
    link = page.get_by_test_id("mention-link")
    await expect(link).to_have_text("@Extras Learner please read the syllabus")
    await expect(link).to_have_attribute("href", f"/courses/{slug}/chat/general?around={seq}")
    await expect(page.get_by_test_id("mention-place")).to_contain_text("in #General")
    await shot(page, "chat-extras-mentions")

    await page.goto(f"/courses/{slug}")
    button = page.get_by_role("button", name="Message the instructor")
    await assert_on_screen(page, button)
    await shot(page, "chat-extras-course")
    await button.click()
    await expect(page).to_have_url(re.compile(rf"/courses/{slug}/chat/dm-[0-9a-f]+$"))
    rooms = await web_app.gql("query($c: ID!) { rooms(courseId: $c) { kind name } }", {"c": course_id}, token=learner)
    assert {"kind": "DIRECT", "name": "Extras Creator"} in rooms["rooms"]

    studio, _ = await new_page(web_app.base_url, PHONE)
    await log_in(studio, creator_email)
    await studio.goto(f"/studio/courses/{course_id}")
    toggle = studio.get_by_role("switch", name="Let learners message each other")
    await expect(toggle).to_have_attribute("aria-checked", "false")
    await expect(studio.get_by_test_id("learner-dm-state")).to_contain_text("Off")
    await assert_on_screen(studio, toggle)
    await toggle.click()
    await expect(studio.get_by_text("Learners can now message each other.")).to_be_visible()
    await expect(toggle).to_have_attribute("aria-checked", "true")
    await shot(studio, "chat-extras-settings")
    settings = await web_app.gql("query($s: String!) { course(slug: $s) { chatSettings { learnerDirectMessages } } }",
                                 {"s": slug}, token=creator)  # fmt: skip
    assert settings["course"]["chatSettings"] == {"learnerDirectMessages": True}
