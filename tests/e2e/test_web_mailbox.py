"""The development Mailbox in real headless Chromium against a real `edusphere serve` with no
SMTP_URL: its embedded catcher keeps what the outbox sends, the header links the Mailbox, the
message shows in a sandboxed frame, and a link in it opens the app in the window around it.
Screenshots: tests/e2e/screenshots/mail-mailbox-*.png and mail-email-*.png."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.async_api import expect

from tests.e2e.browser import PHONE
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import shot
from tests.processes import command_env, run_edusphere

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_a_newcomer_reads_caught_mail_and_follows_its_link(
    web_app: WebApp, new_page: NewPage, viewport: str
) -> None:
    address = f"newcomer.{secrets.token_hex(3)}@example.com"
    env = command_env(DATABASE_URL=web_app.database_url, PUBLIC_BASE_URL=web_app.base_url)
    queued = run_edusphere("mail", "test", address, env=env)
    assert queued.returncode == 0, queued.stderr

    page, _ = await new_page(web_app.base_url, PHONE if viewport == "phone" else None)
    await page.goto("/courses")
    if viewport == "phone":
        await page.get_by_role("button", name="Menu").click()
    await page.get_by_test_id("dev-mailbox-link").click()
    await expect(page).to_have_url(re.compile(r"/dev/mailbox$"))
    item = page.get_by_test_id("mailbox-item").filter(has_text=address)
    await expect(item).to_have_count(1, timeout=15_000)  # the page looks again every few seconds
    await item.click()
    await expect(page.get_by_test_id("mailbox-to")).to_have_text(address)
    frame = page.frame_locator("[data-testid=mailbox-frame]")
    await expect(frame.get_by_text("This is a test message from EduSphere")).to_be_visible()
    await shot(page, "mail-mailbox")

    await frame.get_by_role("link", name="Browse the courses").click()
    await expect(page).to_have_url(f"{web_app.base_url}/courses?ref=mail-test")  # the whole window, not the frame
    await expect(page.get_by_test_id("course-card").first).to_be_visible()

    html_url = await page.evaluate(
        "async () => (await (await fetch('/graphql', {method: 'POST', headers: {'content-type': 'application/json'},"
        " body: JSON.stringify({query: '{ devMailbox(first: 1) { htmlUrl } }'})})).json()).data.devMailbox[0].htmlUrl"
    )
    await page.goto(html_url)
    await expect(page.get_by_role("link", name="Browse the courses")).to_be_visible()
    await shot(page, "mail-email")
