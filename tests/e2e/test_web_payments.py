"""Buying courses in real headless Chromium against a real EduSphere: the buy box (coupon quoted
by the server), the TEST provider's page, Stripe's hosted page (the local Stripe fake, whose
signed webhook reaches the server), the return page, My orders and the receipt, and the
creator's side: the fee estimate, earnings (chart, CSV) and coupons."""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, expect

from tests.e2e.browser import SCREENSHOTS
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import assert_on_screen, log_in, register, shot
from tests.payments.fakes.paypal_api import PayPalFake
from tests.payments.fakes.stripe_api import StripeFake

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PRICE_CENTS = 4900
ENROLLED = "You\u2019re enrolled"
MINUS = "\u2212"  # the app writes discounts with a real minus sign
PHONE = {"width": 375, "height": 812}  # the narrowest phone the payment pages are made for


async def paid_course(web_app: WebApp, token: str, title: str, price_cents: int = PRICE_CENTS) -> dict[str, Any]:
    """A published course at `price_cents` USD with one lesson, through the API."""
    course: dict[str, Any] = (await web_app.gql(
        "mutation($i: CourseInput!) { createCourse(input: $i) { id slug title } }",
        {"i": {"title": title, "description": "Paid and worth it", "categorySlug": "design",
               "priceCents": price_cents, "currency": "USD"}},
        token=token,
    ))["createCourse"]  # fmt: skip
    module = (await web_app.gql("mutation($c: ID!) { createModule(courseId: $c, title: \"Start\") { id } }",
                                {"c": course["id"]}, token=token))["createModule"]  # fmt: skip
    lesson = "mutation($m: ID!, $i: LessonInput!) { createLesson(moduleId: $m, input: $i) { id } }"
    await web_app.gql(lesson, {"m": module["id"], "i": {"title": "Welcome", "body": "You are in."}}, token=token)
    await web_app.gql("mutation($c: ID!) { publishCourse(id: $c) { id } }", {"c": course["id"]}, token=token)
    return course


async def coupon(web_app: WebApp, token: str, course_id: str, code: str, percent: int, uses: int) -> None:
    await web_app.gql(
        "mutation($i: CouponInput!) { createCoupon(input: $i) { id } }",
        {"i": {"courseId": course_id, "code": code, "kind": "PERCENT", "percentOff": percent, "maxRedemptions": uses}},
        token=token,
    )


async def bought_through_the_api(web_app: WebApp, course_id: str, code: str | None = None) -> None:
    """A learner (new) buys with the TEST provider: checkout, then its page's Pay."""
    _, token = await web_app.register("LEARNER", "Api Buyer")
    started = await web_app.gql(
        "mutation($c: ID!, $k: String) { checkout(courseId: $c, provider: TEST, couponCode: $k) { order { id } } }",
        {"c": course_id, "k": code},
        token=token,
    )
    order_id = started["checkout"]["order"]["id"]
    paid = await web_app.gql(
        "mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { status } }", {"o": order_id}, token=token
    )
    assert paid["completeTestPayment"]["status"] == "PAID"


