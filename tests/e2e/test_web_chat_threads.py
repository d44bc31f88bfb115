"""The chat page's second release in the browser: sends over the socket, threads beside the
timeline, reactions, pins, Markdown with highlighted code and @name chips, and `?around=<seq>`
(a search hit or a mention opening the room at a message), at desktop and phone width."""

from __future__ import annotations

import json
import re
import secrets

import pytest
from playwright.async_api import Request, expect

from tests.e2e.browser import PHONE, screenshot
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import log_in
from tests.e2e.test_web_chat import SEND, classroom

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def test_threads_reactions_and_pins_go_over_the_socket_and_show_live(web_app: WebApp, new_page: NewPage) -> None:
    room = await classroom(web_app)
    learner, _ = await new_page(web_app.base_url)
    http_mutations: list[str] = []

    def note(request: Request) -> None:
        if request.method != "POST" or not request.url.endswith("/graphql"):
            return
        query = str(json.loads(request.post_data or "{}").get("query", ""))
        if query.startswith("mutation") and "refreshToken" not in query:
            http_mutations.append(query)

    await log_in(learner, room.learner_email)
    await learner.goto(f"/courses/{room.slug}/chat")
    await expect(learner.get_by_test_id("live-status")).to_have_text("Live")
    creator, _ = await new_page(web_app.base_url)
    await log_in(creator, room.creator_email)
    await creator.goto(f"/courses/{room.slug}/chat")
    await expect(creator.get_by_test_id("live-status")).to_have_text("Live")
    learner.on("request", note)

    await creator.get_by_label("Message", exact=True).fill("Who is stuck on **lesson 2**?")
    await creator.get_by_label("Message", exact=True).press("Enter")
    root = learner.get_by_test_id("timeline").get_by_test_id("chat-message").filter(has_text="Who is stuck")
    await expect(root.locator("strong")).to_have_text("lesson 2")

    # A reply in the thread: in the panel, not in the timeline; the root's count moves live.
    await root.hover()
    await root.get_by_role("button", name="Reply in thread").click()
    panel = learner.get_by_test_id("thread-panel")
    await expect(panel).to_contain_text("No replies yet.")
    await panel.get_by_label("Reply", exact=True).fill("Me, the borrow checker")
    await panel.get_by_label("Reply", exact=True).press("Enter")
    await expect(panel.get_by_test_id("thread-reply")).to_contain_text("Me, the borrow checker")
    creators_root = creator.get_by_test_id("timeline").get_by_test_id("chat-message").filter(has_text="Who is stuck")
    await expect(creators_root.get_by_test_id("thread-summary")).to_contain_text("1 reply")
    await expect(creator.get_by_test_id("timeline")).not_to_contain_text("borrow checker")
    await creators_root.get_by_test_id("thread-summary").click()
    creators_panel = creator.get_by_test_id("thread-panel")
    await expect(creators_panel.get_by_test_id("thread-reply")).to_contain_text("Me, the borrow checker")
    await creators_panel.get_by_label("Reply", exact=True).fill("Read chapter 4")
    await creators_panel.get_by_label("Reply", exact=True).press("Enter")
    await expect(panel.get_by_test_id("thread-reply")).to_have_count(2)  # live into the open thread

    # A reaction: the learner's chip is pressed; the creator's count follows live.
    await root.hover()
    await root.get_by_test_id("reaction-add").click()
    await learner.get_by_role("button", name="React with 🎉").click()
    chip = root.get_by_test_id("reaction-chip")
    await expect(chip).to_have_text("🎉1")
    await expect(chip).to_have_attribute("aria-pressed", "true")
    creators_chip = creators_root.get_by_test_id("reaction-chip")
    await expect(creators_chip).to_have_text("🎉1")
    await expect(creators_chip).to_have_attribute("title", "Chat Learner reacted with 🎉")
    await expect(creators_chip).to_have_attribute("aria-pressed", "false")
    await creators_chip.click()
    await expect(chip).to_have_text("🎉2")

    # A pin by the creator shows on the learner's page; learners get no Pin button.
    await creators_root.hover()
    await creators_root.get_by_role("button", name="Pin", exact=True).click()
    await expect(root.get_by_test_id("pinned-marker")).to_be_visible()
    await expect(root.get_by_role("button", name="Pin", exact=True)).to_have_count(0)
    await screenshot(learner, "chat-thread-reactions")

    assert http_mutations == [], http_mutations  # every one of them went over the socket


async def test_markdown_mentions_and_around_at_phone_width(web_app: WebApp, new_page: NewPage) -> None:
    room = await classroom(web_app)
    learner_id = (await web_app.gql("query { me { id } }", token=room.learner_token))["me"]["id"]
    bodies = [f"filler {n}" for n in range(1, 80)]
    bodies[2] = f"Hey <@{learner_id}>, see:\n```python\ndef answer():\n    return 42\n```\n[docs](https://example.com)"
    seqs = []
    for body in bodies:
        sent = await web_app.gql(
            SEND, {"r": room.general_id, "b": body, "c": secrets.token_hex(8)}, token=room.creator_token
        )
        seqs.append(sent["sendMessage"]["seq"])
    page, _ = await new_page(web_app.base_url, PHONE)
    await log_in(page, room.learner_email)
    await page.goto(f"/courses/{room.slug}/chat?around={seqs[2]}")
    target = page.locator(f'[data-testid=chat-message][data-seq="{seqs[2]}"]')
    await expect(target).to_be_in_viewport()
    await expect(target).to_have_class(re.compile("ring-amber-300"))
    await expect(target.locator("[data-mention]")).to_have_text("@Chat Learner")
    await expect(target.locator(".hljs-keyword").first).to_have_text("def")
    link = target.get_by_role("link", name="docs")
    await expect(link).to_have_attribute("rel", "noopener noreferrer nofollow ugc")
    await expect(link).to_have_attribute("target", "_blank")
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    await target.get_by_role("button", name="Reply in thread").click()
    panel = page.get_by_test_id("thread-panel")
    box = await panel.bounding_box()
    assert box is not None
    assert box["width"] == PHONE["width"]  # full screen at phone width
    await expect(panel.get_by_label("Reply", exact=True)).to_be_visible()
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await screenshot(page, "chat-around-thread")
    await panel.get_by_role("button", name="Close the thread").click()
    await expect(panel).to_have_count(0)

    await page.goto(f"/courses/{room.slug}/chat?around=999999")
    await expect(page.get_by_test_id("around-notice")).to_contain_text("not in this room")
