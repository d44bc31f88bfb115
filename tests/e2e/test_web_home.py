"""The signed-in home page in real Chromium: continue a course at its next lesson, and see
recommendations from the categories the learner learns in; at desktop and phone width."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import pytest
from playwright.async_api import Page, expect

from tests.e2e.browser import PHONE, screenshot
from tests.e2e.conftest import PASSWORD, NewPage, WebApp

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CATEGORY = ("photography", "Photography")  # a demo category (edusphere/courses/demo.py): it has courses to recommend


@dataclass
class InProgress:
    email: str
    slug: str
    title: str
    lesson_ids: list[str]


async def course_in_progress(web_app: WebApp) -> InProgress:
    """A published three-lesson course in CATEGORY, and a learner enrolled in it who has done
    the first lesson (through the API)."""
    _, creator = await web_app.register("CREATOR", "Home Creator")
    title = f"Night Skies {secrets.token_hex(3)}"
    course = (await web_app.gql("mutation($i: CourseInput!) { createCourse(input: $i) { id slug } }",
                                {"i": {"title": title, "description": "Shooting stars.", "categorySlug": CATEGORY[0]}},
                                token=creator))["createCourse"]  # fmt: skip
    module = (await web_app.gql("mutation($c: ID!, $t: String!) { createModule(courseId: $c, title: $t) { id } }",
                                {"c": course["id"], "t": "Basics"}, token=creator))["createModule"]  # fmt: skip
    create = "mutation($m: ID!, $i: LessonInput!) { createLesson(moduleId: $m, input: $i) { id } }"
    lesson_ids = []
    for name in ("Finding the dark", "Long exposures", "Stacking frames"):
        lesson = {"title": name, "body": f"About {name}."}
        made = await web_app.gql(create, {"m": module["id"], "i": lesson}, token=creator)
        lesson_ids.append(made["createLesson"]["id"])
    await web_app.gql("mutation($c: ID!) { publishCourse(id: $c) { id } }", {"c": course["id"]}, token=creator)
    email, learner = await web_app.register("LEARNER", "Home Learner")
    await web_app.gql("mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course["id"]}, token=learner)
    await web_app.gql("mutation($l: ID!) { completeLesson(lessonId: $l) { completedAt } }", {"l": lesson_ids[0]},
                      token=learner)  # fmt: skip
    return InProgress(email, course["slug"], title, lesson_ids)


async def log_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_test_id("account-link")).to_have_text("Home Learner")


async def fits_the_screen(page: Page, name: str) -> None:
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than the screen"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_a_learner_continues_at_the_next_lesson_and_sees_courses_of_the_same_category(
    web_app: WebApp, new_page: NewPage, viewport: str
) -> None:
    course = await course_in_progress(web_app)
    page, _ = await new_page(web_app.base_url, PHONE if viewport == "phone" else None)

    await page.goto("/")  # signed out: the catalog, as the root always was
    await expect(page).to_have_url(re.compile(r"/courses$"))
    await expect(page.get_by_test_id("course-card").first).to_be_visible()

    await log_in(page, course.email)
    if viewport == "phone":
        await page.get_by_role("button", name="Menu").click()
    await page.get_by_test_id("home-link").click()
    await expect(page).to_have_url(re.compile(r"/$"))
    await expect(page.get_by_role("heading", name="Welcome back, Home Learner")).to_be_visible()

    item = page.get_by_test_id("continue-item")
    await expect(item).to_have_count(1)
    await expect(item.get_by_role("heading", name=course.title)).to_be_visible()
    await expect(item.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "33")
    await expect(item.get_by_test_id("continue-progress")).to_have_text("1 of 3 lessons · 33%")
    link = item.get_by_test_id("continue-link")
    await expect(link).to_have_text("Continue: Long exposures")

    recommended = page.get_by_test_id("recommended").get_by_test_id("course-card")
    await expect(recommended.first).to_be_visible()
    await expect(recommended.first).to_contain_text(CATEGORY[1])
    await expect(recommended.filter(has_text=course.title)).to_have_count(0)  # not the one they take
    await expect(page.get_by_test_id("browse-catalog")).to_have_attribute("href", "/courses")

    await fits_the_screen(page, "home")
    box = await link.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= (page.viewport_size or {"width": 0})["width"]
    await screenshot(page, "home")

    await link.click()
    await expect(page).to_have_url(re.compile(rf"/courses/{course.slug}/learn/{course.lesson_ids[1]}$"))
    await expect(page.get_by_role("heading", name="Long exposures", exact=True)).to_be_visible()
