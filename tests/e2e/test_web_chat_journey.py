"""Chat's second release as three people use it, in Chromium: a learner asks a question on a
lesson's page, the creator answers it in its thread and marks the answer, another learner reacts
to the answer and finds it by search; the first learner writes privately to the creator and
shares a screenshot, which the creator sees inline."""

from __future__ import annotations

import asyncio
import io
import re
import secrets
from collections.abc import Awaitable, Callable

import pytest
from PIL import Image
from playwright.async_api import Page, expect

from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import log_in, published_course, shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SEARCH = "query($c: ID!, $q: String!) { searchMessages(courseId: $c, query: $q) { edges { node { message { id } } } } }"


def screenshot_png() -> bytes:
    """A small real PNG (a gradient), as a learner's screenshot would be."""
    image = Image.new("RGB", (320, 200))
    image.putdata([(x % 256, y % 256, 120) for y in range(200) for x in range(320)])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def until(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 15) -> None:
    """Polls `check` while the write-behind (and the search index) catch up."""
    for _ in range(int(seconds * 10)):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")


async def open_chat(page: Page, slug: str, room: str = "") -> None:
    await page.goto(f"/courses/{slug}/chat{'/' + room if room else ''}")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")


async def test_a_lesson_question_answered_found_and_a_private_screenshot(web_app: WebApp, new_page: NewPage) -> None:
    creator_email, creator = await web_app.register("CREATOR", "Journey Creator")
    slug = await published_course(web_app, creator, f"Journey {secrets.token_hex(3)}", lesson_title="Setting up")
    course = (await web_app.gql("query($s: String!) { course(slug: $s) { id modules { lessons { id } } } }",
                                {"s": slug}))["course"]  # fmt: skip
    lesson_id = course["modules"][0]["lessons"][0]["id"]
    asker_email, asker = await web_app.register("LEARNER", "Asking Learner")
    reader_email, reader = await web_app.register("LEARNER", "Reading Learner")
    for token in (asker, reader):
        await web_app.gql("mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course["id"]}, token=token)
    word = "virtualenv" + secrets.token_hex(2)  # a word only this test's answer holds

    # 1. The question, asked without leaving the lesson.
    learner, _ = await new_page(web_app.base_url)
    await log_in(learner, asker_email)
    await learner.goto(f"/courses/{slug}/learn/{lesson_id}")
    questions = learner.get_by_test_id("lesson-questions")
    await questions.get_by_test_id("ask-body").fill("Which Python should I install for the setup?")
    await questions.get_by_test_id("ask-submit").click()
    await expect(questions.get_by_test_id("lesson-question")).to_contain_text("Which Python should I install")

    # 2. The creator answers in the question's thread and marks the answer.
    teacher, _ = await new_page(web_app.base_url)
    await log_in(teacher, creator_email)
    await open_chat(teacher, slug)
    question = teacher.get_by_test_id("timeline").get_by_test_id("chat-message").filter(has_text="Which Python")
    await expect(question.get_by_test_id("lesson-tag")).to_be_visible()
    await question.hover()
    await question.get_by_test_id("reply-in-thread").click()
    panel = teacher.get_by_test_id("thread-panel")
    await panel.get_by_label("Reply", exact=True).fill(f"Python 3.11, in a {word} of its own")
    await panel.get_by_label("Reply", exact=True).press("Enter")
    reply = panel.get_by_test_id("thread-reply").filter(has_text=word)
    await expect(reply).to_be_visible()
    await reply.hover()
    await reply.get_by_role("button", name="Mark as answer").click()
    await expect(reply.get_by_test_id("answer-badge")).to_have_text("Answer")
    await shot(teacher, "journey-thread-answer")

    # The lesson's page shows it answered, with the answer first.
    await learner.reload()
    await expect(questions.get_by_test_id("answered-badge")).to_have_text("Answered")
    await expect(questions.get_by_test_id("answer-preview")).to_contain_text(word)
    await shot(learner, "journey-lesson-questions")

    # 3. The other learner reacts to the answer, then finds it by search.
    other, _ = await new_page(web_app.base_url)
    await log_in(other, reader_email)
    await open_chat(other, slug)
    theirs = other.get_by_test_id("timeline").get_by_test_id("chat-message").filter(has_text="Which Python")
    await expect(theirs.get_by_test_id("thread-summary")).to_contain_text("1 reply")
    await theirs.get_by_test_id("thread-summary").click()
    answer = other.get_by_test_id("thread-panel").get_by_test_id("thread-reply").filter(has_text=word)
    await answer.hover()
    await answer.get_by_test_id("reaction-add").click()
    await other.get_by_role("button", name="React with 🎉").click()
    await expect(answer.get_by_test_id("reaction-chip")).to_have_text("🎉1")
    await expect(reply.get_by_test_id("reaction-chip")).to_have_text("🎉1")  # live on the creator's page

    async def searchable() -> bool:
        found = await web_app.gql(SEARCH, {"c": course["id"], "q": word}, token=reader)
        return bool(found["searchMessages"]["edges"])

    await until(searchable, "the answer is stored and indexed")
    await other.get_by_test_id("chat-search-link").click()
    await other.get_by_label("Search the course's rooms").fill(word)
    await other.get_by_role("button", name="Search").click()
    hit = other.get_by_test_id("search-hit")
    try:
        await expect(hit).to_have_count(1)
    except AssertionError:
        await shot(other, "journey-search-failed")
        raise
    await expect(hit.locator("mark")).to_have_text([word])
    await shot(other, "journey-search-results")
    await hit.get_by_role("link").click()
    await expect(other).to_have_url(re.compile(rf"/courses/{slug}/chat/general\?around=\d+"))
    await expect(
        other.get_by_test_id("thread-panel").get_by_test_id("thread-reply").filter(has_text=word)
    ).to_be_visible()

    # 4. A private message to the creator, with a screenshot shown inline.
    await learner.goto(f"/courses/{slug}")
    await learner.get_by_role("button", name="Message the instructor").click()
    await expect(learner).to_have_url(re.compile(rf"/courses/{slug}/chat/dm-[0-9a-f]+$"))
    await expect(learner.get_by_test_id("live-status")).to_have_text("Live")
    await learner.get_by_test_id("attachment-input").first.set_input_files(
        {"name": "setup.png", "mimeType": "image/png", "buffer": screenshot_png()}
    )
    await expect(learner.get_by_test_id("attachment-status").first).to_contain_text("Ready", timeout=30_000)
    await learner.get_by_label("Message", exact=True).fill("My setup screen, is this right?")
    await learner.get_by_label("Message", exact=True).press("Enter")
    await expect(learner.get_by_test_id("timeline").get_by_test_id("chat-message")).to_contain_text("My setup screen")

    direct = teacher.get_by_test_id("direct-room").filter(has_text="Asking Learner")
    await teacher.goto(f"/courses/{slug}/chat")
    await expect(direct.first).to_be_visible()
    await direct.first.click()
    sent = teacher.get_by_test_id("timeline").get_by_test_id("chat-message").filter(has_text="My setup screen")
    image = sent.locator("img")
    await expect(image).to_be_visible()
    assert await image.evaluate("img => img.complete && img.naturalWidth > 0")
    await shot(teacher, "journey-direct-image")
    # Nobody else reads the direct room.
    rooms = await web_app.gql("query($c: ID!) { rooms(courseId: $c) { kind } }", {"c": course["id"]}, token=reader)
    assert [room["kind"] for room in rooms["rooms"]].count("DIRECT") == 0
