"""The admin's changes to accounts: roles, (de)activation one by one and in bulk, ending sessions.

Hostile callers and input first (refused, nothing changed, nothing audited), then the last-admin
rule (also under concurrency), then what each change does and how it is audited.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from redis.asyncio import Redis
from sanic import Sanic
from tortoise import connections

from edusphere.audit.actions import AuditAction
from edusphere.audit.models import AuditEntry
from edusphere.auth import admin as user_admin
from edusphere.auth import sessions
from edusphere.auth.authentication import USER_TOPIC
from edusphere.auth.models import Role, User
from edusphere.core.invalidation import channel
from edusphere.core.runtime import Runtime
from tests.core.test_graphql_ws import acked, closed_with, socket
from tests.helpers import ME, REFRESH, GraphQLClient, GraphQLResult, make_user

SET_ROLE = """mutation($id: ID!, $role: Role!, $reason: String) {
  setUserRole(userId: $id, role: $role, reason: $reason) { id role } }"""
SET_ACTIVE = """mutation($id: ID!, $on: Boolean!, $reason: String) {
  setUserActive(userId: $id, isActive: $on, reason: $reason) { id isActive } }"""
SET_MANY = """mutation($ids: [ID!]!, $on: Boolean!, $reason: String) {
  setUsersActive(userIds: $ids, isActive: $on, reason: $reason) { changed unchanged } }"""
END_SESSIONS = """mutation($id: ID!, $reason: String) { endUserSessions(userId: $id, reason: $reason) }"""
AUDIT = """query($filter: AuditFilter) { auditLog(filter: $filter) {
  edges { node { action actorId targetType targetId before after reason } } } }"""


def refused(result: GraphQLResult, code: str, **extensions: Any) -> None:
    assert result.status == 200, result.body
    assert result.error_code == code, result.body
    for key, value in extensions.items():
        assert result.errors[0]["extensions"][key] == value, result.errors[0]


async def audit_rows() -> list[AuditEntry]:
    return await AuditEntry.all().order_by("created_at", "id")


async def snapshot() -> list[tuple[Any, ...]]:
    """Every account as stored (updated_at included: a no-op must not even touch it)."""
    return [tuple(row) for row in await User.all().order_by("id").values_list("id", "role", "is_active", "updated_at")]


def every_call(target: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (SET_ROLE, {"id": target, "role": "ADMIN"}),
        (SET_ACTIVE, {"id": target, "on": False}),
        (SET_MANY, {"ids": [target], "on": False}),
        (END_SESSIONS, {"id": target}),
    ]


# ----- who may change -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.LEARNER, Role.CREATOR, None])
async def test_only_admins_may_change_accounts_and_a_refusal_changes_nothing(
    gql: GraphQLClient, runtime: Runtime, role: Role | None
) -> None:
    await make_user(runtime, Role.ADMIN)
    target = await make_user(runtime)
    caller = await make_user(runtime, role) if role is not None else None
    before = await snapshot()
    for query, variables in every_call(str(target.user.id)) + every_call(str(caller.user.id) if caller else "x"):
        result = await gql(query, variables, token=caller.access_token if caller else None)
        refused(result, "FORBIDDEN" if caller else "UNAUTHENTICATED")
        assert result.data is None
    assert await snapshot() == before
    assert await audit_rows() == []
    assert (await gql(ME, token=target.access_token)).ok()["me"]  # the target's session lives


async def test_unknown_and_malformed_users_are_not_found(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    for user_id in ("not-a-uuid", str(uuid.uuid4()), "", "x" * 5_000):
        for query, variables in every_call(user_id):
            if query is SET_MANY:
                continue  # its own rules below
            refused(await gql(query, variables, token=admin.access_token), "NOT_FOUND")
    assert await audit_rows() == []


@pytest.mark.parametrize(
    "reason",
    ["bell\u0007", "escape \u001b[2J", "csi \u009b", "x" * 501, "nul\u0000"],
)
async def test_a_reason_that_is_not_plain_text_or_too_long_is_refused(
    gql: GraphQLClient, runtime: Runtime, reason: str
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    target = await make_user(runtime)
    before = await snapshot()
    for query, variables in every_call(str(target.user.id)):
        result = await gql(query, {**variables, "reason": reason}, token=admin.access_token)
        # A NUL is refused at the door (HTTP 400), before the document runs.
        assert result.status == (400 if "\u0000" in reason else 200), result.body
        assert result.errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["field"] == "reason"
    assert await snapshot() == before
    assert await audit_rows() == []


@pytest.mark.parametrize("count", [0, 101])
async def test_a_bulk_change_of_no_or_over_100_accounts_is_refused(
    gql: GraphQLClient, runtime: Runtime, count: int
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    targets = [str((await make_user(runtime)).user.id) for _ in range(min(count, 3))]
    ids = (targets * 40)[:count]
    before = await snapshot()
    refused(await gql(SET_MANY, {"ids": ids, "on": False}, token=admin.access_token), "BAD_USER_INPUT", field="userIds")
    assert await snapshot() == before
    assert await audit_rows() == []


@pytest.mark.parametrize("bad", ["not-a-uuid", "unknown"])
async def test_one_bad_id_refuses_the_whole_batch(gql: GraphQLClient, runtime: Runtime, bad: str) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    targets = [await make_user(runtime) for _ in range(3)]
    bad_id = str(uuid.uuid4()) if bad == "unknown" else bad
    ids = [str(targets[0].user.id), bad_id, str(targets[1].user.id), str(targets[2].user.id)]
    before = await snapshot()
    result = await gql(SET_MANY, {"ids": ids, "on": False}, token=admin.access_token)
    refused(result, "BAD_USER_INPUT", field="userIds", id=bad_id)
    assert await snapshot() == before
    assert await audit_rows() == []
    for target in targets:
        assert (await gql(ME, token=target.access_token)).ok()["me"]


# ----- the last-admin rule ----------------------------------------------------------------------


async def test_the_last_active_admin_cannot_step_down_or_deactivate_themselves(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    inactive_admin = await make_user(runtime, Role.ADMIN)  # does not count: cannot sign in
    await User.filter(id=inactive_admin.user.id).update(is_active=False)
    me = str(admin.user.id)
    before = await snapshot()
    for role in ("LEARNER", "CREATOR"):
        result = await gql(SET_ROLE, {"id": me, "role": role}, token=admin.access_token)
        refused(result, "BAD_USER_INPUT", reason="LAST_ADMIN", field="role")
    result = await gql(SET_ACTIVE, {"id": me, "on": False}, token=admin.access_token)
    refused(result, "BAD_USER_INPUT", reason="LAST_ADMIN", field="isActive")
    learner = await make_user(runtime)
    before = await snapshot()
    for ids in ([me], [str(learner.user.id), me, me]):
        result = await gql(SET_MANY, {"ids": ids, "on": False}, token=admin.access_token)
        refused(result, "BAD_USER_INPUT", reason="LAST_ADMIN")
    assert await snapshot() == before
    assert await audit_rows() == []
    assert (await gql(ME, token=admin.access_token)).ok()["me"]["role"] == "ADMIN"
    assert (await gql(ME, token=learner.access_token)).ok()["me"]  # the batch did nothing at all


async def test_an_admin_may_step_down_while_another_active_admin_remains(gql: GraphQLClient, runtime: Runtime) -> None:
    first = await make_user(runtime, Role.ADMIN)
    second = await make_user(runtime, Role.ADMIN)
    demoted = await gql(SET_ROLE, {"id": str(first.user.id), "role": "CREATOR"}, token=first.access_token)
    assert demoted.ok()["setUserRole"]["role"] == "CREATOR"
    assert (await gql(ME, token=first.access_token)).ok()["me"]["role"] == "CREATOR"
    # Now `second` is the last one.
    last = await gql(SET_ACTIVE, {"id": str(second.user.id), "on": False}, token=second.access_token)
    refused(last, "BAD_USER_INPUT", reason="LAST_ADMIN")
    assert (await User.get(id=second.user.id)).is_active


async def test_a_batch_may_not_deactivate_every_remaining_admin(gql: GraphQLClient, runtime: Runtime) -> None:
    me = await make_user(runtime, Role.ADMIN)
    others = [await make_user(runtime, Role.ADMIN) for _ in range(2)]
    everyone = [str(me.user.id)] + [str(o.user.id) for o in others]
    refused(
        await gql(SET_MANY, {"ids": everyone, "on": False}, token=me.access_token),
        "BAD_USER_INPUT",
        reason="LAST_ADMIN",
    )
    assert await User.filter(role=Role.ADMIN, is_active=True).count() == 3
    # Without one of them it is allowed, the caller included.
    outcome = await gql(SET_MANY, {"ids": everyone[:2], "on": False}, token=me.access_token)
    assert outcome.ok()["setUsersActive"] == {"changed": 2, "unchanged": 0}
    assert await User.filter(role=Role.ADMIN, is_active=True).values_list("id", flat=True) == [others[1].user.id]
    assert (await gql(ME, token=me.access_token)).error_code == "UNAUTHENTICATED"


async def test_two_admins_demoting_each_other_at_once_leave_one(gql: GraphQLClient, runtime: Runtime) -> None:
    """The check and the change are serialised: however the two interleave, one succeeds and the
    other finds itself the last admin, or (when the first committed before the second was even
    authorised) is no longer an admin at all."""
    for round_ in range(5):
        ana = await make_user(runtime, Role.ADMIN, name=f"Ana {round_}")
        bob = await make_user(runtime, Role.ADMIN, name=f"Bob {round_}")
        results = await asyncio.gather(
            gql(SET_ROLE, {"id": str(bob.user.id), "role": "LEARNER"}, token=ana.access_token),
            gql(SET_ROLE, {"id": str(ana.user.id), "role": "LEARNER"}, token=bob.access_token),
        )
        succeeded = [r for r in results if not r.errors]
        assert len(succeeded) == 1, [r.body for r in results]
        loser = next(r for r in results if r.errors)
        assert (loser.errors[0]["extensions"]["code"], loser.errors[0]["extensions"].get("reason")) in {
            ("BAD_USER_INPUT", "LAST_ADMIN"),
            ("FORBIDDEN", None),
            ("UNAUTHENTICATED", None),
        }, loser.body
        assert await User.filter(role=Role.ADMIN, is_active=True).count() == 1
        pair = [str(ana.user.id), str(bob.user.id)]
        assert await AuditEntry.filter(action=AuditAction.USER_ROLE_CHANGED, target_id__in=pair).count() == 1
        await User.all().update(is_active=False)  # the next round's fresh pair is alone


async def test_admins_deactivating_each_other_at_once_one_by_one_or_in_bulk_leave_one(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    ana = await make_user(runtime, Role.ADMIN)
    bob = await make_user(runtime, Role.ADMIN)
    cy = await make_user(runtime, Role.ADMIN)
    results = await asyncio.gather(
        gql(SET_ACTIVE, {"id": str(bob.user.id), "on": False}, token=ana.access_token),
        gql(SET_MANY, {"ids": [str(ana.user.id), str(cy.user.id)], "on": False}, token=bob.access_token),
        gql(SET_ACTIVE, {"id": str(ana.user.id), "on": False}, token=cy.access_token),
    )
    # A refusal is the last-admin rule, or the caller already deactivated by another's change.
    allowed = {"LAST_ADMIN", "FORBIDDEN", "UNAUTHENTICATED"}
    assert all(
        not r.errors or (r.errors[0]["extensions"].get("reason") or r.errors[0]["extensions"]["code"]) in allowed
        for r in results
    ), [r.body for r in results]
    remaining = await User.filter(role=Role.ADMIN, is_active=True).count()
    assert remaining >= 1
    changed = await AuditEntry.filter(action=AuditAction.USER_DEACTIVATED).count()
    assert changed == 3 - remaining


# ----- what the changes do ------------------------------------------------------------------------


async def test_a_role_change_is_audited_with_before_after_actor_and_reason(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    target = await make_user(runtime)
    target_id = str(target.user.id)
    variables = {"id": target_id, "role": "CREATOR", "reason": "  Asked to teach \n"}
    assert (await gql(SET_ROLE, variables, token=admin.access_token)).ok()["setUserRole"]["role"] == "CREATOR"
    assert (await gql(ME, token=target.access_token)).ok()["me"]["role"] == "CREATOR"
    [entry] = await audit_rows()
    assert (entry.action, entry.actor_id, entry.target_type, entry.target_id) == (  # type: ignore[attr-defined]
        AuditAction.USER_ROLE_CHANGED,
        admin.user.id,
        "User",
        target_id,
    )
    assert (entry.before, entry.after, entry.reason) == ({"role": "LEARNER"}, {"role": "CREATOR"}, "Asked to teach")
    shown = (await gql(AUDIT, {"filter": {"targetId": target_id}}, token=admin.access_token)).ok()["auditLog"]["edges"]
    assert [edge["node"] for edge in shown] == [
        {
            "action": "USER_ROLE_CHANGED",
            "actorId": str(admin.user.id),
            "targetType": "User",
            "targetId": target_id,
            "before": json.dumps({"role": "LEARNER"}),
            "after": json.dumps({"role": "CREATOR"}),
            "reason": "Asked to teach",
        }
    ]


async def test_the_same_value_again_changes_nothing_and_is_not_audited(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    creator = await make_user(runtime, Role.CREATOR)
    target = str(creator.user.id)
    before = await snapshot()
    assert (await gql(SET_ROLE, {"id": target, "role": "CREATOR"}, token=admin.access_token)).ok()
    assert (await gql(SET_ACTIVE, {"id": target, "on": True}, token=admin.access_token)).ok()
    outcome = await gql(SET_MANY, {"ids": [target, target], "on": True}, token=admin.access_token)
    assert outcome.ok()["setUsersActive"] == {"changed": 0, "unchanged": 1}
    # The last admin "demoting" nobody and "keeping" their role are no-ops too, not refusals.
    assert (await gql(SET_ROLE, {"id": str(admin.user.id), "role": "ADMIN"}, token=admin.access_token)).ok()
    assert await snapshot() == before
    assert await audit_rows() == []


async def test_deactivation_ends_sessions_and_sockets_at_once_and_reactivation_is_audited(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    target = await make_user(runtime)
    target_id = str(target.user.id)
    async with socket(app) as ws:
        await acked(ws, target.access_token)
        off = await gql(SET_ACTIVE, {"id": target_id, "on": False, "reason": "spam"}, token=admin.access_token)
        assert off.ok()["setUserActive"] == {"id": target_id, "isActive": False}
        code, _ = await closed_with(ws)
        assert code == 4403
    assert (await gql(ME, token=target.access_token)).error_code == "UNAUTHENTICATED"
    assert (await gql(REFRESH, {"token": target.refresh_token})).error_code == "UNAUTHENTICATED"
    on = await gql(SET_ACTIVE, {"id": target_id, "on": True}, token=admin.access_token)
    assert on.ok()["setUserActive"]["isActive"] is True
    assert (await gql(ME, token=target.access_token)).error_code == "UNAUTHENTICATED"  # sessions stay ended
    entries = await audit_rows()
    assert [(e.action, e.before, e.after, e.reason) for e in entries] == [
        (AuditAction.USER_DEACTIVATED, {"is_active": True}, {"is_active": False}, "spam"),
        (AuditAction.USER_REACTIVATED, {"is_active": False}, {"is_active": True}, ""),
    ]
    assert {e.actor_id for e in entries} == {admin.user.id}  # type: ignore[attr-defined]


async def test_a_bulk_deactivation_audits_each_account_changed_and_ends_their_sockets(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    spammers = [await make_user(runtime) for _ in range(3)]
    already = await make_user(runtime)
    await User.filter(id=already.user.id).update(is_active=False)
    bystander = await make_user(runtime)
    ids = [str(s.user.id) for s in spammers] + [str(already.user.id), str(spammers[0].user.id)]
    async with socket(app) as first, socket(app) as last:
        await acked(first, spammers[0].access_token)
        await acked(last, spammers[2].access_token)
        outcome = await gql(SET_MANY, {"ids": ids, "on": False, "reason": "spam wave"}, token=admin.access_token)
        assert outcome.ok()["setUsersActive"] == {"changed": 3, "unchanged": 1}
        assert (await closed_with(first))[0] == 4403
        assert (await closed_with(last))[0] == 4403
    for spammer in spammers:
        assert (await gql(ME, token=spammer.access_token)).error_code == "UNAUTHENTICATED"
        assert not (await User.get(id=spammer.user.id)).is_active
    assert (await gql(ME, token=bystander.access_token)).ok()["me"]
    entries = await audit_rows()
    assert sorted(e.target_id for e in entries) == sorted(str(s.user.id) for s in spammers)
    assert {(e.action, json.dumps(e.before), json.dumps(e.after), e.reason) for e in entries} == {
        (AuditAction.USER_DEACTIVATED, '{"is_active": true}', '{"is_active": false}', "spam wave")
    }
    back = await gql(SET_MANY, {"ids": ids, "on": True}, token=admin.access_token)
    assert back.ok()["setUsersActive"] == {"changed": 4, "unchanged": 0}
    assert await AuditEntry.filter(action=AuditAction.USER_REACTIVATED).count() == 4


async def test_ending_a_user_s_sessions_signs_them_out_everywhere(
    app: Sanic, gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    laptop = await make_user(runtime)
    phone = await sessions.start_session(runtime, laptop.user)
    await sessions.logout(runtime, (await sessions.start_session(runtime, laptop.user)).refresh_token)
    target_id = str(laptop.user.id)
    async with socket(app) as ws:
        await acked(ws, phone.access_token)
        result = await gql(END_SESSIONS, {"id": target_id, "reason": "lost phone"}, token=admin.access_token)
        assert result.ok() == {"endUserSessions": 2}  # the one logged out had ended already
        assert (await closed_with(ws))[0] == 4403
    for auth in (laptop, phone):
        assert (await gql(ME, token=auth.access_token)).error_code == "UNAUTHENTICATED"
        assert (await gql(REFRESH, {"token": auth.refresh_token})).error_code == "UNAUTHENTICATED"
    assert (await User.get(id=laptop.user.id)).is_active  # only signed out
    [entry] = await audit_rows()
    assert (entry.action, entry.target_id, entry.before, entry.after, entry.reason) == (
        AuditAction.USER_SESSIONS_ENDED,
        target_id,
        {"sessions": 2},
        {"sessions": 0},
        "lost phone",
    )
    # Nothing left to end: nothing done, nothing audited.
    assert (await gql(END_SESSIONS, {"id": target_id}, token=admin.access_token)).ok() == {"endUserSessions": 0}
    assert len(await audit_rows()) == 1


async def test_an_admin_may_end_their_own_sessions(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    result = await gql(END_SESSIONS, {"id": str(admin.user.id)}, token=admin.access_token)
    assert result.ok() == {"endUserSessions": 1}
    assert (await gql(ME, token=admin.access_token)).error_code == "UNAUTHENTICATED"


# ----- one transaction, announced after it ----------------------------------------------------


@pytest.fixture
async def failing_audit() -> AsyncIterator[str]:
    """A trigger that fails the audit insert of any entry with this reason: the change made
    before it in the same transaction must not survive."""
    db = connections.get("default")
    await db.execute_script(
        """
        CREATE FUNCTION test_audit_fails() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit insert failed (test)'; END $$;
        CREATE TRIGGER test_audit_fails AFTER INSERT ON audit_log FOR EACH ROW
            WHEN (NEW.reason = 'fail the audit') EXECUTE FUNCTION test_audit_fails();
        """
    )
    try:
        yield "fail the audit"
    finally:
        await db.execute_script("DROP TRIGGER test_audit_fails ON audit_log; DROP FUNCTION test_audit_fails()")


async def test_a_change_whose_audit_entry_fails_is_rolled_back(runtime: Runtime, failing_audit: str) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    targets = [await make_user(runtime) for _ in range(2)]
    target_id = str(targets[0].user.id)
    before = await snapshot()
    calls = [
        user_admin.set_user_role(runtime, admin.viewer, target_id, Role.CREATOR, failing_audit),
        user_admin.set_user_active(runtime, admin.viewer, target_id, False, failing_audit),
        user_admin.set_users_active(runtime, admin.viewer, [str(t.user.id) for t in targets], False, failing_audit),
        user_admin.end_user_sessions(runtime, admin.viewer, target_id, failing_audit),
    ]
    for call in calls:
        with pytest.raises(asyncpg.exceptions.RaiseError, match="audit insert failed"):
            await call
    assert await snapshot() == before
    assert await audit_rows() == []
    assert await sessions.live_sessions(targets[0].user.id) != []  # its tokens were not revoked
    assert await sessions.live_sessions(targets[1].user.id) != []


async def test_a_change_is_announced_only_once_it_is_committed(runtime: Runtime, redis: Redis) -> None:
    """Whoever hears that the user changed and reads the row at once reads the new one (a
    process that re-read it before the commit would keep the old row)."""
    admin = await make_user(runtime, Role.ADMIN)
    target = await make_user(runtime)
    seen: list[tuple[Role, bool]] = []
    async with redis.pubsub(ignore_subscribe_messages=True) as pubsub:
        await pubsub.subscribe(channel(runtime.keys))
        target_id = str(target.user.id)
        for change in (
            user_admin.set_user_role(runtime, admin.viewer, target_id, Role.CREATOR),
            user_admin.set_user_active(runtime, admin.viewer, target_id, False),
            user_admin.set_users_active(runtime, admin.viewer, [target_id], True),
        ):
            task = asyncio.create_task(change)
            async with asyncio.timeout(5):
                while True:
                    message = await pubsub.get_message(timeout=1)  # None: a subscription's own message
                    if message is not None and message["data"] == f"{USER_TOPIC} {target_id}":
                        break
            # Read from another connection than the change's, the moment the news arrives.
            row = await User.get(id=target.user.id)
            seen.append((row.role, row.is_active))
            await task
    assert seen == [(Role.CREATOR, True), (Role.CREATOR, False), (Role.CREATOR, True)]