async def expect_enrolled_on_return(page: Page, title: str) -> None:
    await expect(page).to_have_url(re.compile(r"/checkout/return\?order="))
    status = page.get_by_test_id("checkout-status")
    await expect(status).to_contain_text(ENROLLED)
    await expect(status).to_contain_text(title)
    await expect(status).to_have_attribute("aria-live", "polite")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_a_learner_buys_with_a_coupon_through_the_test_provider(
    web_app: WebApp, new_page: NewPage, viewport: str
) -> None:
    _, creator = await web_app.register("CREATOR", "Paula Pricer")
    course = await paid_course(web_app, creator, f"Watercolor {secrets.token_hex(3)}")
    await coupon(web_app, creator, course["id"], "LAUNCH", 20, 10)
    page, _ = await new_page(web_app.base_url, PHONE if viewport == "phone" else None)

    # Signed out, the buy box asks to sign in and come back.
    await page.goto(f"/courses/{course['slug']}")
    box = page.get_by_test_id("buy-box")
    await expect(box.get_by_test_id("buy-total")).to_have_text("$49.00")
    sign_in = box.get_by_role("link", name="Sign in to buy")
    await expect(sign_in).to_have_attribute("href", f"/login?redirect=/courses/{course['slug']}")

    await register(page, "Bea Buyer", "LEARNER")
    await page.goto(f"/courses/{course['slug']}")
    await box.get_by_label("Coupon code").fill("NOPE")
    await box.get_by_role("button", name="Apply").click()
    await expect(box.get_by_role("alert")).to_be_visible()
    assert await box.get_by_role("alert").inner_text()
    await expect(box.get_by_test_id("buy-total")).to_have_text("$49.00")
    await box.get_by_label("Coupon code").fill("launch")
    await box.get_by_role("button", name="Apply").click()
    await expect(box.get_by_test_id("buy-discount")).to_have_text(f"Coupon LAUNCH: {MINUS}$9.80")
    await expect(box.get_by_test_id("buy-total")).to_contain_text("$39.20")
    await box.get_by_test_id("provider-TEST").click()
    await expect(box.get_by_test_id("provider-TEST")).to_contain_text("no money moves")
    await assert_on_screen(page, box.get_by_test_id("buy-button"))
    await shot(page, "payments-buy-box")

    await box.get_by_role("button", name="Buy for $39.20").click()
    await expect(page).to_have_url(re.compile(r"/checkout/test/[0-9a-f-]+$"))
    await expect(page.get_by_test_id("test-banner")).to_contain_text("Test payment — no money moves")
    await expect(page.get_by_test_id("test-amount")).to_have_text("$39.20")
    await expect(page.get_by_text(course["title"])).to_be_visible()
    await assert_on_screen(page, page.get_by_role("button", name="Cancel"))
    await shot(page, "payments-test-page")
    await page.get_by_role("button", name="Pay (test)").click()
    await expect_enrolled_on_return(page, course["title"])
    await shot(page, "payments-return")

    await page.get_by_role("link", name="Start learning").click()
    await expect(page).to_have_url(re.compile(rf"/courses/{course['slug']}/learn"))
    await expect(page.get_by_text("You are in.")).to_be_visible()

    await page.goto("/account")
    await page.get_by_test_id("orders-link").click()
    rows = page.get_by_test_id("order-row")
    await expect(rows).to_have_count(1)
    await expect(rows).to_contain_text(course["title"])
    await expect(rows).to_contain_text("$39.20")
    await expect(rows.get_by_test_id("order-status")).to_have_text("Paid")
    await shot(page, "payments-orders")
    await rows.get_by_role("link", name=course["title"]).click()
    receipt = page.get_by_test_id("receipt")
    await expect(page.get_by_test_id("receipt-number")).to_have_text(re.compile(r"^No\. \S+"))
    for text in ("Bea Buyer", "List price", "$49.00", "coupon LAUNCH", f"{MINUS}$9.80", "$39.20", "Test payment"):
        await expect(receipt).to_contain_text(text)
    await shot(page, "payments-receipt")

    # Back on the course page the buy box has made way for the course.
    await page.goto(f"/courses/{course['slug']}")
    await expect(page.get_by_text("You are enrolled")).to_be_visible()
    await expect(page.get_by_test_id("buy-box")).to_have_count(0)


async def test_a_learner_pays_on_stripes_hosted_page_and_cancels_another(
    web_app: WebApp, new_page: NewPage, web_stripe: StripeFake
) -> None:
    _, creator = await web_app.register("CREATOR", "Stan Stripe")
    course = await paid_course(web_app, creator, f"Etching {secrets.token_hex(3)}")
    other = await paid_course(web_app, creator, f"Lino cuts {secrets.token_hex(3)}", price_cents=2500)
    page, console = await new_page(web_app.base_url)
    console.allow(r"Failed to load resource: the server responded with a status of 404")  # the fake has no favicon
    await register(page, "Cora Card", "LEARNER")

    await page.goto(f"/courses/{course['slug']}")
    box = page.get_by_test_id("buy-box")
    await expect(box.get_by_test_id("provider-STRIPE")).to_contain_text("Card")
    await box.get_by_test_id("provider-STRIPE").click()
    await box.get_by_role("button", name="Buy for $49.00").click()
    await expect(page).to_have_url(re.compile(rf"^{re.escape(web_stripe.url)}/pay/cs_"))
    await expect(page.get_by_role("heading", name="Pay 49.00 USD")).to_be_visible()
    await expect(page.get_by_text(course["title"])).to_be_visible()
    await page.get_by_role("button", name="Pay").click()
    await expect_enrolled_on_return(page, course["title"])
    await shot(page, "payments-return-stripe")
    assert any(d.type == "checkout.session.completed" and d.status == 200 for d in web_stripe.deliveries)

    # The second course: the buyer cancels on Stripe's page and is offered the buy box again.
    await page.goto(f"/courses/{other['slug']}")
    await box.get_by_test_id("provider-STRIPE").click()
    await box.get_by_role("button", name="Buy for $25.00").click()
    await expect(page).to_have_url(re.compile(rf"^{re.escape(web_stripe.url)}/pay/cs_"))
    await page.get_by_role("link", name="Cancel").click()
    await expect(page).to_have_url(re.compile(r"/checkout/return\?order=.*&canceled=1"))
    status = page.get_by_test_id("checkout-status")
    await expect(status).to_contain_text("The payment was canceled")
    await expect(status).to_contain_text(f"Nothing was charged for {other['title']}.")
    await shot(page, "payments-return-canceled")
    await status.get_by_role("link", name="Try again").click()
    await expect(page).to_have_url(re.compile(rf"/courses/{other['slug']}#buy$"))
    await expect(page.get_by_test_id("buy-box").get_by_test_id("buy-button")).to_be_enabled()

    await page.goto("/account/orders")
    rows = page.get_by_test_id("order-row")
    await expect(rows).to_have_count(2)
    await expect(rows.filter(has_text=course["title"]).get_by_test_id("order-status")).to_have_text("Paid")
    await expect(rows.filter(has_text=other["title"]).get_by_test_id("order-status")).to_have_text("Canceled")
    await expect(rows.filter(has_text=course["title"])).to_contain_text("Card")


