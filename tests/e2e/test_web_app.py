"""The web app in real headless Chromium against a real EduSphere (PostgreSQL, Redis, the built
SPA served by `edusphere serve`): the first release's user journeys, end to end."""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.browser import PHONE, CuttableProxy, fail_sends, screenshot
from tests.e2e.conftest import ACCESS_TOKEN_TTL, PASSWORD, NewPage, WebApp
from tests.e2e.mailbox import verify_by_mail

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def register(page: Page, name: str, role: str, *, verify: bool = True) -> str:
    """Sign up in the page. Then, unless `verify=False`, the address is verified by the link in
    its mail (from the development Mailbox's API) and the page reloaded, as a person who
    verified would have it: publishing and buying need a verified address."""
    email = f"{name.lower().replace(' ', '.')}.{secrets.token_hex(3)}@example.com"
    await page.goto("/register")
    await page.get_by_label("Display name").fill(name)
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_label("Teach (creator account)" if role == "CREATOR" else "Learn").check()
    await page.get_by_role("button", name="Sign up").click()
    await expect(page.get_by_test_id("account-link")).to_have_text(name)
    if verify:
        origin = urlsplit(page.url)
        await verify_by_mail(f"{origin.scheme}://{origin.netloc}", email)
        await page.reload()
        await expect(page.get_by_test_id("account-link")).to_have_text(name)
        await expect(page.get_by_test_id("verify-email-banner")).to_have_count(0)
    return email


async def timeline_bodies(page: Page) -> list[str]:
    return await page.get_by_test_id("timeline").get_by_test_id("chat-body").all_inner_texts()


