"""Issue 14's acceptance in real headless Chromium against a real EduSphere: an administrator
runs the marketplace from /admin. They find an account and deactivate it (its open chat socket
closes at once), hide a review (it leaves the course page), handle a member's chat report by
muting the author (the author's next send is refused), and find all three actions, with their
reasons, in the audit log. Everyone else gets the not-found page at /admin."""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Page, WebSocket, expect

from tests.e2e.browser import PHONE, screenshot
from tests.e2e.conftest import PASSWORD, WEB_SECRET, NewPage, WebApp
from tests.e2e.test_web_app import log_in, published_course, shot
from tests.processes import command_env, run_edusphere

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { id } } }"


@dataclass(frozen=True)
class Admin:
    email: str
    user_id: str
    name: str


@pytest.fixture(scope="module")
async def admin(web_app: WebApp, tmp_path_factory: pytest.TempPathFactory) -> Admin:
    """An administrator made the one way there is, `edusphere createadmin`, on the web app's
    database (in a thread: the command is a child process the event loop need not wait on)."""
    name = f"Ada Admin {secrets.token_hex(2)}"
    email = f"admin.{secrets.token_hex(4)}@example.com"
    env = command_env(DATABASE_URL=web_app.database_url, SECRET_KEY=WEB_SECRET, EDUSPHERE_ENV="test")
    made = await asyncio.to_thread(run_edusphere, "createadmin", "--email", email, "--display-name", name,
                                   "--password-stdin", env=env, stdin=PASSWORD + "\n",
                                   cwd=Path(tmp_path_factory.mktemp("createadmin")))  # fmt: skip
    assert made.returncode == 0, made.stderr
    user_id: str = (await web_app.gql(LOGIN, {"e": email, "p": PASSWORD}))["login"]["user"]["id"]
    return Admin(email, user_id, name)


@dataclass(frozen=True)
class Course:
    """A published course with three learners enrolled and a review by one of them."""

    slug: str
    spammer: str  # the account the admin deactivates
    spammer_id: str
    reporter: str  # reports the author's message; wrote the review the admin hides
    author: str  # posts the reported message; muted
    review_body: str