async def test_a_learner_pays_with_paypal_and_is_captured_on_return(
    web_app: WebApp, new_page: NewPage, web_paypal: PayPalFake
) -> None:
    _, creator = await web_app.register("CREATOR", "Pat Pal")
    course = await paid_course(web_app, creator, f"Gouache {secrets.token_hex(3)}", price_cents=1999)
    page, console = await new_page(web_app.base_url)
    console.allow(r"Failed to load resource: the server responded with a status of 404")  # the fake has no favicon
    await register(page, "Paula PayPal", "LEARNER")
    await page.goto(f"/courses/{course['slug']}")
    box = page.get_by_test_id("buy-box")
    await box.get_by_test_id("provider-PAYPAL").click()
    await box.get_by_role("button", name="Buy for $19.99").click()
    await expect(page).to_have_url(re.compile(rf"^{re.escape(web_paypal.url)}/checkoutnow\?token="))
    await expect(page.get_by_text("19.99 USD")).to_be_visible()
    await page.get_by_role("button", name="Pay with PayPal (fake)").click()
    await expect_enrolled_on_return(page, course["title"])
    captures = web_paypal.request_log("POST", "/capture")
    assert len(captures) >= 1
    assert all(r.request_id == captures[0].request_id for r in captures)  # one capture, however often asked
    await page.goto("/account/orders")
    row = page.get_by_test_id("order-row").filter(has_text=course["title"])
    await expect(row.get_by_test_id("order-status")).to_have_text("Paid")
    await expect(row).to_contain_text("PayPal")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_a_creator_sees_fees_earnings_and_coupons(web_app: WebApp, new_page: NewPage, viewport: str) -> None:
    email, creator = await web_app.register("CREATOR", "Erin Earner")
    course = await paid_course(web_app, creator, f"Ceramics {secrets.token_hex(3)}")
    await coupon(web_app, creator, course["id"], "HALF", 50, 5)
    await bought_through_the_api(web_app, course["id"])
    await bought_through_the_api(web_app, course["id"], "HALF")
    page, _ = await new_page(web_app.base_url, PHONE if viewport == "phone" else None)
    await log_in(page, email)

    # The price field says what learners pay and what the creator keeps.
    await page.goto(f"/studio/courses/{course['id']}")
    await page.get_by_label("Price (0 = free)").fill("19.99")
    estimate = page.get_by_test_id("fee-estimate")
    fee = r"Learners pay \$19\.99\s+· platform fee \$\d+\.\d\d \(\d+(\.\d+)?%\)\s+· you earn \$\d+\.\d\d"
    await expect(estimate).to_contain_text(re.compile(fee))
    await page.get_by_label("Price (0 = free)").fill("0")
    await expect(estimate).to_have_text("Free: learners pay nothing, and there is no platform fee.")

    await page.goto("/studio")
    earnings = page.get_by_test_id("earnings")
    chart = earnings.get_by_test_id("earnings-chart")
    await expect(chart).to_be_visible()
    await expect(chart.locator("title").first).to_have_text("Earnings per month in USD")
    await expect(chart.locator("[data-testid=bar-net]")).to_have_count(1)
    total = earnings.get_by_test_id("earnings-total")
    await expect(total).to_contain_text("Net (USD)")
    row = earnings.get_by_test_id("earnings-card" if viewport == "phone" else "earnings-row")
    await expect(row).to_have_count(1)
    await expect(row).to_be_visible()
    await expect(row).to_contain_text(course["title"])
    await expect(row).to_contain_text("$73.50")  # 49.00 + 24.50 gross
    await assert_on_screen(page, chart)
    await chart.scroll_into_view_if_needed()
    await shot(page, "payments-studio-earnings")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await chart.screenshot(path=str(SCREENSHOTS / f"payments-earnings-chart-{viewport}.png"))

    async with page.expect_download() as download_info:
        await earnings.get_by_role("button", name="Export CSV").click()
    download = await download_info.value
    assert download.suggested_filename == "earnings.csv"
    csv = await asyncio.to_thread(Path(await download.path()).read_text, encoding="utf-8")
    assert course["title"] in csv
    assert len(csv.strip().splitlines()) == 2

    coupons = page.get_by_test_id("coupons")
    half = coupons.get_by_test_id("coupon-row").filter(has_text="HALF")
    await expect(half).to_contain_text("50% off")
    await expect(half).to_contain_text("1 / 5 used")
    await expect(half.get_by_test_id("coupon-state")).to_have_text("Active")
    await coupons.get_by_label("Code").fill(f"new{secrets.token_hex(2)}")
    await coupons.get_by_label("Percent off").fill("15")
    await coupons.get_by_label("Max redemptions (optional)").fill("3")
    await coupons.get_by_role("button", name="Create coupon").click()
    await expect(coupons.get_by_role("status")).to_contain_text("created.")
    await expect(coupons.get_by_test_id("coupon-row")).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    await half.get_by_role("button", name="Disable HALF").click()
    await expect(half.get_by_test_id("coupon-state")).to_have_text("Disabled")
    await shot(page, "payments-studio")
