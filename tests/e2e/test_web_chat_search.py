"""Message search in the browser, at phone width: from the chat page to a hit, whose snippet is
text (a body's markup is never rendered), to its room around the message."""

from __future__ import annotations

import asyncio
import re
import secrets

import pytest
from playwright.async_api import expect

from tests.e2e.browser import PHONE
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import assert_on_screen, log_in, shot
from tests.e2e.test_web_chat import classroom

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SEARCH = """query($c: ID!, $q: String!) { searchMessages(courseId: $c, query: $q) {
  edges { node { aroundSeq message { body } } } } }"""


async def test_a_search_at_phone_width_opens_the_room_around_its_hit(web_app: WebApp, new_page: NewPage) -> None:
    room = await classroom(web_app)
    word = "walrus" + secrets.token_hex(2)  # a word only this test's messages have
    hostile = f'<img src=x onerror="window.__pwned=1"> the {word} arrives {"x" * 120}'
    await room.post(web_app, room.general_id, "before", hostile, "after")
    for _ in range(100):  # listed once the write-behind has stored it
        found = await web_app.gql(SEARCH, {"c": room.course_id, "q": word}, token=room.learner_token)
        if found["searchMessages"]["edges"]:
            break
        await asyncio.sleep(0.1)
    around = found["searchMessages"]["edges"][0]["node"]["aroundSeq"]
    page, _ = await new_page(web_app.base_url, PHONE)
    await log_in(page, room.learner_email)
    await page.goto(f"/courses/{room.slug}/chat")
    await page.get_by_test_id("chat-search-link").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Search messages")
    await page.get_by_label("Search the course's rooms").fill(f"{word} & !arrives:*")  # syntax is text: both words
    await page.get_by_role("button", name="Search").click()
    await expect(page).to_have_url(re.compile(r"/chat-search\?q="))
    hit = page.get_by_test_id("search-hit")
    await expect(hit).to_have_count(1)
    await expect(hit.locator("mark")).to_have_text([word, "arrives"])
    await expect(hit.get_by_test_id("hit-snippet")).to_contain_text(word)
    assert await hit.locator("img").count() == 0
    assert await page.evaluate("window.__pwned") is None
    await shot(page, "chat-search-phone")  # no sideways scrolling at 390 px
    for element in (page.get_by_label("Search the course's rooms"), page.get_by_role("button", name="Search"), hit):
        await assert_on_screen(page, element)
    await page.get_by_label("Search the course's rooms").fill("?!...")
    await page.get_by_role("button", name="Search").click()
    await expect(page.get_by_test_id("search-error")).to_have_text("Search for at least one word.")
    await page.go_back()
    await expect(hit).to_have_count(1)
    await hit.get_by_role("link").click()
    await expect(page).to_have_url(re.compile(rf"/courses/{room.slug}/chat/general\?around={around}$"))
