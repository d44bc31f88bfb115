"""Issue 13 in the browser: a creator uploads a course cover (with the crop preview) and a video
lesson (tus) in the studio; the catalog shows covers; an enrolled learner plays the video and
seeks in it (the server answers Range requests on the signed, protected link)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image, ImageDraw
from playwright.async_api import Locator, Page, expect

from tests.e2e.browser import PHONE, screenshot
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.media_fixture import tiny_mp4
from tests.e2e.test_web_app import published_course, register

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

VIDEO_SECONDS = 6
SEEK_TO = 4.0


def cover_jpeg(path: Path, hue: tuple[int, int, int], label: str) -> Path:
    """A 1600x900 photo-like JPEG (a gradient and a shape), wider than every card variant."""
    image = Image.new("RGB", (1600, 900))
    draw = ImageDraw.Draw(image)
    for y in range(900):
        shade = y / 900
        draw.line([(0, y), (1600, y)], fill=tuple(int(c * (1 - shade) + 20 * shade) for c in hue))
    draw.ellipse((1000, 200, 1400, 600), fill=(250, 220, 120))
    draw.text((80, 780), label, fill=(255, 255, 255))
    image.save(path, "JPEG", quality=85)
    return path


async def upload_cover_through_the_api(web_app: WebApp, token: str, course_id: str, jpeg: bytes) -> None:
    async with httpx.AsyncClient(base_url=web_app.base_url, timeout=30) as client:
        response = await client.post("/media", data={"kind": "IMAGE"}, files={"file": ("c.jpg", jpeg, "image/jpeg")},
                                     headers={"authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == 201, response.text
    await web_app.gql("mutation($c: ID!, $a: ID) { setCourseCover(courseId: $c, assetId: $a) { id } }",
                      {"c": course_id, "a": response.json()["id"]}, token=token)  # fmt: skip


async def course_id(web_app: WebApp, slug: str) -> str:
    data: dict[str, Any] = await web_app.gql("query($s: String!) { course(slug: $s) { id } }", {"s": slug})
    return str(data["course"]["id"])


async def loaded_width(image: Locator) -> int:
    """The image's natural width once the browser has it (a lazy image loads when scrolled to)."""
    await image.scroll_into_view_if_needed()
    width: int = await image.evaluate(
        """img => img.complete && img.naturalWidth > 0 ? img.naturalWidth : new Promise((ok, fail) => {
          img.addEventListener('load', () => ok(img.naturalWidth), { once: true })
          img.addEventListener('error', () => fail(new Error('cover failed: ' + img.currentSrc)), { once: true })
        })"""
    )
    return width


async def video_position(page: Page) -> dict[str, float]:
    """Seek the lesson's video the way a learner drags the bar: set currentTime, wait for `seeked`."""
    result: dict[str, float] = await page.evaluate(
        """async (to) => {
          const video = document.querySelector('[data-testid=lesson-video]')
          if (video.readyState < 1) await new Promise((ok, fail) => {
            video.addEventListener('loadedmetadata', ok, { once: true })
            video.addEventListener('error', () => fail(new Error('video error ' + video.error?.code)), { once: true })
          })
          const seeked = new Promise((ok) => video.addEventListener('seeked', ok, { once: true }))
          video.currentTime = to
          await seeked
          return { duration: video.duration, afterSeek: video.currentTime }
        }""",
        SEEK_TO,
    )
    return result


async def play_a_little(page: Page) -> float:
    played: float = await page.evaluate(
        """async () => {
          const video = document.querySelector('[data-testid=lesson-video]')
          video.muted = true
          await video.play()
          await new Promise((ok) => setTimeout(ok, 800))
          video.pause()
          return video.currentTime
        }"""
    )
    return played


