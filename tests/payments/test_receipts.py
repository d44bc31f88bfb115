"""Receipts by email, through the real payment paths and a real SMTP server (aiosmtpd): one
RECEIPT per paid order however often its webhook comes, one REFUND_RECEIPT per refund, both
parts, links that lead to the order through the API, and course titles that cannot break a
header."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from edusphere.auth.models import User
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, OutboxMessage
from edusphere.payments.models import Order
from edusphere.payments.money import format_money
from tests.courses import factories as courses
from tests.helpers import GraphQLClient
from tests.mail.smtp import Received, SMTPTestServer
from tests.payments.factories import admin, buyer, paid_course
from tests.payments.fakes.stripe_api import StripeFake

CHECKOUT = """mutation($c: ID!, $p: PaymentProvider!) { checkout(courseId: $c, provider: $p) {
  redirectUrl order { id } } }"""
PAY = "mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { id status receiptNumber } }"
REFUND = """mutation($o: ID!, $a: Int, $r: String) { refundOrder(orderId: $o, amountCents: $a, reason: $r) {
  id status refundedCents } }"""
ORDER = "query($id: ID!) { order(id: $id) { id status receiptNumber amountCents currency course { title } } }"


async def _checkout(gql: GraphQLClient, token: str, course_id: Any, provider: str) -> dict[str, Any]:
    result = await gql(CHECKOUT, {"c": str(course_id), "p": provider}, token=token)
    assert not result.errors, result.body
    started: dict[str, Any] = result.data["checkout"]
    return started


def _receipt_link(received: Received, base_url: str) -> str:
    """The receipt page's address, which the HTML part links to and the text spells out."""
    links = [link for link in received.links if urlsplit(link).path.startswith("/account/orders/")]
    assert links, received.links
    assert all(link.startswith(f"{base_url}/") for link in received.links), received.links
    assert links[0] in received.text
    return links[0]


async def test_a_webhook_delivered_three_times_mails_one_receipt(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, http: httpx.AsyncClient, mailbox: SMTPTestServer
) -> None:
    _, course = await paid_course(runtime, 4_900, "EUR")
    learner = await buyer(runtime)
    started = await _checkout(gql, learner.access_token, course.id, "STRIPE")
    order_id = started["order"]["id"]
    delivery = await stripe_fake.pay(started["redirectUrl"].removeprefix(f"{stripe_fake.url}/pay/"))
    assert delivery.status == 200
    for _ in range(2):  # Stripe delivers again (re-signed each time)
        again = await http.post(
            "/webhooks/stripe",
            content=delivery.body,
            headers={"content-type": "application/json", "stripe-signature": stripe_fake.sign(delivery.body)},
        )
        assert again.json() == {"received": True, "duplicate": True}

    (received,) = await mailbox.wait_for(to=learner.user.email)
    await mailbox.settle()
    assert len(mailbox.for_address(learner.user.email)) == 1
    assert await OutboxMessage.filter(user_id=learner.user.id, kind=MailKind.RECEIPT).count() == 1

    order = await Order.get(id=order_id)
    assert order.receipt_number
    assert received.subject == f"Your EduSphere receipt {order.receipt_number}: {course.title}"
    assert received.to == [learner.user.email]
    assert received.message["From"].addresses[0].addr_spec == "no-reply@edusphere.test"
    assert received.message_id.endswith("@edusphere.test>")
    for part in (received.text, received.html):
        assert order.receipt_number in part
        assert course.title in part
        assert "€49.00" in part
        assert "Card (Stripe)" in part
        assert "Hello Buyer" in part
    # The link leads to the order, through the API, for its buyer only.
    link = _receipt_link(received, runtime.settings.public_base_url)
    linked_id = urlsplit(link).path.rsplit("/", 1)[1]
    assert linked_id == order_id
    shown = (await gql(ORDER, {"id": linked_id}, token=learner.access_token)).ok()["order"]
    assert (shown["receiptNumber"], shown["status"], shown["course"]["title"]) == (
        order.receipt_number, "PAID", course.title,
    )  # fmt: skip
    stranger = await buyer(runtime)
    assert (await gql(ORDER, {"id": linked_id}, token=stranger.access_token)).ok()["order"] is None


