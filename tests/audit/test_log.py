"""The audit log: written only inside the change's transaction, never changed afterwards, read
only by administrators."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from edusphere.audit import log
from edusphere.audit.actions import TARGET_TYPES, AuditAction
from edusphere.audit.models import AuditEntry
from edusphere.auth.models import Role, User
from edusphere.core.errors import AppError
from edusphere.core.runtime import Runtime
from tests.helpers import GraphQLClient, make_user

AUDIT = """query($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id action actorId actor { id displayName } targetType targetId reason before after createdAt } }
  } }"""


async def _entry(actor: User, action: AuditAction, target: str, reason: str = "", **after: object) -> None:
    async with in_transaction():
        await log.record(
            log.AuditRecord(actor_id=actor.id, action=action, target_id=target, after=after or None, reason=reason)
        )


async def test_record_refuses_to_run_outside_a_transaction(runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    with pytest.raises(log.NotInTransaction):
        await log.record(log.AuditRecord(actor_id=admin.user.id, action=AuditAction.USER_DEACTIVATED, target_id="x"))
    assert await AuditEntry.all().count() == 0


async def test_an_entry_vanishes_with_the_transaction_that_failed(runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)

    async def change_that_fails() -> None:
        async with in_transaction():
            entry = log.AuditRecord(actor_id=admin.user.id, action=AuditAction.USER_DEACTIVATED, target_id="x")
            await log.record(entry)
            raise RuntimeError("the change failed after its entry was written")

    with pytest.raises(RuntimeError):
        await change_that_fails()
    assert await AuditEntry.all().count() == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET reason = 'rewritten'",
        "DELETE FROM audit_log",
    ],
)
async def test_postgresql_refuses_to_change_or_remove_an_entry(runtime: Runtime, statement: str) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    await _entry(admin.user, AuditAction.USER_DEACTIVATED, "target", reason="spam")
    with pytest.raises(OperationalError, match="append-only"):
        await connections.get("default").execute_script(statement)
    [entry] = await AuditEntry.all()
    assert entry.reason == "spam"


async def test_the_orm_cannot_rewrite_an_entry_either(runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    await _entry(admin.user, AuditAction.USER_DEACTIVATED, "target", reason="spam")
    entry = await AuditEntry.get()
    entry.reason = "nothing happened"
    with pytest.raises(OperationalError):
        await entry.save()
    with pytest.raises(OperationalError):
        await entry.delete()
    assert (await AuditEntry.get()).reason == "spam"


async def test_every_action_names_a_known_target_type() -> None:
    for action in AuditAction:
        assert action.target_type in TARGET_TYPES.values()


async def test_admins_page_through_the_log_newest_first_with_filters(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN, name="Ada Admin")
    other = await make_user(runtime, Role.ADMIN)
    target = str(uuid4())
    for n in range(5):
        await _entry(admin.user, AuditAction.REVIEW_HIDDEN, f"review-{n}", reason=f"spam #{n}", hidden=True)
    await _entry(other.user, AuditAction.USER_DEACTIVATED, target, reason="Bot account", is_active=False)
    seen, after = [], None
    while True:
        page = (await gql(AUDIT, {"first": 2, "after": after}, token=admin.access_token)).ok()["auditLog"]
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 6
    assert len({node["id"] for node in seen}) == 6
    assert [node["createdAt"] for node in seen] == sorted((node["createdAt"] for node in seen), reverse=True)
    newest = seen[0]
    assert newest["action"] == "USER_DEACTIVATED"
    assert newest["actorId"] == str(other.user.id)
    assert newest["targetType"] == "User"
    assert newest["targetId"] == target
    assert json.loads(newest["after"]) == {"is_active": False}
    assert newest["before"] is None
    by_action = (await gql(AUDIT, {"filter": {"action": "REVIEW_HIDDEN"}}, token=admin.access_token)).ok()
    assert len(by_action["auditLog"]["edges"]) == 5
    assert {e["node"]["actor"]["displayName"] for e in by_action["auditLog"]["edges"]} == {"Ada Admin"}
    by_target = (await gql(AUDIT, {"filter": {"targetId": target}}, token=admin.access_token)).ok()
    assert [e["node"]["reason"] for e in by_target["auditLog"]["edges"]] == ["Bot account"]
    by_reason = (await gql(AUDIT, {"filter": {"search": "SPAM #3"}}, token=admin.access_token)).ok()
    assert [e["node"]["targetId"] for e in by_reason["auditLog"]["edges"]] == ["review-3"]
    by_actor = (await gql(AUDIT, {"filter": {"actorId": str(other.user.id)}}, token=admin.access_token)).ok()
    assert len(by_actor["auditLog"]["edges"]) == 1
    future = (await gql(AUDIT, {"filter": {"createdAfter": "2999-01-01"}}, token=admin.access_token)).ok()
    assert future["auditLog"]["edges"] == []


@pytest.mark.parametrize("role", [Role.LEARNER, Role.CREATOR])
async def test_only_admins_read_the_log(gql: GraphQLClient, runtime: Runtime, role: Role) -> None:
    caller = await make_user(runtime, role)
    assert (await gql(AUDIT, token=caller.access_token)).error_code == "FORBIDDEN"
    assert (await gql(AUDIT)).error_code == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    "variables",
    [
        {"first": 0},
        {"first": 101},
        {"after": "forged"},
        {"filter": {"actorId": "not-a-uuid"}},
        {"filter": {"createdAfter": "yesterday"}},
        {"filter": {"createdBefore": "99999-01-01"}},
        {"filter": {"search": "nul\u0000byte"}},
        {"filter": {"targetId": "x" * 10_000}},
    ],
)
async def test_bad_arguments_are_bad_input(gql: GraphQLClient, runtime: Runtime, variables: dict) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    result = await gql(AUDIT, variables, token=admin.access_token)
    assert result.status == 200 or result.status == 400
    if variables.get("filter", {}).get("targetId"):  # longer than any id: simply matches nothing
        assert result.ok()["auditLog"]["edges"] == []
    else:
        assert result.error_code == "BAD_USER_INPUT"


async def test_a_cursor_from_another_list_is_refused(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    await make_user(runtime)
    users = await gql("{ users(first: 1) { pageInfo { endCursor } } }", token=admin.access_token)
    cursor = users.ok()["users"]["pageInfo"]["endCursor"]
    assert (await gql(AUDIT, {"after": cursor}, token=admin.access_token)).error_code == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "mutation",
    [
        'mutation { updateAuditEntry(id: "1", reason: "x") { id } }',
        'mutation { deleteAuditEntry(id: "1") }',
    ],
)
async def test_no_api_edits_or_deletes_an_entry(gql: GraphQLClient, runtime: Runtime, mutation: str) -> None:
    admin = await make_user(runtime, Role.ADMIN)
    await _entry(admin.user, AuditAction.USER_DEACTIVATED, "target", reason="spam")
    result = await gql(mutation, token=admin.access_token)
    assert result.errors
    assert "Cannot query field" in result.errors[0]["message"]
    assert (await AuditEntry.get()).reason == "spam"


def test_reasons_are_checked() -> None:
    assert log.check_reason("  Spam  ") == "Spam"
    assert log.check_reason(None) == ""
    for bad in ["x" * 501, "bell\u0007"]:
        with pytest.raises(AppError):
            log.check_reason(bad)
    with pytest.raises(AppError):
        log.check_reason("   ", required=True)
