"""Issue 18, point 5, in real Chromium: a learner finishes a short course, lands on the completion
page, opens the certificate, and its public page (signed out too) shows it valid; a bad id is a
not-found page. Screenshots of the completion page and the certificate, desktop and phone."""

from __future__ import annotations

import re
import secrets
from io import BytesIO

import pytest
from PIL import Image
from playwright.async_api import expect

from edusphere.certificates import image
from tests.e2e.browser import PHONE
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import log_in, published_course, shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_a_learner_finishes_a_course_and_its_certificate_verifies(
    web_app: WebApp, new_page: NewPage, viewport: str
) -> None:
    size = PHONE if viewport == "phone" else None
    _, creator = await web_app.register("CREATOR", "Certified Creator")
    title = f"Watercolour in two lessons {secrets.token_hex(3)}"
    slug = await published_course(web_app, creator, title, lesson_title="Brushes", lesson_body="Pick a round brush.")
    course = await web_app.gql("query($s: String!) { course(slug: $s) { id modules { id } } }", {"s": slug})
    await web_app.gql("mutation($m: ID!, $i: LessonInput!) { createLesson(moduleId: $m, input: $i) { id } }",
                      {"m": course["course"]["modules"][0]["id"], "i": {"title": "Washes", "body": "Wet on wet."}},
                      token=creator)  # fmt: skip
    email, learner = await web_app.register("LEARNER", "Zoe Learner")  # the address is made from the name
    await web_app.gql("mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }",
                      {"i": {"displayName": "Zoë Ångström-Learner"}}, token=learner)  # fmt: skip
    await web_app.gql("mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course["course"]["id"]}, token=learner)

    page, _ = await new_page(web_app.base_url, size)
    await log_in(page, email)
    await page.goto(f"/courses/{slug}/learn")
    await expect(page.get_by_role("heading", name="Brushes")).to_be_visible()
    await page.get_by_test_id("complete-lesson").click()
    await expect(page.get_by_role("heading", name="Washes")).to_be_visible()
    await page.get_by_test_id("complete-lesson").click()
    await expect(page).to_have_url(re.compile(rf"/courses/{slug}/complete$"))
    await expect(page.get_by_role("heading", name="Course completed")).to_be_visible()
    await expect(page.get_by_test_id("course-complete")).to_contain_text(title)
    await shot(page, "course-complete")

    await page.get_by_test_id("open-certificate").click()
    await expect(page).to_have_url(re.compile(r"/certificates/[0-9a-f-]{36}$"))
    certificate_url = page.url
    await expect(page.get_by_test_id("certificate-status")).to_contain_text("Valid")
    await expect(page.get_by_test_id("certificate-learner")).to_have_text("Zoë Ångström-Learner")
    await expect(page.get_by_test_id("certificate-course")).to_have_text(title)
    await expect(page.get_by_test_id("certificate")).to_contain_text("by Certified Creator")
    picture = page.get_by_role("img", name=re.compile("^Certificate: "))
    await expect(picture).to_be_visible()
    await picture.evaluate("img => img.decode()")  # drawn by the server on first request: wait for it
    assert await picture.evaluate("img => img.naturalWidth") == image.WIDTH
    await shot(page, "certificate")

    png = await page.request.get(await page.get_by_test_id("certificate-download").get_attribute("href") or "")
    assert png.status == 200
    assert png.headers["content-disposition"].startswith("attachment;")
    assert Image.open(BytesIO(await png.body())).size == (image.WIDTH, image.HEIGHT)

    await page.goto("/learning")
    await expect(page.get_by_test_id("learning-completed")).to_contain_text("Completed")
    await expect(page.get_by_test_id("learning-certificate")).to_have_attribute("href", re.compile(r"^/certificates/"))
    await shot(page, "learning-completed")

    await page.goto(f"/courses/{slug}")
    await expect(page.get_by_test_id("course-certificate")).to_have_attribute(
        "href", certificate_url.removeprefix(web_app.base_url)
    )

    stranger, _ = await new_page(web_app.base_url, size)  # signed out: anyone can verify
    await stranger.goto(certificate_url)
    await expect(stranger.get_by_test_id("certificate-status")).to_contain_text("Valid")
    await stranger.goto("/certificates/not-a-certificate")
    await expect(stranger.get_by_role("heading", name="Certificate not found")).to_be_visible()
    missing = await stranger.request.get("/certificates/not-a-certificate.png")
    assert missing.status == 404
    assert (await missing.json())["errors"][0]["extensions"]["code"] == "NOT_FOUND"