async def test_each_refund_mails_one_refund_receipt_and_the_last_says_access_ends(
    runtime: Runtime, gql: GraphQLClient, stripe_fake: StripeFake, mailbox: SMTPTestServer
) -> None:
    """The admin's refund and the provider's webhook about it are one refund: one mail each."""
    _, course = await paid_course(runtime, 4_900, "USD")
    learner, boss = await buyer(runtime), await admin(runtime)
    started = await _checkout(gql, learner.access_token, course.id, "STRIPE")
    order_id = started["order"]["id"]
    await stripe_fake.pay(started["redirectUrl"].removeprefix(f"{stripe_fake.url}/pay/"))
    await mailbox.wait_for(to=learner.user.email)

    part = await gql(REFUND, {"o": order_id, "a": 1_000, "r": "Goodwill <b>gesture</b>"}, token=boss.access_token)
    assert part.ok()["refundOrder"]["status"] == "PARTIALLY_REFUNDED"
    await stripe_fake.settle()  # the webhook about the same refund
    _, first = await mailbox.wait_for(2, to=learner.user.email)
    assert first.subject == f"EduSphere refund of $10.00: {course.title}"
    assert "Remaining:        $39.00" in first.text
    assert "Goodwill <b>gesture</b>" in first.text
    assert "Goodwill &lt;b&gt;gesture&lt;/b&gt;" in first.html  # the admin's reason, as text
    assert "access to the course has ended" not in first.text

    rest = await gql(REFUND, {"o": order_id, "r": "The rest"}, token=boss.access_token)
    assert rest.ok()["refundOrder"]["status"] == "REFUNDED"
    await stripe_fake.settle()
    *_, last = await mailbox.wait_for(3, to=learner.user.email)
    await mailbox.settle()
    kinds = [m.kind for m in await OutboxMessage.filter(user_id=learner.user.id).order_by("created_at")]
    assert kinds == [MailKind.RECEIPT, MailKind.REFUND_RECEIPT, MailKind.REFUND_RECEIPT]
    assert len(mailbox.for_address(learner.user.email)) == 3
    assert last.subject == f"EduSphere refund of $39.00: {course.title}"
    for text in (last.text, last.html):
        assert "access to the course has ended" in text
        assert "$49.00" in text  # paid, and refunded in all
    assert "Remaining:        $0.00" in last.text
    assert urlsplit(_receipt_link(last, runtime.settings.public_base_url)).path == f"/account/orders/{order_id}"


async def test_a_test_payment_receipt_says_nobody_was_charged(
    runtime: Runtime, gql: GraphQLClient, mailbox: SMTPTestServer
) -> None:
    _, course = await paid_course(runtime, 2_000, "JPY")
    learner = await buyer(runtime)
    started = await _checkout(gql, learner.access_token, course.id, "TEST")
    paid = (await gql(PAY, {"o": started["order"]["id"]}, token=learner.access_token)).ok()["completeTestPayment"]
    (received,) = await mailbox.wait_for(to=learner.user.email)
    assert paid["receiptNumber"] in received.subject
    for text in (received.text, received.html):
        assert "Nobody was charged" in text
        assert "¥2,000" in text


async def test_a_course_title_or_a_name_with_line_breaks_cannot_stop_or_bend_the_receipt(
    runtime: Runtime, gql: GraphQLClient, mailbox: SMTPTestServer
) -> None:
    """Course titles may hold newlines (plain text); a Subject may not. The receipt still goes,
    to the buyer only, with the title on one line and no header smuggled in."""
    author = await courses.creator(runtime)
    title = "Intro\r\nBcc: eve@evil.example\nX-Evil: 1"
    course = await courses.course(author, title=title, price_cents=1_500, currency="USD")
    assert "\n" in course.title  # the API keeps it: it is plain text
    learner = await buyer(runtime)
    # An account from before names were checked as strictly (a name the API refuses now).
    await User.filter(id=learner.user.id).update(display_name="Eve\r\nBcc: eve@evil.example")
    started = await _checkout(gql, learner.access_token, course.id, "TEST")
    (await gql(PAY, {"o": started["order"]["id"]}, token=learner.access_token)).ok()
    (received,) = await mailbox.wait_for(to=learner.user.email)
    assert received.envelope_to == [learner.user.email]
    assert received.subject.endswith(": Intro Bcc: eve@evil.example X-Evil: 1")
    assert received.message["Bcc"] is None
    assert received.message["X-Evil"] is None
    assert received.message["To"].addresses[0].display_name == "Eve Bcc: eve@evil.example"
    assert format_money(1_500, "USD") in received.text