async def moderated_course(web_app: WebApp) -> Course:
    _, creator = await web_app.register("CREATOR", "Mod Creator")
    slug = await published_course(web_app, creator, f"Moderated {secrets.token_hex(3)}")
    course_id = (await web_app.gql("query($s: String!) { course(slug: $s) { id } }", {"s": slug}))["course"]["id"]
    people = {}
    for name in ("Dana Spammer", "Rhea Reporter", "Milo Author"):
        email, token = await web_app.register("LEARNER", name)
        await web_app.gql("mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course_id}, token=token)
        people[name] = (email, token)
    body = f"Terrible course, buy my followers instead {secrets.token_hex(3)}"
    await web_app.gql("mutation($c: ID!, $b: String) { submitReview(courseId: $c, rating: 1, body: $b) { id } }",
                      {"c": course_id, "b": body}, token=people["Rhea Reporter"][1])  # fmt: skip
    spammer = people["Dana Spammer"][0]
    spammer_id = (await web_app.gql(LOGIN, {"e": spammer, "p": PASSWORD}))["login"]["user"]["id"]
    return Course(slug, spammer, spammer_id, people["Rhea Reporter"][0], people["Milo Author"][0], body)


async def in_chat(new_page: NewPage, web_app: WebApp, email: str, slug: str) -> Page:
    page, _ = await new_page(web_app.base_url)
    await log_in(page, email)
    await page.goto(f"/courses/{slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    return page


async def closed(socket: WebSocket) -> None:
    if not socket.is_closed():  # no await before the wait: its close cannot slip in between
        await socket.wait_for_event("close")


async def test_an_admin_deactivates_hides_and_mutes_and_the_audit_log_has_it_all(
    web_app: WebApp, new_page: NewPage, admin: Admin
) -> None:
    course = await moderated_course(web_app)

    # Three members in the course's chat: Milo posts, Rhea reports it, Dana just reads.
    spammer, spammer_console = await new_page(web_app.base_url)
    sockets: list[WebSocket] = []
    spammer.on("websocket", lambda socket: sockets.append(socket))
    await log_in(spammer, course.spammer)
    await spammer.goto(f"/courses/{course.slug}/chat")
    await expect(spammer.get_by_test_id("live-status")).to_have_text("Live")
    author = await in_chat(new_page, web_app, course.author, course.slug)
    reporter = await in_chat(new_page, web_app, course.reporter, course.slug)
    offending = f"Cheap followers at spam.example, DM me {secrets.token_hex(3)}"
    await author.get_by_label("Message", exact=True).fill(offending)
    await author.get_by_label("Message", exact=True).press("Enter")
    message = reporter.get_by_test_id("chat-message").filter(has_text=offending)
    await expect(message).to_have_count(1)
    await message.hover()
    await message.get_by_test_id("chat-report").click()
    report_dialog = reporter.get_by_role("dialog")
    await expect(report_dialog).to_contain_text(offending)
    await report_dialog.get_by_test_id("report-reason").fill("Spam: selling followers")
    await report_dialog.get_by_test_id("report-submit").click()
    await expect(message.get_by_test_id("chat-reported")).to_have_text("Reported")

    # The admin signs in, finds the admin through the header, and lands on the dashboard.
    page, _ = await new_page(web_app.base_url)
    await log_in(page, admin.email)
    await page.get_by_test_id("admin-link").click()
    await expect(page).to_have_url(re.compile(r"/admin$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    await expect(page.get_by_test_id("dashboard-users-total")).to_be_visible()
    await screenshot(page, "admin-dashboard")

    # Users: search by email, open the account, deactivate it with a reason.
    await page.get_by_test_id("admin-nav-admin-users").click()
    await expect(page).to_have_url(re.compile(r"/admin/users"))
    await expect(page.get_by_test_id("user-row").first).to_be_visible()
    await page.locator("#users-search").fill(course.spammer)
    rows = page.get_by_test_id("user-row")
    await expect(rows).to_have_count(1)
    await expect(rows).to_have_attribute("data-user-id", course.spammer_id)
    await expect(rows).to_contain_text(course.spammer)
    await screenshot(page, "admin-users")
    await rows.get_by_test_id("user-link").click()
    await expect(page.get_by_test_id("admin-user-email")).to_have_text(course.spammer)
    await expect(page.get_by_test_id("admin-user-status")).to_have_text("Active")
    live = [socket for socket in sockets if not socket.is_closed()]
    assert len(live) == 1, f"Dana's chat should have one open socket, not {len(live)}"
    spammer_console.allow(r"401 \(Unauthorized\)|Failed to load resource")  # her refresh is refused
    await page.get_by_test_id("admin-user-deactivate").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_test_id("reason-input").fill("Spam account: selling followers in chat")
    await dialog.get_by_test_id("reason-confirm").click()
    await expect(dialog).to_have_count(0)
    await expect(page.get_by_test_id("admin-user-status")).to_have_text("Deactivated")
    await expect(page.get_by_test_id("admin-user-notice")).to_contain_text("its sockets closed")
    await expect(page.get_by_test_id("sessions-empty")).to_be_visible()
    await screenshot(page, "admin-user")
    # Dana's socket closes at once; her session cannot be refreshed, so the app signs her out.
    await asyncio.wait_for(closed(live[0]), timeout=15)
    await expect(spammer).to_have_url(re.compile(rf"/login\?redirect=/courses/{course.slug}/chat"))
    await expect(spammer.get_by_test_id("session-notice")).to_have_text("Your session has ended. Please log in again.")
    assert all(socket.is_closed() for socket in sockets), "no socket reopened for a deactivated account"

    # Reviews: the course page shows Rhea's review; the admin hides it; the course page no longer does.
    await page.goto(f"/courses/{course.slug}")
    await expect(page.get_by_text(course.review_body)).to_be_visible()
    await page.goto("/admin/reviews")
    await page.get_by_label("Words in the review").fill(course.review_body)
    review = page.get_by_test_id("admin-review")
    await expect(review).to_have_count(1)
    await expect(review).to_contain_text("Rhea Reporter")
    await screenshot(page, "admin-reviews")
    await review.get_by_test_id("review-hide").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_contain_text(course.review_body)
    await dialog.get_by_test_id("reason-input").fill("Off-topic advertising")
    await dialog.get_by_test_id("reason-confirm").click()
    await expect(dialog).to_have_count(0)
    await expect(review.get_by_test_id("review-hidden")).to_be_visible()
    await expect(review).to_contain_text("Reason: Off-topic advertising")
    await page.goto(f"/courses/{course.slug}")
    await expect(page.get_by_text("No reviews yet.")).to_be_visible()
    await expect(page.get_by_text(course.review_body)).to_have_count(0)

    # Chat reports: the admin mutes the reported author for a day.
    await page.goto("/admin/reports")
    report = page.get_by_test_id("report").filter(has_text=offending)
    await expect(report).to_have_count(1)
    await expect(report.get_by_test_id("report-reason")).to_have_text("Spam: selling followers")
    await expect(report.locator("[data-reported=true]")).to_contain_text(offending)
    await screenshot(page, "admin-reports")
    await report.get_by_test_id("report-mute-author").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_test_id("mute-duration").select_option("1440")
    await dialog.get_by_test_id("reason-input").fill("Spamming the course chat")
    await dialog.get_by_test_id("resolve-confirm").click()
    await expect(dialog).to_have_count(0)
    await expect(page.get_by_test_id("reports-notice")).to_contain_text("Author muted: Milo Author")
    await expect(report).to_have_count(0)
    await expect(page.get_by_test_id("chat-mute").filter(has_text="Milo Author")).to_contain_text(
        "Spamming the course chat"
    )

    # Milo's next send, from the page he had open all along, is refused: he is told he is muted.
    composer = author.get_by_label("Message", exact=True)
    await composer.fill("Last chance for cheap followers")
    await composer.press("Enter")
    await expect(author.get_by_test_id("chat-muted")).to_contain_text("You are muted in this course's chat until")
    await expect(author.get_by_test_id("pending-message")).to_contain_text("Not sent")
    await expect(composer).to_be_disabled()
    await expect(reporter.get_by_test_id("timeline")).not_to_contain_text("Last chance for cheap followers")
    await screenshot(author, "chat-muted")

    # The audit log: the three actions, by this admin, with their reasons.
    await page.get_by_test_id("admin-nav-admin-audit").click()
    await expect(page).to_have_url(re.compile(r"/admin/audit"))
    await page.get_by_test_id("audit-filter-actor").fill(admin.user_id)
    await page.get_by_test_id("audit-apply").click()
    await expect(page).to_have_url(re.compile(rf"actor={admin.user_id}"))
    expected = {
        "USER_DEACTIVATED": "Spam account: selling followers in chat",
        "REVIEW_HIDDEN": "Off-topic advertising",
        "MEMBER_MUTED": "Spamming the course chat",
    }
    for action, reason in expected.items():
        entry = page.locator(f"[data-testid=audit-entry][data-action={action}]")
        await expect(entry).to_have_count(1)
        await expect(entry.get_by_test_id("audit-actor")).to_have_text(admin.name)
        await expect(entry.get_by_test_id("audit-actor")).to_have_attribute("href", f"/admin/users/{admin.user_id}")
        await expect(entry.get_by_test_id("audit-reason")).to_have_text(f"Reason: {reason}")
    deactivated = page.locator("[data-testid=audit-entry][data-action=USER_DEACTIVATED]")
    await expect(deactivated.get_by_test_id("audit-target")).to_contain_text(course.spammer_id)
    await screenshot(page, "admin-audit")


async def test_the_users_list_fits_a_phone(web_app: WebApp, new_page: NewPage, admin: Admin) -> None:
    """The admin is for tablets up, but its users list must still not scroll the page sideways
    on a phone: the table scrolls inside its own box."""
    page, _ = await new_page(web_app.base_url, PHONE)
    await log_in(page, admin.email)
    await page.goto("/admin/users")
    await expect(page.get_by_test_id("user-row").first).to_be_visible()
    await expect(page.get_by_test_id("users-total")).to_contain_text("page 1")
    await shot(page, "admin-users")  # asserts scrollWidth <= innerWidth first


async def test_everyone_but_an_admin_gets_the_not_found_page_at_admin(web_app: WebApp, new_page: NewPage) -> None:
    page, _ = await new_page(web_app.base_url)
    for path in ("/admin", "/admin/users", "/admin/audit"):  # signed out
        await page.goto(path)
        await expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        await expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))  # not a silent redirect
    email, _ = await web_app.register("LEARNER", "Nosy Learner")
    await log_in(page, email)
    await expect(page.get_by_test_id("admin-link")).to_have_count(0)
    for path in ("/admin", "/admin/users", "/admin/reports"):
        await page.goto(path)
        await expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        await expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    await expect(page.get_by_test_id("admin-nav")).to_have_count(0)