async def test_creator_publishes_learner_enrolls_and_they_chat_through_a_network_drop(
    web_app: WebApp, new_page: NewPage
) -> None:
    topic = f"Gardening {secrets.token_hex(2)}"
    title = f"Rust for {topic}"

    # A creator signs up, builds a course with a lesson and publishes it.
    creator, _ = await new_page(web_app.base_url)
    await register(creator, "Carla Creator", "CREATOR")
    await expect(creator).to_have_url(re.compile(r"/studio$"))
    await creator.get_by_label("New course title").fill(title)
    await creator.get_by_role("button", name="Create course").click()
    await expect(creator.get_by_role("heading", level=1)).to_have_text(title)
    checklist = creator.get_by_test_id("checklist")
    await expect(checklist).to_contain_text("a description")
    await expect(checklist).to_contain_text("at least one lesson")
    await expect(creator.get_by_role("button", name="Publish")).to_be_disabled()
    await creator.get_by_label("Subtitle").fill("Memory safety, one seed at a time")
    await creator.get_by_label("Category").select_option("programming")
    await creator.get_by_label("Description (Markdown)").fill(f"# {topic}\n\nLearn **ownership** with `cargo`.")
    await creator.get_by_role("button", name="Save details").click()
    await expect(creator.get_by_role("status")).to_have_text("Course details saved.")
    await creator.get_by_placeholder("New module title").fill("Basics")
    await creator.get_by_role("button", name="Add module").click()
    await creator.get_by_label("New lesson title in Basics").fill("Hello soil")
    await creator.get_by_role("button", name="Add lesson").click()
    await expect(creator.get_by_test_id("editor-lesson")).to_contain_text("Hello soil")
    # Issue 18: a lesson without content keeps the course out of the catalog until it has some.
    await expect(creator.get_by_test_id("checklist")).to_contain_text('content for lesson "Hello soil"')
    await expect(creator.get_by_role("button", name="Publish")).to_be_disabled()
    lesson_row = creator.get_by_test_id("editor-lesson").filter(has_text="Hello soil")
    await lesson_row.get_by_role("button", name="Edit").click()
    await lesson_row.get_by_label("Content (Markdown)").fill("Dig, then plant.")
    await lesson_row.get_by_role("button", name="Save lesson").click()
    await expect(creator.get_by_role("status").first).to_have_text("Lesson saved.")
    await expect(creator.get_by_test_id("checklist")).to_have_count(0)
    await screenshot(creator, "studio-editor")
    await creator.get_by_role("button", name="Publish").click()
    await expect(creator.get_by_test_id("course-status")).to_have_text("published")

    # A learner, whose connections go through a proxy the test can cut, finds it by search and
    # a filter, and enrolls.
    proxy = CuttableProxy(web_app.port)
    proxy_port = await proxy.start()
    try:
        learner, learner_console = await new_page(f"http://127.0.0.1:{proxy_port}")
        await register(learner, "Lena Learner", "LEARNER")
        await learner.get_by_role("searchbox", name="Search courses").fill(topic)
        await learner.get_by_role("button", name="Search").click()
        await learner.get_by_role("checkbox", name=re.compile("^Programming")).check()
        await expect(learner).to_have_url(re.compile(r"category=programming"))
        assert "q=Gardening" in learner.url
        cards = learner.get_by_test_id("course-card")
        await expect(cards).to_have_count(1)
        await expect(cards).to_contain_text(title)
        await learner.reload()  # the search lives in the URL
        await expect(learner.get_by_test_id("course-card")).to_contain_text(title)
        await cards.get_by_role("link", name=title).click()
        description = learner.get_by_test_id("course-description")
        await expect(description.locator("h1")).to_have_text(topic)
        await expect(description.locator("strong")).to_have_text("ownership")
        await learner.get_by_role("button", name="Enroll for free").click()
        await expect(learner.get_by_text("You are enrolled")).to_be_visible()

        # Both open the course chat: each sees the other online, typing, and messages live.
        await learner.get_by_role("link", name="Course chat").click()
        await creator.get_by_role("link", name="View page").click()
        await creator.get_by_role("link", name="Course chat").click()
        for page in (creator, learner):
            await expect(page.get_by_test_id("live-status")).to_have_text("Live")
            await expect(page.get_by_test_id("online")).to_contain_text("Carla Creator")
            await expect(page.get_by_test_id("online")).to_contain_text("Lena Learner")
        await learner.get_by_label("Message", exact=True).press_sequentially("Hel")
        await expect(creator.get_by_test_id("typing")).to_have_text("Lena Learner is typing…")
        await learner.get_by_label("Message", exact=True).press_sequentially("lo, teacher!")
        await learner.get_by_label("Message", exact=True).press("Enter")
        await expect(creator.get_by_test_id("timeline")).to_contain_text("Hello, teacher!")
        await creator.get_by_label("Message", exact=True).fill("Welcome, Lena!")
        await creator.get_by_label("Message", exact=True).press("Enter")
        await expect(learner.get_by_test_id("timeline")).to_contain_text("Welcome, Lena!")
        await screenshot(learner, "chat")

        # The learner's network drops; the creator posts meanwhile; the network comes back.
        learner_console.allow(r"WebSocket connection to .* failed|Failed to load resource|net::ERR_")
        proxy.cut()
        await expect(learner.get_by_test_id("live-status")).to_have_text(re.compile("reconnecting"), timeout=20_000)
        missed = [f"While you were away {n}" for n in range(1, 4)]
        for body in missed:
            await creator.get_by_label("Message", exact=True).fill(body)
            await creator.get_by_label("Message", exact=True).press("Enter")
            await expect(creator.get_by_test_id("timeline")).to_contain_text(body)
        await asyncio.sleep(1)
        proxy.restore()
        await expect(learner.get_by_test_id("live-status")).to_have_text("Live", timeout=20_000)
        await expect(learner.get_by_test_id("timeline")).to_contain_text(missed[-1])
        assert await timeline_bodies(learner) == ["Hello, teacher!", "Welcome, Lena!", *missed]
        await asyncio.sleep(0.5)  # nothing arrives twice after the resume settles either
        assert await timeline_bodies(learner) == ["Hello, teacher!", "Welcome, Lena!", *missed]
        await screenshot(learner, "chat-after-reconnect")
    finally:
        await proxy.close()


