"""Password reset (issue 15 #5): the same answer for every address, in wording and in time; the
limits; the link from a real SMTP server followed through the API; every session ended."""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest
from sanic import Sanic

from edusphere.auth import recovery
from edusphere.auth.email_tokens import hash_token
from edusphere.auth.models import EmailToken, EmailTokenPurpose, Role, User
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, OutboxMessage
from tests.auth.mailed import NEW_PASSWORD, REQUEST_RESET, RESET, mailed_token
from tests.core.test_graphql_ws import acked, closed_with, socket
from tests.helpers import LOGIN, ME, PASSWORD, REFRESH, GraphQLClient, make_user, unique_email
from tests.mail.smtp import SMTPTestServer

PATH = "/reset-password"


async def test_the_mailed_link_sets_a_new_password_and_ends_every_session(
    app: Sanic, gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    auth = await make_user(runtime, verified=False, name="Ada Lovelace")
    email = auth.user.email
    other = (await gql(LOGIN, {"email": email, "password": PASSWORD})).ok()["login"]
    for _ in range(3):  # trusted in this process's cache, as a busy browser is
        assert (await gql(ME, token=other["accessToken"])).ok()["me"]["email"] == email
    assert (await gql(REQUEST_RESET, {"e": email})).ok() == {"requestPasswordReset": True}
    (received,) = await mailbox.wait_for(to=email, where=lambda r: r.subject.startswith("Reset"))
    assert received.subject == "Reset your EduSphere password"
    assert "30 minutes" in received.text
    assert "30 minutes" in received.html
    token = await mailed_token(runtime, mailbox, email, PATH)
    async with socket(app) as open_socket:
        await acked(open_socket, other["accessToken"])
        assert (await gql(RESET, {"t": token, "p": NEW_PASSWORD})).ok() == {"resetPassword": True}
        assert await closed_with(open_socket) == (4403, "This session has been revoked")
    for access, refresh in ((auth.access_token, auth.refresh_token), (other["accessToken"], other["refreshToken"])):
        assert (await gql(ME, token=access)).error_code == "UNAUTHENTICATED"
        assert (await gql(REFRESH, {"token": refresh})).error_code == "UNAUTHENTICATED"
    assert (await gql(LOGIN, {"email": email, "password": PASSWORD})).error_code == "UNAUTHENTICATED"
    assert (await gql(LOGIN, {"email": email, "password": NEW_PASSWORD})).ok()
    user = await User.get(email=email)
    assert user.email_verified_at is not None  # the link proved the address
    again = await gql(RESET, {"t": token, "p": "yet another long password"})
    assert again.errors[0]["extensions"]["reason"] == "INVALID_TOKEN"  # reused
    assert (await User.get(email=email)).password_hash == user.password_hash


async def test_the_answer_is_the_same_whether_or_not_an_account_has_the_address(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    known = (await make_user(runtime)).user.email
    inactive = await make_user(runtime)
    await User.filter(id=inactive.user.id).update(is_active=False)
    unknown = unique_email("nobody")
    answers = [await gql(REQUEST_RESET, {"e": address}) for address in (known, unknown, inactive.user.email)]
    assert [answer.body for answer in answers] == [{"data": {"requestPasswordReset": True}}] * 3
    await mailbox.wait_for(to=known)
    await mailbox.settle()
    assert mailbox.for_address(unknown) == []
    assert mailbox.for_address(inactive.user.email) == []
    assert await OutboxMessage.filter(kind=MailKind.PASSWORD_RESET).count() == 1


async def test_what_is_no_email_address_is_refused_for_every_account_alike(gql: GraphQLClient) -> None:
    for bad in ("not-an-email", "", "a@b", "x" * 300 + "@example.com"):
        result = await gql(REQUEST_RESET, {"e": bad})
        assert result.error_code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["field"] == "email"


async def test_twenty_requests_in_a_minute_send_at_most_the_limit_with_the_same_answer(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    """Per address asked for (which is per account): 20 requests, all answered true, 5 mails."""
    limit = runtime.settings.password_reset_limit_per_email.limit
    email = (await make_user(runtime)).user.email
    answers = await asyncio.gather(*(gql(REQUEST_RESET, {"e": email}) for _ in range(20)))
    assert all(answer.body == {"data": {"requestPasswordReset": True}} for answer in answers)
    assert await OutboxMessage.filter(kind=MailKind.PASSWORD_RESET, to_address=email).count() == limit
    await mailbox.wait_for(limit, to=email)
    await mailbox.settle()
    assert len(mailbox.for_address(email)) == limit
    # Only the newest link works (each request voids the previous ones).
    tokens = await EmailToken.filter(user__email=email, purpose=EmailTokenPurpose.PASSWORD_RESET)
    assert sum(token.used_at is None for token in tokens) == 1


async def test_requests_are_limited_per_client_address_too(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    """One client asking for many accounts' resets (each under its own per-address limit) is cut
    off after PASSWORD_RESET_LIMIT_PER_ADDRESS, still answered true."""
    limit = runtime.settings.password_reset_limit_per_address.limit
    emails = [(await make_user(runtime)).user.email for _ in range(limit + 4)]
    answers = await asyncio.gather(*(gql(REQUEST_RESET, {"e": email}) for email in emails))
    assert all(answer.ok() == {"requestPasswordReset": True} for answer in answers)
    assert await OutboxMessage.filter(kind=MailKind.PASSWORD_RESET).count() == limit
    # Another client is not affected.
    await recovery.request_password_reset(runtime, emails[0], "198.51.100.90")


async def test_reset_answers_take_as_long_for_unknown_addresses(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    """Timing: both paths are held to ANSWER_FLOOR_SECONDS; their medians over 8 rounds each
    (interleaved, so that a slow moment hurts both) differ by less than 25 ms."""
    floor = recovery.ANSWER_FLOOR_SECONDS
    known = [(await make_user(runtime)).user.email for _ in range(8)]
    unknown = [unique_email("nobody") for _ in range(8)]
    # Warm up (templates compiled, connections open) outside the figures.
    await gql(REQUEST_RESET, {"e": unique_email("warm")})
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for known_email, unknown_email in zip(known, unknown, strict=True):
        for kind, email in (("known", known_email), ("unknown", unknown_email)):
            started = time.perf_counter()
            assert (await gql(REQUEST_RESET, {"e": email})).ok()
            times[kind].append(time.perf_counter() - started)
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    assert min(min(values) for values in times.values()) >= floor
    assert abs(medians["known"] - medians["unknown"]) < 0.025, medians
    assert await OutboxMessage.filter(kind=MailKind.PASSWORD_RESET).count() == 8


async def test_a_weak_password_is_refused_and_the_link_still_works(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    auth = await make_user(runtime)
    email = auth.user.email
    before = (await User.get(email=email)).password_hash
    assert (await gql(REQUEST_RESET, {"e": email})).ok()
    token = await mailed_token(runtime, mailbox, email, PATH)
    for weak in ("short", email, "x" * 300):
        refused = await gql(RESET, {"t": token, "p": weak})
        assert refused.error_code == "BAD_USER_INPUT"
        assert refused.errors[0]["extensions"]["field"] == "password"
    assert (await User.get(email=email)).password_hash == before
    assert (await gql(ME, token=auth.access_token)).ok()["me"]  # the session goes on
    assert (await EmailToken.get(token_hash=hash_token(token))).used_at is None
    assert (await gql(RESET, {"t": token, "p": NEW_PASSWORD})).ok()


async def test_an_expired_or_altered_reset_token_changes_nothing(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    auth = await make_user(runtime)
    email = auth.user.email
    before = (await User.get(email=email)).password_hash
    assert (await gql(REQUEST_RESET, {"e": email})).ok()
    token = await mailed_token(runtime, mailbox, email, PATH)
    altered = await gql(RESET, {"t": token[::-1], "p": NEW_PASSWORD})
    assert altered.errors[0]["extensions"]["reason"] == "INVALID_TOKEN"
    row = await EmailToken.get(token_hash=hash_token(token))
    assert row.expires_at - row.created_at == timedelta(minutes=30)
    await EmailToken.filter(id=row.id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    expired = await gql(RESET, {"t": token, "p": NEW_PASSWORD})
    assert expired.errors[0]["extensions"]["reason"] == "TOKEN_EXPIRED"
    assert (await User.get(email=email)).password_hash == before
    assert (await gql(ME, token=auth.access_token)).ok()["me"]


async def test_two_resets_with_one_link_at_once_one_wins(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    email = (await make_user(runtime)).user.email
    assert (await gql(REQUEST_RESET, {"e": email})).ok()
    token = await mailed_token(runtime, mailbox, email, PATH)
    passwords = [f"winner number {n} password" for n in range(6)]
    results = await asyncio.gather(*(gql(RESET, {"t": token, "p": p}) for p in passwords))
    winners = [p for p, r in zip(passwords, results, strict=True) if not r.errors]
    assert len(winners) == 1
    assert all(r.errors[0]["extensions"]["reason"] == "INVALID_TOKEN" for r in results if r.errors)
    assert (await gql(LOGIN, {"email": email, "password": winners[0]})).ok()


async def test_a_reset_voids_a_pending_email_change(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    """Someone who had the password asked to move the account to their address; the owner resets
    the password: that change's link stops working."""
    auth = await make_user(runtime)
    email = auth.user.email
    thief = unique_email("thief")
    change = "mutation($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }"
    assert (await gql(change, {"e": thief, "p": PASSWORD}, token=auth.access_token)).ok()
    change_token = await mailed_token(runtime, mailbox, thief, "/confirm-email")
    assert (await gql(REQUEST_RESET, {"e": email})).ok()
    assert (await gql(RESET, {"t": await mailed_token(runtime, mailbox, email, PATH), "p": NEW_PASSWORD})).ok()
    confirm = await gql("mutation($t: String!) { confirmEmailChange(token: $t) }", {"t": change_token})
    assert confirm.errors[0]["extensions"]["reason"] == "INVALID_TOKEN"
    assert (await User.get(id=auth.user.id)).email == email


@pytest.mark.parametrize("role", [Role.LEARNER, Role.ADMIN])
async def test_the_reset_mail_names_the_account(
    runtime: Runtime, gql: GraphQLClient, mailbox: SMTPTestServer, role: Role
) -> None:
    auth = await make_user(runtime, role, name="Émile <b>Zola</b>")
    assert (await gql(REQUEST_RESET, {"e": auth.user.email})).ok()
    (received,) = await mailbox.wait_for(to=auth.user.email)
    assert "Hello Émile <b>Zola</b>," in received.text
    assert "Hello Émile &lt;b&gt;Zola&lt;/b&gt;," in received.html  # escaped in HTML
    assert received.message["Auto-Submitted"] == "auto-generated"
