"""Email verification (issue 15 #4): the link mailed at sign-up, through a real SMTP server and
back through the API; hostile tokens; the resend limit; the publish and checkout gates."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from edusphere.auth.email_tokens import hash_token
from edusphere.auth.models import EmailToken, EmailTokenPurpose, Role, User
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, OutboxMessage
from edusphere.payments.models import Order
from tests.auth.mailed import ME_VERIFIED, RESEND, VERIFY, mailed_token
from tests.courses import factories as courses
from tests.helpers import REGISTER, GraphQLClient, make_user, register_input, unique_email
from tests.mail.smtp import SMTPTestServer
from tests.payments import factories as payments

PATH = "/verify-email"


async def _register(gql: GraphQLClient, email: str, **overrides: str) -> str:
    """Sign up through the API; the access token."""
    data = (await gql(REGISTER, register_input(email, **overrides))).ok()
    token: str = data["register"]["accessToken"]
    return token


async def test_the_link_mailed_at_sign_up_verifies_the_address(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    email = unique_email("newcomer")
    access = await _register(gql, email, displayName="Grace Hopper")
    assert (await gql(ME_VERIFIED, token=access)).ok()["me"]["emailVerified"] is False
    (received,) = await mailbox.wait_for(to=email)
    assert received.subject == "Verify your email address for EduSphere"
    assert str(received.message["To"]) == f"Grace Hopper <{email}>"
    assert "Hello Grace Hopper," in received.text
    assert "Grace Hopper" in received.html
    token = await mailed_token(runtime, mailbox, email, PATH)
    # Followed through the API, signed in or not: the link is all it takes.
    assert (await gql(VERIFY, {"t": token})).ok() == {"verifyEmail": True}
    assert (await gql(ME_VERIFIED, token=access)).ok()["me"]["emailVerified"] is True
    user = await User.get(email=email)
    assert user.email_verified_at is not None
    # Used up: a second click is refused and changes nothing.
    again = await gql(VERIFY, {"t": token})
    assert again.errors[0]["extensions"]["reason"] == "INVALID_TOKEN"
    assert (await User.get(email=email)).email_verified_at == user.email_verified_at


async def test_tokens_are_stored_only_as_hashes(gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer) -> None:
    email = unique_email()
    await _register(gql, email)
    token = await mailed_token(runtime, mailbox, email, PATH)
    (row,) = await EmailToken.filter(user__email=email)
    assert row.token_hash == hash_token(token)
    assert token not in row.token_hash
    assert row.purpose is EmailTokenPurpose.VERIFY_EMAIL
    assert timedelta(hours=47) < row.expires_at - row.created_at <= timedelta(hours=48)


async def test_a_sign_up_that_fails_sends_no_mail(gql: GraphQLClient, mailbox: SMTPTestServer) -> None:
    email = unique_email()
    await _register(gql, email)
    refused = await gql(REGISTER, register_input(email.upper(), displayName="Again"))
    assert refused.error_code == "CONFLICT"
    await mailbox.wait_for(to=email)
    await mailbox.settle()
    assert len(mailbox.for_address(email)) == 1
    assert await OutboxMessage.filter(to_address=email).count() == 1


@pytest.mark.parametrize("name", ["Ada\r\nBcc: victim@example.com", "Ada\nLovelace", "Ada\rLovelace", "Ada\u2028X"])
async def test_a_display_name_with_a_line_break_is_refused(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer, name: str
) -> None:
    """Header injection: a name goes into the To header of every mail; one line only, at sign-up
    and at a profile change, and refused (not collapsed) so that the form can say why."""
    email = unique_email()
    refused = await gql(REGISTER, register_input(email, displayName=name))
    assert refused.error_code == "BAD_USER_INPUT"
    assert refused.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "displayName", "reason": "LINE_BREAK"}
    assert not await User.filter(email=email).exists()
    auth = await make_user(runtime, name="Ada")
    query = "mutation($n: String!) { updateProfile(input: {displayName: $n}) { displayName } }"
    assert (await gql(query, {"n": name}, token=auth.access_token)).error_code == "BAD_USER_INPUT"
    assert (await User.get(id=auth.user.id)).display_name == "Ada"
    assert await OutboxMessage.filter(to_address=email).count() == 0


async def _unverified(runtime: Runtime) -> tuple[str, str]:
    auth = await make_user(runtime, verified=False)
    return auth.user.email, auth.access_token


async def test_an_altered_token_is_refused(gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer) -> None:
    email, _ = await _unverified(runtime)
    token = await mailed_token(runtime, mailbox, email, PATH)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (flipped, token[:-1], token + "x", "", " ", "x" * 10_000, token.upper(), "é" + token):
        result = await gql(VERIFY, {"t": bad})
        assert result.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "reason": "INVALID_TOKEN", "field": "token"}
    assert (await User.get(email=email)).email_verified_at is None
    assert (await gql(VERIFY, {"t": token})).ok()  # the genuine one still works


async def test_an_expired_token_is_refused_with_its_own_reason(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    email, _ = await _unverified(runtime)
    token = await mailed_token(runtime, mailbox, email, PATH)
    await EmailToken.filter(token_hash=hash_token(token)).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    result = await gql(VERIFY, {"t": token})
    assert result.errors[0]["extensions"]["reason"] == "TOKEN_EXPIRED"
    assert "expired" in result.errors[0]["message"]
    row = await EmailToken.get(token_hash=hash_token(token))
    assert row.used_at is None
    assert (await User.get(email=email)).email_verified_at is None


async def test_a_reset_token_does_not_verify_and_a_verification_token_does_not_reset(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    """Foreign tokens: each link is good for its own purpose only."""
    email, _ = await _unverified(runtime)
    verify_token = await mailed_token(runtime, mailbox, email, PATH)
    assert (await gql("mutation($e: String!) { requestPasswordReset(email: $e) }", {"e": email})).ok()
    reset_token = await mailed_token(runtime, mailbox, email, "/reset-password")
    assert (await gql(VERIFY, {"t": reset_token})).errors[0]["extensions"]["reason"] == "INVALID_TOKEN"
    reset = 'mutation($t: String!) { resetPassword(token: $t, newPassword: "another long password") }'
    assert (await gql(reset, {"t": verify_token})).errors[0]["extensions"]["reason"] == "INVALID_TOKEN"
    for change in (verify_token, reset_token):
        confirm = await gql("mutation($t: String!) { confirmEmailChange(token: $t) }", {"t": change})
        assert confirm.errors[0]["extensions"]["reason"] == "INVALID_TOKEN"
    assert (await User.get(email=email)).email_verified_at is None
    assert await EmailToken.filter(user__email=email, used_at__isnull=False).count() == 0


async def test_two_uses_at_once_one_wins(gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer) -> None:
    email, _ = await _unverified(runtime)
    token = await mailed_token(runtime, mailbox, email, PATH)
    results = await asyncio.gather(*(gql(VERIFY, {"t": token}) for _ in range(8)))
    assert sorted("ok" if not r.errors else r.errors[0]["extensions"]["reason"] for r in results) == [
        "INVALID_TOKEN"
    ] * 7 + ["ok"]


async def test_resend_mails_a_new_link_and_only_the_newest_works(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    email, access = await _unverified(runtime)
    first = await mailed_token(runtime, mailbox, email, PATH)
    assert (await gql(RESEND, token=access)).ok() == {"resendVerification": True}
    second = await mailed_token(runtime, mailbox, email, PATH, count=2)
    assert second != first
    assert (await gql(VERIFY, {"t": first})).errors[0]["extensions"]["reason"] == "INVALID_TOKEN"
    assert (await gql(VERIFY, {"t": second})).ok()
    already = await gql(RESEND, token=access)
    assert already.errors[0]["extensions"]["reason"] == "ALREADY_VERIFIED"
    assert (await gql(RESEND)).error_code == "UNAUTHENTICATED"


async def test_resend_is_limited_per_account_counting_the_sign_up_mail(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    limit = runtime.settings.verification_mail_limit.limit
    email, access = await _unverified(runtime)
    results = await asyncio.gather(*(gql(RESEND, token=access) for _ in range(limit + 3)))
    assert (
        sorted("OK" if not r.errors else r.error_code for r in results) == ["OK"] * (limit - 1) + ["RATE_LIMITED"] * 4
    )
    refused = next(r for r in results if r.errors)
    assert 3000 < refused.errors[0]["extensions"]["retryAfterSeconds"] <= 3600
    assert await OutboxMessage.filter(user__email=email, kind=MailKind.VERIFY_EMAIL).count() == limit
    await mailbox.wait_for(limit, to=email)
    await mailbox.settle()
    assert len(mailbox.for_address(email)) == limit


async def test_email_verified_is_seen_by_the_owner_and_admins_only(gql: GraphQLClient, runtime: Runtime) -> None:
    learner = await make_user(runtime, verified=False)
    other = await make_user(runtime)
    admin = await make_user(runtime, Role.ADMIN)
    query = "query($id: ID!) { adminUser(id: $id) { user { emailVerified } } }"
    assert (await gql(query, {"id": str(learner.user.id)}, token=admin.access_token)).ok()["adminUser"] == {
        "user": {"emailVerified": False}
    }
    assert (await gql(ME_VERIFIED, token=other.access_token)).ok()["me"]["emailVerified"] is True
    creator = await courses.creator(runtime)
    course = await courses.course(creator)
    reviews = "query($s: String!) { course(slug: $s) { creator { emailVerified } } }"
    seen = (await gql(reviews, {"s": course.slug}, token=learner.access_token)).ok()
    assert seen["course"]["creator"] == {"emailVerified": None}


# ----- the gates: one test each for the unverified case (every other test's accounts are verified)


async def test_an_unverified_creator_cannot_publish_until_verified(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    author = await make_user(runtime, Role.CREATOR, verified=False)
    draft = await courses.course(author, publish=False)
    publish = "mutation($id: ID!) { publishCourse(id: $id) { status } }"
    refused = await gql(publish, {"id": str(draft.id)}, token=author.access_token)
    assert refused.errors[0]["extensions"] == {"code": "FORBIDDEN", "reason": "EMAIL_NOT_VERIFIED"}
    assert "Verify your email address to publish a course" in refused.errors[0]["message"]
    token = await mailed_token(runtime, mailbox, author.user.email, PATH)
    assert (await gql(VERIFY, {"t": token})).ok()
    assert (await gql(publish, {"id": str(draft.id)}, token=author.access_token)).ok() == {
        "publishCourse": {"status": "PUBLISHED"}
    }


async def test_an_unverified_learner_learns_free_courses_but_cannot_buy(gql: GraphQLClient, runtime: Runtime) -> None:
    learner = await make_user(runtime, verified=False)
    free_author = await courses.creator(runtime)
    free = await courses.course(free_author)
    enroll = "mutation($id: ID!) { enroll(courseId: $id) { id } }"
    assert (await gql(enroll, {"id": str(free.id)}, token=learner.access_token)).ok()["enroll"]["id"]
    _, paid = await payments.paid_course(runtime)
    quote = "query($id: ID!) { priceQuote(courseId: $id) { amountCents } }"
    assert (await gql(quote, {"id": str(paid.id)}, token=learner.access_token)).ok()
    checkout = "mutation($id: ID!) { checkout(courseId: $id, provider: TEST) { redirectUrl } }"
    refused = await gql(checkout, {"id": str(paid.id)}, token=learner.access_token)
    assert refused.errors[0]["extensions"] == {"code": "FORBIDDEN", "reason": "EMAIL_NOT_VERIFIED"}
    assert "Verify your email address to buy a course" in refused.errors[0]["message"]
    assert not await Order.filter(buyer_id=learner.user.id).exists()
