"""The admin's support actions on a user's page (issue 14 #2): mail a verification or a reset
link on the owner's behalf, audited in the transaction that enqueues the mail."""

from __future__ import annotations

from edusphere.audit.actions import AuditAction
from edusphere.audit.models import AuditEntry
from edusphere.auth.models import Role, User
from edusphere.core.runtime import Runtime
from edusphere.mail import MailKind, OutboxMessage
from tests.auth.mailed import NEW_PASSWORD, RESET, VERIFY, mailed_token
from tests.helpers import LOGIN, GraphQLClient, make_user
from tests.mail.smtp import SMTPTestServer

SEND_VERIFICATION = "mutation($id: ID!, $r: String) { sendVerificationEmail(userId: $id, reason: $r) }"
SEND_RESET = "mutation($id: ID!, $r: String) { sendPasswordResetEmail(userId: $id, reason: $r) }"


async def test_an_admin_resends_the_verification_link_audited(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    learner = await make_user(runtime, verified=False)
    email = learner.user.email
    await mailbox.wait_for(to=email)  # the sign-up's own
    sent = await gql(SEND_VERIFICATION, {"id": str(learner.user.id), "r": "asked by chat"}, token=admin.access_token)
    assert sent.ok() == {"sendVerificationEmail": True}
    (entry,) = await AuditEntry.filter(action=AuditAction.USER_VERIFICATION_RESENT)
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.user.id, "User", str(learner.user.id))  # type: ignore[attr-defined]
    assert entry.after == {"sent_to": email}
    assert entry.reason == "asked by chat"
    token = await mailed_token(runtime, mailbox, email, "/verify-email", count=2)
    assert (await gql(VERIFY, {"t": token})).ok()
    again = await gql(SEND_VERIFICATION, {"id": str(learner.user.id)}, token=admin.access_token)
    assert again.errors[0]["extensions"]["reason"] == "ALREADY_VERIFIED"
    assert await AuditEntry.filter(action=AuditAction.USER_VERIFICATION_RESENT).count() == 1


async def test_an_admin_sends_a_reset_link_that_only_the_owner_receives(
    gql: GraphQLClient, runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    learner = await make_user(runtime)
    email = learner.user.email
    assert (await gql(SEND_RESET, {"id": str(learner.user.id)}, token=admin.access_token)).ok()
    (entry,) = await AuditEntry.filter(action=AuditAction.USER_PASSWORD_RESET_SENT)
    assert entry.target_id == str(learner.user.id)
    assert entry.after == {"sent_to": email}
    (received,) = await mailbox.wait_for(to=email)
    assert received.to == [email]
    assert mailbox.for_address(admin.user.email) == []
    token = await mailed_token(runtime, mailbox, email, "/reset-password")
    assert (await gql(RESET, {"t": token, "p": NEW_PASSWORD})).ok()
    assert (await gql(LOGIN, {"email": email, "password": NEW_PASSWORD})).ok()


async def test_support_actions_are_for_admins_and_refuse_what_cannot_be_helped(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    learner = await make_user(runtime, verified=False)
    creator = await make_user(runtime, Role.CREATOR)
    for query in (SEND_VERIFICATION, SEND_RESET):
        assert (await gql(query, {"id": str(learner.user.id)}, token=creator.access_token)).error_code == "FORBIDDEN"
        assert (await gql(query, {"id": str(learner.user.id)})).error_code == "UNAUTHENTICATED"
        for missing in ("not-an-id", "00000000-0000-0000-0000-000000000000"):
            assert (await gql(query, {"id": missing}, token=admin.access_token)).error_code == "NOT_FOUND"
    await User.filter(id=learner.user.id).update(is_active=False)
    inactive = await gql(SEND_RESET, {"id": str(learner.user.id)}, token=admin.access_token)
    assert inactive.errors[0]["extensions"]["reason"] == "ACCOUNT_INACTIVE"
    too_long = await gql(SEND_VERIFICATION, {"id": str(creator.user.id), "r": "x" * 501}, token=admin.access_token)
    assert too_long.error_code == "BAD_USER_INPUT"
    assert await AuditEntry.all().count() == 0
    # Only the learner's sign-up mail: nothing the refusals would have sent.
    assert await OutboxMessage.filter(kind=MailKind.PASSWORD_RESET).count() == 0
    assert await OutboxMessage.filter(kind=MailKind.VERIFY_EMAIL).count() == 1
