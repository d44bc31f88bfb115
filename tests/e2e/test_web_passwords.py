"""Issue 15 #9 in the browser: the sign-up and account forms say, in words and before anything is
submitted, which rule a password breaks (asked of the real server, whose list it is), and show a
refused submit under the field."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.async_api import expect

from tests.e2e.browser import screenshot
from tests.e2e.conftest import PASSWORD, NewPage, WebApp

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def test_the_sign_up_form_says_why_a_password_is_refused(web_app: WebApp, new_page: NewPage) -> None:
    page, _ = await new_page(web_app.base_url)
    email = f"grace.hopper+{secrets.token_hex(3)}@example.com"  # its local part, less the +tag, is looked for
    await page.goto("/register")
    await page.get_by_label("Display name").fill("Grace Hopper")
    await page.get_by_label("Email").fill(email)
    password = page.get_by_label("Password")
    problems = page.get_by_test_id("password-problems")
    for typed, words in (
        ("tulipmoon", "at least 10 characters"),
        ("Password1234", "commonly used or leaked passwords"),
        ("my edusphere login", "must not contain the name EduSphere"),
    ):
        await password.fill(typed)
        await expect(problems).to_contain_text(words)
        await expect(password).to_have_attribute("aria-invalid", "true")
    await password.fill("grace.hopper rules")  # breaks two rules: both are said
    await expect(problems.locator("li")).to_have_text(
        ["The password must not contain your email address or the name before its @.",
         "The password must not contain your display name."]
    )  # fmt: skip
    await screenshot(page, "register-password-problem")
    await password.fill("🎓 nanoseconds are a foot long 🎓")
    await expect(problems).to_have_text("")
    await expect(password).not_to_have_attribute("aria-invalid", "true")
    await page.get_by_test_id("password-show").click()
    await expect(password).to_have_attribute("type", "text")
    await page.get_by_role("button", name="Sign up").click()
    await expect(page.get_by_test_id("account-link")).to_have_text("Grace Hopper")


async def test_a_refused_submit_is_said_under_the_field(web_app: WebApp, new_page: NewPage) -> None:
    """Submitted before the check has answered (Enter at once), the server's own refusal lands
    in the same place, with the same words."""
    page, _ = await new_page(web_app.base_url)
    await page.goto("/register")
    await page.get_by_label("Display name").fill("Quick Typist")
    await page.get_by_label("Email").fill(f"quick.{secrets.token_hex(3)}@example.com")
    await page.get_by_label("Password").fill("qwertyuiop")
    await page.get_by_label("Password").press("Enter")
    problem = page.get_by_test_id("password-problems").locator("li")
    await expect(problem).to_have_attribute("data-reason", "COMMON")
    await expect(problem).to_contain_text("commonly used or leaked")
    await expect(page).to_have_url(re.compile(r"/register$"))
    await expect(page.get_by_label("Password")).to_be_focused()


async def test_the_new_password_on_the_account_page_is_checked_too(web_app: WebApp, new_page: NewPage) -> None:
    email, _ = await web_app.register("LEARNER", "Alan Turing")
    page, _ = await new_page(web_app.base_url)
    await page.goto("/login")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page).to_have_url(re.compile(r"/$"))  # home
    await page.goto("/account")
    form = page.get_by_role("form", name="Change password")  # the page also changes the email
    await form.get_by_label("Current password").fill(PASSWORD)
    await form.get_by_label("New password").fill("alanturing enigma")  # the signed-in user's own name
    await expect(form.get_by_test_id("password-problems")).to_contain_text("must not contain your display name")
    await form.get_by_label("New password").fill("bombe at bletchley park")
    await expect(form.get_by_test_id("password-problems")).to_have_text("")
    await form.get_by_role("button", name="Change password").click()
    await expect(page.get_by_role("status")).to_contain_text("Password changed")
