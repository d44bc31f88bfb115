"""Changing the email address (issue 15 #6): confirmed by a link to the new address (received by a
real SMTP server, followed through the API), announced to the old one; taken addresses refused,
at the request and in a race at the confirmation."""

from __future__ import annotations

import asyncio

import asyncpg

from edusphere.auth.models import Role, User
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, OutboxMessage
from tests.auth.mailed import CONFIRM_CHANGE, ME_VERIFIED, REQUEST_CHANGE, mailed_token
from tests.helpers import LOGIN, PASSWORD, GraphQLClient, make_user, unique_email
from tests.mail.smtp import SMTPTestServer

PATH = "/confirm-email"


async def test_the_new_address_confirms_and_the_old_one_is_told(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    auth = await make_user(runtime, verified=False, name="Ada Lovelace")
    old, new = auth.user.email, unique_email("new-home")
    assert (await gql(REQUEST_CHANGE, {"e": f"  {new.upper()} ", "p": PASSWORD}, token=auth.access_token)).ok() == {
        "requestEmailChange": True
    }
    (confirm,) = await mailbox.wait_for(to=new)
    assert confirm.subject == "Confirm your new email address for EduSphere"
    assert old in confirm.text
    assert new in confirm.text
    assert (await User.get(id=auth.user.id)).email == old  # nothing changes before the link
    token = await mailed_token(runtime, mailbox, new, PATH)
    assert (await gql(CONFIRM_CHANGE, {"t": token})).ok() == {"confirmEmailChange": True}
    me = (await gql(ME_VERIFIED, token=auth.access_token)).ok()["me"]
    assert me == {"id": str(auth.user.id), "email": new, "emailVerified": True}
    (notice,) = await mailbox.wait_for(to=old, where=lambda r: "changed" in r.subject)
    assert notice.subject == "The email address of your EduSphere account was changed"
    assert f"from {old} to {new}" in notice.text
    assert str(notice.message["To"]) == f"Ada Lovelace <{old}>"
    assert (await gql(LOGIN, {"email": new, "password": PASSWORD})).ok()
    assert (await gql(LOGIN, {"email": old, "password": PASSWORD})).error_code == "UNAUTHENTICATED"
    assert (await gql(CONFIRM_CHANGE, {"t": token})).errors[0]["extensions"]["reason"] == "INVALID_TOKEN"


async def test_a_change_to_an_address_another_account_uses_is_refused(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    auth = await make_user(runtime)
    taken = (await make_user(runtime)).user.email
    for address in (taken, taken.upper()):
        refused = await gql(REQUEST_CHANGE, {"e": address, "p": PASSWORD}, token=auth.access_token)
        assert refused.errors[0]["extensions"] == {"code": "CONFLICT", "reason": "EMAIL_TAKEN", "field": "newEmail"}
    assert await OutboxMessage.filter(kind=MailKind.EMAIL_CHANGE_CONFIRM).count() == 0


async def test_the_password_comes_first_and_bad_requests_change_nothing(gql: GraphQLClient, runtime: Runtime) -> None:
    """Without the password, a session (left open on a shared computer) cannot even learn
    whether an address is taken."""
    auth = await make_user(runtime)
    taken = (await make_user(runtime)).user.email
    cases = [
        ({"e": taken, "p": "not the password"}, "password", None),
        ({"e": "not-an-email", "p": PASSWORD}, "newEmail", None),
        ({"e": auth.user.email.upper(), "p": PASSWORD}, "newEmail", "UNCHANGED"),
    ]
    for variables, field, reason in cases:
        refused = await gql(REQUEST_CHANGE, variables, token=auth.access_token)
        assert refused.error_code == "BAD_USER_INPUT"
        assert refused.errors[0]["extensions"]["field"] == field
        assert refused.errors[0]["extensions"].get("reason") == reason
    assert (await gql(REQUEST_CHANGE, {"e": unique_email(), "p": PASSWORD})).error_code == "UNAUTHENTICATED"
    assert await OutboxMessage.filter(kind=MailKind.EMAIL_CHANGE_CONFIRM).count() == 0


async def test_requests_are_limited_per_account(gql: GraphQLClient, runtime: Runtime) -> None:
    limit = runtime.settings.email_change_limit.limit
    auth = await make_user(runtime)
    results = [
        await gql(REQUEST_CHANGE, {"e": unique_email(), "p": "wrong password"}, token=auth.access_token)
        for _ in range(limit + 2)
    ]
    assert [r.error_code for r in results] == ["BAD_USER_INPUT"] * limit + ["RATE_LIMITED"] * 2
    # Past the limit even the right password waits: guessing it here is as slow as at login.
    late = await gql(REQUEST_CHANGE, {"e": unique_email(), "p": PASSWORD}, token=auth.access_token)
    assert late.error_code == "RATE_LIMITED"


async def test_an_address_taken_between_request_and_confirmation_is_refused(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    auth = await make_user(runtime)
    new = unique_email("contested")
    assert (await gql(REQUEST_CHANGE, {"e": new, "p": PASSWORD}, token=auth.access_token)).ok()
    token = await mailed_token(runtime, mailbox, new, PATH)
    await make_user(runtime, email=new)  # someone signs up with it meanwhile
    refused = await gql(CONFIRM_CHANGE, {"t": token})
    assert refused.errors[0]["extensions"]["reason"] == "EMAIL_TAKEN"
    assert (await User.get(id=auth.user.id)).email == auth.user.email
    assert await OutboxMessage.filter(kind=MailKind.EMAIL_CHANGED_NOTICE).count() == 0


async def test_two_accounts_confirming_the_same_address_at_once_one_wins(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    """The unique index decides: both may pass the look for the address before either commits;
    the loser's UPDATE then fails on the index and changes nothing."""
    new = unique_email("both-want-it")
    tokens = []
    accounts = [await make_user(runtime) for _ in range(2)]
    for n, account in enumerate(accounts):
        assert (await gql(REQUEST_CHANGE, {"e": new, "p": PASSWORD}, token=account.access_token)).ok()
        tokens.append(await mailed_token(runtime, mailbox, new, PATH, count=n + 1))
    results = await asyncio.gather(*(gql(CONFIRM_CHANGE, {"t": token}) for token in tokens))
    outcomes = sorted("ok" if not r.errors else r.errors[0]["extensions"]["reason"] for r in results)
    assert outcomes == ["EMAIL_TAKEN", "ok"]
    assert await User.filter(email=new).count() == 1
    assert await OutboxMessage.filter(kind=MailKind.EMAIL_CHANGED_NOTICE).count() == 1


async def test_only_the_newest_request_counts_and_old_links_die_with_the_old_address(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    auth = await make_user(runtime, Role.CREATOR, verified=False)
    old = auth.user.email
    verify_token = await mailed_token(runtime, mailbox, old, "/verify-email")
    first, second = unique_email("first"), unique_email("second")
    for address in (first, second):
        assert (await gql(REQUEST_CHANGE, {"e": address, "p": PASSWORD}, token=auth.access_token)).ok()
    first_token = await mailed_token(runtime, mailbox, first, PATH)
    second_token = await mailed_token(runtime, mailbox, second, PATH)
    assert (await gql(CONFIRM_CHANGE, {"t": first_token})).errors[0]["extensions"]["reason"] == "INVALID_TOKEN"
    assert (await gql(CONFIRM_CHANGE, {"t": second_token})).ok()
    # The verification link went to the old address: it proves nothing about the new one.
    verify = await gql("mutation($t: String!) { verifyEmail(token: $t) }", {"t": verify_token})
    assert verify.errors[0]["extensions"]["reason"] == "INVALID_TOKEN"


async def test_the_unique_index_decides_when_the_other_commit_lands_after_the_look(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer, database_url: str
) -> None:
    """Deterministic: another account's change to the address is written but not committed when
    the confirmation looks (so the look passes); the confirmation's UPDATE waits on the unique
    index, and fails once the other commits: EMAIL_TAKEN, nothing changed, no notice sent."""
    auth = await make_user(runtime)
    rival = await make_user(runtime)
    new = unique_email("raced")
    assert (await gql(REQUEST_CHANGE, {"e": new, "p": PASSWORD}, token=auth.access_token)).ok()
    token = await mailed_token(runtime, mailbox, new, PATH)
    other = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        transaction = other.transaction()
        await transaction.start()
        await other.execute("UPDATE users SET email = $1 WHERE id = $2", new, rival.user.id)
        confirming = asyncio.create_task(gql(CONFIRM_CHANGE, {"t": token}))
        for _ in range(200):  # until the confirmation waits on the index
            waiting = await other.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND wait_event = 'transactionid' AND pid <> pg_backend_pid()"
            )
            if waiting or confirming.done():
                break
            await asyncio.sleep(0.02)
        assert waiting, f"the confirmation never waited on the other transaction: {confirming}"
        await transaction.commit()
        refused = await confirming
    finally:
        await other.close()
    assert refused.errors[0]["extensions"]["reason"] == "EMAIL_TAKEN"
    assert (await User.get(id=auth.user.id)).email == auth.user.email
    assert await OutboxMessage.filter(kind=MailKind.EMAIL_CHANGED_NOTICE).count() == 0