async def test_a_creator_uploads_a_cover_and_a_video_and_a_learner_watches_and_seeks(
    web_app: WebApp, new_page: NewPage, tmp_path: Path
) -> None:
    topic = f"Pottery {secrets.token_hex(2)}"
    title = f"Wheel throwing for {topic}"
    video = tmp_path / "wheel.mp4"
    video.write_bytes(tiny_mp4(seconds=VIDEO_SECONDS))

    # The creator builds the course in the studio: details, a cover, a video lesson.
    creator, _ = await new_page(web_app.base_url)
    await register(creator, "Petra Potter", "CREATOR")
    await expect(creator).to_have_url(re.compile(r"/studio$"))
    await creator.get_by_label("New course title").fill(title)
    await creator.get_by_role("button", name="Create course").click()
    await expect(creator.get_by_role("heading", level=1)).to_have_text(title)
    await creator.get_by_label("Subtitle").fill("Centre, open, pull")
    await creator.get_by_label("Category").select_option("design")
    await creator.get_by_label("Description (Markdown)").fill(f"# {topic}\n\nClay on a wheel.")
    await creator.get_by_role("button", name="Save details").click()
    await expect(creator.get_by_role("status").first).to_have_text("Course details saved.")

    await expect(creator.get_by_test_id("cover-upload").get_by_test_id("cover-fallback")).to_be_visible()
    await creator.get_by_test_id("cover-file").set_input_files(
        cover_jpeg(tmp_path / "wheel.jpg", (40, 90, 160), "wheel")
    )
    preview = creator.get_by_test_id("cover-preview")
    await expect(preview).to_be_visible()
    box = await preview.bounding_box()
    assert box is not None
    assert box["width"] / box["height"] == pytest.approx(16 / 9, abs=0.02), box
    await creator.get_by_test_id("cover-save").click()
    cover_section = creator.get_by_test_id("cover-upload")
    await expect(cover_section.get_by_role("status")).to_have_text("Cover saved.")
    saved_cover = cover_section.get_by_role("img", name=f"Cover of {title}")
    await expect(saved_cover).to_have_attribute("srcset", re.compile(r"/media/public/.+ \d+w"))

    await creator.get_by_placeholder("New module title").fill("Basics")
    await creator.get_by_role("button", name="Add module").click()
    await creator.get_by_label("New lesson title in Basics").fill("Centring the clay")
    await creator.get_by_role("button", name="Add lesson").click()
    lesson_row = creator.get_by_test_id("editor-lesson").filter(has_text="Centring the clay")
    await lesson_row.get_by_role("button", name="Edit").click()
    await lesson_row.get_by_label("Kind").select_option("VIDEO")
    await expect(lesson_row.get_by_test_id("save-kind-first")).to_be_visible()
    await lesson_row.get_by_role("button", name="Save lesson").click()
    await expect(creator.get_by_role("status").first).to_have_text("Lesson saved.")
    await lesson_row.get_by_role("button", name="Edit").click()
    await lesson_row.get_by_test_id("lesson-asset-file").set_input_files(video)
    await expect(lesson_row.get_by_test_id("lesson-asset").get_by_role("status")).to_have_text(
        "The video “wheel.mp4” is attached."
    )
    await expect(lesson_row.get_by_test_id("lesson-asset-current")).to_contain_text("wheel.mp4")
    await screenshot(creator, "media-studio-editor")
    await creator.get_by_role("button", name="Publish").click()
    await expect(creator.get_by_test_id("course-status")).to_have_text("published")

    # Two more courses on the same topic through the API, one with a cover, one without: the
    # catalog shows covers and the fallback side by side.
    _, other = await web_app.register("CREATOR", "Olga Other")
    with_cover = await published_course(web_app, other, f"Glazes for {topic}")
    glaze = cover_jpeg(tmp_path / "glaze.jpg", (160, 60, 40), "glaze").read_bytes()
    await upload_cover_through_the_api(web_app, other, await course_id(web_app, with_cover), glaze)
    await published_course(web_app, other, f"Kilns for {topic}")

    # A learner finds them: every card but one has a cover image, lazy, with srcset and sizes.
    learner, _ = await new_page(web_app.base_url)
    await register(learner, "Lou Learner", "LEARNER")
    await learner.get_by_role("searchbox", name="Search courses").fill(topic)
    await learner.get_by_role("button", name="Search").click()
    cards = learner.get_by_test_id("course-card")
    await expect(cards).to_have_count(3)
    covers = learner.locator("[data-testid=course-card] img")
    await expect(covers).to_have_count(2)
    for i in range(2):
        cover = covers.nth(i)
        await expect(cover).to_have_attribute("loading", "lazy")
        await expect(cover).to_have_attribute("srcset", re.compile(r" \d+w"))
        await expect(cover).to_have_attribute("sizes", re.compile(r"\S"))
        await expect(cover).to_have_attribute("width", re.compile(r"^\d+$"))
        assert await loaded_width(cover) > 0
    await expect(cards.filter(has_text="Kilns").get_by_test_id("cover-fallback")).to_be_visible()
    await screenshot(learner, "media-catalog")

    # Enrolls (a free course), opens the video lesson, seeks and plays.
    await cards.filter(has_text="Wheel throwing").get_by_role("link", name=title).click()
    await expect(learner.get_by_role("img", name=f"Cover of {title}")).to_be_visible()
    await learner.get_by_role("button", name="Enroll for free").click()
    await expect(learner.get_by_text("You are enrolled")).to_be_visible()
    await learner.goto(learner.url.split("#")[0] + "/learn")
    player = learner.get_by_test_id("lesson-video")
    await expect(player).to_be_visible()
    await expect(player).to_have_attribute("preload", "metadata")
    await expect(player).to_have_attribute("src", re.compile(r"/media/protected/.+sig="))
    position = await video_position(learner)
    assert position["duration"] == pytest.approx(VIDEO_SECONDS, abs=0.1)
    assert position["afterSeek"] == pytest.approx(SEEK_TO, abs=0.01)
    played = await play_a_little(learner)
    assert SEEK_TO < played <= VIDEO_SECONDS, played
    await screenshot(learner, "media-video-lesson")

    # The same pages at phone width.
    await learner.set_viewport_size(PHONE)
    await learner.reload()
    await expect(player).to_be_visible()
    await video_position(learner)
    await screenshot(learner, "media-video-lesson")
    await learner.goto(f"/courses?q={topic.replace(' ', '+')}")
    await expect(cards).to_have_count(3)
    assert await loaded_width(covers.first) > 0
    await screenshot(learner, "media-catalog")
    scroll_width = await learner.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], scroll_width
