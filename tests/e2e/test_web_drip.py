"""Issue 18, point 6, in real Chromium: a creator sets a module to open 7 days after enrollment
in the course editor; an enrolled learner sees it locked on the course page ("Opens on <date>",
no link) and on the lesson page (when it opens, no content: the server sent none); once the
enrollment is 8 days old (moved in the database) the lesson opens. Screenshots of the editor,
the locked course page and the locked lesson, desktop and phone."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import asyncpg
import pytest
from playwright.async_api import expect

from tests.e2e.browser import PHONE
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import log_in, published_course, shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SECRET = "The secret of week two."


async def _age_enrollment(web_app: WebApp, course_id: str, days: int) -> None:
    """Move time: the learner enrolled `days` ago."""
    connection = await asyncpg.connect(urlsplit(web_app.database_url)._replace(scheme="postgresql").geturl())
    try:
        await connection.execute(
            "UPDATE enrollments SET enrolled_at = now() - $2::interval WHERE course_id = $1",
            course_id,
            timedelta(days=days),
        )
    finally:
        await connection.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_a_drip_module_stays_locked_until_its_day(web_app: WebApp, new_page: NewPage, viewport: str) -> None:
    size = PHONE if viewport == "phone" else None
    creator_email, creator = await web_app.register("CREATOR", "Drip Creator")
    title = f"Calligraphy by the week {secrets.token_hex(3)}"
    slug = await published_course(
        web_app, creator, title, module_title="Week one", lesson_title="Holding the pen", lesson_body="Lightly."
    )
    course = (await web_app.gql("query($s: String!) { course(slug: $s) { id } }", {"s": slug}))["course"]
    module = (await web_app.gql("mutation($c: ID!, $t: String!) { createModule(courseId: $c, title: $t) { id } }",
                                {"c": course["id"], "t": "Week two"}, token=creator))["createModule"]  # fmt: skip
    later = (await web_app.gql("mutation($m: ID!, $i: LessonInput!) { createLesson(moduleId: $m, input: $i) { id } }",
                               {"m": module["id"], "i": {"title": "Flourishes", "body": SECRET}},
                               token=creator))["createLesson"]  # fmt: skip

    # The creator sets the drip in the editor.
    editor, _ = await new_page(web_app.base_url, size)
    await log_in(editor, creator_email)
    await editor.goto(f"/studio/courses/{course['id']}")
    days = editor.get_by_label("Week two: opens this many days after enrollment")
    await expect(days).to_have_value("0")
    await days.fill("-3")
    await days.press("Tab")
    await expect(editor.get_by_test_id("module-drip-problem")).to_have_text(
        "Enter a whole number of days from 0 to 3650."
    )
    await days.fill("7")
    await days.press("Tab")
    await expect(editor.get_by_role("status")).to_have_text(
        "“Week two” opens 7 days after enrollment, for learners already enrolled too."
    )
    await expect(days).to_have_value("7")
    await shot(editor, "drip-editor")

    learner_email, learner = await web_app.register("LEARNER", "Drip Learner")
    await web_app.gql("mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course["id"]}, token=learner)
    page, _ = await new_page(web_app.base_url, size)
    await log_in(page, learner_email)
    await page.goto(f"/courses/{slug}")
    week_two = page.locator("section[aria-labelledby=syllabus-heading] > ol > li").filter(has_text="Week two")
    await expect(week_two.get_by_test_id("module-opens")).to_have_text(re.compile(r"^🔒 Opens on \w"))
    await expect(week_two.get_by_test_id("lesson-locked")).to_be_visible()
    await expect(week_two.get_by_role("link")).to_have_count(0)
    await expect(page.get_by_role("link", name="Open Holding the pen")).to_be_visible()
    await shot(page, "drip-course-locked")

    await page.goto(f"/courses/{slug}/learn/{later['id']}")
    await expect(page.get_by_role("heading", name="Flourishes")).to_be_visible()
    await expect(page.get_by_test_id("lesson-opens")).to_contain_text("This lesson opens on")
    await expect(page.get_by_text(SECRET)).to_have_count(0)
    await expect(page.get_by_test_id("complete-lesson")).to_have_count(0)
    await shot(page, "drip-lesson-locked")

    await _age_enrollment(web_app, course["id"], 8)
    await page.reload()
    await expect(page.get_by_text(SECRET)).to_be_visible()
    await expect(page.get_by_test_id("lesson-opens")).to_have_count(0)
    await page.get_by_test_id("complete-lesson").click()
    await expect(page.get_by_test_id("complete-lesson")).to_have_text("Mark as not done")