async def test_a_failed_send_is_marked_and_retried_once(web_app: WebApp, new_page: NewPage) -> None:
    page, console = await new_page(web_app.base_url)
    slug = await enrolled_course(web_app, page)
    await page.goto(f"/courses/{slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await fail_sends(page, console)
    await page.get_by_label("Message", exact=True).fill("Are you there?")
    await page.get_by_label("Message", exact=True).press("Enter")
    pending = page.get_by_test_id("pending-message")
    await expect(pending).to_contain_text("Not sent: Cannot reach EduSphere")
    await page.unroute("**/graphql")
    await pending.get_by_role("button", name="Retry").click()
    await expect(pending).to_have_count(0)
    assert await timeline_bodies(page) == ["Are you there?"]


async def test_markdown_from_creators_cannot_run_script(web_app: WebApp, new_page: NewPage) -> None:
    _, creator_token = await web_app.register("CREATOR", "Mallory Maker")
    description = (
        '<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> '
        "[click](javascript:window.pwned=3) **bold**"
    )
    slug = await published_course(web_app, creator_token, "Suspicious course", description)
    page, _ = await new_page(web_app.base_url)
    await page.goto(f"/courses/{slug}")
    description_view = page.get_by_test_id("course-description")
    await expect(description_view.locator("strong")).to_have_text("bold")
    assert await description_view.locator("img, script").count() == 0
    assert await description_view.locator("a[href^='javascript']").count() == 0
    await expect(description_view).to_contain_text('<img src=x onerror="window.pwned=1">')
    assert await page.evaluate("window.pwned") is None


async def test_an_ended_session_lands_on_the_login_page_with_a_message(web_app: WebApp, new_page: NewPage) -> None:
    page, console = await new_page(web_app.base_url)
    email = await register(page, "Sam Session", "LEARNER")
    # The password changes in another session: this one is revoked on the server at once.
    login = await web_app.gql("mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
                              {"e": email, "p": PASSWORD})  # fmt: skip
    await web_app.gql("mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }",
                      {"c": PASSWORD, "n": "another long password"}, token=login["login"]["accessToken"])  # fmt: skip
    console.allow(r"401 \(Unauthorized\)|Failed to load resource")
    await page.get_by_role("link", name="My learning").click()
    await expect(page).to_have_url(re.compile(r"/login\?redirect=/learning"))
    await expect(page.get_by_test_id("session-notice")).to_have_text("Your session has ended. Please log in again.")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill("another long password")
    await page.get_by_role("button", name="Log in").click()
    await expect(page).to_have_url(re.compile(r"/learning$"))
    await expect(page.get_by_role("heading", name="My learning")).to_be_visible()


async def test_tokens_are_refreshed_silently(web_app: WebApp, new_page: NewPage) -> None:
    page, _ = await new_page(web_app.base_url)
    await register(page, "Rita Refresh", "LEARNER")
    stored = "JSON.parse(localStorage.getItem('edusphere.session'))"
    first = await page.evaluate(stored)
    await asyncio.sleep(ACCESS_TOKEN_TTL - 30 + 1)  # inside the refresh margin now
    await page.get_by_role("link", name="My learning").click()
    await expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    await expect(page.get_by_text("You are not enrolled in any course yet")).to_be_visible()
    second = await page.evaluate(stored)
    assert second["accessToken"] != first["accessToken"]
    assert second["refreshToken"] != first["refreshToken"]
    assert page.url.endswith("/learning")


async def test_studio_reorders_modules_and_lessons(web_app: WebApp, new_page: NewPage) -> None:
    page, _ = await new_page(web_app.base_url)
    await register(page, "Olga Order", "CREATOR")
    await page.get_by_label("New course title").fill("Ordering things")
    await page.get_by_role("button", name="Create course").click()
    for module in ("First module", "Second module"):
        await page.get_by_placeholder("New module title").fill(module)
        await page.get_by_role("button", name="Add module").click()
        await expect(page.get_by_test_id("editor-module")).to_contain_text([module])
    for lesson in ("Lesson A", "Lesson B"):
        await page.get_by_label("New lesson title in First module").fill(lesson)
        await page.get_by_role("button", name="Add lesson").first.click()
        await expect(page.get_by_test_id("editor-lesson").filter(has_text=lesson)).to_have_count(1)
    await page.get_by_role("button", name="Move Second module up").click()
    await expect(page.get_by_role("status")).to_have_text("Modules reordered.")
    await page.get_by_role("button", name="Move Lesson B up").click()
    await expect(page.get_by_role("status")).to_have_text("Lessons reordered.")
    await page.reload()
    await expect(page.get_by_test_id("editor-module")).to_have_count(2)
    titles = [await field.input_value() for field in await page.get_by_label("Module title", exact=True).all()]
    assert titles == ["Second module", "First module"]
    lessons = [text.split(" · ")[0] for text in await page.get_by_test_id("editor-lesson").all_inner_texts()]
    assert [lesson.strip() for lesson in lessons][:2] == ["Lesson B", "Lesson A"]


async def test_deep_links_and_unknown_pages(web_app: WebApp, new_page: NewPage) -> None:
    page, _ = await new_page(web_app.base_url)
    await page.goto("/courses?free=1&sort=RATING")
    await expect(page.get_by_role("radio", name=re.compile(r"^Free\b"))).to_be_checked()  # the one "Free" (issue 18)
    await expect(page.get_by_test_id("sort")).to_have_value("RATING")
    await expect(page.get_by_test_id("course-card").first).to_be_visible()  # the page has loaded
    prices = await page.get_by_test_id("course-card").locator("span.font-semibold").all_inner_texts()
    assert prices
    assert set(prices) == {"Free"}
    await page.goto("/studio")  # signed out: the guard sends the visitor to log in first
    await expect(page).to_have_url(re.compile(r"/login\?redirect=/studio"))
    await page.goto("/no/such/page")
    await expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


async def shot(page: Page, name: str) -> None:
    """A screenshot, after checking the page fits its width (no sideways scrolling on a phone)."""
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than the screen"
    await screenshot(page, name)


async def assert_on_screen(page: Page, locator: Locator) -> None:
    """The element is rendered wholly inside the viewport's width (reachable without scrolling
    sideways)."""
    box = await locator.bounding_box()
    assert box is not None, f"{locator} is not rendered"
    width = await page.evaluate("window.innerWidth")
    assert box["x"] >= 0, f"{locator} is at {box}, left of the screen"
    assert box["x"] + box["width"] <= width, f"{locator} is at {box}, the screen is {width}px wide"


async def test_the_login_form_works_from_the_keyboard(web_app: WebApp, new_page: NewPage) -> None:
    email, _ = await web_app.register("LEARNER", "Kim Keys")
    page, _ = await new_page(web_app.base_url)
    await page.goto("/login")
    focused = []
    for _ in range(9):
        await page.keyboard.press("Tab")
        focused.append(await page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"))
    assert focused[0] == "Skip to content"
    start = focused.index("login-email")
    assert focused[start : start + 3] == ["login-email", "login-password", "Log in"]
    for _ in range(len(focused) - start - 1):  # back to the email field
        await page.keyboard.press("Shift+Tab")
    assert await page.evaluate("document.activeElement.id") == "login-email"
    await page.keyboard.type(email)
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("account-link")).to_have_text("Kim Keys")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_main_pages_render_at_desktop_and_phone_width(web_app: WebApp, new_page: NewPage, viewport: str) -> None:
    page, _ = await new_page(web_app.base_url, PHONE if viewport == "phone" else None)
    await page.goto("/courses")
    await expect(page.get_by_test_id("course-card").first).to_be_visible()
    await shot(page, "catalog")
    await page.get_by_test_id("course-card").first.get_by_role("link").click()
    await expect(page.get_by_role("heading", name="Syllabus")).to_be_visible()
    await shot(page, "course")
    await page.goto("/login")
    await shot(page, "login")
    await page.goto("/register")
    await shot(page, "register")
    slug = await enrolled_course(web_app, page)
    await page.goto("/learning")
    await expect(page.get_by_test_id("learning-item")).to_have_count(1)
    await shot(page, "learning")
    await page.goto(f"/courses/{slug}/learn")
    await expect(page.get_by_test_id("complete-lesson")).to_be_visible()
    await page.get_by_test_id("complete-lesson").click()
    # Its only lesson: completing it completes the course, and the completion page follows.
    await expect(page).to_have_url(re.compile(rf"/courses/{slug}/complete$"))
    await page.goto(f"/courses/{slug}/learn")
    await expect(page.get_by_test_id("complete-lesson")).to_have_text("Mark as not done")
    await shot(page, "lesson")
    await page.goto(f"/courses/{slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await shot(page, "chat-page")
    await page.goto("/account")
    await expect(page.get_by_role("heading", name="Account")).to_be_visible()
    await shot(page, "account")


LONG_WORD = "w" * 400


@dataclass
class LongWords:
    """A course where every text its creator and a learner typed is one long unbroken word: its
    title, subtitle, description, module, lesson and review, their names, a chat room's name."""

    slug: str
    course_id: str
    creator_email: str
    learner_email: str

    async def token(self, web_app: WebApp, email: str) -> str:
        """A fresh access token (the browser tests' live 40 s; this course outlives several)."""
        login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
        token: str = (await web_app.gql(login, {"e": email, "p": PASSWORD}))["login"]["accessToken"]
        return token


_long_words: dict[str, LongWords] = {}


async def long_words_course(web_app: WebApp) -> LongWords:
    """Made once per server and shared by the tests that look at it: sign-ups are rate limited
    per client address (REGISTER_LIMIT_PER_ADDRESS) and every browser test comes from 127.0.0.1."""
    if web_app.base_url in _long_words:
        return _long_words[web_app.base_url]
    creator_email, creator = await web_app.register("CREATOR", "C" * 80)
    slug = await published_course(web_app, creator, f"{'T' * 110}{secrets.token_hex(3)}",
                                  f"# {'H' * 200}\n\n{LONG_WORD}\n\n`{'c' * 300}`", subtitle="S" * 200,
                                  module_title="M" * 120, lesson_title="L" * 120, lesson_body=LONG_WORD)  # fmt: skip
    course_id = (await web_app.gql("query($s: String!) { course(slug: $s) { id } }", {"s": slug}))["course"]["id"]
    email, learner = await web_app.register("LEARNER", "R" * 80)
    await web_app.gql("mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course_id}, token=learner)
    await web_app.gql("mutation($c: ID!, $b: String) { submitReview(courseId: $c, rating: 4, body: $b) { id } }",
                      {"c": course_id, "b": LONG_WORD}, token=learner)  # fmt: skip
    await web_app.gql("mutation($c: ID!, $n: String!) { createRoom(courseId: $c, name: $n) { id } }",
                      {"c": course_id, "n": "r" * 60}, token=creator)  # fmt: skip
    _long_words[web_app.base_url] = LongWords(slug, course_id, creator_email, email)
    return _long_words[web_app.base_url]


async def log_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page).to_have_url(re.compile(r"/$"))  # home


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_long_unbroken_words_from_users_do_not_widen_the_course_pages(
    web_app: WebApp, new_page: NewPage, viewport: str
) -> None:
    """Issue 11: text a creator or a learner typed (one long word in each field that is shown)
    wraps inside the page; it must not make the course, lesson or learning pages scroll sideways."""
    course = await long_words_course(web_app)
    slug, word = course.slug, LONG_WORD
    page, _ = await new_page(web_app.base_url, PHONE if viewport == "phone" else None)
    await page.goto(f"/courses/{slug}")  # signed out first
    await expect(page.get_by_test_id("course-description")).to_contain_text(word)
    await expect(page.get_by_text(word, exact=True).last).to_be_visible()  # the review, loaded after the course
    await assert_on_screen(page, page.get_by_role("button", name="Enroll for free"))
    await shot(page, "long-words-course")

    await log_in(page, course.learner_email)
    await page.goto(f"/courses/{slug}")
    await expect(page.get_by_text("You are enrolled")).to_be_visible()
    await assert_on_screen(page, page.get_by_role("link", name="Course chat"))
    await shot(page, "long-words-course-enrolled")
    await page.goto(f"/courses/{slug}/learn")
    await expect(page.get_by_test_id("complete-lesson")).to_be_visible()
    await assert_on_screen(page, page.get_by_test_id("complete-lesson"))
    await shot(page, "long-words-lesson")
    await page.goto("/learning")
    await expect(page.get_by_test_id("learning-item")).to_have_count(1)
    for link in ("Next: L", "Chat", "Review"):
        await assert_on_screen(page, page.get_by_test_id("learning-item").get_by_role("link", name=link))
    await shot(page, "long-words-learning")
    await page.goto("/account")
    await expect(page.get_by_role("heading", name="Account")).to_be_visible()
    await shot(page, "long-words-account")


async def published_course(
    web_app: WebApp, token: str, title: str, description: str = "About it", subtitle: str = "",
    module_title: str = "Start", lesson_title: str = "First", lesson_body: str = "Read me",
) -> str:  # fmt: skip
    course = (await web_app.gql("mutation($i: CourseInput!) { createCourse(input: $i) { id slug } }",
                                {"i": {"title": title, "subtitle": subtitle, "description": description,
                                       "categorySlug": "design"}}, token=token))["createCourse"]  # fmt: skip
    module = (await web_app.gql("mutation($c: ID!, $t: String!) { createModule(courseId: $c, title: $t) { id } }",
                                {"c": course["id"], "t": module_title}, token=token))["createModule"]  # fmt: skip
    lesson = "mutation($m: ID!, $i: LessonInput!) { createLesson(moduleId: $m, input: $i) { id } }"
    await web_app.gql(lesson, {"m": module["id"], "i": {"title": lesson_title, "body": lesson_body}}, token=token)
    await web_app.gql("mutation($c: ID!) { publishCourse(id: $c) { id } }", {"c": course["id"]}, token=token)
    slug: str = course["slug"]
    return slug


async def enrolled_course(web_app: WebApp, page: Page) -> str:
    """A course made through the API, with the page's user (signed up in the page) enrolled."""
    _, creator_token = await web_app.register("CREATOR", "Api Creator")
    slug = await published_course(web_app, creator_token, f"Course {secrets.token_hex(3)}")
    await register(page, "Page Learner", "LEARNER")
    await page.goto(f"/courses/{slug}")
    await page.get_by_role("button", name="Enroll for free").click()
    await expect(page.get_by_text("You are enrolled")).to_be_visible()
    return slug
