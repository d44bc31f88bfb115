"""Accounts by email in real headless Chromium against a real `edusphere serve` (issue 15's
acceptance): a new learner signs up, opens the development Mailbox, follows the verification
link; later uses "Forgot password?", follows the reset link from the mail, sets a new password
and logs in with it.

The server runs with EDUSPHERE_ENV=test and no SMTP_URL, so its embedded SMTP catcher keeps the
mail and the development Mailbox shows it. The learner reads it on the Mailbox page
(/dev/mailbox), whose frame shows the message's HTML (`/_dev/mail/<id>.html`, links `target=_top`).

Screenshots: tests/e2e/screenshots/email-mailbox-*.png, email-verify-html-*.png,
email-reset-html-*.png (and the pages in between).
"""

from __future__ import annotations

import asyncio
import re
import secrets

import pytest
from playwright.async_api import FrameLocator, Page, expect

from tests.e2e.conftest import PASSWORD, NewPage, WebApp
from tests.e2e.mailbox import DEV_MAILBOX, sent_to
from tests.e2e.test_web_app import register, shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

NEW_PASSWORD = "my brand new passphrase"


async def caught(web_app: WebApp, email: str, subject: str) -> dict[str, str]:
    """The newest caught message to `email` with `subject`, once it is there."""
    for _ in range(200):
        for message in (await web_app.gql(DEV_MAILBOX))["devMailbox"]:
            if sent_to(message, email) and message["subject"] == subject:
                found: dict[str, str] = message
                return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"no mail {subject!r} to {email}")


async def open_in_mailbox(
    page: Page, web_app: WebApp, email: str, subject: str, name: str, greeting: str = "Hello Nora Newcomer,"
) -> FrameLocator:
    """Open the message in the development Mailbox (/dev/mailbox) as a person would, and return
    its frame, where the message's links are."""
    await caught(web_app, email, subject)
    await page.goto("/dev/mailbox")
    await expect(page.get_by_role("heading", name="Mailbox", exact=True)).to_be_visible()
    item = page.get_by_test_id("mailbox-item").filter(has_text=subject).filter(has_text=email)
    await expect(item.first).to_be_visible(timeout=15_000)
    await item.first.click()
    frame = page.frame_locator("[data-testid=mailbox-frame]")
    await expect(frame.get_by_text(greeting).first).to_be_visible()
    await shot(page, f"email-mailbox-{name}")
    return frame


async def html_shot(page: Page, web_app: WebApp, email: str, subject: str, name: str) -> None:
    """A screenshot of the HTML email as sent (its own page, as the Mailbox frames it)."""
    message = await caught(web_app, email, subject)
    await page.goto(message["htmlUrl"])
    await expect(page.get_by_role("link", name="EduSphere").first).to_be_visible()
    await shot(page, name)


async def test_a_newcomer_verifies_by_mail_and_later_resets_the_password_by_mail(
    web_app: WebApp, new_page: NewPage
) -> None:
    page, _ = await new_page(web_app.base_url)
    # A message's own HTML page names no icon, so Chromium asks the server for /favicon.ico,
    # which it does not have (the SPA names a data: icon): a 404 in the console, not ours to test.
    await page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    email = await register(page, "Nora Newcomer", "LEARNER", verify=False)
    banner = page.get_by_test_id("verify-email-banner")
    await expect(banner).to_contain_text("Verify your email to publish or buy.")
    await expect(banner).to_contain_text(email)

    # The Mailbox has the verification mail; its button opens the app in the whole window.
    verify_subject = "Verify your email address for EduSphere"
    links = await open_in_mailbox(page, web_app, email, verify_subject, "verify")
    await links.get_by_role("link", name="Verify my email address").click()
    await expect(page).to_have_url(re.compile(r"/verify-email$"))  # the token is out of the address bar
    await expect(page.get_by_test_id("verify-result")).to_contain_text("Your email address is verified.")
    await expect(page.get_by_test_id("verify-email-banner")).to_have_count(0)
    await shot(page, "email-verified")
    await html_shot(page, web_app, email, verify_subject, "email-verify-html")
    me = await web_app.gql(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { emailVerified } } }",
        {"e": email, "p": PASSWORD},
    )
    assert me["login"]["user"]["emailVerified"] is True

    # Later, signed out, the password is forgotten.
    await page.goto("/account")
    await page.get_by_role("button", name="Log out").click()
    await page.goto("/login")
    await page.get_by_role("link", name="Forgot password?").click()
    await expect(page).to_have_url(re.compile(r"/forgot-password$"))
    await page.get_by_label("Email").fill(email)
    await page.get_by_role("button", name="Email me a link").click()
    await expect(page.get_by_test_id("reset-requested")).to_contain_text(f"If an account uses {email}")
    await shot(page, "email-forgot")

    reset_subject = "Reset your EduSphere password"
    links = await open_in_mailbox(page, web_app, email, reset_subject, "reset")
    await links.get_by_role("link", name="Choose a new password").click()
    await expect(page).to_have_url(re.compile(r"/reset-password$"))
    await page.get_by_label("New password").fill(NEW_PASSWORD)
    await shot(page, "email-reset-form")
    await page.get_by_role("button", name="Set new password").click()
    await expect(page).to_have_url(re.compile(r"/login$"))
    await expect(page.get_by_test_id("session-notice")).to_contain_text("Log in with your new password.")

    # The old password no longer works; the new one does.
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("alert").filter(has_text="Invalid email or password")).to_be_visible()
    await page.get_by_label("Password").fill(NEW_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_test_id("account-link")).to_have_text("Nora Newcomer")
    await expect(page.get_by_test_id("verify-email-banner")).to_have_count(0)
    await html_shot(page, web_app, email, reset_subject, "email-reset-html")


async def test_an_unverified_buyer_is_told_why_and_can_get_a_new_link(web_app: WebApp, new_page: NewPage) -> None:
    """The checkout gate as a person meets it: the server's sentence beside the resend action."""
    _, creator = await web_app.register("CREATOR", "Gate Keeper")
    course = (await web_app.gql("mutation($i: CourseInput!) { createCourse(input: $i) { id slug } }",
                                {"i": {"title": f"Paid {secrets.token_hex(3)}", "description": "About it",
                                       "categorySlug": "design", "priceCents": 1900}}, token=creator))  # fmt: skip
    course = course["createCourse"]
    module = (await web_app.gql("mutation($c: ID!) { createModule(courseId: $c, title: \"M\") { id } }",
                                {"c": course["id"]}, token=creator))["createModule"]  # fmt: skip
    await web_app.gql('mutation($m: ID!) { createLesson(moduleId: $m, input: {title: "L", body: "B"}) { id } }',
                      {"m": module["id"]}, token=creator)  # fmt: skip
    await web_app.gql("mutation($c: ID!) { publishCourse(id: $c) { id } }", {"c": course["id"]}, token=creator)
    page, _ = await new_page(web_app.base_url)
    await register(page, "Una Verified", "LEARNER", verify=False)
    await page.goto(f"/courses/{course['slug']}")
    await page.get_by_test_id("buy-button").click()
    notice = page.get_by_test_id("email-not-verified")
    await expect(notice).to_contain_text("Verify your email address to buy a course")
    await notice.get_by_test_id("resend-verification").click()
    await expect(notice.get_by_test_id("resend-verification-status")).to_contain_text("Sent to")
    await shot(page, "email-checkout-gate")
